"""Dates with precision: parsing to day intervals, and wording them for people."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEASONS = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring"}
SEASONS.update({6: "summer", 7: "summer", 8: "summer", 9: "autumn", 10: "autumn", 11: "autumn"})

_PATTERNS = {
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "season": re.compile(r"\d{4}-\d{2}"),
    "year": re.compile(r"\d{4}"),
}


class DateFormatError(ValueError):
    """A date string that does not match its precision or is not a real date."""


def parse_day(text: str) -> date:
    """Parse an ISO ``YYYY-MM-DD`` date, with a readable error."""
    if not isinstance(text, str) or not _PATTERNS["day"].fullmatch(text):
        raise DateFormatError(f"{text!r} is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DateFormatError(f"{text!r} is not a real date ({exc})") from None


def _month_bounds(text: str) -> tuple[date, date]:
    year, month = int(text[:4]), int(text[5:7])
    if not 1 <= month <= 12:
        raise DateFormatError(f"{text!r} has no month {month}")
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _bounds(text: str, precision: str) -> tuple[date, date]:
    """First and last day covered by ``text`` read at ``precision``."""
    if text is None or not isinstance(text, str):
        raise DateFormatError(f"missing date (expected {precision} precision)")
    if len(text) == 10 and _PATTERNS["day"].fullmatch(text):
        day = parse_day(text)
        return day, day
    if _PATTERNS["month"].fullmatch(text):
        return _month_bounds(text)
    if _PATTERNS["year"].fullmatch(text):
        year = int(text)
        return date(year, 1, 1), date(year, 12, 31)
    raise DateFormatError(f"{text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")


def interval(text: str, precision: str, end_text: str | None = None) -> tuple[date, date]:
    """The day interval an event covers.

    A month-precision event covers the whole month and a season three months,
    so filtering by overlap never pins it to the 1st.

    Raises
    ------
    DateFormatError
        If the text does not match its precision or is not a real date, or the
        end comes before the start.
    """
    pattern = _PATTERNS.get(precision)
    if pattern is None:
        raise DateFormatError(f"unknown date precision {precision!r}")
    if not isinstance(text, str) or not pattern.fullmatch(text):
        expected = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "season": "YYYY-MM", "year": "YYYY"}
        raise DateFormatError(
            f"{text!r} does not match {precision} precision ({expected[precision]})"
        )
    start, end = _bounds(text, precision)
    if precision == "season" and not end_text:
        end = _month_bounds(_add_months(start, 2))[1]
    if end_text:
        if precision == "day" and not (
            isinstance(end_text, str) and _PATTERNS["day"].fullmatch(end_text)
        ):
            raise DateFormatError(
                f"end date {end_text!r} does not match day precision (YYYY-MM-DD)"
            )
        end = _bounds(end_text, precision)[1]
    if end < start:
        raise DateFormatError(f"end {end_text!r} is before start {text!r}")
    return start, end


def _add_months(day: date, months: int) -> str:
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def day_text(day: date) -> str:
    """``17 Apr 2024``: unambiguous in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@lru_cache(maxsize=8192)  # the chronology reads the same few hundred dates on every request
def event_date_text(text: str, precision: str, end_text: str | None = None) -> str:
    """How an event's date reads, with its precision (``Sep 2021``, ``autumn 2023``)."""
    start, end = interval(text, precision, end_text)
    if precision == "year":
        return str(start.year) if end.year == start.year else f"{start.year}–{end.year}"
    if precision == "season":
        span = f"{MONTHS[start.month - 1]}–{MONTHS[end.month - 1]}"
        return f"{SEASONS[start.month]} {start.year} ({span})"
    if precision == "month":
        if end_text:
            return f"{MONTHS[start.month - 1]} {start.year} – {MONTHS[end.month - 1]} {end.year}"
        return f"{MONTHS[start.month - 1]} {start.year}"
    if end == start:
        return day_text(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
    return f"{day_text(start)} – {day_text(end)}"


def to_index(day: date, origin: date) -> int:
    return (day - origin).days


def from_index(index: int, origin: date) -> date:
    return origin + timedelta(days=int(index))
