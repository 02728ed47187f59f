"""load_dataset in a child process: the same data, the same problems, and a fallback."""

from __future__ import annotations

import logging
import multiprocessing

import pytest

from dashboard.data import loading as data
from dashboard.data import schema
from dashboard.data.loading import DataError, Dataset, load_dataset

SPAWN = multiprocessing.get_context("spawn")


def _same(a: Dataset, b: Dataset) -> None:
    for name in ("version", "data_dir", "span"):
        assert getattr(a, name) == getattr(b, name), name
    for left, right in [(a.sites, b.sites), (a.events, b.events)] + [
        (a.layers[k], b.layers[k]) for k in b.layers
    ]:
        assert list(left.columns) == list(right.columns)
        assert left.drop(columns="geometry").equals(right.drop(columns="geometry"))
        assert list(left.geometry.to_wkb()) == list(right.geometry.to_wkb())
    assert list(a.layers) == list(b.layers)
    assert a.search_text.equals(b.search_text)
    assert a.index is not None and a.index.events is a.events
    assert a.index.start.tolist() == b.index.start.tolist()


def _loads_here(monkeypatch) -> list:
    """Record the loads done in this process."""
    calls = []
    real = data._load

    def spy(data_dir):
        calls.append(data_dir)
        return real(data_dir)

    monkeypatch.setattr(data, "_load", spy)
    return calls


def test_a_child_process_loads_the_same_data(bundled_dir, dataset, monkeypatch):
    here = _loads_here(monkeypatch)
    _same(load_dataset(bundled_dir, isolate=True), dataset)
    assert here == []  # the child did it


def test_a_child_process_reports_the_same_problems(data_dir, edit_feature, monkeypatch):
    def break_it(feature):
        feature["properties"]["category"] = "picnic"
        feature["geometry"] = {"type": "Point", "coordinates": [10.0, 10.0]}

    edit_feature(data_dir, schema.EVENTS_FILE, "E005", break_it)
    with pytest.raises(DataError) as here:
        load_dataset(data_dir, isolate=False)
    loads_here = _loads_here(monkeypatch)
    with pytest.raises(DataError) as isolated:
        load_dataset(data_dir, isolate=True)
    assert loads_here == []
    assert isolated.value.problems == here.value.problems
    assert len(here.value.problems) == 2


def test_only_big_events_files_go_to_a_child(bundled_dir, monkeypatch):
    isolated = []

    def spy(data_dir):
        isolated.append(data_dir)
        return None  # then loaded here

    monkeypatch.setattr(data, "_load_in_child", spy)
    load_dataset(bundled_dir)
    assert isolated == []
    monkeypatch.setattr(data, "ISOLATE_FROM_BYTES", 1)
    load_dataset(bundled_dir)
    assert isolated == [bundled_dir]


class _NoChildren:
    """A multiprocessing context whose processes never start, or start and do nothing."""

    def __init__(self, starts: bool):
        self.starts = starts

    def Pipe(self, duplex=True):
        return SPAWN.Pipe(duplex=duplex)

    def Process(self, target, args, name):
        starts = self.starts

        class Silent:
            def start(self):
                if not starts:
                    raise OSError("no processes here")

            def join(self):
                pass

        return Silent()


@pytest.mark.parametrize("starts", [False, True])
def test_without_a_working_child_the_data_loads_here(
    bundled_dir, dataset, monkeypatch, caplog, starts
):
    monkeypatch.setattr(data.multiprocessing, "get_context", lambda _: _NoChildren(starts))
    here = _loads_here(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="dashboard.data.loading"):
        loaded = load_dataset(bundled_dir, isolate=True)
    _same(loaded, dataset)
    assert here == [bundled_dir]
    assert "loading" in caplog.text and "in this process" in caplog.text
