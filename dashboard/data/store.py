"""The events' SQLite database, opened read-only: search, filters and whole events.

Every process opens the file read-only (``mode=ro``), one connection per thread, and
never uses a connection made before a fork (gunicorn loads the app, then forks its
workers): the workers share the file through the page cache. A *row* is an event's
position in ``Dataset.events`` (sorted by start day, then id), the ``row`` column.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from dashboard.data import ddl, schema
from dashboard.data.filters import EventFilter

FILTER_CACHE_SIZE = 16  # filter masks kept per worker (one bool per event each)
RECORD_CACHE_SIZE = 512  # whole events kept: a resting slider reads the same ones again
SHORTEST_INDEXED_TERM = 3  # the trigram index finds terms of three characters or more
NO_ROWS = np.zeros(0, dtype=np.int64)
EVENT_COLUMNS = (*schema.EVENT_FIELD_NAMES, "start_day", "end_day")
CLAIMANTS_SQL = "SELECT value, count(*) FROM events, json_each(events.claimed_by) GROUP BY value"
_JSON_FIELDS = {spec.name for spec in schema.EVENT_FIELDS if ddl.is_json(spec)}
_BOOL_FIELDS = {spec.name for spec in schema.EVENT_FIELDS if spec.type == "bool"}


def decode(name: str, value: Any) -> Any:
    """A stored event value as the GeoJSON gave it (JSON text -> lists and dicts)."""
    if value is None:
        return None
    if name in _JSON_FIELDS:
        return json.loads(value)
    return bool(value) if name in _BOOL_FIELDS else value


def phrase(term: str) -> str:
    """``term`` as an FTS5 phrase: a substring match, whatever characters it holds."""
    return '"' + term.replace('"', '""') + '"'


def trigrams(term: str, most: int = 8) -> list[str]:
    """Up to ``most`` of the term's three-character pieces, spread over it: an event whose
    text holds the term holds them all (the index keeps no positions, so no phrase of two
    pieces can be asked for; ``instr`` then checks the whole term)."""
    pieces = [term[at : at + 3] for at in range(len(term) - 2)]
    if len(pieces) <= most:
        return pieces
    step = (len(pieces) - 1) / (most - 1)
    return [pieces[round(i * step)] for i in range(most)]


class EventDatabase:
    """One database file, read-only; safe to share between threads and across a fork."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._uri = f"{self.path.resolve().as_uri()}?mode=ro"
        self._local = threading.local()
        self._abandoned: list[sqlite3.Connection] = []  # made before a fork: never used again
        self._lock = threading.Lock()
        self.meta = dict(self.query("SELECT key, value FROM meta"))
        self.size = self.query("SELECT count(*) FROM events")[0][0]
        self.known_actors = frozenset(
            actor for (actor,) in self.query("SELECT DISTINCT actor FROM event_actors")
        )
        # Per instance, so that each database keeps its own (and is freed with it).
        self.filter_mask = lru_cache(FILTER_CACHE_SIZE)(self._filter_mask)
        self._record = lru_cache(RECORD_CACHE_SIZE)(self._read_record)
        self.rows_at_site = lru_cache(1024)(self._rows_at_site)
        self.rows_with_figure = lru_cache(64)(self._rows_with_figure)
        self._derived: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per database: tables the views derive from the data."""
        with self._lock:
            if key not in self._derived:
                self._derived[key] = compute()
            return self._derived[key]

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened in this process."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            stale = getattr(local, "connection", None)
            if stale is not None:
                with self._lock:  # closing it could disturb the parent's use of the file
                    self._abandoned.append(stale)
            local.connection = sqlite3.connect(self._uri, uri=True, check_same_thread=True)
            local.connection.execute("PRAGMA query_only = 1")
            local.pid = os.getpid()
        return local.connection

    def query(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        return self.connection().execute(sql, params).fetchall()

    # -- whole events -------------------------------------------------------------------

    def _read_record(self, row: int) -> dict[str, Any]:
        names = ", ".join(f'"{name}"' for name in EVENT_COLUMNS)
        found = self.query(f"SELECT {names} FROM events WHERE row = ?", (row,))
        if not found:
            raise IndexError(f"row {row} is not in a database of {self.size} events")
        return {
            name: decode(name, value) for name, value in zip(EVENT_COLUMNS, found[0], strict=True)
        }

    def record(self, row: int) -> dict[str, Any]:
        """The event at ``row``, every field, plus ``start_day``/``end_day``: a new dict each
        call (its lists and dicts are shared with the cache: read them, do not change them)."""
        return dict(self._record(int(row)))

    def records_between(self, first_day: int, last_day: int, hidden: int = 0):
        """Every event overlapping days ``[first_day, last_day]`` with none of the precision
        bits ``hidden``, in row order, with its geometry (shapely): for the exports."""
        names = ", ".join(f'"{name}"' for name in EVENT_COLUMNS)
        cursor = self.connection().execute(
            f"SELECT row, {names}, geometry FROM events WHERE start_day <= ? AND end_day >= ?"
            " AND (flags & ?) = 0 ORDER BY row",
            (last_day, first_day, hidden),
        )
        for row, *values, geometry in cursor:
            event = {name: decode(name, v) for name, v in zip(EVENT_COLUMNS, values, strict=True)}
            event["geometry"] = shapely.from_wkb(geometry) if geometry is not None else None
            yield row, event

    def row_of(self, event_id: str) -> int | None:
        found = self.query('SELECT row FROM events WHERE "id" = ?', (event_id,))
        return found[0][0] if found else None

    # -- selections -----------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple | list = ()) -> np.ndarray:
        rows = np.fromiter((r for (r,) in self.connection().execute(sql, params)), np.int64)
        return rows

    def _rows_at_site(self, site: str) -> np.ndarray:
        """The rows of the events at ``site``, ascending (read-only)."""
        rows = self._rows('SELECT row FROM events WHERE "site" = ? ORDER BY row', (site,))
        rows.flags.writeable = False
        return rows

    def _rows_with_figure(self, key: str) -> np.ndarray:
        """The rows of the events reporting figure ``key``, ascending (read-only)."""
        rows = self._rows("SELECT row FROM event_figures WHERE figure = ? ORDER BY row", (key,))
        rows.flags.writeable = False
        return rows

    def first_in_category(self, category: str) -> int | None:
        found = self.query('SELECT min(row) FROM events WHERE "category" = ?', (category,))
        return found[0][0]

    def _filter_mask(self, chosen: EventFilter) -> np.ndarray | None:
        """Bool per row: passes ``chosen`` (as ``filters.apply_filter``); None = no filter.

        Every search term must be a substring of the event's search text: the trigram
        index (terms of three characters or more) finds the candidates, ``instr`` checks
        each term in each candidate's text (the index keeps no positions: a third smaller).
        """
        if not chosen.active:
            return None
        where, params = [], []
        for column, values in (("category", chosen.categories), ("confidence", chosen.confidence)):
            if values:
                where.append(f'"{column}" IN ({", ".join("?" * len(values))})')
                params += values
        if chosen.claimed_by:
            marks = ", ".join("?" * len(chosen.claimed_by))
            where.append(f"EXISTS (SELECT 1 FROM json_each(claimed_by) WHERE value IN ({marks}))")
            params += chosen.claimed_by
        if chosen.corroborated:
            where.append("independent_sources >= ?")
            params.append(schema.CORROBORATED_SOURCES)
        if chosen.reported_within is not None:
            where.append("report_lag IS NOT NULL AND report_lag <= ?")
            params.append(chosen.reported_within)
        if chosen.actors:
            marks = ", ".join("?" * len(chosen.actors))
            where.append(f"row IN (SELECT row FROM event_actors WHERE actor IN ({marks}))")
            params += chosen.actors
        terms = chosen.text.casefold().split()
        indexed = [t for t in terms if len(t) >= SHORTEST_INDEXED_TERM]
        if indexed:
            where.append("row IN (SELECT rowid FROM search WHERE search MATCH ?)")
            params.append(" AND ".join(phrase(t) for term in indexed for t in trigrams(term)))
        for term in terms:  # the index (no positions kept) narrows; instr decides
            where.append("instr((SELECT text FROM search_text s WHERE s.row = events.row), ?)")
            params.append(term)
        mask = np.zeros(self.size, dtype=bool)
        mask[self._rows(f"SELECT row FROM events WHERE {' AND '.join(where)}", params)] = True
        mask.flags.writeable = False
        return mask

    def claimant_counts(self) -> dict[str, int]:
        """Events per claimant code (``claimed_by``), for the filter's labels."""
        # counted by the build (event_arrays.py): a scan of every event's list otherwise
        sql = "SELECT data FROM event_arrays WHERE name = 'claimants'"
        return self.memo("claimants", lambda: json.loads(self.query(sql)[0][0]))

    def search_text(self, row: int) -> str:
        """The event's searchable text (``filters.event_search_text``), for tests and tools."""
        return self.query("SELECT text FROM search_text WHERE row = ?", (int(row),))[0][0]
