"""Integer columns and lookups over the events, built once at load (issue #6).

A callback asks this index which rows it needs — numpy masks and ``searchsorted``
on int32 day offsets, precision bits, category/actor/site row lists, the packed
search text — and then reads only the rows it renders (at most ``LIST_LIMIT`` or
``DETAIL_LIMIT``) with :meth:`EventIndex.row`, which unpacks their long fields from
the event store, never a copy of the 19-column events frame.

A *row* here is a position in ``Dataset.events`` (which ``load_dataset`` sorts by
start day, then id); a *day* is an offset in days from the data's span origin.
Every function answers exactly what the pandas selection it replaces answers
(``filters.events_between``, ``with_precision``, ``apply_filter``,
``newest_first``): tests/unit/test_event_index.py checks them side by side.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from dashboard.data.event_store import ROW_DTYPE, rows_by_member
from dashboard.data.filters import PRECISION_KINDS, EventFilter
from dashboard.data.schema import EVENT_FIELD_NAMES
from dashboard.data.stored_column import StoredColumn, store_events, stored_rows

FILTER_CACHE_SIZE = 16  # distinct filters remembered per worker (one bool per event each)
# Rows remembered unpacked: a resting slider re-renders the chronology's first hundred
# rows and the situation's sourced facts, mostly the rows the previous request read.
ROW_CACHE_SIZE = 512
NO_ROWS = np.zeros(0, dtype=np.int64)
# The event fields a rendered row carries (everything but the geometry, which the
# panels take from the site).
ROW_FIELDS = (*EVENT_FIELD_NAMES, "start", "end")


def _rows_by_value(values: Iterable[Any]) -> dict[Any, np.ndarray]:
    """Each value -> the rows holding it, ascending."""
    codes, uniques = pd.factorize(pd.Series(list(values), dtype=object), sort=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    return {
        value: order[bounds[i] : bounds[i + 1]].astype(ROW_DTYPE)
        for i, value in enumerate(uniques.tolist())
    }


def _aligned_texts(search_text: pd.Series | None, labels: pd.Index) -> list[str]:
    """The searchable text of each row, in row order (as ``apply_filter`` aligns it)."""
    if search_text is None:
        return [""] * len(labels)
    if not search_text.index.equals(labels):
        search_text = search_text.reindex(labels)
    return search_text.tolist()


def _members_at(table: dict[Any, np.ndarray], rows: np.ndarray | None) -> dict[Any, np.ndarray]:
    """A store's member -> store rows table as member -> frame rows (``rows``: the store row
    of each frame row; None when they are the same)."""
    if rows is None:
        return table
    found = {}
    for member, having in table.items():
        at = np.flatnonzero(np.isin(rows, having))
        if len(at):
            found[member] = at.astype(ROW_DTYPE)
    return found


def precision_bits(location_precision: np.ndarray, date_precision: np.ndarray) -> np.ndarray:
    """The ``filters.precision_flags`` bits of each event, as uint8."""
    bits = PRECISION_KINDS
    flags = (location_precision == "approximate") * bits["approximate"][0]
    flags = flags + (location_precision == "region") * bits["region"][0]
    flags = flags + (date_precision != "day") * bits["coarse"][0]
    return flags.astype(np.uint8)


class EventIndex:
    """What the callbacks need to know about the events, as compact arrays.

    Built by :func:`build_index` from the loaded frame, which it keeps (no copy), and
    the event store behind its stored columns. Immutable after construction apart
    from a small, locked cache of filter masks.
    """

    def __init__(
        self,
        events: pd.DataFrame,
        origin: date,
        search_text: pd.Series | None = None,
    ) -> None:
        if stored_rows(events) is None:  # a frame built by hand: store its long fields now
            events = store_events(events, _aligned_texts(search_text, events.index))
        store, store_rows = stored_rows(events)
        n = len(events)
        self.events = events
        self.origin = origin
        self.size = n
        self.start = np.fromiter(
            ((d - origin).days for d in events["start"]), dtype=np.int32, count=n
        )
        self.end = np.fromiter(((d - origin).days for d in events["end"]), dtype=np.int32, count=n)
        if n and np.any(np.diff(self.start) < 0):
            raise ValueError("the events must be sorted by start date")
        self.flags = precision_bits(
            events["location_precision"].to_numpy(dtype=object),
            events["date_precision"].to_numpy(dtype=object),
        )
        ids = events["id"].to_numpy(dtype=object)
        # Rank of each row in newest-first order (start, end, id all descending), so a
        # subset's newest-first order is a sort of small ints.
        id_rank = np.empty(n, dtype=np.int64)
        id_rank[np.argsort(ids, kind="stable")] = np.arange(n)
        oldest_first = np.lexsort((id_rank, self.end, self.start))
        self.newest_rank = np.empty(n, dtype=np.int32)
        self.newest_rank[oldest_first[::-1]] = np.arange(n, dtype=np.int32)
        self.rows_at_site = _rows_by_value(events["site"])
        self.rows_in_category = _rows_by_value(events["category"])
        self.rows_with_confidence = _rows_by_value(events["confidence"])
        self.rows_with_actor = rows_by_member(events["actors"])
        whole = n == store.size and np.array_equal(store_rows, np.arange(n))
        self._store = store
        self._store_rows = store_rows
        # The search runs over store rows: ascending and distinct, as a whole store is.
        self._rows_are_store_rows = whole
        self.rows_with_figure = _members_at(
            store.members.get("figures", {}), None if whole else store_rows
        )
        self.known_actors = frozenset(self.rows_with_actor)
        # Each field by row: arrays of the frame's own columns, and the stored columns
        # (``StoredColumn``, which unpack the one value asked for).
        self.columns = {name: _column(events, name) for name in ROW_FIELDS}
        self._stored_fields = frozenset(store.fields)
        self._position = events.index
        if n:
            self.position(ids[0])  # builds the id hash table now, not on a request
        self._search = store.search
        self._filter_cache: OrderedDict[EventFilter, np.ndarray] = OrderedDict()
        self._row_cache: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._memo: dict[str, Any] = {}
        self._lock = threading.Lock()

    # -- single rows ------------------------------------------------------------------------

    def day(self, when: date) -> int:
        """``when`` as a day offset from the span origin."""
        return (when - self.origin).days

    def position(self, event_id: str) -> int | None:
        """The row of ``event_id``, or None if there is no such event."""
        try:
            found = self._position.get_loc(event_id)
        except (KeyError, TypeError):
            return None
        return found if isinstance(found, int) else None

    def row(self, position: int) -> dict[str, Any]:
        """The event at ``position`` as a mapping of its fields (what ``detail.card_row`` reads);
        its long fields are unpacked from the event store (its block, ~0.03 ms, once).

        A new dict each call (the nested lists and dicts are shared: read them, do not
        change them); the last ``ROW_CACHE_SIZE`` rows read are kept unpacked.
        """
        position = int(position)
        with self._lock:
            cached = self._row_cache.get(position)
            if cached is not None:
                self._row_cache.move_to_end(position)
                return dict(cached)
        if not -self.size <= position < self.size:
            raise IndexError(f"row {position} is not in an index of {self.size} events")
        position %= self.size or 1
        stored = self._store.record(int(self._store_rows[position]))
        unpacked = {
            name: stored[name]
            if name in self._stored_fields
            else _python(self.columns[name][position])
            for name in ROW_FIELDS
        }
        with self._lock:
            self._row_cache[position] = unpacked
            while len(self._row_cache) > ROW_CACHE_SIZE:
                self._row_cache.popitem(last=False)
        return dict(unpacked)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per index (for derived tables the index cannot build itself)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

    # -- filter masks -----------------------------------------------------------------------

    def filter_mask(self, chosen: EventFilter) -> np.ndarray | None:
        """Bool per row: passes ``chosen`` (as ``filters.apply_filter``); None = no filter.

        Cached per filter: a filter change asks for the same mask from the filter
        callback, the chronology and the detail panel.
        """
        if not chosen.active:
            return None
        with self._lock:
            cached = self._filter_cache.get(chosen)
            if cached is not None:
                self._filter_cache.move_to_end(chosen)
                return cached
        mask = self._compute_filter_mask(chosen, self._narrowest_cached_superset(chosen))
        mask.flags.writeable = False
        with self._lock:
            self._filter_cache[chosen] = mask
            while len(self._filter_cache) > FILTER_CACHE_SIZE:
                self._filter_cache.popitem(last=False)
        return mask

    def _rows_of_any(self, table: dict[str, np.ndarray], values: Iterable[str]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        for value in values:
            mask[table.get(value, NO_ROWS)] = True
        return mask

    def _narrowest_cached_superset(self, chosen: EventFilter) -> np.ndarray | None:
        """The smallest cached mask that holds every event ``chosen`` can pass (typing
        "corr" then "corridor" scans only the rows that matched "corr"); None if none."""
        with self._lock:
            cached = list(self._filter_cache.items())
        wider = [mask for other, mask in cached if narrows(chosen, other)]
        return min(wider, key=np.count_nonzero) if wider else None

    def _compute_filter_mask(
        self, chosen: EventFilter, within: np.ndarray | None = None
    ) -> np.ndarray:
        """The rows passing ``chosen``; only rows of ``within`` (a superset) are examined."""
        mask = np.ones(self.size, dtype=bool) if within is None else within.copy()
        if chosen.categories:
            mask &= self._rows_of_any(self.rows_in_category, chosen.categories)
        if chosen.confidence:
            mask &= self._rows_of_any(self.rows_with_confidence, chosen.confidence)
        if chosen.actors:
            mask &= self._rows_of_any(self.rows_with_actor, chosen.actors)
        for term in chosen.text.casefold().split():
            # Only the rows still in: each term narrows the next one's scan.
            candidates = np.flatnonzero(mask)
            mask[candidates[~self._contains(term, candidates)]] = False
        return mask

    def _contains(self, term: str, candidates: np.ndarray) -> np.ndarray:
        """Bool per row of ``candidates`` (ascending): is ``term`` in its searchable text?"""
        if self._rows_are_store_rows:
            return self._search.contains(term, candidates)
        distinct, back = np.unique(self._store_rows[candidates], return_inverse=True)
        return self._search.contains(term, distinct)[back]


def _narrower_choice(new: tuple[str, ...], old: tuple[str, ...]) -> bool:
    """Does choosing ``new`` (empty = anything) allow no value that ``old`` excludes?"""
    return not old or (bool(new) and set(new) <= set(old))


def narrows(new: EventFilter, old: EventFilter) -> bool:
    """True when every event passing ``new`` also passes ``old``: each choice is within the
    old one, and each old search term is part of some new term (a term found in a text
    means any part of it is found there too)."""
    new_terms = new.text.casefold().split()
    return (
        _narrower_choice(new.categories, old.categories)
        and _narrower_choice(new.actors, old.actors)
        and _narrower_choice(new.confidence, old.confidence)
        and all(any(term in longer for longer in new_terms) for term in old.text.casefold().split())
    )


def _column(events: pd.DataFrame, name: str):
    """A field of every row, indexable by row: the frame's array, or the stored column."""
    values = events[name].array
    return values if isinstance(values, StoredColumn) else events[name].to_numpy()


def _python(value: Any) -> Any:
    """A numpy scalar (``context``, a bool column) as the Python value a frame row holds."""
    return value.item() if isinstance(value, np.generic) else value


def build_index(
    events: pd.DataFrame, origin: date, search_text: pd.Series | None = None
) -> EventIndex:
    """The index of a loaded events frame (sorted by start, as ``load_dataset`` leaves it).

    ``search_text`` is read only for a frame without stored columns (built by hand).
    """
    return EventIndex(events, origin, search_text)


# -- selections: rows (ascending positions) -----------------------------------------------


def precision_mask(index: EventIndex, included: list[str] | None) -> np.ndarray | None:
    """Bool per row: not of a hidden imprecise kind (``filters.with_precision``); None = all."""
    if included is None:
        return None
    hidden = sum(bit for kind, (bit, _) in PRECISION_KINDS.items() if kind not in included)
    if not hidden:
        return None
    return (index.flags & hidden) == 0


def rows_passing(
    index: EventIndex,
    rows: np.ndarray,
    included: list[str] | None = None,
    kept: np.ndarray | None = None,
) -> np.ndarray:
    """The ``rows`` not hidden by precision (``included``) nor by the filter mask ``kept``."""
    precise = precision_mask(index, included)
    if precise is not None:
        rows = rows[precise[rows]]
    if kept is not None:
        rows = rows[kept[rows]]
    return rows


def rows_between(
    index: EventIndex,
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
        started = int(np.searchsorted(index.start, last_day, side="right"))
        overlapping = index.end[:started] >= first_day
        precise = precision_mask(index, included)
        if precise is not None:
            overlapping &= precise[:started]
        if kept is not None:
            overlapping &= kept[:started]
        return np.flatnonzero(overlapping)
    rows = rows[(index.start[rows] <= last_day) & (index.end[rows] >= first_day)]
    return rows_passing(index, rows, included, kept)


def newest_first_rows(index: EventIndex, rows: np.ndarray, limit: int | None = None) -> np.ndarray:
    """``rows`` in ``filters.newest_first`` order (start, end, id descending), the first
    ``limit``; repeated rows stay, next to each other."""
    ranks = index.newest_rank[rows]
    if limit is not None and len(rows) > 4 * limit:
        top = np.argpartition(ranks, limit)[:limit]
        return rows[top[np.argsort(ranks[top], kind="stable")]]
    return rows[np.argsort(ranks, kind="stable")][:limit]


def rows_started_by(index: EventIndex, day: int) -> int:
    """How many events start on or before ``day``: they are the first rows."""
    return int(np.searchsorted(index.start, day, side="right"))


def latest_with_figure(index: EventIndex, key: str, day: int) -> int | None:
    """The last row, among those starting by ``day``, reporting figure ``key``; or None."""
    having = index.rows_with_figure.get(key, NO_ROWS)
    count = int(np.searchsorted(having, rows_started_by(index, day)))
    return int(having[count - 1]) if count else None


def first_in_category(index: EventIndex, category: str, day: int) -> int | None:
    """The first row of ``category`` starting by ``day``; or None."""
    rows = index.rows_in_category.get(category, NO_ROWS)
    if len(rows) and index.start[rows[0]] <= day:
        return int(rows[0])
    return None


def rows_with_figure_by(index: EventIndex, key: str, day: int) -> np.ndarray:
    """The rows starting by ``day`` that report figure ``key``, ascending."""
    having = index.rows_with_figure.get(key, NO_ROWS)
    return having[: int(np.searchsorted(having, rows_started_by(index, day)))]
