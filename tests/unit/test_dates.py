"""dates: precision-aware intervals, wording, and readable errors."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.data.dates import (
    DateFormatError,
    day_text,
    event_date_text,
    from_index,
    interval,
    parse_day,
    to_index,
)

# --- interval ----------------------------------------------------------------------------


def test_day():
    assert interval("2024-04-17", "day") == (date(2024, 4, 17), date(2024, 4, 17))


def test_day_with_end_date():
    # E013: 11-14 Dec 2020
    assert interval("2020-12-11", "day", "2020-12-14") == (date(2020, 12, 11), date(2020, 12, 14))


def test_day_with_end_date_across_year():
    # E038: blockade from 12 Dec 2022 to 28 Apr 2023
    assert interval("2022-12-12", "day", "2023-04-28") == (date(2022, 12, 12), date(2023, 4, 28))


def test_end_date_same_as_start():
    assert interval("2023-04-28", "day", "2023-04-28") == (date(2023, 4, 28), date(2023, 4, 28))


@pytest.mark.parametrize("end", [None, ""])
def test_no_end_date(end):
    assert interval("2021-09-09", "day", end) == (date(2021, 9, 9), date(2021, 9, 9))


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("2021-09", date(2021, 9, 30)),
        ("2021-12", date(2021, 12, 31)),
        ("2021-01", date(2021, 1, 31)),
        ("2021-04", date(2021, 4, 30)),
    ],
)
def test_month_covers_whole_month(text, last):
    assert interval(text, "month") == (last.replace(day=1), last)


def test_month_with_end_month():
    assert interval("2023-05", "month", "2023-07") == (date(2023, 5, 1), date(2023, 7, 31))


@pytest.mark.parametrize(
    ("text", "last_day"),
    [
        ("2024-02", 29),  # divisible by 4
        ("2023-02", 28),
        ("2000-02", 29),  # divisible by 400
        ("1900-02", 28),  # divisible by 100, not by 400
    ],
)
def test_february_leap_years(text, last_day):
    start, end = interval(text, "month")
    assert start == date(int(text[:4]), 2, 1)
    assert end == date(int(text[:4]), 2, last_day)


def test_leap_day():
    assert interval("2024-02-29", "day") == (date(2024, 2, 29), date(2024, 2, 29))
    with pytest.raises(DateFormatError, match="2023-02-29"):
        interval("2023-02-29", "day")


def test_season_default_span_is_three_months():
    assert interval("2023-09", "season") == (date(2023, 9, 1), date(2023, 11, 30))


def test_season_e072_with_end():
    # E072: season "2023-09" with end_date "2023-11" -> 1 Sep - 30 Nov 2023
    assert interval("2023-09", "season", "2023-11") == (date(2023, 9, 1), date(2023, 11, 30))


def test_season_across_new_year_in_leap_year():
    # Dec 2023 + Jan + Feb 2024 (a leap year: 29 days).
    assert interval("2023-12", "season") == (date(2023, 12, 1), date(2024, 2, 29))
    assert interval("2022-12", "season") == (date(2022, 12, 1), date(2023, 2, 28))


def test_season_explicit_end_overrides_default():
    assert interval("2023-09", "season", "2023-10") == (date(2023, 9, 1), date(2023, 10, 31))


def test_year():
    assert interval("2021", "year") == (date(2021, 1, 1), date(2021, 12, 31))


def test_year_with_end_year():
    assert interval("2021", "year", "2022") == (date(2021, 1, 1), date(2022, 12, 31))


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "end"),
    [
        ("2023-02-30", "day", None),
        ("2023-13", "month", None),
        ("2023-00", "month", None),
        ("2023-13", "season", None),
        ("2023-05", "day", None),
        ("2023-05-01", "month", None),
        ("2023", "month", None),
        ("2023-05", "year", None),
        ("2023-5", "month", None),
        ("23-05-01", "day", None),
        ("2023/05/01", "day", None),
        ("1 May 2023", "day", None),
        ("", "day", None),
    ],
)
def test_bad_text_names_itself(text, precision, end):
    with pytest.raises(DateFormatError) as info:
        interval(text, precision, end)
    assert repr(text) in str(info.value)


def test_date_format_error_is_a_value_error():
    assert issubclass(DateFormatError, ValueError)


@pytest.mark.parametrize("text", [None, 20230501])
def test_non_text_date(text):
    with pytest.raises(DateFormatError):
        interval(text, "day")


def test_unknown_precision():
    with pytest.raises(DateFormatError, match="'week'"):
        interval("2023-05-01", "week")


@pytest.mark.parametrize(
    ("text", "precision", "end"),
    [
        ("2020-12-11", "day", "2020-12-10"),
        ("2023-09", "month", "2023-08"),
        ("2023-09", "season", "2023-08"),
        ("2022", "year", "2021"),
    ],
)
def test_end_before_start(text, precision, end):
    with pytest.raises(DateFormatError) as info:
        interval(text, precision, end)
    message = str(info.value)
    assert "before" in message
    assert text in message
    assert end in message


@pytest.mark.parametrize("end", ["2020-12-32", "2020-13", "14 Dec 2020"])
def test_bad_end_date_names_itself(end):
    with pytest.raises(DateFormatError) as info:
        interval("2020-12-11", "day", end)
    assert end in str(info.value)


@pytest.mark.parametrize("text", ["2023-05\n", "2023\n"])
def test_trailing_newline_rejected(text):
    precision = "month" if len(text) > 5 else "year"
    with pytest.raises(DateFormatError):
        interval(text, precision)


# --- parse_day -----------------------------------------------------------------------------


def test_parse_day():
    assert parse_day("2024-04-17") == date(2024, 4, 17)


@pytest.mark.parametrize("text", ["2024-04-31", "17/04/2024", "2024-4-17", "2024-04"])
def test_parse_day_errors_name_the_text(text):
    with pytest.raises(DateFormatError) as info:
        parse_day(text)
    assert repr(text) in str(info.value)


# --- wording -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("2024-04-17", "day"), "17 Apr 2024"),  # E081
        (("2020-11-10", "day"), "10 Nov 2020"),  # E001: no leading zero
        (("2021-09", "month"), "Sep 2021"),  # E022
        (("2020-12-11", "day", "2020-12-14"), "11–14 Dec 2020"),  # E013
        (("2023-09", "season", "2023-11"), "autumn 2023 (Sep–Nov)"),  # E072
        (("2023-09", "season"), "autumn 2023 (Sep–Nov)"),  # same, default span
        (("2024-03", "season"), "spring 2024 (Mar–May)"),
        (("2021", "year"), "2021"),
        (("2022-12-12", "day", "2023-04-28"), "12 Dec 2022 – 28 Apr 2023"),  # E038
        (("2023-04-28", "day", "2023-05-02"), "28 Apr 2023 – 2 May 2023"),
        (("2023-05", "month", "2023-07"), "May 2023 – Jul 2023"),
    ],
)
def test_event_date_text(args, text):
    assert event_date_text(*args) == text


def test_event_date_text_year_range_shows_end_year():
    text = event_date_text("2021", "year", "2022")
    assert "2022" in text, f"a 2021–2022 event reads {text!r}: the end year is lost"


def test_event_date_text_rejects_bad_dates():
    with pytest.raises(DateFormatError, match="2023-02-30"):
        event_date_text("2023-02-30", "day")


def test_day_text_every_month():
    words = [day_text(date(2023, m, 1)).split()[1] for m in range(1, 13)]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert words == months


# --- slider offsets --------------------------------------------------------------------------


def test_index_round_trip():
    origin = date(2020, 11, 10)
    # 2020-11-10 -> 2021-11-10 spans 365 days (no 29 Feb in between).
    assert to_index(date(2021, 11, 10), origin) == 365
    assert from_index(365, origin) == date(2021, 11, 10)
    # 2024 is a leap year: 2023-11-10 -> 2024-11-10 is 366 days.
    assert to_index(date(2024, 11, 10), origin) - to_index(date(2023, 11, 10), origin) == 366
