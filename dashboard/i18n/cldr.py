"""Dates, numbers and plural rules from Babel's CLDR data, for the server and the page.

English keeps the project's unambiguous ``17 Apr 2024``; the other languages take
CLDR's medium date pattern (``17 апр. 2024 г.``, ``2024 թ. ապր 17``). The browser
gets the same patterns, month names and plural rules (:func:`client_locale`): this
Chromium's ``Intl`` has no Armenian or Azerbaijani month names.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_decimal

from dashboard.i18n.catalog import (
    DEFAULT_LANGUAGE,
    N_,
    _,
    catalog,
    current_language,
    plural_forms,
    use_language,
)

# The map's tool buttons (Plotly's modebar), as Plotly names them; the page registers
# their translations as a Plotly locale with the CLDR month names.
PLOTLY_MESSAGES = (
    N_("Download plot as a PNG"),
    N_("Pan"),
    N_("Zoom in"),
    N_("Zoom out"),
    N_("Reset"),
    N_("Show closest data on hover"),
)
ENGLISH_DAY = "d MMM y"
ENGLISH_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
ENGLISH_MONTH = "MMM y"


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@cache
def day_pattern(language: str) -> str:
    if language == DEFAULT_LANGUAGE:
        return ENGLISH_DAY
    return _locale(language).date_formats["medium"].pattern


@cache
def month_pattern(language: str) -> str:
    if language == DEFAULT_LANGUAGE:
        return ENGLISH_MONTH
    return _locale(language).datetime_skeletons["yMMM"].pattern


def day_pattern_text(day: date) -> str:
    """``day`` in the current language's medium date format."""
    language = current_language()
    return format_date(day, day_pattern(language), locale=_locale(language))


def month_text(day: date) -> str:
    """The month of ``day`` with its year (``Sep 2021``, ``сент. 2021 г.``)."""
    language = current_language()
    return format_date(day, month_pattern(language), locale=_locale(language))


def day_interval_text(start: date, end: date) -> str:
    """Two days of one month or year as CLDR joins them (``12–15 дек. 2022 г.``)."""
    language = current_language()
    return format_interval(start, end, "yMMMd", locale=_locale(language))


def short_day_text(day: date) -> str:
    """Day and month without the year, for the timeline's marks."""
    language = current_language()
    return format_skeleton("MMMd", day, locale=_locale(language))


# Languages whose dotted i capitalises to İ (Python's str.upper knows no language).
DOTTED_I = ("az",)


def upper_text(text: str) -> str:
    """``text`` in capitals, as the current language writes them (az: i -> İ)."""
    if current_language() in DOTTED_I:
        text = text.replace("i", "İ")
    return text.upper()


def capitalised(text: str) -> str:
    """``text`` with its first letter a capital, the rest as written."""
    return upper_text(text[:1]) + text[1:]


def format_number(n: int | float) -> str:
    """``12,345`` in English, ``12 345`` in Russian and Armenian, ``12.345`` in Azerbaijani."""
    return format_decimal(n, locale=_locale(current_language()))


def client_locale(language: str) -> dict:
    """What the page's scripts need to speak ``language`` (``assets/client/10-core.js``)."""
    locale = _locale(language)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    forms = plural_forms(language)
    english = language == DEFAULT_LANGUAGE
    return {
        "lang": language,
        # MMM in a pattern (in a date), and LLL (a month on its own)
        "months": ENGLISH_MONTHS if english else _months(locale, "format"),
        "standaloneMonths": ENGLISH_MONTHS if english else _months(locale, "stand-alone"),
        "dayPattern": day_pattern(language),
        "monthPattern": month_pattern(language),
        "group": symbols["group"],
        "decimal": symbols["decimal"],
        # CLDR's rules as text ("v = 0 and i % 10 = 1 ..."), evaluated by the page for
        # integers; a count takes the form at its category's place in ``forms``.
        "plural": {"rules": dict(locale.plural_form.rules), "forms": list(forms)},
        "messages": catalog(language).client,
        "plotly": _plotly_locale(language, locale),
    }


def _months(locale: Locale, context: str) -> list[str]:
    return [locale.months[context]["abbreviated"][m] for m in range(1, 13)]


def _plotly_locale(language: str, locale: Locale) -> dict:
    """A Plotly locale: the modebar's words and the month names of dates on axes and hovers."""
    with use_language(language):
        dictionary = {message: _(message) for message in PLOTLY_MESSAGES}
    return {
        "dictionary": dictionary,
        "format": {
            "months": [locale.months["stand-alone"]["wide"][m] for m in range(1, 13)],
            "shortMonths": [locale.months["stand-alone"]["abbreviated"][m] for m in range(1, 13)],
        },
    }
