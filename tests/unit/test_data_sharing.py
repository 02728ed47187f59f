"""load_dataset shares equal values between events (memory), and the data stays the same."""

from __future__ import annotations

import json

from dashboard.data import schema
from dashboard.data.loading import SHARED_TEXT_LENGTH, _sharing_objects, load_dataset


def test_equal_short_values_are_one_object(dataset):
    events = dataset.events
    for column in ("category", "site", "location_precision", "date_precision", "confidence"):
        by_value = {}
        for value in events[column]:
            assert by_value.setdefault(value, value) is value, column
    actors = {}
    for listed in events["actors"]:
        for actor in listed:
            assert actors.setdefault(actor, actor) is actor
    days = {}
    for day in [*events["start"], *events["end"]]:
        assert days.setdefault(day, day) is day
    roles = {}
    for sources in events["sources"]:
        for source in sources:
            role = source.get("role")
            if role is not None:
                assert roles.setdefault(role, role) is role


def test_events_at_one_point_share_the_point(dataset):
    points = {}
    shared = 0
    for geometry in dataset.events.geometry:
        if geometry is None:
            continue
        first = points.setdefault(geometry.wkb, geometry)
        assert first is geometry
        shared += first is geometry
    assert len(points) < shared  # several events per point in the bundled data


def test_loaded_events_equal_the_file(bundled_dir, dataset):
    doc = json.loads((bundled_dir / schema.EVENTS_FILE).read_text(encoding="utf-8"))
    for feature in doc["features"]:
        props = feature["properties"]
        row = dataset.events.loc[props["id"]]
        for spec in schema.EVENT_FIELDS:
            expected = props.get(spec.name)
            if spec.name == "context":
                expected = bool(expected)
            assert row[spec.name] == expected, (props["id"], spec.name)


def test_sharing_hook_parses_like_json_loads():
    long_text = "x" * (SHARED_TEXT_LENGTH + 1)
    first_object = {"a": "same", "b": ["same", "other", 1, None], "c": {"d": "same"}}
    text = (
        f"[{json.dumps({**first_object, 'e': long_text})},"
        f' {{"a": "same", "e": "{long_text}", "dup": 1, "dup": 2}}]'  # JSON allows a repeated key
    )
    shared = json.loads(text, object_pairs_hook=_sharing_objects())
    assert shared == json.loads(text) and shared[1]["dup"] == 2
    first, second = shared
    assert first["a"] is second["a"] is first["b"][0] is first["c"]["d"]
    assert first["e"] == second["e"] and first["e"] is not second["e"]  # long text: not kept


def test_an_invalid_point_is_reported_for_every_event_at_it(data_dir, edit, problems_of):
    ids = []

    def move_two_events_outside(doc):
        moved = 0
        for feature in doc["features"]:
            if feature["geometry"] is not None and moved < 2:
                feature["geometry"] = {"type": "Point", "coordinates": [10.0, 10.0]}
                ids.append(feature["properties"]["id"])
                moved += 1

    edit(data_dir, schema.EVENTS_FILE, move_two_events_outside)
    reported = {p.feature for p in problems_of(data_dir) if "outside the region" in p.reason}
    assert reported >= set(ids) and len(ids) == 2


def test_loading_twice_gives_equal_data(bundled_dir, dataset):
    again = load_dataset(bundled_dir)
    assert again.events.drop(columns="geometry").equals(dataset.events.drop(columns="geometry"))
    assert list(again.events.geometry.to_wkb()) == list(dataset.events.geometry.to_wkb())
