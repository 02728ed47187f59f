"""The events' checks, one event at a time: each feature's own (feature_checks.py), then its
dates, its site and its coded fields. Each event that passes goes to a sink as soon as it
is checked (a frame for ``validate``, the database for the build), so a million of them are
never held at once; what the folder's later checks need is kept: every id, the span.

The problems come out in the order they always had: every feature's own problems as the
file is read (validation.py then reads the layers), then the bad dates, the unknown sites
and the coded fields' problems (:meth:`EventChecks.later_problems`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from dashboard.data import schema
from dashboard.data.coding import coded_problems
from dashboard.data.dates import DateFormatError, interval
from dashboard.data.feature_checks import checked_features
from dashboard.data.problems import Problem


class EventSink(Protocol):
    """Where the checked events go."""

    def begin(self, site_names: dict[str, str]) -> None:
        """Before the first event: each site's every name, joined (for the search text)."""

    def add(self, event: dict[str, Any], geometry: Any, start: date, end: date) -> None:
        """One event that passed its checks: its fields, geometry and first and last day."""


@dataclass
class EventChecks:
    """Runs the events' checks over a stream of features; keeps what comes after them."""

    site_ids: Collection[str] | None  # None: sites.geojson could not be read
    seen: set[str] = field(default_factory=set)  # every event id met, good or bad
    bad_dates: list[Problem] = field(default_factory=list)
    unknown_sites: list[Problem] = field(default_factory=list)
    coded: list[Problem] = field(default_factory=list)
    first: date | None = None  # the earliest first day of the events kept
    last: date | None = None  # the latest last day
    kept: int = 0

    def run(self, features: Iterable[Any], problems: list[Problem], sink: EventSink) -> None:
        """Check each feature; each event that passes goes to ``sink``. The features' own
        problems are added to ``problems`` at once, the others kept for later."""
        days: dict[date, date] = {}  # one date object per day, shared by the events
        checked = checked_features(
            features, schema.EVENTS_FILE, schema.EVENT_FIELDS, problems, self.seen
        )
        for event, geometry in checked:
            dates = self._interval(event)
            if dates is None:
                continue
            start, end = days.setdefault(dates[0], dates[0]), days.setdefault(dates[1], dates[1])
            self._check_site_and_coding(event, start)
            self.first = start if self.first is None or start < self.first else self.first
            self.last = end if self.last is None or end > self.last else self.last
            self.kept += 1
            sink.add(event, geometry, start, end)

    def _interval(self, event: dict[str, Any]) -> tuple[date, date] | None:
        try:
            return interval(event["date"], event["date_precision"], event["end_date"])
        except DateFormatError as exc:
            self.bad_dates.append(Problem(schema.EVENTS_FILE, event["id"], f"bad date: {exc}"))
            return None

    def _check_site_and_coding(self, event: dict[str, Any], start: date) -> None:
        fid = event["id"]
        if self.site_ids is not None and event["site"] not in self.site_ids:
            reason = f"site {event['site']!r} is not in sites.geojson"
            self.unknown_sites.append(Problem(schema.EVENTS_FILE, fid, reason))
        for reason in coded_problems(event, start):
            self.coded.append(Problem(schema.EVENTS_FILE, fid, reason))

    def later_problems(self) -> list[Problem]:
        """The problems found after each feature's own: dates, sites, coded fields."""
        return [*self.bad_dates, *self.unknown_sites, *self.coded]

    def span(self) -> tuple[date, date]:
        """The timeline's span: the mission's, widened to every event kept."""
        if not self.kept:
            return schema.MISSION_START, schema.MISSION_END
        return min(schema.MISSION_START, self.first), max(schema.MISSION_END, self.last)
