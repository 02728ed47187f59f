"""Compare mode (issue 16, part 3): the change list the panels show, the ``compare=A,B``
link, and the dated features the browser marks on the map."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard.data.filters import layer_status
from dashboard.views.compare import changes_between, compare_panel
from dashboard.views.figures import build_map_figure, client_data
from dashboard.views.query import parse_query
from dashboard.web.callbacks import render_panels

A, B = date(2022, 12, 1), date(2023, 5, 1)


def test_the_change_list_names_the_blockade_and_the_checkpoint_with_sources(dataset):
    panel = json.dumps(compare_panel(dataset, B, A), default=lambda c: c.to_plotly_json())
    assert "What changed between 1 Dec 2022 and 1 May 2023" in panel
    events = dataset.all_events()
    for event_id in ("E038", "E044"):  # the blockade's and the checkpoint's events
        assert f'"data-token": "event:{event_id}"' in panel
        assert events.loc[event_id, "sources"][0]["url"] in panel
    assert "Began: " in panel and "Lachin corridor blockade" in panel
    assert "/export/changes.csv?compare=2022-12-01,2023-05-01" in panel


def test_the_panels_open_with_the_changes_in_compare_mode_only(dataset):
    origin = dataset.span[0]
    value = [(A - origin).days, (B - origin).days]
    compare = render_panels(set(), value, None, None, None, dataset, mode="compare")[0]
    plain = render_panels(set(), value, None, None, None, dataset, mode="range")[0]
    assert compare[0].children.startswith("What changed between")
    assert not str(plain[0].children).startswith("What changed")
    as_json = lambda parts: json.dumps(parts, default=lambda c: c.to_plotly_json())  # noqa: E731
    assert as_json(compare[-2:]) == as_json(plain)  # and the situation on B follows


@pytest.mark.parametrize(
    ("query", "start", "end", "notice"),
    [
        ("compare=2022-12-01,2023-05-01", A, B, None),
        ("compare=2023-05-01,2022-12-01", A, B, None),  # reversed: swapped
        ("compare=2019-01-01,2023-05-01", None, B, None),  # clamped to the data
        ("compare=2023-05-01", None, None, "compare=2023-05-01"),
        ("compare=soon,later", None, None, "compare=soon,later"),
    ],
)
def test_a_compare_link_sets_the_mode_and_both_dates(dataset, query, start, end, notice):
    state = parse_query(query, dataset)
    if notice:
        assert state.mode is None and any(notice in n for n in state.notices)
        return
    assert state.mode == "compare" and not state.notices
    assert state.start == (start or dataset.span[0]) and state.end == end


def test_the_browser_marks_the_features_the_change_list_names(dataset):
    """The client's features, classified by the same status rule the browser applies
    (k.compareMarks), name the same features as ``changes_between``."""
    fig = build_map_figure(dataset, *dataset.span)
    features = client_data(dataset, fig)["features"]
    origin = dataset.span[0]
    a, b = (A - origin).days, (B - origin).days

    def status(f, day):  # the client's k.statusAt, on day offsets
        if f["from"] is not None and day < f["from"]:
            return "future"
        return "former" if f["to"] is not None and day >= f["to"] else "current"

    marked = {f["id"] for f in features if status(f, a) != status(f, b)}
    layers = {fid: row for layer in dataset.layers.values() for fid, row in layer.iterrows()}
    listed = {
        fid
        for fid, row in layers.items()
        if (row["valid_from"] or row["valid_to"])
        and layer_status(row["valid_from"], row["valid_to"], A)
        != layer_status(row["valid_from"], row["valid_to"], B)
    }
    assert marked == listed and marked
    names = {c.what for c in changes_between(dataset, A, B) if c.change == "began"}
    assert {f["name"] for f in features if f["id"] in marked} >= names
    hakari = next(f for f in features if "Hakari" in f["name"] and f["id"] in marked)
    assert 46.4 < hakari["lon"] < 46.7 and 39.4 < hakari["lat"] < 39.7
