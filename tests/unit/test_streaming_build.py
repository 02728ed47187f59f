"""The build streams events.geojson: the file read a feature at a time (ijson), each checked
as before and written to SQLite in batches; what it builds is what validation gives."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import ijson
import pytest
import shapely

from dashboard.data import geojson_stream, store_stage
from dashboard.data.filters import (
    event_search_text,
    precision_bits,
    precision_flags,
    site_search_names,
)
from dashboard.data.geojson_stream import read_collection
from dashboard.data.problems import Problem
from dashboard.data.store import EventDatabase
from dashboard.data.store_build import build_database
from dashboard.data.validation import DataError, validate_folder
from tests.unit.conftest import read_geojson, write_geojson


def test_the_c_backend_reads():
    """yajl2_c: the pure-Python backend would take minutes for a million events."""
    assert ijson.backend == "yajl2_c"


# -- the database streamed equals the validated frames -----------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory, bundled_dir) -> tuple[EventDatabase, object]:
    path, _ = build_database(bundled_dir, tmp_path_factory.mktemp("cache"))
    return EventDatabase(path), validate_folder(bundled_dir)


def test_rows_are_the_validated_events_in_order(built):
    store, validated = built
    events = validated.events
    origin = validated.span[0]
    rows = store.query('SELECT row, "id", start_day, end_day, geometry FROM events ORDER BY row')
    assert [r[0] for r in rows] == list(range(len(events)))
    assert [r[1] for r in rows] == list(events["id"])
    assert [origin.fromordinal(origin.toordinal() + r[2]) for r in rows] == list(events["start"])
    assert [origin.fromordinal(origin.toordinal() + r[3]) for r in rows] == list(events["end"])
    stored = [shapely.from_wkb(r[4]) if r[4] is not None else None for r in rows]
    assert all(
        (a is None and b is None) or a.equals(b)
        for a, b in zip(stored, events.geometry, strict=True)
    )


def test_every_field_is_stored_as_validated(built):
    store, validated = built
    for row, event in enumerate(validated.events.to_dict("records")):
        record = store.record(row)
        for name in record.keys() - {"start_day", "end_day"}:
            assert record[name] == event[name], (event["id"], name)


def test_derived_columns_and_lookup_tables(built):
    store, validated = built
    events = validated.events
    flags = [f for (f,) in store.query("SELECT flags FROM events ORDER BY row")]
    assert flags == precision_flags(events).tolist()
    names = site_search_names(validated.sites)
    texts = [t for (t,) in store.query("SELECT text FROM search_text ORDER BY row")]
    assert texts == [event_search_text(e, names) for e in events.to_dict("records")]
    actors = set(store.query("SELECT actor, row FROM event_actors"))
    assert actors == {(a, row) for row, acts in enumerate(events["actors"]) for a in acts}
    figures = set(store.query("SELECT figure, row, value FROM event_figures"))
    expected = {(k, row, v) for row, f in enumerate(events["figures"]) for k, v in f.items()}
    assert figures == expected
    assert store.meta["span_start"] == validated.span[0].isoformat()


def test_precision_bits_agree_with_the_frame_rule(dataset):
    events = dataset.all_events()
    assert [precision_bits(e) for e in events.to_dict("records")] == list(precision_flags(events))


def test_json_columns_are_written_as_json_dumps():
    for value in ([], {}, ['a"b', "é", "\x01"], {"k": "v", "n": [1, 2.5, None, True]}):
        assert store_stage._encode_json(value) == json.dumps(value, ensure_ascii=False)


# -- a stream with a bad feature in it ------------------------------------------------------


def test_a_bad_feature_mid_stream_is_named_and_the_rest_still_checked(data_dir, cache_dir):
    doc = read_geojson(data_dir, "events.geojson")
    middle = len(doc["features"]) // 2
    bad = doc["features"][middle]["properties"]
    bad["category"] = "not-a-category"
    later = doc["features"][-1]["properties"]
    later["date"] = "2021-02-30"
    write_geojson(data_dir, "events.geojson", doc)
    with pytest.raises(DataError) as info:
        build_database(data_dir, cache_dir)
    found = [(p.file, p.feature) for p in info.value.problems]
    assert found == [("events.geojson", bad["id"]), ("events.geojson", later["id"])]
    assert "'not-a-category' is not one of" in str(info.value)
    assert "bad date" in str(info.value) and "Traceback" not in str(info.value)
    assert not [p for p in cache_dir.iterdir() if p.name.endswith(".tmp")]


def test_a_non_feature_mid_stream_is_named_by_its_place(data_dir, cache_dir):
    doc = read_geojson(data_dir, "events.geojson")
    doc["features"].insert(5, ["not", "a", "feature"])
    write_geojson(data_dir, "events.geojson", doc)
    with pytest.raises(DataError) as info:
        build_database(data_dir, cache_dir)
    assert [str(p) for p in info.value.problems] == [
        "events.geojson, feature #6: not a GeoJSON Feature"
    ]


def test_a_file_cut_short_mid_stream_is_one_problem_with_its_line(data_dir, cache_dir):
    path = data_dir / "events.geojson"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(DataError) as info:
        build_database(data_dir, cache_dir)
    (problem,) = info.value.problems
    assert problem.file == "events.geojson" and problem.feature is None
    assert problem.reason.startswith("not valid JSON (line ")


# -- the collection's own members, wherever they are -------------------------------------


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def features_of(path: Path) -> tuple[list | None, list[Problem]]:
    problems: list[Problem] = []
    features = read_collection(path, problems)
    return (None if features is None else list(features)), problems


FEATURE = {"type": "Feature", "geometry": None, "properties": {"id": "a"}}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"features": [], "type": "FeatureCollection"}', None),
        ('{"features": [], "type": "Feature"}', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": [], "type": "x"}', "not a GeoJSON"),
        ('{"type": "FeatureCollection", "features": {"item": {}}}', "'features' is missing"),
        (
            '{"type": "FeatureCollection", "features": [], "crs": {"properties": {"name": '
            '"EPSG:3857"}}}',
            "CRS 'EPSG:3857' is not WGS84",
        ),
        (
            '{"type": "FeatureCollection", "features": [], "crs": {"properties": {"name": '
            '"EPSG:4326"}}}',
            None,
        ),
        ('{"type": "FeatureCollection", "features": [1], "features": []}', None),
    ],
    ids=["after", "wrong-type", "type-twice", "features-object", "crs-after", "crs-ok", "twice"],
)
def test_members_after_the_features_count_as_json_loads_reads_them(tmp_path, text, reason):
    path = tmp_path / "x.geojson"
    path.write_text(text, encoding="utf-8")
    features, problems = features_of(path)
    expected = json.loads(text)
    if reason is None:
        assert problems == [] and features == expected["features"]
    else:
        assert features is None and len(problems) == 1 and reason in problems[0].reason


def test_features_are_read_as_they_are_iterated(tmp_path, monkeypatch):
    """Pass 1 keeps no feature: they are read from the file when iterated (here, the file
    replaced in between gives its new features), never from a list read first."""
    path = tmp_path / "x.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [FEATURE] * 3}))
    monkeypatch.setattr(geojson_stream, "read_whole", lambda *a: pytest.fail("read whole"))
    problems: list[Problem] = []
    stream = read_collection(path, problems)
    other = {**FEATURE, "properties": {"id": "b"}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [other]}))
    assert list(stream) == [other] and problems == []


def test_only_python_json_reads_nan_then_the_whole_file_is_read(tmp_path):
    path = tmp_path / "x.geojson"
    doc = {"type": "FeatureCollection", "bbox": [float("nan")], "features": [FEATURE]}
    path.write_text(json.dumps(doc), encoding="utf-8")  # NaN: not JSON, but json reads it
    features, problems = features_of(path)
    assert problems == [] and features == [FEATURE]


def test_the_staging_file_is_removed_after_a_build(tmp_path, bundled_dir):
    cache = tmp_path / "cache"
    build_database(bundled_dir, cache)
    assert not [p for p in cache.iterdir() if ".stage" in p.name]
    with sqlite3.connect(next(cache.glob("*.sqlite3"))) as db:
        names = {n for (n,) in db.execute("SELECT name FROM sqlite_master")}
    assert not {n for n in names if "stage" in n or n == "rank"}
