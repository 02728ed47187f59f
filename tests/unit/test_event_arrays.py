"""The events' short columns stored whole by the build (event_arrays.py) give the same
frame, day columns and claimant counts as reading the events table row by row; and a
database built before they were stored is never opened, but built again."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dashboard.data import ddl, event_arrays, schema, store_build
from dashboard.data.loading import Dataset, load_dataset
from dashboard.data.queries import EventDays
from dashboard.data.store import CLAIMANTS_SQL, EventDatabase, decode
from tests.unit.test_queries import _generator, _shuffle_and_enrich


def events_by_rows(store: EventDatabase, origin: date) -> pd.DataFrame:
    """The frame as the loader read it before the arrays were stored: row by row, each
    distinct stored value decoded once (the reference)."""
    names = schema.EVENT_COLUMN_FIELDS
    columns = ", ".join(f'"{name}"' for name in names)
    found = store.query(f"SELECT {columns}, start_day, end_day FROM events ORDER BY row")
    one: dict[Any, Any] = {}
    days: dict[int, date] = {}
    values: dict[str, list] = {name: [] for name in (*names, "start", "end")}
    for record in found:
        for at, name in enumerate(names):
            value = record[at]
            if name != "id":
                key = ("actors", value) if name == "actors" else value
                if key not in one:
                    one[key] = decode(name, value)
                value = one[key]
            values[name].append(value)
        for name, day in (("start", record[-2]), ("end", record[-1])):
            values[name].append(days.setdefault(day, origin + timedelta(days=day)))
    frame = pd.DataFrame({name: pd.Series(v, dtype=object) for name, v in values.items()})
    frame["context"] = frame["context"].astype(bool)
    frame.index = pd.Index(values["id"], dtype=object)
    return frame


@pytest.fixture(scope="module")
def generated(tmp_path_factory, bundled_dir) -> Dataset:
    folder = tmp_path_factory.mktemp("arrays")
    _generator().generate(600, folder, seed=11, source=bundled_dir)
    _shuffle_and_enrich(folder, seed=11)
    return load_dataset(folder, tmp_path_factory.mktemp("arrays-cache"))


@pytest.fixture(params=["bundled", "generated"])
def data(request) -> Dataset:
    return request.getfixturevalue("dataset" if request.param == "bundled" else "generated")


def test_the_frame_equals_the_one_read_row_by_row(data):
    reference = events_by_rows(data.store, data.span[0])
    pd.testing.assert_frame_equal(data.events, reference, check_exact=True)
    assert list(data.events.columns) == [*schema.EVENT_COLUMN_FIELDS, "start", "end"]
    assert data.events.index.tolist() == data.events["id"].tolist()
    assert data.events["context"].dtype == bool
    assert all(data.events[name].dtype == object for name in data.events if name != "context")


def test_equal_values_are_one_object(data):
    events = data.events
    for name in ("actors", "category", "site", "start", "end"):
        stored = {json.dumps(v, sort_keys=True, default=str) for v in events[name]}
        assert len({id(v) for v in events[name]}) == len(stored), name
    # a day both starting and ending events is one date object in both columns
    starts = {d: id(d) for d in events["start"]}
    assert all(starts.get(d, id(d)) == id(d) for d in events["end"])


def test_the_day_columns_equal_those_computed_from_the_frame(data):
    stored, computed = data.days, EventDays(data.events, data.span[0])
    for name in ("start", "end", "flags", "newest_rank"):
        np.testing.assert_array_equal(getattr(stored, name), getattr(computed, name), name)
        assert not getattr(stored, name).flags.writeable
    assert stored.size == computed.size == len(data.events)


def test_the_claimant_counts_are_the_tables(data):
    assert data.store.claimant_counts() == dict(data.store.query(CLAIMANTS_SQL))
    assert sum(data.store.claimant_counts().values()) > 0


def test_codes_take_the_smallest_integers():
    assert event_arrays._codes_dtype(256) == np.uint8
    assert event_arrays._codes_dtype(257) == np.uint16
    assert event_arrays._codes_dtype(70_000) == np.int32


def test_a_database_without_the_arrays_is_built_again(data_dir, tmp_path, monkeypatch):
    """A database of the previous format (no event_arrays table) has another name: the
    current code builds its own instead of misreading the old one."""
    cache = tmp_path / "cache"
    current = ddl.statements()
    with monkeypatch.context() as old:
        old.setattr(ddl, "FORMAT", 3)
        old.setattr(ddl, "statements", lambda: [s for s in current if "event_arrays" not in s])
        old.setattr(event_arrays.ShortColumns, "write", lambda *args: None)
        previous, _ = store_build.ensure_database(data_dir, cache)
    assert not EventDatabase(previous).query(
        "SELECT 1 FROM sqlite_master WHERE name = 'event_arrays'"
    )
    dataset = load_dataset(data_dir, cache)
    assert dataset.store.path != previous
    assert not previous.exists()  # pruned: the folder's older database
    assert len(dataset.events) == dataset.store.size > 0


def test_no_events_give_an_empty_frame(tmp_path: Path):
    """The arrays of an empty table read back as an empty frame of the same columns."""
    import sqlite3

    db = sqlite3.connect(tmp_path / "empty.sqlite3")
    for statement in ddl.statements():
        db.execute(statement)
    event_arrays.ShortColumns().write(db, np.zeros(0, dtype=np.int64), 738000)
    db.execute("INSERT INTO meta VALUES ('x', 'y')")
    db.commit()
    db.close()
    arrays = event_arrays.read_event_arrays(EventDatabase(tmp_path / "empty.sqlite3"))
    frame = event_arrays.events_frame(arrays, date(2020, 11, 10))
    assert list(frame.columns) == [*schema.EVENT_COLUMN_FIELDS, "start", "end"]
    assert len(frame) == 0
    assert len(EventDays.from_arrays(arrays, date(2020, 11, 10)).newest_rank) == 0


def test_trimming_the_heap_is_skipped_where_there_is_no_malloc_trim(monkeypatch):
    """musl and macOS have no malloc_trim: the app still starts."""
    import ctypes

    from dashboard.web import serving

    class NoTrim:
        def __init__(self, name):
            pass

    monkeypatch.setattr(ctypes, "CDLL", NoTrim)
    serving.release_free_memory()  # AttributeError caught: nothing to do
    monkeypatch.setattr(ctypes, "CDLL", lambda name: (_ for _ in ()).throw(OSError("none")))
    serving.release_free_memory()
