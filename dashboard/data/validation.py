"""Validate a data folder: every problem with its file and feature, all collected first.

An editor fixes a folder in one pass: nothing stops at the first problem. The events are
checked as they are read, one at a time (event_checks.py), and handed to a sink: the
frame :func:`validate_folder` returns, or the database the build writes (store_build.py);
:func:`check_folder` is the one place either runs every check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from dashboard.data import schema
from dashboard.data.annotations import ANNOTATIONS_FILE, Annotations, load_annotations
from dashboard.data.dates import DateFormatError, interval
from dashboard.data.event_checks import EventChecks, EventSink
from dashboard.data.feature_checks import checked_features
from dashboard.data.filters import site_search_names
from dashboard.data.geojson_stream import ACCEPTED_CRS, read_collection
from dashboard.data.problems import DataError, Problem
from dashboard.data.releases import RELEASES_FILE, Releases, load_releases
from dashboard.data.stories import Stories, StoryRefs, load_stories

__all__ = [
    "ACCEPTED_CRS",
    "Checked",
    "DataError",
    "Problem",
    "Validated",
    "check_folder",
    "validate_folder",
]


class _Columns:
    """Checked features gathered one list per field (a dict per feature was ~150 MB at
    100,000 events, which the worker's heap kept), then made a frame by id."""

    def __init__(self, fields: tuple[schema.Field, ...]) -> None:
        self.values: dict[str, list] = {spec.name: [] for spec in fields}
        self.geometries: list = []

    def add(self, feature: dict[str, Any], geometry: Any) -> None:
        for name, values in self.values.items():
            values.append(feature[name])
        self.geometries.append(geometry)

    def frame(self) -> gpd.GeoDataFrame:
        frame = gpd.GeoDataFrame(
            pd.DataFrame({name: pd.Series(v, dtype=object) for name, v in self.values.items()}),
            geometry=gpd.GeoSeries(self.geometries),
            crs="EPSG:4326",
        )
        frame.index = pd.Index(frame["id"].tolist(), dtype=object)
        return frame


class _EventFrame(_Columns):
    """The sink :func:`validate_folder` gives the events: a frame with start and end."""

    def __init__(self) -> None:
        super().__init__(schema.EVENT_FIELDS)
        self.starts: list[date] = []
        self.ends: list[date] = []

    def begin(self, site_names: dict[str, str]) -> None:
        pass

    def add(self, event: dict[str, Any], geometry: Any, start: date, end: date) -> None:
        super().add(event, geometry)
        self.starts.append(start)
        self.ends.append(end)

    def frame(self) -> gpd.GeoDataFrame:
        return super().frame().assign(start=self.starts, end=self.ends)


def _read_features(
    path: Path, fields: tuple[schema.Field, ...], problems: list[Problem]
) -> gpd.GeoDataFrame | None:
    features = read_collection(path, problems)
    if features is None:
        return None
    columns = _Columns(fields)
    for feature, geometry in checked_features(features, path.name, fields, problems):
        columns.add(feature, geometry)
    return columns.frame()


def _check_layer_dates(layer: gpd.GeoDataFrame, file: str, problems: list[Problem]) -> None:
    for row in layer.itertuples(index=False):
        parsed = {}
        for name in ("valid_from", "valid_to"):
            value = getattr(row, name)
            if value is None:
                continue
            try:
                parsed[name] = interval(value, "day")[0]
            except DateFormatError as exc:
                problems.append(Problem(file, row.id, f"bad {name}: {exc}"))
        if len(parsed) == 2 and parsed["valid_to"] <= parsed["valid_from"]:
            problems.append(Problem(file, row.id, "valid_to is not after valid_from"))


def _read_layers(data_dir: Path, problems: list[Problem]) -> dict[str, gpd.GeoDataFrame]:
    layers = {}
    for spec in schema.LAYERS:
        file = schema.layer_file(spec.id)
        layer = _read_features(data_dir / file, schema.LAYER_FIELDS, problems)
        if layer is not None:
            _check_layer_dates(layer, file, problems)
            layers[spec.id] = layer
    return layers


def _check_layer_events(
    layers: dict[str, gpd.GeoDataFrame], known: set, problems: list[Problem]
) -> None:
    for layer_id, layer in layers.items():
        for row in layer.itertuples(index=False):
            for ref in row.events or []:
                if ref not in known:
                    problems.append(
                        Problem(schema.layer_file(layer_id), row.id, f"unknown event {ref!r}")
                    )


def _features_named(problems: Iterable[Problem], file: str | None = None) -> set:
    return {p.feature for p in problems if file is None or p.file == file}


@dataclass(frozen=True)
class Checked:
    """A data folder that passed every check, but for its events (given to a sink)."""

    sites: gpd.GeoDataFrame
    layers: dict[str, gpd.GeoDataFrame]
    span: tuple[date, date]
    annotations: Annotations
    releases: Releases
    stories: Stories
    events: int  # how many


def check_folder(data_dir: Path, sink: EventSink) -> Checked:
    """Read and check every file of ``data_dir``, each event given to ``sink`` as it passes
    its own checks (the folder's problems are known only at the end).

    Raises
    ------
    DataError
        Listing every problem found, each naming its file and feature.
    """
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), None, "data folder does not exist")])
    problems: list[Problem] = []
    sites = _read_features(data_dir / schema.SITES_FILE, schema.SITE_FIELDS, problems)
    events = EventChecks(None if sites is None else set(sites.index))
    features = read_collection(data_dir / schema.EVENTS_FILE, problems)
    if features is not None:
        sink.begin({} if sites is None else site_search_names(sites))
        events.run(features, problems, sink)
    layers = _read_layers(data_dir, problems)
    known = None  # every event id named anywhere, once the events could be read
    if features is not None:
        problems += events.later_problems()
        # Events dropped for their own problems are already reported: no cascade.
        known = events.seen
        known |= _features_named(problems, schema.EVENTS_FILE)
        _check_layer_events(layers, known, problems)
        known |= _features_named(problems)
    annotations = load_annotations(
        data_dir,
        known,
        None if sites is None else set(sites.index),
        {fid for layer in layers.values() for fid in layer.index},
        lambda entry, reason: problems.append(Problem(ANNOTATIONS_FILE, entry, reason)),
    )
    releases = load_releases(
        data_dir,
        known,
        schema.EVENT_FIELD_NAMES,
        lambda entry, reason: problems.append(Problem(RELEASES_FILE, entry, reason)),
    )
    span = events.span()
    refs = StoryRefs.of(known, sites, layers)
    report = lambda file, entry, why: problems.append(Problem(file, entry, why))  # noqa: E731
    stories = load_stories(data_dir, refs, span, report)
    if problems:
        raise DataError(problems)
    assert sites is not None
    return Checked(sites, layers, span, annotations, releases, stories, events.kept)


@dataclass(frozen=True)
class Validated:
    """A data folder that passed every check: events sorted by start day then id, with
    ``start``/``end`` dates (see :func:`dashboard.data.dates.interval`)."""

    sites: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    layers: dict[str, gpd.GeoDataFrame]
    span: tuple[date, date]
    annotations: Annotations
    releases: Releases = field(default_factory=Releases)
    stories: Stories = field(default_factory=Stories)


def validate_folder(data_dir: Path) -> Validated:
    """Read and check every file of ``data_dir``; the events as one frame (for ``validate``,
    the CSV export and the import: the build streams them instead, see store_build.py).

    Raises
    ------
    DataError
        Listing every problem found, each naming its file and feature.
    """
    sink = _EventFrame()
    checked = check_folder(Path(data_dir), sink)
    events = sink.frame().sort_values(["start", "id"], kind="stable")
    events["context"] = events["context"].fillna(False).astype(bool)
    return Validated(
        checked.sites,
        events,
        checked.layers,
        checked.span,
        checked.annotations,
        checked.releases,
        checked.stories,
    )
