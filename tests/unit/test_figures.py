"""Figure building without a browser: traces, layer states by date, counts, escaping."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from dashboard.data.filters import events_between
from dashboard.views.client_events import browser_events
from dashboard.views.figures import (
    DEFAULT_TOGGLES,
    build_map_figure,
    client_data,
    site_label,
    status_at,
)
from dashboard.views.sites_trace import (
    MAX_LABELS,
    mapped_sites,
    marker_size,
    site_counts,
    site_hover,
)


def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def _features(fig):
    return {t.meta["feature"]: t for t in fig.data if t.meta and "feature" in t.meta}


def test_first_trace_is_scattergeo_so_plotly_fetches_no_topojson(dataset):
    fig = build_map_figure(dataset, *dataset.span)
    assert fig.data[0].type == "scattergeo"
    assert not getattr(fig.data[0], "locationmode", None)
    geo = fig.layout.geo
    assert geo.visible is False  # no built-in base layers (they come from a CDN)


def test_every_layer_feature_is_a_trace(dataset):
    fig = build_map_figure(dataset, *dataset.span)
    features = _features(fig)
    for layer in ("line_of_contact", "peacekeeping_zone", "lachin_corridor"):
        for fid in dataset.layers[layer]["id"]:
            assert fid in features, f"{layer}/{fid} not drawn"


def test_sites_trace_has_every_mapped_site_with_click_tokens(dataset):
    fig = build_map_figure(dataset, *dataset.span)
    sites = _trace(fig, "sites")
    mapped = mapped_sites(dataset)
    assert list(sites.customdata) == [f"site:{sid}" for sid in mapped.index]
    assert "dadivank" in mapped.index and "nagorno_karabakh" not in mapped.index
    assert isinstance(sites.customdata, tuple | list)  # plain lists: clickData keeps them


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2020, 11, 10), date(2024, 6, 12)), (date(2023, 9, 19), date(2023, 9, 21))],
)
def test_marker_sizes_follow_event_counts(dataset, start, end):
    fig = build_map_figure(dataset, start, end)
    sites = _trace(fig, "sites")
    counts = site_counts(dataset, start, end)
    expected_counts = events_between(dataset.events, start, end)["site"].value_counts()
    for i, token in enumerate(sites.customdata):
        sid = token.split(":", 1)[1]
        assert counts[sid] == expected_counts.get(sid, 0)
        assert sites.marker.size[i] == marker_size(int(counts[sid]))
        assert sites.marker.symbol[i].endswith("-open") == (counts[sid] == 0)


def test_chankatagh_counts_both_20_sep_2023_casualty_reports(dataset):
    counts = site_counts(dataset, date(2023, 9, 20), date(2023, 9, 20))
    assert counts["chankatagh"] == 2  # E061 and E062


@pytest.mark.parametrize(
    ("on", "corridor_2020", "corridor_2022", "loc"),
    [
        (date(2021, 1, 1), "current", "future", "current"),
        (date(2022, 9, 1), "former", "current", "current"),
        (date(2024, 1, 1), "former", "former", "former"),
    ],
)
def test_layers_show_their_state_on_the_end_date(dataset, on, corridor_2020, corridor_2022, loc):
    fig = build_map_figure(dataset, dataset.span[0], on)
    features = _features(fig)

    def state(fid):
        trace = features[fid]
        if trace.visible is False:
            return "future"
        faded = (trace.opacity if trace.type == "scattergeo" else trace.marker.opacity) < (
            trace.meta.get("opacity") or 1
        )
        return "former" if faded else "current"

    assert state("corridor_2020_route") == corridor_2020
    assert state("corridor_2022_route") == corridor_2022
    assert state("loc_2020") == loc


def test_toggles_hide_layers_and_the_1994_line_starts_hidden(dataset):
    fig = build_map_figure(dataset, *dataset.span)
    assert _features(fig)["loc_1994"].visible is False
    fig = build_map_figure(dataset, date(2021, 1, 1), date(2021, 6, 1), toggles=["sites"])
    assert all(t.visible is False for t in _features(fig).values())
    assert "loc1994" not in DEFAULT_TOGGLES


def test_status_at_boundaries():
    assert status_at(10, 20, 9) == "future"
    assert status_at(10, 20, 10) == "current"
    assert status_at(10, 20, 20) == "former"
    assert status_at(None, None, -5) == "current"


def test_labels_show_both_sides_names(dataset):
    assert site_label(dataset.sites.loc["stepanakert"]) == "Stepanakert / Khankendi"
    assert site_label(dataset.sites.loc["shusha"]) == "Shushi / Shusha"
    assert site_label(dataset.sites.loc["goris"]) == "Goris"


def test_data_text_is_escaped_in_plotly_labels(dataset):
    site = dataset.sites.loc["dadivank"].copy()
    site["name_hy_usage"] = "<img src=x onerror=alert(1)>"
    assert "<img" not in site_hover(site, 1)
    assert "&lt;img" in site_hover(site, 1)


def test_client_data_is_consistent_with_the_figure(dataset):
    fig = build_map_figure(dataset, *dataset.span)
    data = client_data(dataset, fig)
    steps, lengths = data["events"]["startStep"], data["events"]["length"]
    assert len(steps) == len(lengths) == len(data["events"]["category"]) == len(dataset.events)
    # the browser's order (views/client_events.py): rows[i] is its event i's row
    picked = dataset.events.iloc[browser_events(dataset).rows]
    starts = list(itertools.accumulate(steps))
    ends = [s + n for s, n in zip(starts, lengths, strict=True)]
    origin = dataset.span[0]
    assert starts == [(d - origin).days for d in picked["start"]]
    assert ends == [(d - origin).days for d in picked["end"]]
    assert fig.data[data["sites"]["trace"]].name == "sites"
    assert data["sites"]["count"] == len(mapped_sites(dataset))
    unmapped = sum(1 for s in data["events"]["site"] if s < 0)
    no_point = dataset.sites.geometry.isna()
    assert unmapped == int(dataset.events["site"].map(no_point).sum())
    e081 = list(picked.index).index("E081")
    assert starts[e081] == (date(2024, 4, 17) - dataset.span[0]).days
    indices = {t["index"] for t in data["traces"]}
    assert data["sites"]["trace"] in indices


def test_every_real_site_is_labelled(dataset):
    sites = _trace(build_map_figure(dataset, *dataset.span), "sites")
    assert len(sites.text) <= MAX_LABELS
    assert all(sites.text)


def test_only_the_busiest_sites_are_labelled_when_there_are_many(dataset, monkeypatch):
    monkeypatch.setattr("dashboard.views.sites_trace.MAX_LABELS", 3)
    fig = build_map_figure(dataset, *dataset.span)
    sites = _trace(fig, "sites")
    totals = dataset.events["site"].value_counts()
    ids_on_map = [token.removeprefix("site:") for token in sites.customdata]
    labelled = [sid for sid, text in zip(ids_on_map, sites.text, strict=True) if text]
    assert len(labelled) == 3
    quietest_labelled = min(totals.get(sid, 0) for sid in labelled)
    unlabelled = [sid for sid in ids_on_map if sid not in labelled]
    assert all(totals.get(sid, 0) <= quietest_labelled for sid in unlabelled)
    # an unlabelled site still names itself on hover, and the browser gets the same choice
    quiet = ids_on_map.index(unlabelled[0])
    assert site_label(dataset.sites.loc[unlabelled[0]]) in sites.hovertext[quiet]
    data = client_data(dataset, fig)
    assert data["sites"]["labelled"] == [bool(text) for text in sites.text]


def test_the_node_tests_compose_labels_from_the_names_the_page_gets(dataset):
    """tests/cases/site_labels.json: the bundled places' names as client_data sends them
    and each convention's labels by map_label; tests/js/timeline.test.js composes the same
    labels from the names (rewrite the file with the snippet in its history if this fails
    after a deliberate change)."""
    import json
    from pathlib import Path

    from dashboard.views.names import NAME_CONVENTIONS, client_names, map_label, name_records

    case = json.loads(
        (Path(__file__).resolve().parents[1] / "cases" / "site_labels.json").read_text("utf-8")
    )
    sites = mapped_sites(dataset)
    assert case["names"] == client_names(sites)
    records = name_records(sites)
    assert case["labels"] == {c: [map_label(r, c) for r in records] for c in NAME_CONVENTIONS}
    assert (
        client_data(dataset, build_map_figure(dataset, *dataset.span))["sites"]["names"]
        == (case["names"])
    )
