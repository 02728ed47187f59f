"""The events' short columns as whole arrays: written once by the build, read at start.

Reading the short columns row by row from the events table costs ~4 s at a million
events (most of it sqlite3 making a tuple per row) and EventDays another second. So the
build stores them column-wise in ``event_arrays``: each short column as its distinct
stored values (JSON) and a small-integer code per row (a numpy BLOB), the days, the
precision bits and the newest-first ranks as integer BLOBs, the ids as one JSON list, and
the claimants' event counts. Start-up decodes each distinct value once and builds the
frame with ``numpy.take`` (tests/unit/test_event_arrays.py checks it against the frame
read row by row).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from dashboard.data import schema
from dashboard.data.store import CLAIMANTS_SQL, EventDatabase, decode

JSON = "json"  # the kind of a row holding JSON text; the other kinds are numpy dtypes
CODED = tuple(name for name in schema.EVENT_COLUMN_FIELDS if name != "id")
_DAYS = ("start_day", "end_day")


def newest_ranks(ids: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Each row's rank in newest-first order (start, end, id all descending), int32, so
    that a subset's newest-first order is a sort of small ints."""
    n = len(ids)
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[np.argsort(ids, kind="stable")] = np.arange(n)
    oldest_first = np.lexsort((id_rank, end, start))
    ranks = np.empty(n, dtype=np.int32)
    ranks[oldest_first[::-1]] = np.arange(n, dtype=np.int32)
    return ranks


def _codes_dtype(distinct: int) -> np.dtype:
    return np.dtype(np.uint8 if distinct <= 256 else np.uint16 if distinct <= 65536 else np.int32)


def write_event_arrays(db: sqlite3.Connection) -> None:
    """Store the short columns of the events table (filled, in row order) column-wise."""
    names = ", ".join(f'"{name}"' for name in (*schema.EVENT_COLUMN_FIELDS, *_DAYS, "flags"))
    ids: list[str] = []
    codes: dict[str, list[int]] = {name: [] for name in CODED}
    seen: dict[str, dict[Any, int]] = {name: {} for name in CODED}
    days: tuple[list[int], list[int]] = ([], [])
    flags: list[int] = []
    at_id = schema.EVENT_COLUMN_FIELDS.index("id")
    coded = [(schema.EVENT_COLUMN_FIELDS.index(n), seen[n], codes[n].append) for n in CODED]
    for record in db.execute(f"SELECT {names} FROM events ORDER BY row"):
        ids.append(record[at_id])
        for at, known, append in coded:
            value = record[at]
            code = known.get(value)
            if code is None:
                code = known[value] = len(known)
            append(code)
        days[0].append(record[-3])
        days[1].append(record[-2])
        flags.append(record[-1])
    start, end = (np.asarray(d, dtype=np.int32) for d in days)
    rows: list[tuple[str, str, Any]] = [("id", JSON, json.dumps(ids, ensure_ascii=False))]
    for name in CODED:
        dtype = _codes_dtype(len(seen[name]))
        rows.append((f"{name}.values", JSON, json.dumps(list(seen[name]), ensure_ascii=False)))
        rows.append((name, dtype.str, np.asarray(codes[name], dtype=dtype).tobytes()))
    ranks = newest_ranks(np.asarray(ids, dtype=object), start, end)
    rows += [
        ("start_day", start.dtype.str, start.tobytes()),
        ("end_day", end.dtype.str, end.tobytes()),
        ("flags", np.dtype(np.uint8).str, np.asarray(flags, dtype=np.uint8).tobytes()),
        ("newest_rank", ranks.dtype.str, ranks.tobytes()),
        ("claimants", JSON, json.dumps(dict(db.execute(CLAIMANTS_SQL).fetchall()))),
    ]
    db.executemany("INSERT INTO event_arrays (name, kind, data) VALUES (?, ?, ?)", rows)


@dataclass(frozen=True)
class EventArrays:
    """What :func:`write_event_arrays` stored, read back (the arrays read-only)."""

    ids: list[str]
    values: dict[str, list[Any]]  # per coded column, its distinct stored values
    codes: dict[str, np.ndarray]  # per coded column, each row's index into its values
    start: np.ndarray  # int32 day offsets from the span's first day
    end: np.ndarray
    flags: np.ndarray  # uint8 precision bits (filters.precision_flags)
    newest_rank: np.ndarray  # int32 (newest_ranks)


def read_event_arrays(store: EventDatabase) -> EventArrays:
    found = {}
    for name, kind, data in store.query("SELECT name, kind, data FROM event_arrays"):
        if kind == JSON:
            found[name] = json.loads(data)
        else:
            found[name] = np.frombuffer(data, dtype=np.dtype(kind))  # read-only
    return EventArrays(
        ids=found["id"],
        values={name: found[f"{name}.values"] for name in CODED},
        codes={name: found[name] for name in CODED},
        start=found["start_day"],
        end=found["end_day"],
        flags=found["flags"],
        newest_rank=found["newest_rank"],
    )


def events_frame(arrays: EventArrays, origin: date) -> pd.DataFrame:
    """The events frame (see loading.Dataset) from the stored arrays: equal values are one
    object, decoded once (the events repeat a few categories, sites, days and actor lists
    a million times)."""
    one: dict[Any, Any] = {}
    columns: dict[str, pd.Series] = {}
    ids = np.empty(len(arrays.ids), dtype=object)
    ids[:] = arrays.ids
    for name in schema.EVENT_COLUMN_FIELDS:
        if name == "id":
            columns[name] = pd.Series(ids, dtype=object, copy=False)
            continue
        decoded = np.empty(len(arrays.values[name]), dtype=object)
        for at, value in enumerate(arrays.values[name]):
            key = ("actors", value) if name == "actors" else value
            if key not in one:
                one[key] = decode(name, value)
            decoded[at] = one[key]
        columns[name] = pd.Series(decoded.take(arrays.codes[name]), dtype=object, copy=False)
    first = int(min(arrays.start.min(), arrays.end.min())) if len(ids) else 0
    last = int(max(arrays.start.max(), arrays.end.max())) if len(ids) else -1
    dates = np.empty(last - first + 1, dtype=object)
    dates[:] = [origin + timedelta(days=day) for day in range(first, last + 1)]
    for name, day in (("start", arrays.start), ("end", arrays.end)):
        columns[name] = pd.Series(dates.take(day.astype(np.int64) - first), dtype=object)
    frame = pd.DataFrame(columns)
    frame["context"] = frame["context"].astype(bool)
    frame.index = pd.Index(ids, dtype=object)
    return frame
