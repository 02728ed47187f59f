"""A column of ``Dataset.events`` whose values live in the event store, read on access.

The events frame keeps its columns and its pandas behaviour (``.loc``, masks,
``iloc``, ``map``, ``equals``...), but a long field (title, summary, sources...) is
a :class:`StoredColumn`: the rows it covers in an :class:`EventStore`, not 100,000
Python objects. A selection of the frame is a selection of those rows. The server
reads events through ``EventIndex.row`` and never walks these columns whole;
tests and tools may, at the cost of unpacking every block.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray, ExtensionDtype
from pandas.api.indexers import check_array_indexer

from dashboard.data.event_store import ROW_DTYPE, EventStore
from dashboard.data.schema import EVENT_STORED_FIELDS

# Stored fields whose members (dict keys, list items) the event index looks rows up by.
MEMBER_FIELDS = ("figures",)
MISSING = -1  # a row of a take with allow_fill: the value is missing (None)


class StoredDtype(ExtensionDtype):
    """The dtype of a stored column: any Python value, like ``object``."""

    type = object
    kind = "O"
    na_value = None
    _metadata = ()

    @property
    def name(self) -> str:
        return "stored"

    @classmethod
    def construct_array_type(cls) -> type[StoredColumn]:
        return StoredColumn


class StoredColumn(ExtensionArray):
    """Field ``field`` of the store's events at ``rows`` (``MISSING``: no value)."""

    def __init__(self, store: EventStore, field: str, rows: np.ndarray) -> None:
        self.store = store
        self.field = field
        self.rows = rows

    # -- construction from values (pandas builds new arrays this way) ----------------------

    @classmethod
    def _from_sequence(cls, scalars, *, dtype=None, copy: bool = False) -> StoredColumn:
        values = list(scalars)
        store = EventStore.build(("value",), [[v] for v in values])
        return cls(store, "value", np.arange(len(values), dtype=ROW_DTYPE))

    @classmethod
    def _from_factorized(cls, values, original: StoredColumn) -> StoredColumn:
        return cls._from_sequence(values)

    @classmethod
    def _concat_same_type(cls, to_concat: Sequence[StoredColumn]) -> StoredColumn:
        first = to_concat[0]
        if all(c.store is first.store and c.field == first.field for c in to_concat):
            return cls(first.store, first.field, np.concatenate([c.rows for c in to_concat]))
        return cls._from_sequence([v for c in to_concat for v in c])

    # -- the ExtensionArray interface ----------------------------------------------------

    @property
    def dtype(self) -> StoredDtype:
        return StoredDtype()

    @property
    def nbytes(self) -> int:
        return int(self.rows.nbytes)

    def __len__(self) -> int:
        return len(self.rows)

    def _value(self, row: int) -> Any:
        return None if row == MISSING else self.store.value(row, self.field)

    def __getitem__(self, item):
        if isinstance(item, int | np.integer):
            return self._value(int(self.rows[item]))
        if isinstance(item, tuple) and len(item) == 1:
            item = item[0]
        if not isinstance(item, slice):
            item = check_array_indexer(self, item)
        return type(self)(self.store, self.field, self.rows[item])

    def __iter__(self) -> Iterator[Any]:
        # block by block: neighbouring rows share a packed block
        for row in self.rows.tolist():
            yield self._value(row)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        out = np.empty(len(self), dtype=object)
        for i, value in enumerate(self):
            out[i] = value  # element by element: numpy must not unpack lists
        return out if dtype in (None, object) else out.astype(dtype)

    def isna(self) -> np.ndarray:
        return np.fromiter((v is None for v in self), dtype=bool, count=len(self))

    def take(self, indices, *, allow_fill: bool = False, fill_value=None) -> StoredColumn:
        indices = np.asarray(indices, dtype=np.int64)
        if allow_fill:
            if fill_value is not None:
                values = [fill_value if i == MISSING else self[int(i)] for i in indices]
                return self._from_sequence(values)
            if (indices < MISSING).any():
                raise ValueError("indices below -1 with allow_fill")
            rows = np.where(indices == MISSING, MISSING, self.rows[np.maximum(indices, 0)])
            return type(self)(self.store, self.field, rows)
        return type(self)(self.store, self.field, self.rows[indices])

    def copy(self) -> StoredColumn:
        return type(self)(self.store, self.field, self.rows.copy())

    def __eq__(self, other) -> np.ndarray:  # type: ignore[override]
        if isinstance(other, pd.Series | pd.Index | pd.DataFrame):
            return NotImplemented
        if isinstance(other, ExtensionArray | np.ndarray | list):
            if len(other) != len(self):
                raise ValueError("lengths must match to compare")
            pairs = zip(self, other, strict=True)
            return np.fromiter((bool(a == b) for a, b in pairs), dtype=bool, count=len(self))
        return np.fromiter((bool(v == other) for v in self), dtype=bool, count=len(self))

    def _values_for_factorize(self):
        return np.asarray(self, dtype=object), None


def store_events(
    events: pd.DataFrame, texts: Iterable[str], fields: Sequence[str] = EVENT_STORED_FIELDS
) -> pd.DataFrame:
    """``events`` with ``fields`` moved into a new store (with each row's searchable text);
    the frame keeps every column, in its order."""
    records = list(zip(*(events[name].tolist() for name in fields), strict=True))
    if not fields:
        records = [() for _ in range(len(events))]
    store = EventStore.build(fields, records, [f for f in MEMBER_FIELDS if f in fields], texts)
    rows = np.arange(len(events), dtype=ROW_DTYPE)  # one array for every column
    stored = events.copy(deep=False)
    for name in fields:
        stored[name] = pd.Series(StoredColumn(store, name, rows), index=events.index, copy=False)
    return stored


def stored_rows(events: pd.DataFrame) -> tuple[EventStore, np.ndarray] | None:
    """The store behind ``events``' stored columns and the store row of each frame row."""
    for name in events.columns:
        values = events[name].array
        if isinstance(values, StoredColumn):
            return values.store, values.rows
    return None
