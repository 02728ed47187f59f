"""The events' rows, written to SQLite as they are checked, then put in their final order.

An event's ``row`` is its place sorted by start day, then id, and its days count from the
span's first day: neither is known before the last event is read. So each event checked
(event_checks.py) becomes one row of a staging table, in file order, in batches, in a
staging database beside the new one (a temporary file, deleted after); once every event
is in, :meth:`StagedEvents.finish` numbers them, copies them into the events table in
row order, and derives the lookup tables from the copied rows.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from dashboard.data import ddl, schema
from dashboard.data.coding import independent_sources, report_lag
from dashboard.data.event_arrays import ShortColumns
from dashboard.data.filters import event_search_text, precision_bits

BATCH = 5_000  # events per INSERT
_FIELDS = ", ".join(f'"{name}"' for name in schema.EVENT_FIELD_NAMES)
RANKED = "SELECT seq FROM stage.rank ORDER BY row"  # seq: 1 for the first event added
_DERIVED = "flags, independent_sources, report_lag, geometry"


def _json_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)``, its C encoder made once: ~2.5 times as
    fast on the small lists and objects of an event (8 of them per event)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C accelerator
        return encode

    def unknown(value: Any) -> Any:
        return encode(value)  # raises TypeError, as json.dumps does

    # markers, default, string encoder, indent, separators, sort_keys, skipkeys, allow_nan
    escape = json.encoder.encode_basestring
    chunks = make(None, unknown, escape, None, ": ", ", ", False, False, True)
    return lambda value: "".join(chunks(value, 0))


_encode_json = _json_encoder()


def _encoder(spec: schema.Field) -> Callable[[Any], Any] | None:
    """How a field's value becomes its column's (see ddl.py): JSON text, 0/1, or as is."""
    if ddl.is_json(spec):
        return _encode_json
    return int if spec.type == "bool" else None


_ENCODERS = tuple((spec.name, _encoder(spec)) for spec in schema.EVENT_FIELDS)


def column_value(spec: schema.Field, value: Any) -> Any:
    """A field's value as its column stores it (None stays None)."""
    encode = _encoder(spec)
    return value if value is None or encode is None else encode(value)


class StagedEvents:
    """The events sink of the build (event_checks.EventSink): ``db`` is the new database,
    ``stage`` the staging file to attach to it (removed by :meth:`close`)."""

    def __init__(self, db: sqlite3.Connection, stage: Path) -> None:
        self.db, self.stage = db, stage
        self.site_names: dict[str, str] = {}
        self.batch: list[list] = []
        self.columns = ShortColumns()
        db.execute("ATTACH DATABASE ? AS stage", (str(stage),))
        db.execute("PRAGMA stage.journal_mode = OFF")
        db.execute("PRAGMA stage.synchronous = OFF")
        db.execute(
            f"CREATE TABLE stage.events (seq INTEGER PRIMARY KEY, start_ord INTEGER, "
            f"end_ord INTEGER, {_FIELDS}, {_DERIVED}, search TEXT)"
        )

    def begin(self, site_names: dict[str, str]) -> None:
        self.site_names = site_names

    def add(self, event: dict[str, Any], geometry: Any, start: date, end: date) -> None:
        event["context"] = bool(event["context"])  # absent or null: not context
        row = [start.toordinal(), end.toordinal()]
        for name, encode in _ENCODERS:
            value = event[name]
            row.append(value if value is None or encode is None else encode(value))
        self.batch.append(
            [
                *row,
                precision_bits(event),
                independent_sources(event["sources"]),
                report_lag(event["reported"], start),
                geometry,
                event_search_text(event, self.site_names),
            ]
        )
        if len(self.batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self.batch:
            return
        at = len(schema.EVENT_FIELDS) + 5  # the geometry's place in a staged row
        wkb = shapely.to_wkb(np.array([row[at] for row in self.batch], dtype=object))
        for row, geometry in zip(self.batch, wkb, strict=True):
            row[at] = geometry
        self.columns.add(self.batch)
        marks = ", ".join("?" * len(self.batch[0]))
        self.db.executemany(
            f"INSERT INTO stage.events (start_ord, end_ord, {_FIELDS}, {_DERIVED}, search) "
            f"VALUES ({marks})",
            self.batch,
        )
        self.batch = []

    def finish(self, origin: date) -> None:
        """Every event is in: number them, copy them in row order with their days counted
        from ``origin``, then their search texts, actors and figures."""
        self._flush()
        db, first = self.db, origin.toordinal()
        db.execute("CREATE TABLE stage.rank (row INTEGER PRIMARY KEY, seq INTEGER NOT NULL)")
        db.execute(
            'INSERT INTO stage.rank SELECT row_number() OVER (ORDER BY start_ord, "id") - 1, seq'
            " FROM stage.events"
        )
        order = np.fromiter((seq for (seq,) in db.execute(RANKED)), np.int64) - 1
        self.columns.write(db, order, first)
        self.columns = ShortColumns()  # its lists freed before the copy
        staged = ", ".join(f's."{name}"' for name in schema.EVENT_FIELD_NAMES)
        in_row_order = "FROM stage.rank AS r JOIN stage.events AS s ON s.seq = r.seq ORDER BY r.row"
        db.execute(
            f"INSERT INTO events (row, {_FIELDS}, start_day, end_day, {_DERIVED}) "
            f"SELECT r.row, {staged}, s.start_ord - ?, s.end_ord - ?, "
            f"s.flags, s.independent_sources, s.report_lag, s.geometry {in_row_order}",
            (first, first),
        )
        db.execute(f"INSERT INTO search_text (row, text) SELECT r.row, s.search {in_row_order}")
        db.execute(
            "INSERT OR IGNORE INTO event_actors (actor, row) SELECT a.value, e.row"
            " FROM events AS e, json_each(e.actors) AS a ORDER BY a.value, e.row"
        )
        db.execute(
            "INSERT INTO event_figures (figure, row, value) SELECT f.key, e.row, f.value"
            " FROM events AS e, json_each(e.figures) AS f ORDER BY f.key, e.row"
        )

    def close(self) -> None:
        """Detach the staging database and remove its file (also after a failure)."""
        with contextlib.suppress(sqlite3.Error):
            self.db.commit()
            self.db.execute("DETACH DATABASE stage")
        with contextlib.suppress(OSError):
            self.stage.unlink()
