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
from array import array
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from dashboard.data import schema
from dashboard.data.store import EventDatabase, decode

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


class _Coder(dict):
    """Value -> its code, a new value getting the next one: ``map(coder.__getitem__, ...)``
    codes a batch without a Python-level loop."""

    def __missing__(self, value: Any) -> int:
        code = self[value] = len(self)
        return code


class ShortColumns:
    """The build's side: each staged batch's short columns, coded as they pass (a million
    events' strings are not kept), then written in row order (:meth:`write`).

    A staged row (store_stage.py) holds the start and end ordinals, every field of
    ``schema.EVENT_FIELDS`` as its column stores it, then the precision bits."""

    def __init__(self) -> None:
        at = {name: 2 + n for n, name in enumerate(schema.EVENT_FIELD_NAMES)}
        self.ids: list[str] = []
        self.seen = {name: _Coder() for name in (*CODED, "claimed_by")}
        self.codes = {name: array("i") for name in self.seen}
        self.days = (array("i"), array("i"))
        self.flags = array("B")
        self._id = itemgetter(at["id"])
        self._columns = [(itemgetter(at[name]), name) for name in self.seen]
        self._flags = itemgetter(2 + len(schema.EVENT_FIELDS))

    def add(self, batch: list[list]) -> None:
        self.ids.extend(map(self._id, batch))
        for value_of, name in self._columns:
            self.codes[name].extend(map(self.seen[name].__getitem__, map(value_of, batch)))
        self.days[0].extend(map(itemgetter(0), batch))
        self.days[1].extend(map(itemgetter(1), batch))
        self.flags.extend(map(self._flags, batch))

    def claimants(self) -> dict[str, int]:
        """Events per claimant code, as CLAIMANTS_SQL counts them."""
        lists = np.bincount(np.frombuffer(self.codes["claimed_by"], np.int32))
        counts: Counter[str] = Counter()
        for text, code in self.seen["claimed_by"].items():
            for claimant in json.loads(text) if text is not None else ():
                counts[claimant] += int(lists[code])
        return dict(counts)

    def write(self, db: sqlite3.Connection, order: np.ndarray, first: int) -> None:
        """Store the columns, ``order`` giving each row's staged event (0 = the first
        added) and ``first`` the ordinal of day 0."""
        ids = np.asarray(self.ids, dtype=object)[order].tolist()
        start, end = (
            (np.frombuffer(d, np.int32)[order] - first).astype(np.int32) for d in self.days
        )
        # The rows are sorted by start day, then id (store_stage.py), so among equal start
        # and end days the row order is the id order: no sort of the ids is needed.
        oldest_first = np.lexsort((end, start))
        ranks = np.empty(len(ids), dtype=np.int32)
        ranks[oldest_first[::-1]] = np.arange(len(ids), dtype=np.int32)
        flags = np.frombuffer(self.flags, np.uint8)[order]
        rows: list[tuple[str, str, Any]] = [("id", JSON, json.dumps(ids, ensure_ascii=False))]
        for name in CODED:
            dtype = _codes_dtype(len(self.seen[name]))
            codes = np.frombuffer(self.codes[name], np.int32)[order].astype(dtype)
            rows.append(
                (f"{name}.values", JSON, json.dumps(list(self.seen[name]), ensure_ascii=False))
            )
            rows.append((name, dtype.str, codes.tobytes()))
        rows += [
            ("start_day", start.dtype.str, start.tobytes()),
            ("end_day", end.dtype.str, end.tobytes()),
            ("flags", flags.dtype.str, flags.tobytes()),
            ("newest_rank", ranks.dtype.str, ranks.tobytes()),
            ("claimants", JSON, json.dumps(self.claimants(), ensure_ascii=False)),
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
    a million times).

    The object columns are taken straight into the one 2-D block pandas keeps them in
    (rows of ``block``), not built apart and then copied together: at a million events
    that copy is 80 MB more at its peak, which stays resident as a fragmented heap."""
    names = [*schema.EVENT_COLUMN_FIELDS, "start", "end"]
    objects = [name for name in names if name != "context"]
    size = len(arrays.ids)
    block = np.empty((len(objects), size), dtype=object)
    block[objects.index("id")] = arrays.ids
    one: dict[Any, Any] = {}
    decoded: dict[str, np.ndarray] = {}
    for name in CODED:
        decoded[name] = np.empty(len(arrays.values[name]), dtype=object)
        for at, value in enumerate(arrays.values[name]):
            key = ("actors", value) if name == "actors" else value
            if key not in one:
                one[key] = decode(name, value)
            decoded[name][at] = one[key]
    for name in CODED:
        if name != "context":
            np.take(decoded[name], arrays.codes[name], out=block[objects.index(name)])
    first = int(min(arrays.start.min(), arrays.end.min())) if size else 0
    last = int(max(arrays.start.max(), arrays.end.max())) if size else -1
    dates = np.empty(last - first + 1, dtype=object)
    dates[:] = [origin + timedelta(days=day) for day in range(first, last + 1)]
    for name, day in (("start", arrays.start), ("end", arrays.end)):
        np.take(dates, day - np.int32(first), out=block[objects.index(name)])
    frame = pd.DataFrame(block.T, columns=objects, dtype=object, copy=False)
    context = decoded["context"].take(arrays.codes["context"]).astype(bool)
    frame.insert(names.index("context"), "context", context)
    frame.index = pd.Index(block[objects.index("id")], dtype=object, copy=True)
    return frame
