"""Pure selections of events and layer features by date."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.dates import DateFormatError, parse_day


def events_between(events: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Events whose interval overlaps ``[start, end]`` (both inclusive).

    An event of month precision counts in any range touching its month, so a
    range ending on 15 Sep includes a "Sep 2021" event.
    """
    if start > end:
        start, end = end, start
    mask = (events["start"] <= end) & (events["end"] >= start)
    return events[mask]


def events_at_site(events: pd.DataFrame, site_id: str) -> pd.DataFrame:
    return events[events["site"] == site_id]


def newest_first(events: pd.DataFrame) -> pd.DataFrame:
    return events.sort_values(["start", "end", "id"], ascending=False, kind="stable")


def layer_status(valid_from: str | None, valid_to: str | None, on: date) -> str:
    """``"current"``, ``"former"`` (ended on or before ``on``) or ``"future"``.

    ``valid_to`` is the day the feature ceased to be in force, so on that day it
    is already former.
    """
    try:
        if valid_from and on < parse_day(valid_from):
            return "future"
        if valid_to and on >= parse_day(valid_to):
            return "former"
    except DateFormatError:
        return "current"
    return "current"


# Imprecise events a user can hide, as bits (mirrored in assets/dashboard.js).
PRECISION_KINDS = {
    "approximate": (1, "Approximate locations"),
    "region": (2, "Region-wide or unlocated events"),
    "coarse": (4, "Dates known only to the month or season"),
}
ALL_PRECISION = list(PRECISION_KINDS)


def precision_flags(events: pd.DataFrame):
    """Bitmask per event of the ways it is imprecise (see ``PRECISION_KINDS``)."""
    flags = (events["location_precision"] == "approximate").astype(int) * 1
    flags += (events["location_precision"] == "region").astype(int) * 2
    flags += (events["date_precision"] != "day").astype(int) * 4
    return flags


def with_precision(events: pd.DataFrame, included: list[str] | None) -> pd.DataFrame:
    """Drop the imprecise kinds of events the user chose to hide (None = keep all)."""
    if included is None:
        return events
    hidden = sum(bit for kind, (bit, _) in PRECISION_KINDS.items() if kind not in included)
    if not hidden:
        return events
    return events[(precision_flags(events) & hidden) == 0]
