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
