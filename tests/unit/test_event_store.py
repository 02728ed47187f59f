"""The packed event store gives back every value, searches exactly like ``term in text``,
and the export read through it is the export read from the whole frame."""

from __future__ import annotations

import json
import pickle
import random
from datetime import date

import numpy as np
import pytest

from dashboard.data import csv_format, schema, text_search
from dashboard.data.event_store import BLOCK_ROWS, EventStore
from dashboard.data.filters import apply_filter, events_between, with_precision
from dashboard.data.loading import Dataset, index_of, load_dataset
from dashboard.data.stored_column import stored_rows
from dashboard.data.text_search import SearchText
from dashboard.views.query import parse_query
from dashboard.web import export
from tests.unit.test_event_index import _generator, _shuffle_and_enrich

ODD_VALUES = [
    "",
    None,
    "Դադիվանք — Dadivank · 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓",
    'line\nbreak, tab\t, quote " and backslash \\',
    "nul \x00 inside",
    "lone surrogate \ud800",
    [],
    {},
    {"rpkf_killed": "1", "note": "~3+"},
    [{"url": "https://example.org/a", "name": None, "role": "primary"}],
    [{"claim": "x", "by": "Armenia", "source_url": None}],
    True,
    False,
    0,
    1.5,
    "x" * 70,  # longer than the shared-text limit
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory, bundled_dir) -> Dataset:
    folder = tmp_path_factory.mktemp("generated-store")
    _generator().generate(700, folder, seed=11, source=bundled_dir)
    _shuffle_and_enrich(folder, seed=11)
    return load_dataset(folder)


@pytest.fixture(params=["bundled", "generated"])
def data(request) -> Dataset:
    return request.getfixturevalue("dataset" if request.param == "bundled" else "generated")


def test_every_value_comes_back(monkeypatch):
    rng = random.Random(3)
    fields = ("a", "b", "c")
    records = [[rng.choice(ODD_VALUES) for _ in fields] for _ in range(5 * BLOCK_ROWS + 3)]
    store = pickle.loads(pickle.dumps(EventStore.build(fields, records)))  # as the child sends it
    assert store.size == len(records)
    for row in rng.sample(range(len(records)), len(records)):  # any order: across the cache
        assert store.record(row) == dict(zip(fields, records[row], strict=True)), row
        for field, value in zip(fields, records[row], strict=True):
            assert store.value(row, field) == value
    assert list(store.column(range(len(records)), "b")) == [r[1] for r in records]
    with pytest.raises(IndexError):
        store.record(len(records))


def test_loaded_events_read_through_the_index_equal_the_file(bundled_dir, dataset):
    doc = json.loads((bundled_dir / schema.EVENTS_FILE).read_text(encoding="utf-8"))
    expected = {f["properties"]["id"]: f["properties"] for f in doc["features"]}
    index = index_of(dataset)
    assert index.size == len(expected)
    for position in range(index.size):
        row = index.row(position)
        props = expected[row["id"]]
        for name in schema.EVENT_FIELD_NAMES:
            value = props.get(name)
            assert row[name] == (bool(value) if name == "context" else value), (row["id"], name)
        assert (row["start"], row["end"]) == tuple(dataset.events.loc[row["id"], ["start", "end"]])


def test_the_child_and_this_process_store_the_same_values(bundled_dir, dataset):
    isolated = load_dataset(bundled_dir, isolate=True)
    here, there = index_of(dataset), index_of(isolated)
    assert [here.row(i) for i in range(here.size)] == [there.row(i) for i in range(there.size)]


def _random_texts(rng: random.Random, n: int) -> list[str]:
    alphabet = "abc de\x00Դա𝔘"
    return [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))).casefold()
        for _ in range(n)
    ]


@pytest.mark.parametrize("chunk_bytes", [16, 300, 2**18])
def test_search_matches_exactly_what_term_in_text_matches(monkeypatch, chunk_bytes):
    monkeypatch.setattr(text_search, "CHUNK_BYTES", chunk_bytes)
    rng = random.Random(chunk_bytes)
    texts = _random_texts(rng, 600)
    search = SearchText(texts)
    assert search.texts(range(len(texts))) == texts
    terms = ["a", "ab", "d", "Դա", "𝔘", "\x00", "a\x00", "zz", "e d", *rng.sample(texts, 20)]
    terms = [t for t in terms if t]
    everything = np.arange(len(texts))
    for term in terms:
        expected = np.array([term in t for t in texts])
        assert search.contains(term, everything).tolist() == expected.tolist(), term
        for share in (0.01, 0.3, 0.9):  # one by one, and a scan of the chunk
            rows = np.flatnonzero(np.random.default_rng(7).random(len(texts)) < share)
            assert search.contains(term, rows).tolist() == expected[rows].tolist(), term


def test_a_match_never_straddles_two_events():
    search = SearchText(["abc", "def", "", "cd"])
    assert search.contains("cd", np.arange(4)).tolist() == [False, False, False, True]
    assert search.contains("c\x00d", np.arange(4)).tolist() == [False] * 4
    assert search.contains("cdef", np.arange(4)).tolist() == [False] * 4
    assert search.contains("c", np.asarray([1, 2])).tolist() == [False, False]


def test_the_search_text_is_the_filters_search_text(data):
    store, rows = stored_rows(data.events)
    assert store.search.texts(rows) == data.search_text.tolist()
    assert data.search_text.index.equals(data.events.index)


# -- export: the rows of the index, read from the store, as the frame gave them ----------

QUERIES = [
    "",
    "from=2022-01-01&to=2022-12-31",
    "q=corridor",
    "q=Դադիվանք",
    "cat=incident,casualty&prec=approximate",
    "conf=high&actor=RPKF",
    "q=the%20e&cat=monitoring",
    "prec=&from=2023-09-01&to=2023-09-30",
    "q=zzzq-nothing",
]


def _reference_csv(dataset: Dataset, events, cite: str) -> str:
    """The CSV export as written from the whole events frame."""
    records = (e for _, e in events.iterrows())
    return csv_format.write_events(records, csv_format.site_points(dataset.sites), cite)


def _reference_geojson(dataset: Dataset, events, cite: str) -> str:
    features = []
    for _, e in events.iterrows():
        geometry = e.geometry.__geo_interface__ if e.geometry is not None else None
        properties = {name: e[name] for name in schema.EVENT_FIELD_NAMES}
        features.append(
            {"type": "Feature", "id": e["id"], "geometry": geometry, "properties": properties}
        )
    doc = {
        "type": "FeatureCollection",
        "citation": cite,
        "dataset_version": dataset.version,
        "features": features,
    }
    return json.dumps(doc, ensure_ascii=False, default=str)


@pytest.mark.parametrize("query", QUERIES)
def test_export_is_the_export_of_the_whole_frame(data, query):
    state = parse_query(query, data)
    start, end = state.start or data.span[0], state.end or data.span[1]
    frame = with_precision(events_between(data.events, start, end), state.precision)
    frame = apply_filter(frame, data.search_text, state.event_filter)
    rows, got_start, got_end = export.events_in_view(data, query)
    assert (got_start, got_end) == (start, end)
    assert data.events.index[rows].tolist() == frame.index.tolist()
    cite = export.citation(data, start, end, date(2026, 11, 28))
    assert export.to_csv(data, rows, cite) == _reference_csv(data, frame, cite)
    assert export.to_geojson(data, rows, cite) == _reference_geojson(data, frame, cite)
