"""Small helpers to read the Plotly figure and click its points in a real browser."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains

from dashboard.views.ids import TIMELINE

GRAPH = "#map .js-plotly-plot"
AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe" / "node_modules" / "axe-core"
needs_axe = pytest.mark.skipif(
    not (AXE / "axe.min.js").exists(), reason="run tools/run-tests: it installs axe-core"
)


PAGE_WIDTHS = "return [document.documentElement.scrollWidth, window.innerWidth]"


def wait_until_fits_phone(dash_duo) -> list[int]:
    """Wait until the page is no wider than a phone's window; [scroll width, window width]."""
    until(
        dash_duo,
        lambda: (w := dash_duo.driver.execute_script(PAGE_WIDTHS))[0] <= w[1] < 500,
        10,
        f"the page is wider than the phone: {dash_duo.driver.execute_script(PAGE_WIDTHS)}",
    )
    return dash_duo.driver.execute_script(PAGE_WIDTHS)


def open_page(dash_duo, app, query: str) -> None:
    """Serve ``app`` and open the page at ``query`` (``"/?story=..."``) with its map drawn."""
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + query)
    wait_for_map(dash_duo)


def serious_axe_violations(dash_duo) -> list[dict]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    dash_duo.driver.execute_script((AXE / "axe.min.js").read_text(encoding="utf-8"))
    result = dash_duo.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})
          .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,
             nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
          .catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));
        """
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def wait_for_map(dash_duo, timeout: float = 20) -> None:
    dash_duo.wait_for_element(GRAPH, timeout=timeout)
    until(
        dash_duo,
        lambda: dash_duo.driver.execute_script(
            "const gd = document.querySelector(arguments[0]);"
            "return !!(gd && gd._fullLayout && gd.querySelectorAll('.scattergeo .point').length);",
            GRAPH,
        ),
        timeout,
        "the map never drew its points",
    )


def set_dates(dash_duo, low: int, high: int) -> None:
    """Move the slider to the day offsets ``[low, high]`` through Dash (set_props fires
    the callbacks, as a user's drag would)."""
    dash_duo.driver.execute_script(
        "window.dash_clientside.set_props(arguments[0], {value: [arguments[1], arguments[2]]});",
        TIMELINE,
        low,
        high,
    )


def select_days(dash_duo, dataset, first: date, last: date) -> None:
    """``set_dates`` with the first and last day as dates."""
    origin = dataset.span[0]
    set_dates(dash_duo, (first - origin).days, (last - origin).days)


def until(dash_duo, condition, timeout: float = 10, message: str = "condition not met"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(message)


# Marker sizes as on screen: Plotly's per-point data, which the hot path updates when it
# resizes the sites without a redraw (_fullData then still holds the last redraw's).
SCREEN_SIZES = """
function screenSizes(gd, i) {
    const t = gd._fullData[i];
    if (!t.marker || !Array.isArray(t.marker.size)) return null;
    const cd = gd.calcdata && gd.calcdata[i];
    return cd && cd.length === t.marker.size.length ? cd.map(p => p.ms) : t.marker.size;
}
"""


def figure_summary(dash_duo) -> list[dict]:
    """Each trace's name, type, visibility, and the site trace's marker sizes as drawn."""
    return dash_duo.driver.execute_script(
        SCREEN_SIZES
        + """
        const gd = document.querySelector(arguments[0]);
        return gd._fullData.map((t, i) => ({
            name: t.name, type: t.type, visible: t.visible,
            customdata: t.customdata ? Array.from(t.customdata).slice(0, 2000) : null,
            sizes: screenSizes(gd, i),
            opacity: t.opacity,
        }));
        """,
        GRAPH,
    )


def site_point(dash_duo, site_id: str):
    """The SVG node drawn for ``site_id`` in the sites trace."""
    return dash_duo.driver.execute_script(
        """
        const gd = document.querySelector(arguments[0]);
        const groups = Array.from(gd.querySelectorAll('g.trace.scattergeo'));
        for (const g of groups) {
            const cd = g.__data__;
            const trace = cd && cd[0] && cd[0].trace;
            if (!trace || trace.name !== 'sites') continue;
            const j = trace.customdata.indexOf('site:' + arguments[1]);
            return g.querySelectorAll('.point')[j];
        }
        return null;
        """,
        GRAPH,
        site_id,
    )


def click_site(dash_duo, site_id: str) -> None:
    """Click the site's marker; the map may redraw meanwhile (the browser redraws it
    as soon as the dates or filters change), so a replaced node is found again."""
    for attempt in range(5):
        node = site_point(dash_duo, site_id)
        assert node is not None, f"site {site_id} is not drawn on the map"
        try:
            ActionChains(dash_duo.driver).move_to_element(node).pause(0.3).click().perform()
            return
        except StaleElementReferenceException:
            if attempt == 4:
                raise
            time.sleep(0.2)


def click_line(dash_duo, trace_name_start: str) -> None:
    """Click a line trace through Plotly's own click event.

    Lines have no SVG node per point to aim at, so this emits the event Plotly
    emits on a click (with the point's indices; assets/client/85-map-events.js reads the rest from
    the trace).
    """
    found = dash_duo.driver.execute_script(
        """
        const gd = document.querySelector(arguments[0]);
        const i = gd.data.findIndex(t => t.name.startsWith(arguments[1]) && t.hoverinfo !== 'skip');
        if (i < 0) return false;
        const k = Math.floor(gd.data[i].lon.length / 3);
        gd.emit('plotly_click', {points: [{curveNumber: i, pointNumber: k}]});
        return true;
        """,
        GRAPH,
        trace_name_start,
    )
    assert found, f"no clickable line trace named {trace_name_start!r}"
