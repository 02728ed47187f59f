"""Issue 3 in the browser: the layers' state at four dates, names, imprecise events."""

from __future__ import annotations

from datetime import date

import pytest
from selenium.webdriver.common.by import By

from dashboard.data.filters import events_between, with_precision
from dashboard.views import ids
from tests.e2e.helpers import GRAPH, set_dates, until, wait_for_map


def set_end_date(dash_duo, dataset, day: date) -> None:
    """Move the slider's end as a user would, through Dash (set_props fires the callbacks)."""
    set_dates(dash_duo, 0, (day - dataset.span[0]).days)
    until(
        dash_duo,
        lambda: (
            f"{day.day} " in dash_duo.find_element(f"#{ids.RANGE_TEXT}").text
            and str(day.year) in dash_duo.find_element(f"#{ids.RANGE_TEXT}").text.split("–")[1]
        ),
        10,
        f"the map did not move to {day}",
    )


def feature_states(dash_duo) -> dict[str, str]:
    """feature id -> hidden / current / former, as drawn in the browser."""
    return dash_duo.driver.execute_script(
        """
        const gd = document.querySelector(arguments[0]);
        const out = {};
        gd._fullData.forEach((t, i) => {
            const meta = gd.data[i].meta;
            if (!meta || !meta.feature) return;
            if (t.visible !== true) { out[meta.feature] = 'hidden'; return; }
            const faded = t.type === 'choropleth'
                ? t.marker.opacity < meta.opacity - 1e-9 : t.opacity < 1;
            out[meta.feature] = faded ? 'former' : 'current';
        });
        return out;
        """,
        GRAPH,
    )


DATES = (date(2021, 1, 1), date(2022, 9, 1), date(2023, 5, 1), date(2024, 1, 1))
LAYER_STATES = {
    # feature id: its state on each of DATES (None: not checked on that date)
    "corridor_2020_route": ("current", "former", None, None),
    "corridor_2022_route": ("hidden", "current", "current", None),
    "hakari_checkpoint": ("hidden", "hidden", "current", None),
    "handover_lachin_town": (None, "current", None, None),
    "loc_2020": ("current", None, "current", "former"),
    "blockade_2022": (None, None, "current", "former"),
    "zone_2020": (None, None, None, "former"),
    "rtjmc_2021": (None, None, None, "current"),
}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (day, {fid: states[i] for fid, states in LAYER_STATES.items() if states[i]})
        for i, day in enumerate(DATES)
    ],
    ids=lambda v: v.isoformat() if isinstance(v, date) else "",
)
def test_layers_show_the_situation_on_the_end_date(dash_duo, map_drawn, dataset, day, expected):
    set_end_date(dash_duo, dataset, day)
    until(
        dash_duo,
        lambda: all(feature_states(dash_duo).get(k) == v for k, v in expected.items()),
        10,
        f"layers on {day}: {feature_states(dash_duo)}",
    )
    assert dash_duo.get_logs() == []


def test_ended_features_can_be_hidden_entirely(dash_duo, map_drawn, dataset):
    set_end_date(dash_duo, dataset, date(2024, 1, 1))
    until(dash_duo, lambda: feature_states(dash_duo)["loc_2020"] == "former", 10, "not faded")
    dash_duo.find_element(f"#{ids.LAYER_TOGGLES} input[value='former']").click()
    until(dash_duo, lambda: feature_states(dash_duo)["loc_2020"] == "hidden", 10, "still drawn")
    assert dash_duo.get_logs() == []


def site_labels(dash_duo) -> dict[str, str]:
    return dash_duo.driver.execute_script(
        """
        const gd = document.querySelector(arguments[0]);
        const t = gd.data.find(t => t.name === 'sites');
        const out = {};
        t.customdata.forEach((c, i) => out[c] = t.text[i]);
        return out;
        """,
        GRAPH,
    )


def test_name_convention_switches_the_labels(dash_duo, map_drawn):
    assert site_labels(dash_duo)["site:stepanakert"] == "Stepanakert / Khankendi"
    dash_duo.find_element(f"#{ids.NAME_CONVENTION} input[value='az']").click()
    until(dash_duo, lambda: site_labels(dash_duo)["site:stepanakert"] == "Khankendi", 10, "az")
    assert site_labels(dash_duo)["site:shusha"] == "Shusha"
    dash_duo.find_element(f"#{ids.NAME_CONVENTION} input[value='hy']").click()
    until(dash_duo, lambda: site_labels(dash_duo)["site:shusha"] == "Shushi", 10, "hy")
    assert site_labels(dash_duo)["site:chankatagh"] == "Chankatagh"
    assert dash_duo.get_logs() == []


def test_hiding_imprecise_events_changes_map_and_list_alike(dash_duo, map_drawn, dataset):
    dash_duo.find_element(f"#{ids.PRECISION_FILTER} input[value='region']").click()
    kept = with_precision(events_between(dataset.events, *dataset.span), ["approximate", "coarse"])
    assert 0 < len(kept) < len(dataset.events)
    until(
        dash_duo,
        lambda: dash_duo.find_element(f"#{ids.EVENT_COUNT}").text.startswith(f"{len(kept)} "),
        10,
        "the count did not drop the region-wide events",
    )
    until(
        dash_duo,
        lambda: (
            len(dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.EVENT_LIST} li"))
            == len(kept)
        ),
        10,
        "the list did not follow",
    )
    assert dash_duo.get_logs() == []


def test_contested_fact_shows_each_sides_claim(dash_duo, app, dataset):
    dash_duo.start_server(app)
    # September 2023: the chronology lists E061 (it lists the first LIST_LIMIT events only).
    dash_duo.driver.get(dash_duo.server_url + "/?from=2023-09-01&to=2023-09-30")
    wait_for_map(dash_duo)
    button = dash_duo.driver.find_element(By.CSS_SELECTOR, f"#{ids.EVENT_LIST} button[id*='E061']")
    assert "contested" in button.text.lower()
    button.click()
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", "Prosecutor General", timeout=10)
    assert "each side" in dash_duo.find_element(f"#{ids.DETAIL}").text.lower()
    detail = dash_duo.find_element(f"#{ids.DETAIL}")
    for claim in dataset.all_events().loc["E061"]["contested"]:
        assert claim["by"] in detail.text
    hrefs = {a.get_attribute("href") for a in detail.find_elements(By.TAG_NAME, "a")}
    assert "https://tass.com/politics/1686915" in hrefs
    assert dash_duo.get_logs() == []
