"""Open the data folder's database (building it first if needed) and read what stays in
memory: the sites, the layers and the short columns of the events.

With its database built, starting does not parse the events GeoJSON again: the folder's
files are hashed (the hash names the database), and the database is read. The long
event fields (title, summary, sources...) stay in the database until a panel shows
them (see store.py); the short ones are what the map, the timeline and the filters
read for every event at once, stored whole by the build (see event_arrays.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.config import default_cache_dir
from dashboard.data import schema
from dashboard.data.annotations import Annotations
from dashboard.data.event_arrays import events_frame, read_event_arrays
from dashboard.data.queries import EventDays
from dashboard.data.releases import Releases
from dashboard.data.store import EventDatabase
from dashboard.data.store_build import ensure_database
from dashboard.data.stories import Stories
from dashboard.data.validation import DataError, Problem

__all__ = ["DataError", "Dataset", "Problem", "load_dataset", "open_dataset"]


@dataclass(frozen=True)
class Dataset:
    """Validated data, ready for the figures and callbacks.

    ``events`` is sorted by start date, then id, and holds the short columns
    (``schema.EVENT_COLUMN_FIELDS``) with ``start``/``end`` days (the interval the event
    covers, see :func:`dashboard.data.dates.interval`); its row numbers are the
    database's ``row``. ``store`` reads the whole events and searches them.
    """

    sites: gpd.GeoDataFrame
    events: pd.DataFrame
    layers: dict[str, gpd.GeoDataFrame]
    version: str
    data_dir: Path
    span: tuple[date, date] = field(default=(schema.MISSION_START, schema.MISSION_END))
    annotations: Annotations = field(default_factory=Annotations)  # annotations.json
    releases: Releases = field(default_factory=Releases)  # releases.json
    stories: Stories = field(default_factory=Stories)  # stories/*.json
    store: EventDatabase | None = field(default=None, repr=False, compare=False)
    days: EventDays | None = field(default=None, repr=False, compare=False)

    @property
    def search_text(self) -> pd.Series:
        """Lower-cased searchable text per event, by id (``filters.event_search_text``)."""
        texts = self.store.query("SELECT text FROM search_text ORDER BY row")
        return pd.Series([text for (text,) in texts], index=self.events.index, dtype=object)

    def all_events(self) -> gpd.GeoDataFrame:
        """Every event with every field and its geometry, as the GeoJSON gave them, by id
        (for tests and tools; the server reads only the events it shows)."""
        return self.store.memo("all_events", lambda: _all_events(self))


def load_dataset(data_dir: Path | str, cache_dir: Path | str | None = None) -> Dataset:
    """The dataset of ``data_dir``, through its database in ``cache_dir`` (built if missing).

    Raises
    ------
    DataError
        Listing every problem found, each naming its file and feature; or saying why
        the database cannot be built.
    """
    data_dir = Path(data_dir)
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    path, version = ensure_database(data_dir, cache_dir)
    return open_dataset(path, data_dir, version)


def open_dataset(path: Path, data_dir: Path, version: str) -> Dataset:
    """Read the in-memory part of a dataset from its database at ``path``."""
    store = EventDatabase(path)
    meta = store.meta
    span = (date.fromisoformat(meta["span_start"]), date.fromisoformat(meta["span_end"]))
    arrays = read_event_arrays(store)
    events = events_frame(arrays, span[0])
    layers = {
        spec.id: _features(store, "layer_features WHERE layer = ?", schema.LAYER_FIELDS, spec.id)
        for spec in schema.LAYERS
    }
    return Dataset(
        sites=_features(store, "sites", schema.SITE_FIELDS),
        events=events,
        layers=layers,
        version=version,
        data_dir=data_dir,
        span=span,
        annotations=Annotations.from_json(meta.get("annotations")),
        releases=Releases.from_json(meta.get("releases")),
        stories=Stories.from_json(meta.get("stories")),
        store=store,
        days=EventDays.from_arrays(arrays, span[0]),
    )


def _all_events(dataset: Dataset) -> gpd.GeoDataFrame:
    origin = dataset.span[0]
    records = []
    for _, event in dataset.store.records_between(-(2**31), 2**31):
        event["start"] = origin + timedelta(days=event.pop("start_day"))
        event["end"] = origin + timedelta(days=event.pop("end_day"))
        records.append(event)
    columns = [*schema.EVENT_FIELD_NAMES, "start", "end"]
    frame = pd.DataFrame(records, columns=[*columns, "geometry"], dtype=object)
    events = gpd.GeoDataFrame(frame[columns], geometry=gpd.GeoSeries(frame["geometry"].tolist()))
    events = events.set_crs("EPSG:4326")
    events["context"] = events["context"].astype(bool)
    events.index = pd.Index(events["id"].tolist(), dtype=object)
    return events


def _features(store: EventDatabase, source: str, fields, *params: Any) -> gpd.GeoDataFrame:
    """A sites or layer table as the GeoDataFrame validation made of its file."""
    names = [spec.name for spec in fields]
    columns = ", ".join(f'"{name}"' for name in names)
    found = store.query(f"SELECT {columns}, geometry FROM {source} ORDER BY position", params)
    rows = [[decode_field(spec, v) for spec, v in zip(fields, r, strict=False)] for r in found]
    geometry = shapely.from_wkb([r[-1] for r in found]) if found else []
    frame = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=names, dtype=object),
        geometry=gpd.GeoSeries(list(geometry)),
        crs="EPSG:4326",
    )
    frame.index = pd.Index(frame["id"].tolist(), dtype=object)
    return frame


def decode_field(spec: schema.Field, value: Any) -> Any:
    if value is None:
        return None
    if spec.type not in ("str", "bool"):
        return json.loads(value)
    return bool(value) if spec.type == "bool" else value
