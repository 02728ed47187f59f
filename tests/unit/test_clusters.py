"""Clusters by zoom (dashboard/views/clusters.py): the shared cases, nesting by level, counts
true to the places', and the first frame of a record of thousands of places."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest

from benchmarks.generate import generate
from dashboard.data.loading import load_dataset
from dashboard.views import clusters
from dashboard.views.detail import cluster_detail
from dashboard.views.figures import MAP_VIEW, build_map_figure
from dashboard.views.query import parse_query
from dashboard.views.sites_trace import cluster_sites, mapped_sites, marker_size, site_counts

CASES = json.loads(
    (Path(__file__).resolve().parents[1] / "cases" / "clusters.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES["levels"])
def test_shared_levels(case):
    assert clusters.level_for(case["pxPerDegree"]) == case["level"]


@pytest.mark.parametrize("case", CASES["groupings"])
def test_shared_groupings(case):
    bounds = tuple(case["bounds"]) if case["bounds"] else None
    assert (
        clusters.group_sites(CASES["lons"], CASES["lats"], case["level"], bounds) == case["groups"]
    )


def test_a_cells_width_never_passes_the_limit_and_levels_nest():
    for px in (10, 55.5, 300, 1234, 90000):
        level = clusters.level_for(px)
        if 0 < level < clusters.MAX_LEVEL:
            assert clusters.cell_size(level) * px <= clusters.CELL_PX + 1e-9
            assert clusters.cell_size(level - 1) * px > clusters.CELL_PX
    rng = random.Random(3)
    for _ in range(500):
        lon, lat = rng.uniform(45, 48), rng.uniform(39, 41)
        for level in range(clusters.MAX_LEVEL):
            fine = clusters.cell_of(lon, lat, level + 1)
            assert clusters.cell_of(lon, lat, level) == (fine[0] // 2, fine[1] // 2)


def test_every_place_is_in_one_group_and_a_clusters_key_finds_its_places():
    lons, lats = CASES["lons"], CASES["lats"]
    for level in (2, 5, 9):
        groups = clusters.group_sites(lons, lats, level)
        assert sorted(i for g in groups for i in g) == list(range(len(lons)))
        for group in groups:
            key = clusters.cluster_key(
                level, clusters.cell_of(lons[group[0]], lats[group[0]], level)
            )
            assert clusters.members(lons, lats, key) == group
    assert clusters.members(lons, lats, "not:a:key") == []
    assert clusters.members(lons, lats, "99:0:0") == []


@pytest.fixture(scope="module")
def many_places(tmp_path_factory):
    folder = tmp_path_factory.mktemp("places") / "data"
    generate(3000, folder, seed=5, sites=1200)
    return load_dataset(folder, tmp_path_factory.mktemp("cache"))


def test_the_first_frame_draws_clusters_whose_sizes_are_their_places_counts(many_places):
    dataset = many_places
    start, end = date(2021, 1, 1), date(2022, 6, 30)
    fig = build_map_figure(dataset, start, end)
    trace = next(t for t in fig.data if t.name == "sites")
    sites = mapped_sites(dataset)
    assert len(trace.lon) < len(sites) / 2  # merged, and only the view
    counts = site_counts(dataset, start, end).reindex(sites.index)
    seen = set()
    for token, size in zip(trace.customdata, trace.marker.size, strict=True):
        kind, _sep, key = token.partition(":")
        members = cluster_sites(dataset, key) if kind == "cluster" else [key]
        assert members and not seen & set(members)
        seen |= set(members)
        assert size == pytest.approx(marker_size(int(counts[members].sum())))
    lon_min, lat_min, lon_max, lat_max = clusters.view_bounds(MAP_VIEW["lon"], MAP_VIEW["lat"])
    in_view = sites[
        sites.geometry.x.between(lon_min, lon_max) & sites.geometry.y.between(lat_min, lat_max)
    ]
    assert set(in_view.index) <= seen  # every place in view is drawn, alone or in its cluster


def test_a_clusters_detail_lists_its_places_and_a_link_restores_it(many_places):
    dataset = many_places
    fig = build_map_figure(dataset, *dataset.span)
    trace = next(t for t in fig.data if t.name == "sites")
    token = next(t for t in trace.customdata if t.startswith("cluster:"))
    key = token.partition(":")[2]
    panel = cluster_detail(dataset, key, *dataset.span)
    listed = [b.children for b in _buttons(panel.head)]
    assert len(listed) == min(len(cluster_sites(dataset, key)), 50)
    state = parse_query(f"?cluster={key}", dataset)
    assert state.selection == token and state.notices == []
    assert parse_query("?cluster=1:2:3", dataset).notices


def _buttons(node):
    if isinstance(node, list):
        return [b for child in node for b in _buttons(child)]
    found = [node] if getattr(node, "_type", None) == "Button" else []
    return found + _buttons(getattr(node, "children", None) or [])
