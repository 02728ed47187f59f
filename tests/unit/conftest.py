"""Shared fixtures: a writable copy of the bundled data and helpers to break it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dashboard.data.loading import DataError, Dataset, Problem, load_dataset

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "geodata"


def read_geojson(data_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((data_dir / name).read_text(encoding="utf-8"))


def write_geojson(data_dir: Path, name: str, doc: Any) -> None:
    (data_dir / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def edit_geojson(data_dir: Path, name: str, fn: Callable[[dict[str, Any]], Any]) -> None:
    """Parse ``name``, let ``fn`` mutate the dict in place, save it back."""
    doc = read_geojson(data_dir, name)
    fn(doc)
    write_geojson(data_dir, name, doc)


def find_feature(doc: dict[str, Any], fid: str) -> dict[str, Any]:
    matches = [f for f in doc["features"] if f["properties"].get("id") == fid]
    assert len(matches) == 1, f"expected exactly one feature {fid!r} in the fixture data"
    return matches[0]


def edit_feature_in(
    data_dir: Path, name: str, fid: str, fn: Callable[[dict[str, Any]], Any]
) -> None:
    """Let ``fn`` mutate the feature ``fid`` (the whole Feature dict) of ``name``."""
    edit_geojson(data_dir, name, lambda doc: fn(find_feature(doc, fid)))


def load_problems(data_dir: Path) -> list[Problem]:
    """The problems of a folder that must not load."""
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    assert info.value.problems, "DataError raised without any problem listed"
    return info.value.problems


@pytest.fixture(scope="session")
def bundled_dir() -> Path:
    assert BUNDLED_DIR.is_dir(), f"bundled data folder not found at {BUNDLED_DIR}"
    return BUNDLED_DIR


@pytest.fixture(scope="session")
def dataset(bundled_dir: Path) -> Dataset:
    return load_dataset(bundled_dir)


@pytest.fixture
def data_dir(tmp_path: Path, bundled_dir: Path) -> Path:
    """A private, writable copy of the bundled data folder."""
    target = tmp_path / "geodata"
    shutil.copytree(bundled_dir, target)
    return target


@pytest.fixture
def edit() -> Callable[[Path, str, Callable[[dict[str, Any]], Any]], None]:
    """``edit(data_dir, "events.geojson", fn)``: fn mutates the parsed FeatureCollection."""
    return edit_geojson


@pytest.fixture
def edit_feature() -> Callable[[Path, str, str, Callable[[dict[str, Any]], Any]], None]:
    """``edit_feature(data_dir, "events.geojson", "E005", fn)``: fn mutates that Feature."""
    return edit_feature_in


@pytest.fixture
def problems_of() -> Callable[[Path], list[Problem]]:
    """``problems_of(data_dir)``: load must fail; returns the listed problems."""
    return load_problems
