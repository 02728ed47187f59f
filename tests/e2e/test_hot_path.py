"""The slider's hot path: the browser redraws the map itself, and Dash's figure keeps up."""

from __future__ import annotations

from datetime import timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.data.filters import with_precision
from dashboard.views import ids
from dashboard.views.sites_trace import mapped_sites, marker_size, site_counts
from dashboard.views.timeline import density_counts
from tests.e2e.helpers import GRAPH, SCREEN_SIZES, click_site, until, wait_for_map

RECORD_DRAWN = """
window.__drawn = [];
document.addEventListener('karabakh:drawn', e => window.__drawn.push(e.detail));
"""


def handles(dash_duo):
    return dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.TIMELINE} [role=slider]")


def slider_value(dash_duo) -> list[int]:
    return [int(h.get_attribute("aria-valuenow")) for h in handles(dash_duo)]


def move_end_back(dash_duo, dataset, pages: int, *keys: str, by_days: int) -> list[int]:
    """Page Down ``pages`` times (then ``keys``) on the end handle; the slider's value once
    the end has moved back more than ``by_days`` days."""
    end = handles(dash_duo)[1]
    for _ in range(pages):
        end.send_keys(Keys.PAGE_DOWN)
    for key in keys:
        end.send_keys(key)
    return until(
        dash_duo,
        lambda: (v := slider_value(dash_duo))[1] < dataset_max(dataset) - by_days and v,
        10,
        "the end handle did not move back",
    )


def expected_sizes(dataset, value: list[int]) -> list[float]:
    origin = dataset.span[0]
    start, end = (origin + timedelta(days=v) for v in value)
    counts = site_counts(dataset, start, end).reindex(mapped_sites(dataset).index)
    return [round(marker_size(int(c)), 6) for c in counts]


def drawn_sizes(dash_duo, source: str) -> list[float]:
    """The sites' marker sizes as on screen ("screen") or as Dash holds them ("data")."""
    sizes = dash_duo.driver.execute_script(
        SCREEN_SIZES
        + """
        const gd = document.querySelector(arguments[0]);
        const i = gd._fullData.findIndex(t => t.name === 'sites');
        return Array.from(arguments[1] === 'screen' ? screenSizes(gd, i) : gd.data[i].marker.size);
        """,
        GRAPH,
        source,
    )
    return [round(s, 6) for s in sizes]


def test_keys_redraw_the_map_for_the_new_range(dash_duo, map_drawn, dataset):
    dash_duo.driver.execute_script(RECORD_DRAWN)
    value = move_end_back(dash_duo, dataset, 14, Keys.ARROW_LEFT, by_days=400)
    want = expected_sizes(dataset, value)
    assert want != expected_sizes(dataset, [0, dataset_max(dataset)]), "pick a date that changes"
    until(dash_duo, lambda: drawn_sizes(dash_duo, "screen") == want, 10, "map not redrawn")
    assert drawn_sizes(dash_duo, "data") == want
    last = dash_duo.driver.execute_script("return window.__drawn[window.__drawn.length - 1];")
    assert [last["low"], last["high"]] == value
    assert dash_duo.get_logs() == []


def test_a_patch_after_a_hot_redraw_keeps_the_new_sizes(dash_duo, map_drawn, dataset):
    """Selecting a site patches Dash's figure: the first range's sizes must not come back."""
    value = move_end_back(dash_duo, dataset, 20, by_days=550)
    want = expected_sizes(dataset, value)
    until(dash_duo, lambda: drawn_sizes(dash_duo, "screen") == want, 10, "map not redrawn")
    click_site(dash_duo, "stepanakert")
    until(
        dash_duo,
        lambda: dash_duo.driver.execute_script(
            "const gd = document.querySelector(arguments[0]);"
            "return gd._fullData.find(t => t.name === 'selection').lon.length === 1;",
            GRAPH,
        ),
        10,
        "the selection ring was not drawn",
    )
    assert drawn_sizes(dash_duo, "screen") == want
    assert drawn_sizes(dash_duo, "data") == want
    assert dash_duo.get_logs() == []


def dataset_max(dataset) -> int:
    return (dataset.span[1] - dataset.span[0]).days


def test_the_strip_recounts_in_the_browser_when_imprecise_events_are_hidden(
    dash_duo, map_drawn, dataset
):
    """The browser bins events by month itself (from compact columns): same counts as Python."""
    kept = with_precision(dataset.events, ["approximate"])
    assert len(kept) < len(dataset.events), "the data has region-wide or coarse events"
    want = {
        category: [*counts, counts[-1]]
        for category, counts in density_counts(dataset, kept).items()
    }
    dash_duo.driver.execute_script(
        "window.dash_clientside.set_props(arguments[0], {value: ['approximate']});",
        ids.PRECISION_FILTER,
    )

    def strip():
        return dash_duo.driver.execute_script(
            "const gd = document.querySelector('#density .js-plotly-plot');"
            "return Object.fromEntries(gd.data.map(t => [t.meta.category, Array.from(t.y)]));"
        )

    until(dash_duo, lambda: strip() == want, 10, "the strip did not recount")
    assert dash_duo.get_logs() == []


def test_a_chronology_entry_selects_by_keyboard_and_keeps_focus(dash_duo, app, dataset):
    """The browser redraws the list when the selection marks it; focus stays on the entry."""
    dash_duo.start_server(app)
    # From April 2024: the chronology lists E081 (it lists the first LIST_LIMIT events only).
    dash_duo.driver.get(dash_duo.server_url + "/?from=2024-04-01")
    wait_for_map(dash_duo)
    entry = dash_duo.driver.find_element(
        By.CSS_SELECTOR, f"#{ids.EVENT_LIST} button[data-token='event:E081']"
    )
    entry.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", dataset.all_events().loc["E081", "title"], 10)
    until(
        dash_duo,
        lambda: dash_duo.driver.execute_script(
            "const b = document.querySelector(\"#event-list button[data-token='event:E081']\");"
            "return b.getAttribute('aria-current') === 'true' && document.activeElement === b;"
        ),
        10,
        "the entry lost focus or was not marked as selected",
    )
    # the address bar follows when the browser is idle (60-url.js)
    until(dash_duo, lambda: "event=E081" in dash_duo.driver.current_url, 10, "not in the link")
    assert dash_duo.get_logs() == []


CALLBACK_POSTS = """
return performance.getEntriesByType('resource')
    .filter(e => e.name.includes('/_dash-update-component')).length;
"""


def test_requests_follow_changes_only(dash_duo, map_drawn, dataset):
    """A plain page load asks the server for nothing (the layout holds the first state);
    a resting slider then costs one request for all the text panels."""
    summary = dash_duo.find_element(f"#{ids.EVENT_LIST_SUMMARY}").text
    assert dash_duo.driver.execute_script(CALLBACK_POSTS) == 0
    handles(dash_duo)[1].send_keys(Keys.PAGE_DOWN)  # end a month earlier
    until(
        dash_duo,
        lambda: dash_duo.find_element(f"#{ids.EVENT_LIST_SUMMARY}").text != summary,
        10,
        "the chronology did not follow the slider",
    )
    until(
        dash_duo,
        lambda: "12 May 2024" in dash_duo.find_element(f"#{ids.SITUATION}").text,
        10,
        "the situation did not follow the slider",
    )
    assert dash_duo.driver.execute_script(CALLBACK_POSTS) == 1
    assert dash_duo.get_logs() == []


SITES_ON_SCREEN = """
const gd = document.querySelector(arguments[0]);
const i = gd._fullData.findIndex(t => t.name === 'sites');
const group = Array.from(gd.querySelectorAll('g.trace.scattergeo'))
    .find(g => g.__data__ && g.__data__[0].trace === gd._fullData[i]);
const numbers = s => (String(s || '').match(/-?\\d+(\\.\\d+)?/g) || []).map(Number);
return {
    draw: gd.getAttribute('data-last-draw'),
    points: Array.from(group.querySelectorAll('path.point'))
        .map(p => [p.__data__.i, numbers(p.getAttribute('d')),
                   numbers(p.getAttribute('transform'))]),
    labels: Array.from(group.querySelectorAll('g > text'))
        .map(t => [t.parentNode.__data__.i, numbers(t.parentNode.getAttribute('transform'))]),
    plotly: gd.calcdata[i].map(p => [p.i, p.ms, p.mrc, p.htx]),
};
"""


def _close(a: list, b: list, tolerance: float) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_a_resize_without_redraw_draws_what_plotly_would(dash_duo, map_drawn, dataset):
    """Steps that change only the sites' sizes skip Plotly's redraw of every trace: the
    points, their labels and Plotly's hover data must be what a full redraw gives."""
    end = handles(dash_duo)[1]
    fast = None
    for _ in range(40):
        end.send_keys(Keys.PAGE_DOWN)
        value = slider_value(dash_duo)
        want = expected_sizes(dataset, value)
        until(dash_duo, lambda w=want: drawn_sizes(dash_duo, "screen") == w, 10, "not drawn")
        fast = dash_duo.driver.execute_script(SITES_ON_SCREEN, GRAPH)
        if fast["draw"] == "resized":
            break
    assert fast and fast["draw"] == "resized", "no step of the data only resized the sites"
    # the hover text speaks the new count
    counts = site_counts(dataset, *(dataset.span[0] + timedelta(days=v) for v in value))
    sites = mapped_sites(dataset)
    for i, _, _, hover in fast["plotly"]:
        assert f"{int(counts.get(sites.index[i], 0))} event" in hover
    dash_duo.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Plotly.redraw(document.querySelector(arguments[0])).then(() => done(true));",
        GRAPH,
    )
    full = dash_duo.driver.execute_script(SITES_ON_SCREEN, GRAPH)
    assert len(fast["points"]) == len(full["points"]) == len(sites)
    for (i, d, at), (j, d_full, at_full) in zip(fast["points"], full["points"], strict=True):
        assert i == j and at == at_full
        assert _close(d, d_full, 0.02), f"point {sites.index[i]}: {d} vs {d_full}"
    assert fast["labels"] and len(fast["labels"]) == len(full["labels"])
    for (i, at), (j, at_full) in zip(fast["labels"], full["labels"], strict=True):
        assert i == j and _close(at, at_full, 0.02), f"label of {sites.index[i]}"
    assert fast["plotly"] == full["plotly"]
    assert dash_duo.get_logs() == []


def test_the_first_render_finds_the_served_figure_already_right(dash_duo, app):
    """On load the browser's hot path computes the map for the full range: the figure
    the server drew already holds every value (sizes, symbols, hover texts, layers'
    visibility), so nothing is redrawn. This holds only while dashboard/views/figures.py and
    assets/client/40-map.js compute the same map."""
    dash_duo.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_DRAWN}
    )
    dash_duo.start_server(app)
    wait_for_map(dash_duo)
    drawn = until(
        dash_duo,
        lambda: dash_duo.driver.execute_script("return window.__drawn || []"),
        10,
        "the hot path did not run on load",
    )
    assert drawn[0]["redrawn"] is False, "the served figure differed from the browser's"
    # then only the labels are placed for the map's size (42-labels.js): nothing else
    assert dash_duo.driver.execute_script(
        "return document.querySelector(arguments[0]).getAttribute('data-last-draw');", GRAPH
    ) in (None, "labels")
    assert dash_duo.get_logs() == []
