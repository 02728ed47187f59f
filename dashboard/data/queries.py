"""The selections the panels make: rows between days, with precision and filter, newest
first, at a site, reporting a figure.

The day columns (``EventDays``, four small arrays the build stored, see event_arrays.py)
answer the date ranges in memory: at 100,000 events a range is ~1 ms here against
~30 ms to fetch its row numbers from SQLite. What needs the long fields (search,
whole events) and the lookups (site, actor, figure) asks the database
(:class:`dashboard.data.store.EventDatabase`). Each function answers exactly what the
pandas selection it replaces answers (``filters.events_between``, ``with_precision``,
``apply_filter``, ``newest_first``): tests/unit/test_queries.py checks them side by side.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from dashboard.data.event_arrays import EventArrays, newest_ranks
from dashboard.data.filters import PRECISION_KINDS, precision_flags
from dashboard.data.store import NO_ROWS, EventDatabase


class EventDays:
    """Each event's first and last day (offsets from ``origin``), precision bits and rank in
    newest-first order, by row; immutable."""

    def __init__(self, events: pd.DataFrame, origin: date) -> None:
        n = len(events)
        start = np.fromiter(((d - origin).days for d in events["start"]), np.int32, n)
        end = np.fromiter(((d - origin).days for d in events["end"]), np.int32, n)
        ids = events["id"].to_numpy(dtype=object)
        self._set(origin, start, end, precision_flags(events).to_numpy(dtype=np.uint8), None, ids)

    @classmethod
    def from_arrays(cls, arrays: EventArrays, origin: date) -> EventDays:
        """The days as the build stored them (event_arrays.py): no per-event Python work."""
        days = cls.__new__(cls)
        days._set(origin, arrays.start, arrays.end, arrays.flags, arrays.newest_rank, None)
        return days

    def _set(self, origin, start, end, flags, newest_rank, ids) -> None:
        self.origin = origin
        self.size = len(start)
        self.start, self.end, self.flags = start, end, flags
        if self.size and np.any(np.diff(self.start) < 0):
            raise ValueError("the events must be sorted by start date")
        self.newest_rank = newest_rank if newest_rank is not None else newest_ranks(ids, start, end)
        for array in (self.start, self.end, self.flags, self.newest_rank):
            array.flags.writeable = False

    def day(self, when: date) -> int:
        """``when`` as a day offset from the span origin."""
        return (when - self.origin).days


def hidden_bits(included: list[str] | None) -> int:
    """The precision bits of the imprecise kinds not ``included`` (None = all included)."""
    if included is None:
        return 0
    return sum(bit for kind, (bit, _) in PRECISION_KINDS.items() if kind not in included)


def precision_mask(days: EventDays, included: list[str] | None) -> np.ndarray | None:
    """Bool per row: not of a hidden imprecise kind (``filters.with_precision``); None = all."""
    hidden = hidden_bits(included)
    return None if not hidden else (days.flags & hidden) == 0


def rows_passing(
    days: EventDays,
    rows: np.ndarray,
    included: list[str] | None = None,
    kept: np.ndarray | None = None,
) -> np.ndarray:
    """The ``rows`` not hidden by precision (``included``) nor by the filter mask ``kept``."""
    precise = precision_mask(days, included)
    if precise is not None:
        rows = rows[precise[rows]]
    if kept is not None:
        rows = rows[kept[rows]]
    return rows


def rows_between(
    days: EventDays,
    first_day: int,
    last_day: int,
    included: list[str] | None = None,
    kept: np.ndarray | None = None,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """Rows overlapping days ``[first_day, last_day]`` (both inclusive, swapped if reversed),
    passing precision and filter; among ``rows`` if given (ascending), else all events."""
    if first_day > last_day:
        first_day, last_day = last_day, first_day
    if rows is None:
        # Sorted by start: only the prefix starting by last_day can overlap.
        started = int(np.searchsorted(days.start, last_day, side="right"))
        overlapping = days.end[:started] >= first_day
        precise = precision_mask(days, included)
        if precise is not None:
            overlapping &= precise[:started]
        if kept is not None:
            overlapping &= kept[:started]
        return np.flatnonzero(overlapping)
    rows = rows[(days.start[rows] <= last_day) & (days.end[rows] >= first_day)]
    return rows_passing(days, rows, included, kept)


def newest_first_rows(days: EventDays, rows: np.ndarray, limit: int | None = None) -> np.ndarray:
    """``rows`` in ``filters.newest_first`` order (start, end, id descending), the first
    ``limit``; repeated rows stay, next to each other."""
    ranks = days.newest_rank[rows]
    if limit is not None and len(rows) > 4 * limit:
        top = np.argpartition(ranks, limit)[:limit]
        return rows[top[np.argsort(ranks[top], kind="stable")]]
    return rows[np.argsort(ranks, kind="stable")][:limit]


def rows_started_by(days: EventDays, day: int) -> int:
    """How many events start on or before ``day``: they are the first rows."""
    return int(np.searchsorted(days.start, day, side="right"))


def rows_with_figure_by(store: EventDatabase, days: EventDays, key: str, day: int) -> np.ndarray:
    """The rows starting by ``day`` that report figure ``key``, ascending."""
    having = store.rows_with_figure(key)
    return having[: int(np.searchsorted(having, rows_started_by(days, day)))]


def latest_with_figure(store: EventDatabase, days: EventDays, key: str, day: int) -> int | None:
    """The last row, among those starting by ``day``, reporting figure ``key``; or None."""
    having = rows_with_figure_by(store, days, key, day)
    return int(having[-1]) if len(having) else None


def first_in_category(store: EventDatabase, days: EventDays, category: str, day: int):
    """The first row of ``category`` starting by ``day``; or None."""
    row = store.first_in_category(category)
    return row if row is not None and days.start[row] <= day else None


def rows_at_site(store: EventDatabase, site: str) -> np.ndarray:
    """The rows of the events at ``site``, ascending."""
    return store.rows_at_site(site) if site else NO_ROWS


def event_at(store: EventDatabase, days: EventDays, row: int) -> dict[str, Any]:
    """The whole event at ``row`` (what ``detail.card_row`` reads), with its ``start`` and
    ``end`` days as dates, as in the events frame."""
    event = store.record(row)
    event["start"] = days.origin + timedelta(days=event.pop("start_day"))
    event["end"] = days.origin + timedelta(days=event.pop("end_day"))
    return event
