"""filters: date-range overlap, ordering and layer status at the boundaries."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from dashboard.data.filters import events_at_site, events_between, layer_status, newest_first


def frame(*rows: tuple[str, date, date, str]) -> pd.DataFrame:
    # Like the loader: an unnamed index of ids beside an "id" column.
    events = pd.DataFrame(rows, columns=["id", "start", "end", "site"])
    events.index = pd.Index(events["id"].tolist(), dtype=object)
    return events


def ids(events: pd.DataFrame) -> list[str]:
    return list(events["id"])


# --- events_between ------------------------------------------------------------------------


def test_e022_is_a_whole_month(dataset):
    row = dataset.all_events().loc["E022"]
    assert (row["start"], row["end"]) == (date(2021, 9, 1), date(2021, 9, 30))


@pytest.mark.parametrize(
    ("start", "end", "included"),
    [
        (date(2021, 8, 1), date(2021, 9, 15), True),  # range ends mid-September
        (date(2021, 9, 30), date(2021, 10, 31), True),  # range starts on the month's last day
        (date(2021, 9, 1), date(2021, 9, 1), True),  # a single day inside the month
        (date(2021, 8, 1), date(2021, 8, 31), False),  # range ends the day before
        (date(2021, 10, 1), date(2021, 12, 31), False),  # range starts the day after
    ],
)
def test_month_precision_overlap(dataset, start, end, included):
    assert ("E022" in ids(events_between(dataset.events, start, end))) is included


def test_swapped_bounds_give_the_same_events(dataset):
    low, high = date(2021, 8, 1), date(2021, 9, 15)
    forward = ids(events_between(dataset.events, low, high))
    backward = ids(events_between(dataset.events, high, low))
    assert "E022" in forward
    assert forward == backward


def test_day_bounds_are_inclusive(dataset):
    day = date(2024, 4, 17)  # E081 only, that day
    assert "E081" in ids(events_between(dataset.events, date(2024, 4, 1), day))
    assert "E081" in ids(events_between(dataset.events, day, date(2024, 5, 1)))
    assert "E081" not in ids(events_between(dataset.events, date(2024, 4, 18), date(2024, 5, 1)))
    assert "E081" not in ids(events_between(dataset.events, date(2024, 4, 1), date(2024, 4, 16)))


def test_range_inside_a_long_event(dataset):
    # E038 runs 12 Dec 2022 - 28 Apr 2023; a January range lies wholly inside it.
    assert "E038" in ids(events_between(dataset.events, date(2023, 1, 10), date(2023, 1, 20)))


def test_matches_independent_overlap_definition(dataset):
    events = dataset.events
    for low, high in [
        (date(2020, 11, 10), date(2020, 11, 30)),
        (date(2023, 9, 2), date(2023, 9, 2)),
        (date(2023, 11, 30), date(2023, 12, 31)),
        (date(2019, 1, 1), date(2030, 1, 1)),
    ]:
        # An interval misses the range only if it ends before it or starts after it.
        expected = [
            fid
            for fid, s, e in zip(events["id"], events["start"], events["end"], strict=True)
            if not (e < low or s > high)
        ]
        assert ids(events_between(events, low, high)) == expected, (low, high)
    assert len(events_between(events, date(2019, 1, 1), date(2030, 1, 1))) == len(events)


def test_events_between_empty_result():
    events = frame(("A", date(2021, 1, 1), date(2021, 1, 31), "x"))
    assert events_between(events, date(2022, 1, 1), date(2022, 2, 1)).empty


# --- newest_first --------------------------------------------------------------------------


def test_newest_first_order():
    events = frame(
        ("A", date(2021, 1, 1), date(2021, 1, 1), "x"),
        ("B", date(2022, 5, 1), date(2022, 5, 1), "x"),
        ("C", date(2022, 5, 1), date(2022, 5, 9), "x"),  # same start as B, ends later
        ("D", date(2022, 5, 1), date(2022, 5, 1), "x"),  # same start and end as B
        ("E", date(2020, 1, 1), date(2023, 1, 1), "x"),  # oldest start, latest end
    )
    assert ids(newest_first(events)) == ["C", "D", "B", "A", "E"]
    assert ids(events) == ["A", "B", "C", "D", "E"], "input must not be reordered in place"


def test_newest_first_on_bundled(dataset):
    ordered = newest_first(dataset.events)
    starts = list(ordered["start"])
    assert starts == sorted(starts, reverse=True)
    assert ordered["id"].iloc[0] == "E086"  # 12 Jun 2024, the last event
    # E001 and E002 share 10 Nov 2020: the higher id comes first in newest-first order.
    assert ids(ordered)[-2:] == ["E002", "E001"]
    assert len(ordered) == len(dataset.events)


def test_events_at_site(dataset, bundled_dir):
    at = events_at_site(dataset.events, "dadivank")
    features = json.loads((bundled_dir / "events.geojson").read_text(encoding="utf-8"))
    expected = {f["id"] for f in features["features"] if f["properties"]["site"] == "dadivank"}
    assert {"E004", "E006", "E018", "E023", "E049", "E080", "E081"} <= expected
    assert expected == set(at["id"])


# --- layer_status ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (date(2020, 11, 9), "future"),
        (date(2020, 11, 10), "current"),  # valid_from itself is in force
        (date(2023, 9, 19), "current"),
        (date(2023, 9, 20), "former"),  # valid_to is the day it ceased
        (date(2023, 9, 21), "former"),
    ],
)
def test_layer_status_boundaries(on, status):
    assert layer_status("2020-11-10", "2023-09-20", on) == status


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "on", "status"),
    [
        (None, None, date(2000, 1, 1), "current"),
        (None, None, date(2030, 1, 1), "current"),
        (None, "2020-11-10", date(2020, 11, 9), "current"),  # loc_1994
        (None, "2020-11-10", date(2020, 11, 10), "former"),
        ("2020-12-01", None, date(2020, 11, 30), "future"),
        ("2020-12-01", None, date(2020, 12, 1), "current"),
        ("2020-12-01", None, date(2030, 1, 1), "current"),
    ],
)
def test_layer_status_open_ends(valid_from, valid_to, on, status):
    assert layer_status(valid_from, valid_to, on) == status


def test_corridor_handover_day(dataset):
    """On 30 Aug 2022 the 2020 corridor route has ended and the 2022 route is in force."""
    corridor = dataset.layers["lachin_corridor"]
    routes = corridor[corridor["kind"] == "corridor_route"]

    def statuses(on):
        return {
            row.id: layer_status(row.valid_from, row.valid_to, on)
            for row in routes.itertuples(index=False)
        }

    assert statuses(date(2022, 8, 29)) == {
        "corridor_2020_route": "current",
        "corridor_2022_route": "future",
    }
    assert statuses(date(2022, 8, 30)) == {
        "corridor_2020_route": "former",
        "corridor_2022_route": "current",
    }


def test_precision_flags_and_hiding(dataset):
    from dashboard.data.filters import precision_flags, with_precision

    events = dataset.events
    flags = precision_flags(events)
    assert flags["E022"] & 4  # month precision: coarse date
    assert flags["E001"] & 2  # region-wide
    assert flags["E081"] == 0  # day precision, exact site
    assert len(with_precision(events, None)) == len(events)
    kept = with_precision(events, ["approximate", "region"])
    assert set(kept["date_precision"]) == {"day"}
    kept = with_precision(events, [])
    assert (kept["location_precision"].isin(["exact", "settlement"])).all()
    assert "E081" in kept.index
