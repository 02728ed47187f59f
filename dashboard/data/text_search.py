"""The events' searchable text, packed in chunks, and the search over it.

Each event's text (``filters.event_search_text``: lower-cased title, summary, notes,
actors, sources, site names) is UTF-8 bytes; a run of events whose texts add up to
``CHUNK_BYTES`` is one packed chunk (LZ4). At 100,000 events that is ~9 MB instead of
the ~49 MB the texts take as Python strings; a new search unpacks every chunk (a
narrower one only those holding candidate rows) and drops it at once.

A term matches an event when it is a substring of that event's text, exactly as
``term in text``: UTF-8 is self-synchronising, so a byte match of the encoded term
is a character match, and each event's text is searched within its own bounds,
so a match can never straddle two events.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

import numpy as np

from dashboard.data.packing import pack_for_scan, unpack_for_scan

CHUNK_BYTES = 256 * 2**10  # unpacked size of a chunk: large enough to pack well
SEPARATOR = b"\x00"  # between events' texts (kept out of whole-chunk matches, mostly)
ENCODING, ERRORS = "utf-8", "surrogatepass"
SPARSE = 8  # candidates fewer than 1 in SPARSE rows of a chunk: looked at one by one
DENSE = 4  # hits in more than 1 in DENSE rows of a chunk: the rest looked at one by one


def _rows_holding(text: bytes, needle: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Bool per row of a chunk: does the row's text (``text[starts[i]:ends[i]]``) hold
    ``needle``? One scan of the chunk that jumps to the next row after each hit, while
    hits are few (per matching row, not per row); then row by row, which is cheaper
    where most rows match."""
    held = bytearray(len(starts))
    start_list = starts.tolist()
    end_list = ends.tolist()
    find = text.find
    budget = len(start_list) // DENSE  # hits before switching to row by row
    position = find(needle)
    while position >= 0:
        row = bisect_right(start_list, position) - 1
        if position + len(needle) > end_list[row]:  # straddles two rows: no match
            position = find(needle, position + 1)
            continue
        held[row] = 1
        row += 1
        if row == len(start_list):
            break
        budget -= 1
        if budget < 0:
            bounds = zip(start_list[row:], end_list[row:], strict=True)
            held[row:] = bytes(find(needle, s, e) >= 0 for s, e in bounds)
            break
        position = find(needle, start_list[row])
    return np.frombuffer(bytes(held), dtype=bool)


class SearchText:
    """The searchable text of ``size`` events (rows), packed; immutable."""

    def __init__(self, texts: Iterable[str]) -> None:
        chunks: list[bytes] = []
        first_rows = [0]
        starts: list[int] = []  # of each row's text, counted over all chunks unpacked
        ends: list[int] = []
        pending: list[bytes] = []
        pending_bytes = 0
        offset = 0
        for row, text in enumerate(texts):
            encoded = text.encode(ENCODING, ERRORS)
            starts.append(offset)
            offset += len(encoded)
            ends.append(offset)
            offset += len(SEPARATOR)
            pending.append(encoded)
            pending_bytes += len(encoded) + len(SEPARATOR)
            if pending_bytes >= CHUNK_BYTES:
                chunks.append(pack_for_scan(SEPARATOR.join(pending) + SEPARATOR))
                first_rows.append(row + 1)
                pending, pending_bytes = [], 0
        if pending:
            chunks.append(pack_for_scan(SEPARATOR.join(pending) + SEPARATOR))
            first_rows.append(first_rows[-1] + len(pending))
        self.size = len(starts)
        self._chunks = chunks
        self._first_rows = np.asarray(first_rows, dtype=np.int64)  # chunk c: rows [c] to [c+1]
        offsets = np.int32 if offset < 2**31 else np.int64  # 0.4 MB per 100,000 events
        self._starts = np.asarray(starts, dtype=offsets)
        self._ends = np.asarray(ends, dtype=offsets)

    @property
    def packed_bytes(self) -> int:
        return sum(len(chunk) for chunk in self._chunks)

    def _chunk_spans(self, rows: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
        """(chunk number, the positions in ``rows`` that fall in it) for each chunk hit;
        ``rows`` ascending."""
        chunk_of = np.searchsorted(self._first_rows, rows, side="right") - 1
        cuts = np.flatnonzero(np.diff(chunk_of)) + 1
        for part in np.split(np.arange(len(rows)), cuts):
            if len(part):
                yield int(chunk_of[part[0]]), part

    def contains(self, term: str, rows: np.ndarray) -> np.ndarray:
        """Bool per row of ``rows`` (ascending): is ``term`` in that event's text?"""
        found = np.zeros(len(rows), dtype=bool)
        needle = term.encode(ENCODING, ERRORS)
        rows = np.asarray(rows, dtype=np.int64)
        for number, part in self._chunk_spans(rows):
            text = unpack_for_scan(self._chunks[number])
            if needle not in text:
                continue  # no event of this chunk can match (most chunks, for a rare term)
            first, last = int(self._first_rows[number]), int(self._first_rows[number + 1])
            base = int(self._starts[first])
            starts = self._starts[first:last] - base
            ends = self._ends[first:last] - base
            local = rows[part] - first
            if len(local) * SPARSE < last - first:
                # few candidates here: look in each one's text only
                find = text.find
                bounds = zip(starts[local].tolist(), ends[local].tolist(), strict=True)
                found[part] = [find(needle, s, e) >= 0 for s, e in bounds]
            else:
                found[part] = _rows_holding(text, needle, starts, ends)[local]
        return found

    def texts(self, rows: Iterable[int]) -> list[str]:
        """The text of each of ``rows`` (for tests and tools: unpacks chunk by chunk)."""
        rows = np.asarray(list(rows), dtype=np.int64)
        out: list[str] = [""] * len(rows)
        order = np.argsort(rows, kind="stable")
        for number, part in self._chunk_spans(rows[order]):
            text = unpack_for_scan(self._chunks[number])
            base = int(self._starts[self._first_rows[number]])
            for position in order[part].tolist():
                row = int(rows[position])
                start, end = int(self._starts[row]) - base, int(self._ends[row]) - base
                out[position] = text[start:end].decode(ENCODING, ERRORS)
        return out
