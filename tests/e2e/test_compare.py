"""Compare mode in the browser (issue 16, part 3): a link opens it; the map marks what
began and ended between the two dates; the change list names them with their sources."""

from __future__ import annotations

import json

from dashboard.views import ids
from tests.e2e.helpers import (
    GRAPH,
    needs_axe,
    open_page,
    serious_axe_violations,
    until,
)

MARKS = (
    "const gd = document.querySelector(arguments[0]);"
    "const t = gd.data.find(t => t.name === 'changes');"
    "return {hover: t.hovertext || [], symbol: (t.marker || {}).symbol || []};"
)


def marks(dash_duo) -> dict:
    return dash_duo.driver.execute_script(MARKS, GRAPH)


def test_compare_shows_the_hakari_checkpoint_and_the_blockade(dash_duo, app, dataset):
    open_page(dash_duo, app, "/?compare=2022-12-01,2023-05-01")
    until(dash_duo, lambda: len(marks(dash_duo)["hover"]) >= 2, 15, "no compare marks")
    hover = " | ".join(marks(dash_duo)["hover"])
    assert "Began 12 Dec 2022" in hover and "Began 23 Apr 2023" in hover
    assert "Hakari" in hover and "blockade" in hover.lower()
    assert set(marks(dash_duo)["symbol"]) == {"triangle-up"}
    checked = dash_duo.find_element(f"#{ids.TIMELINE_MODE} input[value='compare']")
    assert checked.is_selected()
    situation = f"#{ids.SITUATION}"
    dash_duo.wait_for_contains_text(
        situation, "What changed between 1 Dec 2022 and 1 May 2023", timeout=15
    )
    text = dash_duo.find_element(situation).text
    assert "Began: Lachin corridor blockade" in text and "E044" in text
    # each line's event opens in the detail panel
    dash_duo.find_element(f"{situation} button[data-token='event:E044']").click()
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", "Hakari", timeout=10)
    until(
        dash_duo,
        lambda: "compare=2022-12-01%2C2023-05-01" in dash_duo.driver.current_url,
        10,
        "the address lost the comparison",
    )
    # back to a plain range: the marks and the change list go, the dates stay
    dash_duo.find_element(f"#{ids.TIMELINE_MODE} input[value='range']").click()
    until(dash_duo, lambda: marks(dash_duo)["hover"] == [], 10, "marks stayed")
    until(
        dash_duo,
        lambda: "What changed" not in dash_duo.find_element(situation).text,
        10,
        "the change list stayed",
    )
    until(
        dash_duo,
        lambda: "from=2022-12-01&to=2023-05-01" in dash_duo.driver.current_url,
        10,
        "the dates were not kept",
    )
    assert dash_duo.get_logs() == []


@needs_axe
def test_axe_finds_nothing_serious_in_compare_mode(dash_duo, app):
    open_page(dash_duo, app, "/?compare=2022-12-01,2023-05-01")
    dash_duo.wait_for_contains_text(f"#{ids.SITUATION}", "What changed between", timeout=15)
    bad = serious_axe_violations(dash_duo)
    assert bad == [], json.dumps(bad, indent=1)
