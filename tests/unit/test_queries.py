"""The queries answer exactly what the straightforward pandas selections answer.

Each test computes the same selection twice — with ``dashboard.data.filters`` on the
events frame (the reference) and with ``dashboard.data.queries`` and the database — on the bundled
data and on a generated data set (benchmarks/generate.py, then shuffled ids,
casualty and post figures, and same-day events, so ties and imprecise events
are common), at every event's first and last day and the days around them.
"""

from __future__ import annotations

import importlib.util
import json
import random
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from dash._utils import to_json

from dashboard.data import schema
from dashboard.data.filters import (
    ALL_PRECISION,
    EventFilter,
    apply_filter,
    events_at_site,
    events_between,
    newest_first,
    precision_flags,
    with_precision,
)
from dashboard.data.loading import Dataset, load_dataset
from dashboard.data.queries import (
    EventDays,
    event_at,
    first_in_category,
    latest_with_figure,
    newest_first_rows,
    precision_mask,
    rows_at_site,
    rows_between,
    rows_passing,
    rows_started_by,
    rows_with_figure_by,
)
from dashboard.data.store import FILTER_CACHE_SIZE, RECORD_CACHE_SIZE
from dashboard.views.detail import DETAIL_LIMIT, LIST_LIMIT, row_of, site_detail
from dashboard.web.callbacks import render_detail, render_list

GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"
PRECISIONS = [
    None,
    [],
    ["approximate"],
    ["region"],
    ["coarse"],
    ["approximate", "region"],
    ["region", "coarse"],
    list(ALL_PRECISION),
]


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shuffle_and_enrich(folder: Path, seed: int) -> None:
    """Random ids (so id order is not generation order), casualty and post figures, and runs
    of events on one day with different ends."""
    rng = random.Random(seed)
    events_path = folder / schema.EVENTS_FILE
    doc = json.loads(events_path.read_text(encoding="utf-8"))
    renamed = {}
    features = doc["features"]
    for n, feature in enumerate(features):
        props = feature["properties"]
        new_id = f"X{rng.getrandbits(40):010x}"
        renamed[props["id"]] = new_id
        props["id"] = feature["id"] = new_id
        roll = rng.random()
        if roll < 0.04:
            props["figures"] = {**props["figures"], "rpkf_killed": str(rng.randint(1, 6))}
        elif roll < 0.08:
            props["figures"] = {**props["figures"], "observation_posts": str(rng.randint(10, 30))}
        if n % 10 == 1 and props["date_precision"] == "day":
            # the same first day as the previous day-precision event, ending later
            previous = features[n - 1]["properties"]
            if previous["date_precision"] == "day":
                props["date"] = previous["date"]
                props["reported"] = previous.get("reported")  # never before the new date
                last = date.fromisoformat(previous["date"]) + timedelta(days=rng.randint(0, 3))
                props["end_date"] = min(last, schema.MISSION_END).isoformat()
                if props["end_date"] == props["date"]:
                    props["end_date"] = None
    events_path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for path in folder.glob("*.geojson"):
        if path.name in (schema.EVENTS_FILE, schema.SITES_FILE):
            continue
        layer = json.loads(path.read_text(encoding="utf-8"))
        for feature in layer["features"]:
            refs = feature["properties"].get("events")
            if isinstance(refs, list):
                feature["properties"]["events"] = [renamed[r] for r in refs]
        path.write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory, bundled_dir) -> Dataset:
    folder = tmp_path_factory.mktemp("generated")
    _generator().generate(1500, folder, seed=5, source=bundled_dir)
    _shuffle_and_enrich(folder, seed=5)
    return load_dataset(folder)


@pytest.fixture(params=["bundled", "generated"])
def data(request) -> Dataset:
    return request.getfixturevalue("dataset" if request.param == "bundled" else "generated")


def _ids(data: Dataset, rows) -> list[str]:
    return data.events["id"].to_numpy()[np.asarray(rows, dtype=np.int64)].tolist()


def _full(data: Dataset) -> pd.DataFrame:
    """Every event with every field, as the GeoJSON gave them (the reference frame)."""
    events = [event_at(data.store, data.days, row) for row in range(len(data.events))]
    return pd.DataFrame(events, index=pd.Index(data.events.index, dtype=object), dtype=object)


def _edge_days(dataset: Dataset, limit: int = 60) -> list[int]:
    """Each event's first and last day and their neighbours (a spread of ``limit``), plus the
    span's ends."""
    index = dataset.days
    days = sorted(
        {int(d) + k for d in np.concatenate([index.start, index.end]) for k in (-1, 0, 1)}
    )
    step = max(1, len(days) // limit)
    last = (dataset.span[1] - dataset.span[0]).days
    return sorted(set(days[::step]) | {0, last, -1, last + 1})


def _filters(dataset: Dataset) -> list[EventFilter]:
    events = dataset.events
    categories = sorted(set(events["category"]))
    actors = sorted({a for listed in events["actors"] for a in listed})
    some_site_name = dataset.sites.iloc[0]["name_en"].split()[0]
    return [
        EventFilter(categories=(categories[0],)),
        EventFilter(categories=tuple(categories[1:4]), confidence=("high", "low")),
        EventFilter(actors=tuple(actors[:2])),
        EventFilter(actors=(actors[-1],), confidence=("medium",)),
        EventFilter(text="corridor"),
        EventFilter(text="Դադիվանք"),  # Armenian script, through the site's names
        EventFilter(text=some_site_name),
        EventFilter(text="E rPKf"),  # two terms, any case
        EventFilter(text="zzzq-nothing"),
        EventFilter(categories=tuple(categories[:6]), actors=tuple(actors[:3]), text="the"),
        EventFilter(categories=("not-a-category",)),
        EventFilter(corroborated=True),
        EventFilter(claimed_by=("az_gov", "icrc")),
        EventFilter(reported_within=0),
        EventFilter(reported_within=7, categories=(categories[0],), corroborated=True),
    ]


def _reference(dataset: Dataset, start: date, end: date, included, chosen) -> pd.DataFrame:
    """The chronology's events, the straightforward way."""
    kept = apply_filter(_full(dataset), dataset.search_text, chosen)
    return with_precision(events_between(kept, start, end), included)


def test_generated_data_has_the_hard_cases(generated):
    events = generated.events
    assert (events["location_precision"] == "region").any()
    assert set(events["date_precision"]) >= {"day", "month", "season", "year"}
    assert events.duplicated(["start", "end"]).any()  # ties broken by id
    assert not events["id"].is_monotonic_increasing  # id order is not row order
    assert _full(generated)["figures"].map(lambda f: "rpkf_killed" in f).sum() > 10


def test_day_columns_and_precision_bits_match_the_frame(data):
    index = data.days
    origin = data.span[0]
    assert index.start.dtype == np.int32 and index.end.dtype == np.int32
    assert index.start.tolist() == [(d - origin).days for d in data.events["start"]]
    assert index.end.tolist() == [(d - origin).days for d in data.events["end"]]
    assert index.flags.tolist() == precision_flags(data.events).tolist()
    for included in PRECISIONS:
        mask = precision_mask(index, included)
        expected = with_precision(data.events, included).index.tolist()
        got = data.events.index.tolist() if mask is None else data.events.index[mask].tolist()
        assert got == expected, included


def test_rows_between_matches_events_between_on_edge_days(data):
    index = data.days
    origin = data.span[0]
    days = _edge_days(data)
    rng = random.Random(1)
    for first in days:
        for length in (0, 1, rng.randint(2, 40), rng.randint(41, 900)):
            last = first + length
            start, end = origin + timedelta(days=first), origin + timedelta(days=last)
            for included in (None, rng.choice(PRECISIONS)):
                expected = with_precision(events_between(data.events, start, end), included)
                got = rows_between(index, first, last, included)
                assert _ids(data, got) == expected["id"].tolist(), (start, end, included)
    # reversed bounds are swapped, as events_between does
    start, end = origin + timedelta(days=days[5]), origin + timedelta(days=days[-5])
    assert _ids(data, rows_between(index, days[-5], days[5])) == (
        events_between(data.events, end, start)["id"].tolist()
    )


@pytest.mark.parametrize("included", [None, ["approximate"], ["region", "coarse"]])
def test_rows_between_with_a_filter_matches_apply_filter(data, included):
    index = data.days
    origin = data.span[0]
    days = _edge_days(data, limit=12)
    for chosen in _filters(data):
        kept = data.store.filter_mask(chosen)
        assert kept is not None
        for first, last in zip(days, days[3:], strict=False):
            start, end = origin + timedelta(days=first), origin + timedelta(days=last)
            expected = _reference(data, start, end, included, chosen)
            got = rows_between(index, first, last, included, kept)
            assert _ids(data, got) == expected["id"].tolist(), (chosen, start, end)


def test_filter_mask_matches_apply_filter(data):
    assert data.store.filter_mask(EventFilter()) is None
    assert data.store.filter_mask(EventFilter(text="   ")) is None
    matched_some = False
    for chosen in _filters(data):
        expected = apply_filter(_full(data), data.search_text, chosen)
        mask = data.store.filter_mask(chosen)
        assert data.events.index[mask].tolist() == expected.index.tolist(), chosen
        matched_some |= 0 < len(expected) < len(data.events)
    assert matched_some


def test_filter_masks_are_cached_read_only_and_bounded(generated):
    store = generated.store
    chosen = EventFilter(text="corridor")
    first = store.filter_mask(chosen)
    assert store.filter_mask(EventFilter(text="corridor")) is first
    with pytest.raises(ValueError):
        first[0] = not first[0]
    for n in range(FILTER_CACHE_SIZE + 3):
        store.filter_mask(EventFilter(text=f"word{n}"))
    assert store.filter_mask.cache_info().currsize == FILTER_CACHE_SIZE
    again = store.filter_mask(chosen)  # the oldest went first: computed again, equal
    assert again is not first and np.array_equal(again, first)


def test_site_rows_and_newest_first_match_the_detail_panels_selection(data):
    index = data.days
    origin = data.span[0]
    counts = data.events["site"].value_counts()
    region_sites = [s for s in data.sites.index if data.sites.loc[s].geometry is None]
    sites = list(counts.index[:4]) + region_sites[:3] + ["no-such-site"]
    days = _edge_days(data, limit=8)
    for site in sites:
        for included in (None, ["approximate"], ["coarse"]):
            at_site = with_precision(events_at_site(data.events, site), included)
            rows = rows_passing(index, rows_at_site(data.store, site), included)
            assert _ids(data, rows) == at_site["id"].tolist()
            for first, last in zip(days, days[2:], strict=False):
                start, end = origin + timedelta(days=first), origin + timedelta(days=last)
                expected = newest_first(events_between(at_site, start, end))
                selected = rows_between(index, first, last, rows=rows)
                assert _ids(data, newest_first_rows(index, selected)) == expected["id"].tolist()
                assert _ids(data, newest_first_rows(index, selected, 20)) == (
                    expected["id"].head(20).tolist()
                )


@pytest.mark.parametrize("limit", [None, 1, 20, 100])
def test_newest_first_rows_of_many_rows(data, limit):
    index = data.days
    everything = np.arange(len(data.events))
    expected = newest_first(data.events)["id"].head(limit).tolist()
    assert _ids(data, newest_first_rows(index, everything, limit)) == expected


def test_newest_first_rows_keeps_repeated_rows_together(data):
    index = data.days
    ids = data.events["id"].tolist()
    listed = [ids[5], ids[1], ids[5], ids[-1], ids[0]]
    rows = np.asarray([row_of(data, e) for e in listed])
    expected = newest_first(data.events.loc[listed])["id"].tolist()
    assert _ids(data, newest_first_rows(index, rows)) == expected


def test_situation_lookups_match_the_events_so_far(data):
    index, store, full = data.days, data.store, _full(data)
    origin = data.span[0]
    withdrawal = full[full["category"] == "withdrawal"]
    reporting = full[full["figures"].map(bool)]
    around = {
        (d - origin).days + k
        for d in [*withdrawal["start"].head(3), *reporting["start"]]
        for k in (-1, 0, 1)
    }
    for day in sorted(set(_edge_days(data, limit=40)) | around):
        on = origin + timedelta(days=day)
        so_far = full[full["start"] <= on]
        assert rows_started_by(index, day) == len(so_far)
        for key in ("observation_posts", "personnel", "rpkf_killed", "no_such_figure"):
            having = so_far[so_far["figures"].map(lambda f, key=key: key in f).astype(bool)]
            latest = latest_with_figure(store, index, key, day)
            assert (None if latest is None else _ids(data, [latest])[0]) == (
                having["id"].iloc[-1] if len(having) else None
            )
            assert _ids(data, rows_with_figure_by(store, index, key, day)) == having["id"].tolist()
        first = first_in_category(store, index, "withdrawal", day)
        started = withdrawal[withdrawal["start"] <= on]
        assert (None if first is None else _ids(data, [first])[0]) == (
            started["id"].iloc[0] if len(started) else None
        )


def test_positions_and_rows(data):
    full = _full(data)
    for position in (0, len(data.events) // 2, len(data.events) - 1):
        event_id = data.events.index[position]
        assert row_of(data, event_id) == position == data.store.row_of(event_id)
        row = event_at(data.store, data.days, position)
        expected = full.iloc[position]
        assert set(row) == {*schema.EVENT_FIELD_NAMES, "start", "end"}
        assert {name: row[name] for name in row} == {name: expected[name] for name in row}
        short = data.events.iloc[position]
        assert {name: row[name] for name in short.index} == short.to_dict()
    for missing in ("E999", "", "__proto__", None, 3):
        assert row_of(data, missing) is None
    assert data.store.known_actors == {a for listed in data.events["actors"] for a in listed}


def test_a_kept_row_is_read_again_unchanged(data):
    store = data.store
    first = store.record(0)
    first["title"] = "changed by a caller"
    assert store.record(0)["title"] != "changed by a caller"
    # read far more rows than are kept, then the first again: the same event
    for position in range(min(len(data.events), 2 * RECORD_CACHE_SIZE)):
        store.record(position)
    assert store.record(0)["id"] == data.events.index[0]
    assert store.record(len(data.events) - 1)["id"] == data.events.index[-1]
    with pytest.raises(IndexError):
        store.record(len(data.events))


def test_the_day_columns_need_events_sorted_by_start(dataset):
    with pytest.raises(ValueError, match="sorted"):
        EventDays(dataset.events.iloc[::-1], dataset.span[0])


def _as_json(value) -> str:
    return to_json(value)


@pytest.mark.parametrize("included", [None, ["approximate", "region"]])
def test_filtered_panels_list_the_reference_selection(data, included):
    """The chronology and a site's cards, filtered, list what the pandas selections list."""
    state = {"categories": sorted(set(data.events["category"]))[:5], "text": "the"}
    chosen = EventFilter(categories=tuple(state["categories"]), text="the")
    origin, last = data.span
    busiest = data.events["site"].value_counts().index[0]
    for start, end in ((origin, last), (date(2022, 1, 1), date(2022, 3, 31))):
        value = [(start - origin).days, (end - origin).days]
        expected = _reference(data, start, end, included, chosen)
        items, summary = render_list(value, data, included, state)
        assert [item["token"] for item in items] == [
            f"event:{e}" for e in expected["id"].head(LIST_LIMIT)
        ]
        assert summary.startswith(f"{len(expected)} event")
        panel = render_detail(f"site:{busiest}", value, data, included, state)
        at_site = newest_first(expected[expected["site"] == busiest])
        assert [card["id"] for card in panel.cards] == at_site["id"].head(DETAIL_LIMIT).tolist()
        kept = data.store.filter_mask(chosen)
        assert _as_json(site_detail(data, busiest, start, end, included, kept)) == _as_json(panel)
