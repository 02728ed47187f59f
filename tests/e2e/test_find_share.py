"""Issue 5 in the browser: filters, search, deep links, export, embed, phone, accessibility."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from datetime import date
from urllib.parse import parse_qs, urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.data.filters import EventFilter, apply_filter, events_between
from dashboard.views import ids
from tests.e2e.helpers import (
    GRAPH,
    click_site,
    needs_axe,
    select_days,
    serious_axe_violations,
    until,
    wait_for_map,
    wait_until_fits_phone,
)


def count(dash_duo) -> int:
    return int(dash_duo.find_element(f"#{ids.EVENT_COUNT}").text.split()[0])


def list_ids(dash_duo) -> list[str]:
    """Event ids in the chronology, read in one go (the list re-renders as filters change)."""
    tokens = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(b => b.dataset.token);",
        f"#{ids.EVENT_LIST} button",
    )
    return [t.split(":", 1)[1] for t in tokens]


def site_sizes(dash_duo) -> dict[str, float]:
    return dash_duo.driver.execute_script(
        """
        const gd = document.querySelector(arguments[0]);
        const t = gd.data.find(t => t.name === 'sites');
        const out = {}; t.customdata.forEach((c, i) => out[c] = t.marker.size[i]); return out;
        """,
        GRAPH,
    )


def test_a_filter_changes_map_list_and_counts_alike(dash_duo, map_drawn, dataset):
    before = site_sizes(dash_duo)
    for level in ("medium", "low"):
        dash_duo.find_element(f"#{ids.FILTER_CONFIDENCE} input[value='{level}']").click()
    kept = dataset.events[dataset.events["confidence"] == "high"]
    until(dash_duo, lambda: count(dash_duo) == len(kept), 10, "count did not follow")
    until(dash_duo, lambda: list_ids(dash_duo) == list(kept.index), 10, "list did not follow")
    after = site_sizes(dash_duo)
    assert after != before
    # Dadivank: its low/medium-confidence events are gone, so its marker shrank.
    assert after["site:dadivank"] < before["site:dadivank"]
    summary = dash_duo.find_element(f"#{ids.FILTER_SUMMARY}").text
    assert summary.startswith(f"{len(kept)} of {len(dataset.events)}")
    assert dash_duo.get_logs() == []


def test_search_finds_dadivank_events_in_every_field(dash_duo, map_drawn, dataset):
    box = dash_duo.find_element(f"#{ids.FILTER_TEXT}")
    box.send_keys("Dadivank", Keys.ENTER)
    expected = apply_filter(dataset.events, dataset.search_text, EventFilter(text="Dadivank"))
    assert set((dataset.events["site"] == "dadivank").pipe(lambda m: m[m].index)) <= set(
        expected.index
    )
    until(dash_duo, lambda: list_ids(dash_duo) == list(expected.index), 10, "search list")
    assert count(dash_duo) == len(expected)
    # The Azerbaijani name finds the same site's events.
    at_dadivank = set(dataset.events.index[dataset.events["site"] == "dadivank"])
    box.clear()
    box.send_keys("Xudavəng", Keys.ENTER)
    until(dash_duo, lambda: set(list_ids(dash_duo)) >= at_dadivank, 10, "by the Azerbaijani name")
    assert dash_duo.get_logs() == []


def test_a_copied_link_restores_the_same_view(dash_duo, map_drawn, dataset):
    select_days(dash_duo, dataset, date(2022, 6, 1), date(2023, 10, 31))
    dash_duo.find_element(f"#{ids.FILTER_CONFIDENCE} input[value='low']").click()
    click_site(dash_duo, "chankatagh")
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", "Chankatagh / Janyatag", timeout=10)
    until(dash_duo, lambda: "site=chankatagh" in dash_duo.driver.current_url, 10, "url not synced")
    link = dash_duo.find_element(f"#{ids.SHARE_URL}").get_attribute("value")
    assert link == dash_duo.driver.current_url
    range_text = dash_duo.find_element(f"#{ids.RANGE_TEXT}").text
    count_before = count(dash_duo)
    detail_before = dash_duo.find_element(f"#{ids.DETAIL}").text
    dash_duo.driver.switch_to.new_window("tab")
    dash_duo.driver.get(link)
    wait_for_map(dash_duo)
    until(
        dash_duo,
        lambda: dash_duo.find_element(f"#{ids.RANGE_TEXT}").text == range_text,
        15,
        "range not restored",
    )
    until(dash_duo, lambda: count(dash_duo) == count_before, 10, "filters not restored")
    until(
        dash_duo,
        lambda: dash_duo.find_element(f"#{ids.DETAIL}").text == detail_before,
        10,
        "selection not restored",
    )
    assert dash_duo.find_element(f"#{ids.URL_NOTICE}").text == ""
    assert dash_duo.get_logs() == []


CAMERA = (
    "const geo = document.querySelector(arguments[0])._fullLayout.geo;"
    "return [geo.center.lon, geo.center.lat, geo.projection.scale];"
)


def test_a_zoomed_map_is_shared_with_its_camera(dash_duo, map_drawn):
    """The map is not a Dash component (boot.py): its zoom reaches the address through
    the map-view store, and a link's camera is applied to it from the map-camera store."""
    # what a zoom with the mouse wheel does: a relayout of the geo camera
    dash_duo.driver.execute_script(
        "Plotly.relayout(document.querySelector(arguments[0]),"
        " {'geo.center.lon': 46.6, 'geo.center.lat': 39.9, 'geo.projection.scale': 9});",
        GRAPH,
    )
    until(dash_duo, lambda: "view=" in dash_duo.driver.current_url, 10, "zoom not in the url")
    link = dash_duo.driver.current_url
    assert parse_qs(urlparse(link).query)["view"] == ["46.6000,39.9000,9.000"]
    dash_duo.driver.switch_to.new_window("tab")
    dash_duo.driver.get(link)
    wait_for_map(dash_duo)
    until(
        dash_duo,
        lambda: (
            [round(v, 3) for v in dash_duo.driver.execute_script(CAMERA, GRAPH)] == [46.6, 39.9, 9]
        ),
        15,
        f"camera not restored: {dash_duo.driver.execute_script(CAMERA, GRAPH)}",
    )
    assert dash_duo.find_element(f"#{ids.URL_NOTICE}").text == ""
    assert dash_duo.get_logs() == []


def test_bad_link_parameters_are_ignored_with_a_notice(dash_duo, app, dataset):
    dash_duo.start_server(app)
    dash_duo.driver.get(
        dash_duo.server_url + "/?to=2023-13-45&site=atlantis&mode=sideways&from=2021-03-01"
    )
    wait_for_map(dash_duo)
    dash_duo.wait_for_contains_text(f"#{ids.URL_NOTICE}", "ignored", timeout=10)
    notice = dash_duo.find_element(f"#{ids.URL_NOTICE}").text
    assert "to=2023-13-45" in notice and "site=atlantis" in notice and "mode=sideways" in notice
    until(
        dash_duo,
        lambda: dash_duo.find_element(f"#{ids.RANGE_TEXT}").text.startswith("1 Mar 2021"),
        10,
        "the valid parameter was not applied",
    )
    assert dash_duo.get_logs() == []


def test_export_csv_has_the_rows_in_view_and_their_sources(dash_duo, map_drawn, dataset):
    select_days(dash_duo, dataset, date(2023, 9, 1), date(2023, 9, 30))
    dash_duo.find_element(f"#{ids.PRECISION_FILTER} input[value='region']").click()
    until(
        dash_duo,
        lambda: "prec=" in dash_duo.find_element(f"#{ids.EXPORT_CSV}").get_attribute("href"),
        10,
        "export link did not follow the view",
    )
    href = dash_duo.find_element(f"#{ids.EXPORT_CSV}").get_attribute("href")
    with urllib.request.urlopen(href, timeout=10) as response:  # 127.0.0.1 only
        body = response.read().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body)))
    in_view = events_between(dataset.events, date(2023, 9, 1), date(2023, 9, 30))
    in_view = in_view[in_view["location_precision"] != "region"]
    assert [r["id"] for r in rows] == list(in_view.index)
    assert len(rows) == count(dash_duo)
    for row in rows:
        assert dataset.all_events().loc[row["id"], "sources"][0]["url"] in row["sources"]
        assert row["cite_as"].startswith("Karabakh peacekeeping map, dataset v" + dataset.version)
        assert "events from 1 Sep 2023 to 30 Sep 2023" in row["cite_as"]
    geo = dash_duo.find_element(f"#{ids.EXPORT_GEOJSON}").get_attribute("href")
    with urllib.request.urlopen(geo, timeout=10) as response:
        doc = json.load(response)
    assert [f["id"] for f in doc["features"]] == list(in_view.index)
    assert doc["citation"] == rows[0]["cite_as"]
    # the map's layers in force on the end date follow the view too
    layers = dash_duo.find_element(f"#{ids.EXPORT_LAYERS}").get_attribute("href")
    assert layers.endswith("/export/layers.geojson?at=2023-09-30")
    with urllib.request.urlopen(layers, timeout=10) as response:
        in_force = {f["id"] for f in json.load(response)["features"]}
    assert {"corridor_2022_route", "hakari_checkpoint"} <= in_force and "zone_2020" not in in_force
    assert dash_duo.get_logs() == []


def test_embed_mode_drops_the_page_chrome(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?embed=1")
    wait_for_map(dash_duo)
    until(
        dash_duo,
        lambda: not dash_duo.driver.find_element(By.CSS_SELECTOR, ".page-header").is_displayed(),
        10,
        "header still shown",
    )
    assert dash_duo.find_element(f"#{ids.TIMELINE}").is_displayed()
    assert dash_duo.find_element(f"#{ids.DETAIL}").is_displayed()
    assert dash_duo.get_logs() == []


def test_phone_viewport_has_no_horizontal_scroll(dash_duo, app, tmp_path):
    dash_duo.start_server(app)
    wait_for_map(dash_duo)  # drawn at the desktop size first
    dash_duo.driver.set_window_size(390, 844)
    # the map follows its container (a responsive dcc.Graph), so the page comes to fit
    width = wait_until_fits_phone(dash_duo)
    # and the map itself is redrawn to its narrower box, not cut off by it
    until(
        dash_duo,
        lambda: dash_duo.driver.execute_script(
            "const box = document.getElementById(arguments[0]).getBoundingClientRect();"
            "const svg = document.querySelector('#' + arguments[0] + ' svg.main-svg');"
            "return svg && svg.getBoundingClientRect().width <= box.width + 1;",
            ids.MAP,
        ),
        10,
        "the map was not redrawn to its container",
    )
    for element in (ids.MAP, ids.TIMELINE, ids.DETAIL):
        rect = dash_duo.driver.execute_script(
            "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
            "return [r.left, r.right];",
            element,
        )
        assert rect[0] >= 0 and rect[1] <= width[1] + 1, f"{element} sticks out: {rect}"
    dash_duo.driver.save_screenshot(str(tmp_path / "phone.png"))
    assert dash_duo.get_logs() == []


@needs_axe
def test_axe_reports_no_serious_or_critical_violations(dash_duo, map_drawn):
    bad = serious_axe_violations(dash_duo)
    assert bad == [], json.dumps(bad, indent=1)
