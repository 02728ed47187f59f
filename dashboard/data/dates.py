"""Dates with precision: parsing to day intervals, and wording them for people."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from babel.dates import format_date

from dashboard.i18n import DEFAULT_LANGUAGE, N_, _, cldr, current_language

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Season words, translated where shown.
_WINTER, _SPRING, _SUMMER, _AUTUMN = N_("winter"), N_("spring"), N_("summer"), N_("autumn")
SEASONS = {12: _WINTER, 1: _WINTER, 2: _WINTER, 3: _SPRING, 4: _SPRING, 5: _SPRING}
SEASONS.update({6: _SUMMER, 7: _SUMMER, 8: _SUMMER, 9: _AUTUMN, 10: _AUTUMN, 11: _AUTUMN})

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
    """``17 Apr 2024``: unambiguous in every locale (other languages: CLDR's medium date)."""
    if current_language() != DEFAULT_LANGUAGE:
        return cldr.day_pattern_text(day)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _month_word(day: date, language: str) -> str:
    """The month's abbreviated name on its own (``Sep``, ``сент.``)."""
    if language == DEFAULT_LANGUAGE:
        return MONTHS[day.month - 1]
    return format_date(day, "LLL", locale=language)


def event_date_text(text: str, precision: str, end_text: str | None = None) -> str:
    """How an event's date reads, with its precision (``Sep 2021``, ``autumn 2023``), in
    the current language."""
    return _event_date_text(text, precision, end_text, current_language())


@lru_cache(maxsize=8192)  # the chronology reads the same few hundred dates on every request
def _event_date_text(text: str, precision: str, end_text: str | None, language: str) -> str:
    """:func:`event_date_text` in ``language`` (the cache's key holds the language; the
    translation functions read the current language, which is ``language`` here)."""
    start, end = interval(text, precision, end_text)
    english = language == DEFAULT_LANGUAGE
    if precision == "year":
        return str(start.year) if end.year == start.year else f"{start.year}–{end.year}"
    if precision == "season":
        span = f"{_month_word(start, language)}–{_month_word(end, language)}"
        # e.g. "autumn 2023 (Sep–Nov)"
        return _("{season} {year} ({months})").format(
            season=_(SEASONS[start.month]), year=start.year, months=span
        )
    if precision == "month":
        if not english:
            if end_text:
                return f"{cldr.month_text(start)} – {cldr.month_text(end)}"
            return cldr.month_text(start)
        if end_text:
            return f"{MONTHS[start.month - 1]} {start.year} – {MONTHS[end.month - 1]} {end.year}"
        return f"{MONTHS[start.month - 1]} {start.year}"
    if end == start:
        return day_text(start)
    if (start.year, start.month) == (end.year, end.month):
        if not english:
            return cldr.day_interval_text(start, end)
        return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
    return f"{day_text(start)} – {day_text(end)}"


def to_index(day: date, origin: date) -> int:
    return (day - origin).days


def from_index(index: int, origin: date) -> date:
    return origin + timedelta(days=int(index))
