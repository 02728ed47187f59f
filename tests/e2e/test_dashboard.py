"""The dashboard in a real headless Chromium: load, layers, slider, clicks, detail."""

from __future__ import annotations

from datetime import date, timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.data.dates import day_text
from dashboard.data.filters import events_between
from dashboard.views import ids
from dashboard.views.detail import LIST_LIMIT
from dashboard.views.layout import range_words
from tests.e2e.helpers import click_line, click_site, figure_summary, until


def _count_in_text(dash_duo) -> int:
    text = dash_duo.find_element(f"#{ids.EVENT_COUNT}").text
    return int(text.split()[0])


def _handles(dash_duo):
    return dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.TIMELINE} [role=slider]")


def test_page_loads_with_layers_sites_and_clean_console(dash_duo, map_drawn, dataset):
    traces = figure_summary(dash_duo)
    names = [t["name"] for t in traces]
    for layer in ("line_of_contact", "peacekeeping_zone", "lachin_corridor"):
        for feature_name in dataset.layers[layer]["name"]:
            assert feature_name in names, f"layer feature {feature_name!r} is not drawn"
    sites = next(t for t in traces if t["name"] == "sites")
    drawn = {c.split(":", 1)[1] for c in sites["customdata"]}
    assert {"dadivank", "chankatagh", "stepanakert", "shusha", "hakari_bridge"} <= drawn
    points = dash_duo.driver.execute_script(
        "return document.querySelectorAll('#map .scattergeo .point').length"
    )
    assert points >= len(drawn)
    assert dash_duo.driver.find_elements(By.CSS_SELECTOR, "#map .choroplethlocation")
    assert _count_in_text(dash_duo) == len(dataset.events)
    assert dash_duo.get_logs() == []


def _range(dash_duo, dataset):
    low, high = (int(h.get_attribute("aria-valuenow")) for h in _handles(dash_duo))
    origin = dataset.span[0]
    return origin + timedelta(days=low), origin + timedelta(days=high)


def _press(dash_duo, handle_index: int, key: str, times: int) -> None:
    for _ in range(times):
        _handles(dash_duo)[handle_index].send_keys(key)


def test_slider_keys_change_the_events_shown(dash_duo, map_drawn, dataset):
    before = next(t for t in figure_summary(dash_duo) if t["name"] == "sites")["sizes"]
    # Start handle forward by 13 months with Page Up: 10 Dec 2021.
    _press(dash_duo, 0, Keys.PAGE_UP, 13)
    start, end = _range(dash_duo, dataset)
    assert start == date(2021, 12, 10)
    expected = len(events_between(dataset.events, start, end))
    assert expected < len(dataset.events)
    until(
        dash_duo,
        lambda: _count_in_text(dash_duo) == expected,
        10,
        f"count did not become {expected}",
    )
    words = f"{day_text(start)} – {day_text(end)}"
    assert words in dash_duo.find_element(f"#{ids.RANGE_TEXT}").text
    after = next(t for t in figure_summary(dash_duo) if t["name"] == "sites")["sizes"]
    assert after != before, "marker sizes did not follow the slider"
    # One day at a time with the arrow keys, on the end handle.
    _press(dash_duo, 1, Keys.ARROW_LEFT, 1)
    start, end = _range(dash_duo, dataset)
    assert end == dataset.span[1] - timedelta(days=1)
    expected2 = len(events_between(dataset.events, start, end))
    assert expected2 == expected - 1  # the 12 Jun 2024 withdrawal drops out
    until(dash_duo, lambda: _count_in_text(dash_duo) == expected2, 10, "arrow key ignored")
    # The server-rendered chronology follows the committed value too (it lists LIST_LIMIT).
    until(
        dash_duo,
        lambda: (
            len(dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.EVENT_LIST} li"))
            == min(expected2, LIST_LIMIT)
            and dash_duo.find_element(f"#{ids.EVENT_LIST_SUMMARY}").text.startswith(
                f"{expected2} events"
            )
        ),
        10,
        "list did not follow",
    )
    # The browser words the range as the server does, thousands separator included.
    _press(dash_duo, 0, Keys.HOME, 1)
    start, end = _range(dash_duo, dataset)
    assert start == dataset.span[0] and (end - start).days >= 999
    until(
        dash_duo,
        lambda: dash_duo.find_element(f"#{ids.RANGE_TEXT}").text == range_words(start, end),
        10,
        f"the readout is not {range_words(start, end)!r}",
    )
    assert dash_duo.get_logs() == []


def test_clicking_dadivank_shows_the_withdrawal_with_its_source(dash_duo, map_drawn, dataset):
    click_site(dash_duo, "dadivank")
    e081 = dataset.all_events().loc["E081"]
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", e081["title"], timeout=10)
    detail = dash_duo.find_element(f"#{ids.DETAIL}")
    assert "17 Apr 2024" in detail.text
    assert "Dadivank / Khudavang" in detail.text
    hrefs = [a.get_attribute("href") for a in detail.find_elements(By.TAG_NAME, "a")]
    assert e081["sources"][0]["url"] in hrefs
    # Newest first: E081 (17 Apr 2024) comes before E004 (13 Nov 2020).
    text = detail.text
    assert text.index(e081["title"]) < text.index(dataset.all_events().loc["E004"]["title"])
    assert dash_duo.get_logs() == []


def test_detail_cards_follow_the_dates_and_keep_open_notes(dash_duo, map_drawn, dataset):
    """The cards are drawn by the browser from data: links only http(s), opened in a new
    tab without an opener; a note the reader opened stays open when the dates move."""
    click_site(dash_duo, "dadivank")
    e081 = dataset.all_events().loc["E081"]
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", e081["title"], timeout=10)
    links = dash_duo.find_elements(f"#{ids.DETAIL} .event-card a")
    assert links
    for a in links:
        assert a.get_attribute("href").startswith(("http://", "https://"))
        assert a.get_attribute("target") == "_blank"
        assert set(a.get_attribute("rel").split()) == {"noopener", "noreferrer"}
    dash_duo.driver.execute_script(
        "document.querySelector('#detail #event-E081 details.notes').open = true"
    )
    _press(dash_duo, 0, Keys.PAGE_UP, 1)  # start a month later: 10 Dec 2020
    until(
        dash_duo,
        lambda: "between 10 Dec 2020" in dash_duo.find_element(f"#{ids.DETAIL_HEAD}").text,
        10,
        "the detail did not follow the dates",
    )
    assert dash_duo.driver.execute_script(
        "return document.querySelector('#detail #event-E081 details.notes').open"
    )
    assert dash_duo.get_logs() == []


def test_site_without_events_in_dates_says_so(dash_duo, map_drawn, dataset):
    _press(dash_duo, 0, Keys.PAGE_UP, 4)  # from 10 Mar 2021
    start, end = _range(dash_duo, dataset)
    until(
        dash_duo,
        lambda: day_text(start) in dash_duo.find_element(f"#{ids.RANGE_TEXT}").text,
        10,
        "slider did not move",
    )
    # A mapped site whose events all happened before the new start date.
    events = dataset.events
    in_range = set(events_between(events, start, end)["site"])
    site = next(
        s
        for s in ("mataghis", "khtsaberd", "hin_tagher")
        if s not in in_range and (events["site"] == s).any()
    )
    click_site(dash_duo, site)
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", "No events at this site between", timeout=10)
    total = int((events["site"] == site).sum())
    noun = "event" if total == 1 else "events"
    assert f"It has {total} {noun} at other dates" in dash_duo.find_element(f"#{ids.DETAIL}").text
    assert dash_duo.get_logs() == []


def test_clicking_the_line_of_contact_explains_it(dash_duo, map_drawn, dataset):
    click_line(dash_duo, "Line of contact, 10 Nov 2020")
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", "APPROXIMATE", timeout=10)
    text = dash_duo.find_element(f"#{ids.DETAIL}").text
    assert "10 Nov 2020 to 20 Sep 2023" in text
    assert "Natural Earth" in text
    assert dash_duo.get_logs() == []


def test_region_wide_events_are_listed_not_lost(dash_duo, map_drawn, dataset):
    e001 = dataset.all_events().loc["E001"]
    items = dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.EVENT_LIST} li")
    assert len(items) == min(len(dataset.events), LIST_LIMIT)
    summary = dash_duo.find_element(f"#{ids.EVENT_LIST_SUMMARY}").text
    assert summary.startswith(f"{len(dataset.events)} events")
    first = items[0].text
    assert e001["title"] in first and "(not on map)" in first
    items[0].find_element(By.TAG_NAME, "button").click()
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", "1,960", timeout=10)
    assert dash_duo.get_logs() == []
