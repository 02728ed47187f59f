"""The browser's copy of the events (views/client_events.py): the same events, grouped
within a start day, with the filter's bits in the same order."""

from __future__ import annotations

import base64
import itertools
import json

import brotli
import numpy as np
import pytest

from benchmarks.generate import generate
from dashboard.data.filters import precision_flags
from dashboard.data.loading import load_dataset
from dashboard.views.client_events import browser_columns, browser_events, browser_mask
from dashboard.views.sites_trace import mapped_sites
from dashboard.views.timeline import category_order


@pytest.fixture(scope="module")
def busy(tmp_path_factory):
    """Many events a day, so that the order within a day matters."""
    folder = tmp_path_factory.mktemp("busy") / "data"
    generate(8000, folder, seed=3, sites=40)
    return load_dataset(folder, tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("which", ["dataset", "busy"])
def test_the_browsers_columns_are_the_datasets_events_reordered(which, request):
    data = request.getfixturevalue(which)
    events = data.events
    columns = browser_events(data)
    assert sorted(columns.rows.tolist()) == list(range(len(events)))
    picked = events.iloc[columns.rows]
    origin = data.span[0]
    assert columns.start.tolist() == [(d - origin).days for d in picked["start"]]
    ends = [(d - origin).days for d in picked["end"]]
    assert (columns.start + columns.length).tolist() == ends
    sites = list(mapped_sites(data).index)
    expected = [sites.index(s) if s in sites else -1 for s in picked["site"]]
    assert columns.site.tolist() == expected
    assert columns.flags.tolist() == precision_flags(picked).tolist()
    order = category_order(events)
    assert columns.category.tolist() == [order.index(c) for c in picked["category"]]


def test_a_days_events_come_grouped_and_the_sent_steps_add_up(busy):
    columns = browser_events(busy)
    keys = list(
        zip(
            columns.start.tolist(),
            columns.flags.tolist(),
            columns.category.tolist(),
            columns.site.tolist(),
            columns.length.tolist(),
            strict=True,
        )
    )
    assert keys == sorted(keys)
    sent = browser_columns(busy)
    assert list(itertools.accumulate(sent["startStep"])) == columns.start.tolist()
    assert sent["site"].tolist() == columns.site.tolist()


def test_the_grouped_columns_compress_better_than_the_databases_order(busy):
    """What the order is for: fewer bytes on the wire for the same events (a few per cent
    at 5 events a day, as here; 40 % at 230 a day, benchmarks/README.md)."""
    columns = browser_events(busy)

    def packed(rows):
        data = [columns.site[rows].tolist(), columns.category[rows].tolist()]
        return len(brotli.compress(json.dumps(data).encode(), quality=9))

    database_order = np.argsort(columns.rows, kind="stable")
    assert packed(np.arange(len(columns.rows))) < packed(database_order)


def test_the_filters_bits_follow_the_browsers_order(busy):
    rng = np.random.default_rng(7)
    kept = rng.random(len(busy.events)) < 0.3
    bits = np.unpackbits(
        np.frombuffer(base64.b64decode(browser_mask(busy, kept)), dtype=np.uint8),
        bitorder="little",
    )[: len(kept)]
    assert bits.astype(bool).tolist() == kept[browser_events(busy).rows].tolist()
