"""The events as the browser holds them: columns of small integers, in the browser's order.

The browser counts events per place, month and category for any dates and filters
(assets/client/20-counts.js) from five numbers per event. Within a start day it does not
matter in which order the events come, so they come grouped by precision bits, category,
place and length: the columns then repeat runs of equal values, and at 300,000 events
they compress to 40 % of the size they have in the database's order (start day, then
id). The server's filter answer (a bit per event) follows the same order
(:func:`browser_mask`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.filters import pack_mask
from dashboard.data.loading import Dataset
from dashboard.views.sites_trace import mapped_sites
from dashboard.views.timeline import category_order


@dataclass(frozen=True)
class BrowserEvents:
    """The events' columns in the browser's order; ``rows[i]`` is the dataset row of the
    browser's event ``i``."""

    rows: np.ndarray
    start: np.ndarray  # day offsets from the span's origin, ascending
    length: np.ndarray  # end day minus start day
    site: np.ndarray  # position in ``mapped_sites``, -1 for a place with no point
    flags: np.ndarray  # precision bits (schema.PRECISION_KINDS)
    category: np.ndarray  # position in ``category_order``


def browser_rows(dataset: Dataset) -> np.ndarray:
    """The dataset row of each of the browser's events, kept for the filter's answers
    (only this: the columns are sent once per page build)."""
    return dataset.store.memo("browser_rows", lambda: browser_events(dataset).rows)


def browser_events(dataset: Dataset) -> BrowserEvents:
    """The browser's columns of ``dataset``."""
    days, events = dataset.days, dataset.events
    site = _compact(pd.Index(mapped_sites(dataset).index).get_indexer(events["site"]))
    category = _compact(pd.Index(category_order(events)).get_indexer(events["category"]))
    length = days.end - days.start
    # np.lexsort sorts by its last key first: start day, then flags, category, place, length
    rows = np.lexsort((length, site, category, days.flags, days.start)).astype(np.int32)
    return BrowserEvents(
        rows=rows,
        start=days.start[rows],
        length=length[rows],
        site=site[rows],
        flags=days.flags[rows],
        category=category[rows],
    )


def browser_columns(dataset: Dataset) -> dict[str, np.ndarray]:
    """The client data's ``events``: ``startStep`` is each start day minus the previous
    event's (mostly 0), so a day's events cost a few bytes; the browser sums them back.

    numpy arrays, not lists (JSON-encoded the same): the page keeps them, and a million
    events' lists held ~40 MB. Days stay int32: sums of them must not overflow."""
    columns = browser_events(dataset)
    return {
        "startStep": _read_only(np.diff(columns.start, prepend=np.int32(0))),
        "length": _read_only(columns.length),
        "site": _read_only(columns.site),
        "flags": _read_only(columns.flags),
        "category": _read_only(columns.category),  # position in the density strip's traces
    }


def _read_only(values: np.ndarray) -> np.ndarray:
    values.flags.writeable = False
    return values


def _compact(positions: np.ndarray) -> np.ndarray:
    """``positions`` (indexes into a list, -1 for none) in the smallest integer type
    that holds them."""
    low, high = (int(positions.min()), int(positions.max())) if len(positions) else (0, 0)
    return positions.astype(np.promote_types(np.min_scalar_type(low), np.min_scalar_type(high)))


def browser_mask(dataset: Dataset, kept: np.ndarray) -> str:
    """``kept`` (a bool per dataset row) as the browser's bitset, in the browser's order."""
    return pack_mask(np.asarray(kept)[browser_rows(dataset)])
