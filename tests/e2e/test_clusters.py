"""A record of 5,000 places (issue 18) in the browser: clusters in the first frame, a
cluster splits on zoom, a click on one lists its places and zooms in, and deep links and
linked selection still work."""

from __future__ import annotations

import pytest

from benchmarks.generate import generate
from dashboard.config import Settings
from dashboard.data.loading import load_dataset
from dashboard.views import ids
from dashboard.views.sites_trace import cluster_sites
from dashboard.web.app import create_app
from tests.e2e.helpers import GRAPH, open_page, until

POINTS = f"""
const gd = document.querySelector('{GRAPH}');
const tr = gd.data.find(t => t.name === 'sites');
return {{custom: tr.customdata, lon: tr.lon, lat: tr.lat,
        scale: gd._fullLayout.geo.projection.scale}};
"""


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("places") / "data"
    generate(10000, folder, seed=11, sites=5000)
    cache = tmp_path_factory.mktemp("cache")
    return folder, cache, load_dataset(folder, cache)


@pytest.fixture
def big_app(many):
    folder, cache, dataset = many
    return create_app(Settings(data_dir=folder, cache_dir=cache), dataset=dataset)


def _points(dash_duo) -> dict:
    return dash_duo.driver.execute_script(POINTS)


def _click_point(dash_duo, token: str) -> None:
    dash_duo.driver.execute_script(
        f"const gd = document.querySelector('{GRAPH}');"
        "const st = gd.data.findIndex(t => t.name === 'sites'), tr = gd.data[st];"
        "const j = tr.customdata.indexOf(arguments[0]);"
        "gd.emit('plotly_click', {points: [{curveNumber: st, pointNumber: j,"
        " lon: tr.lon[j], lat: tr.lat[j], customdata: tr.customdata[j]}]});",
        token,
    )


def _wait_for_place(dash_duo, dataset, site_id: str) -> None:
    """Until the detail panel shows the place (its name's first word)."""
    word = dataset.sites.loc[site_id, "name_en"].split(" ")[0]
    until(
        dash_duo,
        lambda: word in dash_duo.find_element(f"#{ids.DETAIL_HEAD}").text,
        15,
        f"the detail of {site_id} did not open",
    )


def test_the_first_frame_draws_clusters_not_five_thousand_points(dash_duo, big_app, many):
    open_page(dash_duo, big_app, "/")
    first = _points(dash_duo)
    clustered = [c for c in first["custom"] if c.startswith("cluster:")]
    assert clustered and len(first["custom"]) < 1000
    # the browser draws the same merge for its own width: every cluster's places are real
    dataset = many[2]
    assert all(cluster_sites(dataset, c.partition(":")[2]) for c in clustered[:20])
    assert dash_duo.get_logs() == []


def test_a_cluster_splits_on_zoom_and_a_click_lists_its_places(dash_duo, big_app, many):
    open_page(dash_duo, big_app, "/")
    dataset = many[2]
    before = _points(dash_duo)
    token = max(
        (c for c in before["custom"] if c.startswith("cluster:")),
        key=lambda c: len(cluster_sites(dataset, c.partition(":")[2])),
    )
    places = cluster_sites(dataset, token.partition(":")[2])
    _click_point(dash_duo, token)
    # its places are listed, each a button that selects it
    until(
        dash_duo,
        lambda: (
            len(dash_duo.find_elements(f"#{ids.DETAIL_HEAD} .cluster-places button"))
            == min(len(places), 50)
        ),
        15,
        "the cluster's places were not listed",
    )
    # and the map zoomed in on it: it is no longer one point
    after = until(
        dash_duo,
        lambda: (
            (p := _points(dash_duo))["scale"] > before["scale"] * 3
            and token not in p["custom"]
            and p
        ),
        15,
        "the cluster did not split on zoom",
    )
    drawn_alone = {c.removeprefix("site:") for c in after["custom"] if c.startswith("site:")}
    assert drawn_alone & set(places), "none of its places is drawn alone after the zoom"
    # linked selection: a place of the list selects it, its ring goes to it
    first = dash_duo.find_elements(f"#{ids.DETAIL_HEAD} .cluster-places button")[0]
    first_id = first.get_attribute("data-token").removeprefix("site:")
    first.click()
    _wait_for_place(dash_duo, dataset, first_id)
    # the address bar follows when the browser is idle (60-url.js)
    until(
        dash_duo,
        lambda: f"site={first_id}" in dash_duo.driver.execute_script("return location.search"),
        10,
        "the place is not in the link",
    )
    assert dash_duo.get_logs() == []


def test_deep_links_to_a_place_and_a_cluster(dash_duo, big_app, many):
    dataset = many[2]
    site_id = dataset.sites.index[123]
    open_page(dash_duo, big_app, f"/?site={site_id}")
    _wait_for_place(dash_duo, dataset, site_id)
    token = next(c for c in _points(dash_duo)["custom"] if c.startswith("cluster:"))
    dash_duo.driver.get(f"{dash_duo.server_url}/?cluster={token.partition(':')[2]}")
    until(
        dash_duo,
        lambda: dash_duo.find_elements(f"#{ids.DETAIL_HEAD} .cluster-places button"),
        15,
        "the linked cluster did not open",
    )
    assert dash_duo.get_logs() == []
