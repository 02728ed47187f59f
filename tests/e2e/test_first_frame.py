"""The map's first frame (dashboard/web/boot.py, assets/boot.js): drawn while the page is
parsed, before Dash has rendered anything, then handed to Dash's page where it stood."""

from __future__ import annotations

import time

from dashboard.views import ids
from tests.e2e.helpers import GRAPH, click_site, until, wait_for_map

LAYOUT_DELAY_S = 5.0

# What the page looked like when the map's site points first appeared.
RECORD_FIRST_POINTS = """
window.__firstPoints = null;
new MutationObserver(function (records, observer) {
  var gd = document.getElementById('map-plot');
  if (!gd || !gd.querySelector('.scattergeo .point')) return;
  observer.disconnect();
  var r = document.getElementById('map').getBoundingClientRect();
  gd.__firstFrame = true;
  window.__firstPoints = {
    shell: !!document.getElementById('boot-page'),
    slot: !!document.getElementById('map-slot'),
    timeline: !!document.getElementById('timeline'),
    rect: [r.left, r.top, r.width, r.height],
    size: [gd._fullLayout.width, gd._fullLayout.height],
  };
}).observe(document, {childList: true, subtree: true});
"""


class SlowLayout:
    """WSGI middleware holding Dash's layout back, as a slow network or server would."""

    def __init__(self, wsgi_app, seconds: float):
        self.wsgi_app, self.seconds = wsgi_app, seconds

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == "/_dash-layout":
            time.sleep(self.seconds)
        return self.wsgi_app(environ, start_response)


def test_map_is_drawn_before_dash_renders_and_stays_put(dash_duo, app, dataset):
    app.server.wsgi_app = SlowLayout(app.server.wsgi_app, LAYOUT_DELAY_S)
    dash_duo.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_FIRST_POINTS}
    )
    dash_duo.start_server(app)
    first = until(
        dash_duo,
        lambda: dash_duo.driver.execute_script("return window.__firstPoints"),
        10,
        "the map never drew its points",
    )
    # drawn from the page itself: Dash, waiting for its layout, had rendered nothing
    assert first["shell"] and not first["slot"] and not first["timeline"], first
    assert dash_duo.driver.execute_script(f"return !document.getElementById('{ids.TIMELINE}')")
    # a click before Dash is up is kept and answered once it is
    click_site(dash_duo, "dadivank")
    assert dash_duo.driver.execute_script(f"return !document.getElementById('{ids.TIMELINE}')")
    dash_duo.wait_for_element(f"#{ids.TIMELINE}", timeout=LAYOUT_DELAY_S + 10)
    wait_for_map(dash_duo)
    e081 = dataset.all_events().loc["E081"]
    dash_duo.wait_for_contains_text(f"#{ids.DETAIL}", e081["title"], timeout=10)
    # the same drawn map, now inside Dash's page, at the same place and size
    after = dash_duo.driver.execute_script(
        "const gd = document.querySelector(arguments[0]);"
        "const r = document.getElementById(arguments[1]).getBoundingClientRect();"
        "return {same: gd.__firstFrame === true, parent: gd.parentElement.parentElement.id,"
        " shell: !!document.getElementById('boot-page'),"
        " rect: [r.left, r.top, r.width, r.height],"
        " size: [gd._fullLayout.width, gd._fullLayout.height]};",
        GRAPH,
        ids.MAP,
    )
    assert after["same"] and after["parent"] == ids.MAP_SLOT and not after["shell"], after
    assert all(abs(a - b) < 0.5 for a, b in zip(after["rect"], first["rect"], strict=True)), (
        first["rect"],
        after["rect"],
    )
    assert after["size"] == first["size"]
    assert dash_duo.get_logs() == []


def test_a_broken_first_figure_says_so_on_the_map(dash_duo, app):
    """Should the page's figure not parse (a damaged page or proxy), the map's box says
    what happened instead of staying blank, and the rest of the page still works."""
    interpolate = app.interpolate_index

    def damaged(**kwargs):
        opening = f'<script id="{ids.MAP_FIGURE}" type="application/json">'
        return interpolate(**kwargs).replace(opening, opening + "oops", 1)

    app.interpolate_index = damaged
    dash_duo.start_server(app)
    dash_duo.wait_for_element(f"#{ids.TIMELINE}", timeout=15)
    dash_duo.wait_for_contains_text(f"#{ids.MAP}", "The map could not be drawn", timeout=10)
    assert (
        dash_duo.driver.execute_script(
            f"return document.getElementById('{ids.MAP}').parentElement.id"
        )
        == ids.MAP_SLOT
    )
    logs = dash_duo.get_logs()
    assert logs and all("JSON" in entry["message"] for entry in logs), logs
