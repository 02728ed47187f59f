"""Issue 15 in the browser: the coded fields in the detail panel, the corroboration and
reporting-lag filters, and ``?since=`` marking what changed after a release."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from dashboard.data import schema
from dashboard.data.coding import independent_sources
from dashboard.data.filters import EventFilter, apply_filter
from dashboard.views import ids
from tests.e2e.helpers import until, wait_for_map
from tests.e2e.test_find_share import count, list_ids, site_sizes


def test_the_detail_panel_shows_the_coded_fields(dash_duo, app, dataset):
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?event=E061")
    wait_for_map(dash_duo)
    event = dataset.all_events().loc["E061"]
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", "First reported", timeout=15)
    card = dash_duo.find_element("#event-E061").text
    killed = event["killed"]
    assert f"Killed\n{killed['best']} (sources range {killed['low']}–{killed['high']})" in card
    assert f"Independent sources\n{independent_sources(event['sources'])}" in card
    assert "Reported by\nRussian MoD" in card
    assert f"via {event['sources'][0]['via']}" in card
    assert dash_duo.get_logs() == []


def test_corroboration_and_lag_filters_change_map_counts_and_list(dash_duo, map_drawn, dataset):
    events = dataset.all_events()
    before = site_sizes(dash_duo)
    dash_duo.find_element(f"#{ids.FILTER_CORROBORATED} input").click()
    kept = apply_filter(events, dataset.search_text, EventFilter(corroborated=True))
    assert 0 < len(kept) < len(events)
    until(dash_duo, lambda: count(dash_duo) == len(kept), 10, "count did not follow")
    until(dash_duo, lambda: set(list_ids(dash_duo)) == set(kept.index), 10, "list did not follow")
    assert site_sizes(dash_duo) != before
    # the address bar follows when the browser is idle (60-url.js)
    until(dash_duo, lambda: "corr=1" in dash_duo.driver.current_url, 10, "not in the link")
    # and first reported within two days, on top
    dash_duo.select_dcc_dropdown(f"#{ids.FILTER_REPORTED_WITHIN}", index=1)
    both = apply_filter(
        events, dataset.search_text, EventFilter(corroborated=True, reported_within=2)
    )
    assert 0 < len(both) < len(kept)
    until(dash_duo, lambda: count(dash_duo) == len(both), 10, "lag filter did not apply")
    until(dash_duo, lambda: set(list_ids(dash_duo)) == set(both.index), 10, "list (lag)")
    until(dash_duo, lambda: "lag=2" in dash_duo.driver.current_url, 10, "lag not in the link")
    summary = dash_duo.find_element(f"#{ids.FILTER_SUMMARY}").text
    assert summary.startswith(f"{len(both)} of {len(events)}")
    # Reset clears them both
    dash_duo.find_element(f"#{ids.FILTER_CLEAR}").click()
    until(dash_duo, lambda: count(dash_duo) == len(events), 10, "reset did not clear")
    assert dash_duo.get_logs() == []


def test_the_reported_by_filter_keeps_one_sides_reports(dash_duo, map_drawn, dataset):
    events = dataset.all_events()
    kept = apply_filter(events, dataset.search_text, EventFilter(claimed_by=("az_gov",)))
    label = f"{schema.CLAIMANTS['az_gov']} ({len(kept)})"  # the option counts its events
    dash_duo.select_dcc_dropdown(f"#{ids.FILTER_CLAIMED_BY}", value=label)
    assert 0 < len(kept) < len(events)
    assert all("az_gov" in codes for codes in kept["claimed_by"])
    until(dash_duo, lambda: count(dash_duo) == len(kept), 10, "count did not follow")
    until(dash_duo, lambda: set(list_ids(dash_duo)) == set(kept.index), 10, "list did not follow")
    until(dash_duo, lambda: "by=az_gov" in dash_duo.driver.current_url, 10, "not in the link")
    assert dash_duo.get_logs() == []


def test_since_marks_the_events_changed_after_a_release(dash_duo, app, dataset):
    changed = dataset.releases.changed_since("2026.11")
    assert changed and len(changed) < len(dataset.events)
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?since=2026.11")
    wait_for_map(dash_duo)
    dash_duo.wait_for_contains_text(f"#{ids.EVENT_LIST_SUMMARY}", "Marked", timeout=15)

    def marked():
        buttons = dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.EVENT_LIST} button")
        return {
            b.get_attribute("data-token").split(":", 1)[1]
            for b in buttons
            if "changed" in b.get_attribute("class").split()
        }, {b.get_attribute("data-token").split(":", 1)[1] for b in buttons}

    flagged, listed = marked()
    assert flagged == {event_id for event_id in listed if event_id in changed}
    assert "E001" in listed and "E001" not in flagged  # unchanged since 2026.11
    # the About panel names the release and links to the same marks
    about = dash_duo.find_element(f"#{ids.ABOUT}")
    about.click()
    assert "Data release 2026.12" in about.text
    assert dash_duo.get_logs() == []
