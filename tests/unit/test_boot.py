"""The page's first frame (dashboard/web/boot.py): what the HTML carries before Dash boots."""

from __future__ import annotations

import json
import re

import plotly.io as pio
import pytest
from dash import dcc, html

from dashboard.config import Settings
from dashboard.views import ids
from dashboard.views.figures import build_map_figure
from dashboard.web.app import create_app
from dashboard.web.boot import json_script, static_html
from dashboard.web.callbacks import restore_view
from dashboard.web.plotly_bundle import bundle_url


@pytest.fixture(scope="module")
def served(dataset):
    app = create_app(Settings(), dataset=dataset)
    client = app.server.test_client()
    return app, client, client.get("/").get_data(as_text=True)


def test_static_html_escapes_text_and_keeps_only_id_and_class():
    tree = html.Div([html.H1("A <b>&</b>"), "x < y"], id="d", className='c"q', title="dropped")
    assert (
        static_html(tree)
        == '<div id="d" class="c&quot;q"><h1>A &lt;b&gt;&amp;&lt;/b&gt;</h1>x &lt; y</div>'
    )


def test_static_html_refuses_what_it_cannot_write():
    with pytest.raises(TypeError, match="Graph"):
        static_html(html.Div([dcc.Graph(id="g")]))


def test_json_script_cannot_be_closed_by_its_data():
    value = {"text": "</script><script>alert(1)</script><!--"}
    element = json_script("x", value)
    body = element[element.index(">") + 1 : -len("</script>")]
    assert "<" not in body
    assert json.loads(body) == value


def test_page_draws_the_map_from_its_own_figure_before_dashs_scripts(served, dataset):
    _, client, page = served
    body = page[page.index("<body>") :]
    order = [
        body.index(f'id="{ids.BOOT_PAGE}"'),
        body.index(f'id="{ids.MAP}"'),
        body.index(f'id="{ids.MAP_FIGURE}"'),
        body.index(bundle_url()),
        body.index("/assets/boot.js?v="),
        body.index('id="react-entry-point"'),
        body.index("dash_renderer"),
    ]
    assert order == sorted(order)
    # the figure in the page is the map's figure for the whole mission
    found = re.search(
        rf'<script id="{ids.MAP_FIGURE}" type="application/json">(.*?)</script>', page
    )
    expected = json.loads(pio.to_json(build_map_figure(dataset, *dataset.span), validate=False))
    assert json.loads(found.group(1)) == expected
    # the boot script runs once, from the page: Dash does not list it again
    assert page.count("/assets/boot.js") == 1
    boot_url = re.search(r'src="(/assets/boot\.js\?v=[0-9a-f]+)"', page).group(1)
    assert b"map-slot" in client.get(boot_url).get_data()
    # plotly.js runs once, from the first frame, and is the first thing the page asks for
    assert page.count(f'<script src="{bundle_url()}">') == 1
    head = page[: page.index("</head>")]
    assert re.findall(r'<link rel="preload" href="([^"]+)"', head)[0] == bundle_url()


def test_first_frame_copies_the_header_dash_renders(served):
    """The copy and Dash's header must lay out alike, or the map would jump when Dash's
    page replaces the first frame (the browser test measures that jump)."""
    app, _, page = served
    rendered = [c for c in app.layout().children if getattr(c, "_type", None) == "Header"]
    assert len(rendered) == 1
    copy = static_html(rendered[0])
    assert copy.startswith('<header class="page-header"><details id="story-menu"')
    assert "<h1>Russian peacekeepers" in copy
    assert page.count(copy) == 1


def test_dash_layout_holds_a_place_for_the_map_not_the_map(served):
    _, client, _ = served
    layout = client.get("/_dash-layout").get_json()
    text = json.dumps(layout)
    assert f'"id": "{ids.MAP_SLOT}"' in text
    assert '"id": "map"' not in text


def test_shared_camera_is_handed_to_the_browser_as_numbers(dataset):
    out = restore_view("?view=46.75,39.8,6.5", dataset)
    camera = [value for value in out if isinstance(value, dict) and "scale" in value]
    assert camera == [{"lon": 46.75, "lat": 39.8, "scale": 6.5}]
    no_camera = restore_view("?from=2021-01-01", dataset)
    assert not any(isinstance(value, dict) and "scale" in value for value in no_camera)
