"""Pure selections of events and layer features by date."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from dashboard.data import schema
from dashboard.data.coding import independent_sources, report_lag
from dashboard.data.dates import DateFormatError, parse_day
from dashboard.i18n import format_number, ngettext


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


# Imprecise events a user can hide: kind -> (bit, label), from the schema (the browser
# reads the same bits from the client contract, dashboard/data/contract.py).
PRECISION_KINDS = {kind.id: (kind.bit, kind.label) for kind in schema.PRECISION_KINDS}
ALL_PRECISION = list(PRECISION_KINDS)


def precision_flags(events: pd.DataFrame):
    """Bitmask per event of the ways it is imprecise (see ``schema.PRECISION_KINDS``)."""
    flags = pd.Series(0, index=events.index, dtype=int)
    for kind in schema.PRECISION_KINDS:
        matches = events[kind.field].isin(kind.values)
        flags += (~matches if kind.negate else matches).astype(int) * kind.bit
    return flags


def precision_bits(event: Mapping[str, Any]) -> int:
    """``precision_flags`` of one event (a mapping of its fields), as the build streams them."""
    bits = 0
    for kind in schema.PRECISION_KINDS:
        if (event[kind.field] in kind.values) != kind.negate:
            bits |= kind.bit
    return bits


def with_precision(events: pd.DataFrame, included: list[str] | None) -> pd.DataFrame:
    """Drop the imprecise kinds of events the user chose to hide (None = keep all)."""
    if included is None:
        return events
    hidden = sum(bit for kind, (bit, _label) in PRECISION_KINDS.items() if kind not in included)
    if not hidden:
        return events
    return events[(precision_flags(events) & hidden) == 0]


@dataclass(frozen=True)
class EventFilter:
    """The user's non-date filters. Empty tuples mean "no restriction"."""

    categories: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    confidence: tuple[str, ...] = ()
    text: str = ""
    corroborated: bool = False  # at least schema.CORROBORATED_SOURCES independent sources
    reported_within: int | None = None  # first reported at most this many days after
    claimed_by: tuple[str, ...] = ()  # reported by any of these (schema.CLAIMANTS)

    @property
    def active(self) -> bool:
        return bool(
            self.categories
            or self.actors
            or self.confidence
            or self.text.strip()
            or self.corroborated
            or self.reported_within is not None
            or self.claimed_by
        )


def _texts(values, allowed: set[str] | None = None) -> tuple[str, ...]:
    if not isinstance(values, list | tuple):
        return ()
    out = [v for v in values if isinstance(v, str) and (allowed is None or v in allowed)]
    return tuple(dict.fromkeys(out))


def parse_lag(value) -> int | None:
    """A reporting-lag choice (days) from a control or a link; anything else is None."""
    if isinstance(value, bool):  # int(False) is 0, a real choice: a bool is not one
        return None
    try:
        days = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return days if days in schema.REPORTED_WITHIN_DAYS else None


def parse_filter(
    categories,
    actors,
    confidence,
    text,
    known_actors: set[str],
    corroborated=None,
    reported_within=None,
    claimed_by=None,
) -> EventFilter:
    """Component values to a filter; unknown or malformed values are dropped, never raised.

    ``corroborated`` is the checklist's value (a list holding ``"yes"`` when ticked) or a bool.
    """
    ticked = corroborated is True or (isinstance(corroborated, list) and "yes" in corroborated)
    return EventFilter(
        categories=_texts(categories, set(schema.CATEGORIES)),
        actors=_texts(actors, known_actors),
        confidence=_texts(confidence, set(schema.CONFIDENCE_LEVELS)),
        text=text[:200] if isinstance(text, str) else "",
        corroborated=ticked,
        reported_within=parse_lag(reported_within),
        claimed_by=_texts(claimed_by, set(schema.CLAIMANTS)),
    )


def site_search_names(sites: pd.DataFrame) -> dict[str, str]:
    """Each site's every name in every language, joined (a part of its events' search text)."""
    return {
        sid: " ".join(
            [s["name_en"], s["name_hy_usage"], s["name_az_usage"]] + [n["name"] for n in s["names"]]
        )
        for sid, s in sites.iterrows()
    }


def event_search_text(event: Mapping[str, Any], site_names: Mapping[str, str]) -> str:
    """Lower-cased searchable text of one event: id, title, summary, notes, actors, sources,
    and every name of its site in every language."""
    sources = " ".join(f"{s.get('name') or ''} {s['url']}" for s in event["sources"])
    return " ".join(
        [
            event["id"],
            event["title"],
            event["summary"],
            event["notes"] or "",
            " ".join(event["actors"]),
            sources,
            site_names.get(event["site"], ""),
        ]
    ).casefold()


def apply_filter(events: pd.DataFrame, blob: pd.Series, chosen: EventFilter) -> pd.DataFrame:
    """Events passing ``chosen`` (all terms of the text must appear, in any field)."""
    if not chosen.active:
        return events
    mask = pd.Series(True, index=events.index)
    if chosen.categories:
        mask &= events["category"].isin(chosen.categories)
    if chosen.confidence:
        mask &= events["confidence"].isin(chosen.confidence)
    if chosen.actors:
        wanted = set(chosen.actors)
        mask &= events["actors"].map(lambda actors: bool(wanted.intersection(actors)))
    if chosen.claimed_by:
        wanted_by = set(chosen.claimed_by)
        mask &= events["claimed_by"].map(lambda codes: bool(wanted_by.intersection(codes or ())))
    if chosen.corroborated:
        count = events["sources"].map(independent_sources)
        mask &= count >= schema.CORROBORATED_SOURCES
    if chosen.reported_within is not None:
        lags = [report_lag(r, s) for r, s in zip(events["reported"], events["start"], strict=True)]
        mask &= pd.Series(
            [lag is not None and lag <= chosen.reported_within for lag in lags], index=events.index
        )
    for term in chosen.text.casefold().split():
        mask &= blob.reindex(events.index).str.contains(term, regex=False)
    return events[mask]


def filter_summary(matching: int | None, total: int) -> str:
    """The words under the filter controls; ``matching`` None = no filter set."""
    if matching is None:
        return ngettext("All {total} event.", "All {total} events.", total).format(
            total=format_number(total)
        )
    return ngettext(
        "{matching} of {total} event matches the filters (all dates).",
        "{matching} of {total} events match the filters (all dates).",
        total,
    ).format(matching=format_number(matching), total=format_number(total))


def pack_mask(mask: np.ndarray) -> str:
    """A bool per event as a base64 bitset (little-endian bit order), for the browser's filter."""
    return base64.b64encode(np.packbits(mask, bitorder="little").tobytes()).decode("ascii")
