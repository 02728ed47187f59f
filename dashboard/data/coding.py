"""Checks and derived values of the coded fields (issue 15's UCDP/ACLED-style coding):
report dates and lag, casualty ranges, claimants, originators of sources, who held a place.

Pure functions of plain values; validation.py reports their problems at start, the
database build stores the derived values, the filters select on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from dashboard.data import schema
from dashboard.data.dates import DateFormatError, parse_day

RANGE_KEYS = ("low", "best", "high")


def range_problem(value: Any) -> str | None:
    """Why ``value`` is not a ``{low, best, high}`` of integers in order, or None."""
    if not isinstance(value, dict) or set(value) != set(RANGE_KEYS):
        return "must be an object with exactly low, best and high"
    numbers = [value[key] for key in RANGE_KEYS]
    if not all(type(n) is int and n >= 0 for n in numbers):
        return "low, best and high must be whole numbers, zero or more"
    if not numbers[0] <= numbers[1] <= numbers[2]:
        return f"needs low <= best <= high, not {numbers[0]}, {numbers[1]}, {numbers[2]}"
    return None


def _day(value: Any) -> date | None:
    """A `YYYY-MM-DD` day; None for null; raises DateFormatError otherwise."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise DateFormatError(f"{value!r} is not a YYYY-MM-DD day")
    return parse_day(value)


def periods_problem(value: Any) -> str | None:
    """Why ``value`` is not a list of held-by periods, or None."""
    if not isinstance(value, list):
        return "must be a list of periods"
    for n, period in enumerate(value, 1):
        if not isinstance(period, dict):
            return f"period {n} is not an object"
        if period.get("side") not in schema.HOLDERS:
            return f"period {n} side {period.get('side')!r} is not one of " + ", ".join(
                schema.HOLDERS
            )
        url = period.get("source_url")
        if not (isinstance(url, str) and url.lower().startswith(("http://", "https://"))):
            return f"period {n} needs an http(s) source_url"
        try:
            start, end = _day(period.get("from")), _day(period.get("to"))
        except DateFormatError as exc:
            return f"period {n}: {exc}"
        if start and end and end <= start:
            return f"period {n} ends ({end}) on or before it starts ({start})"
    return None


def coded_problems(event: Mapping[str, Any], start: date) -> Iterator[str]:
    """Why each coded field of one event disagrees with its dates (``start``, its first
    day), if any."""
    days = {}
    for name in ("reported", "added", "updated"):
        try:
            days[name] = _day(event[name])
        except DateFormatError as exc:
            yield f"field '{name}' {exc}"
    if days.get("reported") and start is not None and days["reported"] < start:
        yield f"reported ({days['reported']}) is before the event's date ({start})"
    if days.get("added") and days.get("updated") and days["updated"] < days["added"]:
        yield f"updated ({days['updated']}) is before added ({days['added']})"


def originator(source: Mapping[str, Any]) -> str:
    """Who a source's information comes from: its `via`, else its name, else its host."""
    via = (source.get("via") or "").strip()
    if via:
        return via.casefold()
    name = (source.get("name") or "").strip()
    return name.casefold() if name else urlsplit(source.get("url", "")).netloc.casefold()


def independent_sources(sources: Iterable[Mapping[str, Any]]) -> int:
    """How many distinct originators the sources have (a reprint is not independent)."""
    return len({originator(src) for src in sources})


def report_lag(reported: str | None, start: date) -> int | None:
    """Days from the event's first day to its first report; None when not known."""
    try:
        day = _day(reported)
    except DateFormatError:
        return None
    return None if day is None else (day - start).days


def held_on(periods: Iterable[Mapping[str, Any]] | None, on: date) -> str | None:
    """Who held a place on ``on`` per its ``held_by`` periods; None when they do not say."""
    for period in periods or ():
        start, end = _day(period.get("from")), _day(period.get("to"))
        if (start is None or start <= on) and (end is None or on < end):
            return period["side"]
    return None


def drawn_on_wrong_side(sites: pd.DataFrame, zone: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(site id, zone feature id, holder) for each site drawn inside a zone feature while its
    ``held_by`` says a side other than the Karabakh Armenian authorities held it, for some day
    the feature was in force, and the site carries no ``caveat`` saying why."""
    found = []
    for site in sites.itertuples():
        if site.geometry is None or not site.held_by or getattr(site, "caveat", None):
            continue
        for feature in zone.itertuples():
            if feature.geometry is None or not feature.geometry.covers(site.geometry):
                continue
            first = _day(feature.valid_from) or date.min
            last = _day(feature.valid_to) or date.max  # exclusive
            for period in site.held_by:
                start = max(first, _day(period.get("from")) or date.min)
                end = min(last, _day(period.get("to")) or date.max)
                if start < end and period["side"] != "karabakh_armenian":
                    found.append((site.id, feature.id, period["side"]))
    return found
