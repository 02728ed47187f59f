"""The events' long fields (texts, sources, figures...), packed, read one block at a time.

At 100,000 events these fields were ~110 MB of Python strings, dicts and lists in
the serving process, though a request renders at most a hundred list rows and
twenty cards. Here each run of ``BLOCK_ROWS`` events is one packed block of JSON
lines (~11 MB in all), and reading an event unpacks its block (~0.02 ms) and parses
its own line; the blocks read last stay unpacked.

A *row* here is the event's position in the loaded data (``Dataset.events`` as
loaded, sorted by start date).
"""

from __future__ import annotations

import json
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from dashboard.data.packing import pack, unpack
from dashboard.data.text_search import SearchText

BLOCK_ROWS = 16  # events per packed block: what one event read unpacks
CACHED_BLOCKS = 128  # unpacked blocks kept as JSON lines (~1 MB): a panel's ~100 rows
ROW_DTYPE = np.int32  # row numbers in lookup tables
INTERN_UP_TO = 64  # text values up to this long are one object per value while in use
# Lone surrogates (valid in JSON text) pass through the UTF-8 bytes unchanged.
ENCODING, ERRORS = "utf-8", "surrogatepass"


def _shared(value: Any) -> Any:
    """Equal short texts as one object (as ``data._sharing_objects`` does at load):
    categories of sources, roles and names repeat in every block."""
    if type(value) is str and len(value) <= INTERN_UP_TO:
        return sys.intern(value)
    if type(value) is list:
        return [_shared(item) for item in value]
    return value


def _shared_object(pairs: list[tuple[str, Any]]) -> dict:
    return {key: _shared(value) for key, value in pairs}


def _encode_block(records: Sequence[Sequence[Any]]) -> bytes:
    """One JSON array per line (JSON text never holds a raw newline)."""
    lines = [json.dumps(list(r), ensure_ascii=False, separators=(",", ":")) for r in records]
    return pack("\n".join(lines).encode(ENCODING, ERRORS))


def _block_lines(packed: bytes) -> list[str]:
    return unpack(packed).decode(ENCODING, ERRORS).split("\n")


def _decode_record(line: str) -> list[Any]:
    return json.loads(line, object_pairs_hook=_shared_object)


def rows_by_member(values: Iterable[Any]) -> dict[Any, np.ndarray]:
    """Each member (dict key or list item) of the rows' values -> the rows having it,
    ascending (int32: half the memory of int64 row lists, at 100,000 events ~1 MB)."""
    found: dict[Any, list[int]] = {}
    for row, members in enumerate(values):
        for member in dict.fromkeys(members or ()):
            found.setdefault(member, []).append(row)
    return {member: np.asarray(rows, dtype=ROW_DTYPE) for member, rows in found.items()}


class EventStore:
    """Packed values of ``fields`` for ``size`` events, and their packed searchable text
    (``search``); immutable but for a small cache of unpacked blocks.

    ``members[field]`` (for the fields named at build) maps each member of the field's
    dicts or lists (e.g. a figure key) to the rows having it, ascending: the index needs
    them for every event, and unpacking every block to find them would take a second.
    """

    def __init__(
        self,
        fields: tuple[str, ...],
        blocks: list[bytes],
        size: int,
        members: dict[str, dict[Any, np.ndarray]],
        search: SearchText,
    ) -> None:
        self.fields = fields
        self.size = size
        self.members = members
        self.search = search
        self._blocks = blocks
        self._position = {name: i for i, name in enumerate(fields)}
        self._cache: OrderedDict[int, list[str]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def build(
        cls,
        fields: Sequence[str],
        records: Sequence[Sequence[Any]],
        member_fields: Sequence[str] = (),
        texts: Iterable[str] | None = None,
    ) -> EventStore:
        """The store of ``records`` (one sequence of values per event, in ``fields`` order)
        and of their searchable ``texts`` (one per record; none: empty texts)."""
        fields = tuple(fields)
        blocks = [
            _encode_block(records[i : i + BLOCK_ROWS]) for i in range(0, len(records), BLOCK_ROWS)
        ]
        members = {
            name: rows_by_member(r[fields.index(name)] for r in records) for name in member_fields
        }
        search = SearchText(texts if texts is not None else ("" for _ in records))
        return cls(fields, blocks, len(records), members, search)

    # -- reading ----------------------------------------------------------------------

    def _block(self, number: int) -> list[str]:
        """The JSON line of each event of block ``number``."""
        with self._lock:
            cached = self._cache.get(number)
            if cached is not None:
                self._cache.move_to_end(number)
                return cached
        decoded = _block_lines(self._blocks[number])
        with self._lock:
            self._cache[number] = decoded
            while len(self._cache) > CACHED_BLOCKS:
                self._cache.popitem(last=False)
        return decoded

    def _values(self, row: int) -> list[Any]:
        if not 0 <= row < self.size:
            raise IndexError(f"row {row} is not in a store of {self.size} events")
        return _decode_record(self._block(row // BLOCK_ROWS)[row % BLOCK_ROWS])

    def record(self, row: int) -> dict[str, Any]:
        """Every stored field of the event at ``row``."""
        return dict(zip(self.fields, self._values(row), strict=True))

    def value(self, row: int, field: str) -> Any:
        return self._values(row)[self._position[field]]

    def column(self, rows: Iterable[int], field: str) -> Iterator[Any]:
        """``field`` of each of ``rows`` (in that order)."""
        where = self._position[field]
        for row in rows:
            yield self._values(row)[where]

    @property
    def packed_bytes(self) -> int:
        return sum(len(block) for block in self._blocks) + self.search.packed_bytes

    # -- pickling (the loading child sends the store to the server) -------------------

    def __getstate__(self) -> dict[str, Any]:
        return {
            "fields": self.fields,
            "blocks": self._blocks,
            "size": self.size,
            "members": self.members,
            "search": self.search,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(
            state["fields"], state["blocks"], state["size"], state["members"], state["search"]
        )
