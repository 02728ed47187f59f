"""Validate a data folder: every problem with its file and feature, all collected first.

An editor fixes a folder in one pass: nothing stops at the first problem. The result
is the validated frames the database is built from (see store_build.py).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

from dashboard.data import schema
from dashboard.data.annotations import ANNOTATIONS_FILE, Annotations, load_annotations
from dashboard.data.coding import coded_problems, periods_problem, range_problem
from dashboard.data.dates import DateFormatError, interval
from dashboard.data.releases import RELEASES_FILE, Releases, load_releases
from dashboard.data.stories import Stories, StoryRefs, load_stories

ACCEPTED_CRS = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


@dataclass(frozen=True)
class Problem:
    file: str
    feature: str | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, feature {self.feature}" if self.feature else self.file
        return f"{where}: {self.reason}"


class DataError(Exception):
    """The data folder cannot be used; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems[:50]]
        if len(problems) > 50:
            lines.append(f"... and {len(problems) - 50} more problems")
        super().__init__("\n".join(lines))


def _is_http_url(value: Any) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def _read_collection(path: Path, problems: list[Problem]) -> list[dict] | None:
    name = path.name
    if not path.exists():
        problems.append(Problem(name, None, f"file is missing from {path.parent}"))
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        problems.append(Problem(name, None, f"cannot be read ({exc.strerror or exc})"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, f"not UTF-8 text ({exc.reason})"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                name, None, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            )
        )
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        problems.append(Problem(name, None, "not a GeoJSON FeatureCollection"))
        return None
    crs = doc.get("crs")
    if crs is not None:
        props = crs.get("properties") if isinstance(crs, dict) else None
        crs_name = props.get("name") if isinstance(props, dict) else None
        if crs_name not in ACCEPTED_CRS:
            problems.append(
                Problem(name, None, f"CRS {crs_name!r} is not WGS84 lon/lat (EPSG:4326, RFC 7946)")
            )
            return None
    features = doc.get("features")
    if not isinstance(features, list):
        problems.append(Problem(name, None, "'features' is missing or not a list"))
        return None
    return features


def _check_type(value: Any, spec: schema.Field) -> str | None:
    """Reason the value does not fit the field, or None."""
    if value is None:
        return None if spec.nullable or not spec.required else "is empty"
    if spec.type == "str":
        if not isinstance(value, str):
            return f"must be text, not {type(value).__name__}"
        if spec.required and not value.strip():
            return "is empty"
        if spec.choices and value not in spec.choices:
            return f"{value!r} is not one of {', '.join(spec.choices)}"
    elif spec.type == "bool":
        if not isinstance(value, bool):
            return "must be true or false"
    elif spec.type == "list[str]":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "must be a list of text"
        unknown = [v for v in value if spec.choices and v not in spec.choices]
        if unknown:
            return f"{unknown[0]!r} is not one of {', '.join(spec.choices)}"
    elif spec.type == "range":
        return range_problem(value)
    elif spec.type == "list[period]":
        return periods_problem(value)
    elif spec.type == "dict[str,str]":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            return "must be an object of text values"
    elif spec.type == "list[name]":
        if not isinstance(value, list) or not all(
            isinstance(v, dict) and isinstance(v.get("tag"), str) and isinstance(v.get("name"), str)
            for v in value
        ):
            return "must be a list of {tag, name}"
    elif spec.type == "list[claim]":
        if not isinstance(value, list):
            return "must be a list of claims"
        for i, claim in enumerate(value, 1):
            if not isinstance(claim, dict) or not all(
                isinstance(claim.get(k), str) and claim.get(k).strip() for k in ("claim", "by")
            ):
                return f"claim {i} needs text 'claim' and 'by'"
            url = claim.get("source_url")
            if url is not None and not _is_http_url(url):
                return f"claim {i} source_url is not an http(s) url"
    elif spec.type == "list[source]":
        if not isinstance(value, list) or not value:
            return "must list at least one source"
        for i, src in enumerate(value, 1):
            if not isinstance(src, dict) or not _is_http_url(src.get("url")):
                return f"source {i} has no http(s) url"
            if not isinstance(src.get("via", ""), str | None):
                return f"source {i} 'via' must be text"
    return None


def _absent(spec: schema.Field) -> Any:
    """The value of an optional field a feature leaves out: empty, as the CSV reads it."""
    if spec.nullable or spec.type in ("str", "bool"):
        return None
    return {} if spec.type.startswith("dict") else []


def _point_key(raw: Any) -> tuple | None:
    """A hashable key for a GeoJSON point's coordinates, or None for anything else."""
    if not isinstance(raw, dict) or raw.get("type") != "Point":
        return None
    coords = raw.get("coordinates")
    if not isinstance(coords, list) or not all(type(c) in (int, float) for c in coords):
        return None
    return tuple(coords)


def _check_geometry(
    raw: Any, file: str, fid: str, problems: list[Problem], points: dict | None = None
):
    """Shapely geometry (or None for a null geometry), after validity and extent checks.

    ``points`` remembers the valid points already made: events at one site share one
    (immutable) point instead of a copy each.
    """
    if raw is None:
        return None
    key = _point_key(raw) if points is not None else None
    if key is not None and key in points:
        return points[key]
    geom = _shape_checked(raw, file, fid, problems)
    if key is not None and geom is not None:
        points[key] = geom
    return geom


def _shape_checked(raw: Any, file: str, fid: str, problems: list[Problem]):
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        problems.append(Problem(file, fid, f"malformed geometry ({exc})"))
        return None
    if geom.is_empty:
        problems.append(Problem(file, fid, "empty geometry"))
        return None
    if not shapely.is_valid(geom):
        problems.append(Problem(file, fid, f"invalid geometry: {shapely.is_valid_reason(geom)}"))
        return None
    lon_min, lat_min, lon_max, lat_max = geom.bounds
    bx0, by0, bx1, by1 = schema.REGION_BBOX
    if not all(math.isfinite(v) for v in geom.bounds) or not (
        bx0 <= lon_min and lon_max <= bx1 and by0 <= lat_min and lat_max <= by1
    ):
        problems.append(
            Problem(
                file,
                fid,
                f"geometry outside the region (lon {bx0}–{bx1}, lat {by0}–{by1}); "
                "coordinates must be lon/lat in EPSG:4326",
            )
        )
        return None
    return geom


def _read_features(
    path: Path, fields: tuple[schema.Field, ...], problems: list[Problem]
) -> gpd.GeoDataFrame | None:
    features = _read_collection(path, problems)
    if features is None:
        return None
    file = path.name
    # One list per field rather than a dict per feature: at 100,000 events the dicts
    # were ~150 MB at once, which the worker's heap kept after the frame was built.
    columns: dict[str, list] = {spec.name: [] for spec in fields}
    geoms, seen = [], set()
    points: dict[tuple, Any] = {}
    for n, feat in enumerate(features, 1):
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            problems.append(Problem(file, f"#{n}", "not a GeoJSON Feature"))
            continue
        props = feat.get("properties")
        if not isinstance(props, dict):
            problems.append(Problem(file, f"#{n}", "has no properties object"))
            continue
        fid = props.get("id", feat.get("id"))
        if not isinstance(fid, str) or not fid.strip():
            problems.append(Problem(file, f"#{n}", "has no text 'id'"))
            continue
        if fid in seen:
            problems.append(Problem(file, fid, "duplicate id"))
            continue
        seen.add(fid)
        ok = True
        for spec in fields:
            if spec.name not in props:
                if spec.required:
                    problems.append(Problem(file, fid, f"missing required field '{spec.name}'"))
                    ok = False
                continue
            reason = _check_type(props[spec.name], spec)
            if reason:
                problems.append(Problem(file, fid, f"field '{spec.name}' {reason}"))
                ok = False
        geom = _check_geometry(feat.get("geometry"), file, fid, problems, points)
        if feat.get("geometry") is not None and geom is None:
            ok = False
        if ok:
            for spec in fields:
                value = props[spec.name] if spec.name in props else _absent(spec)
                columns[spec.name].append(fid if spec.name == "id" else value)
            geoms.append(geom)
    frame = gpd.GeoDataFrame(
        pd.DataFrame({name: pd.Series(v, dtype=object) for name, v in columns.items()}),
        geometry=gpd.GeoSeries(geoms),
        crs="EPSG:4326",
    )
    frame.index = pd.Index(frame["id"].tolist(), dtype=object)
    return frame


def _add_intervals(events: gpd.GeoDataFrame, problems: list[Problem]) -> gpd.GeoDataFrame:
    starts, ends, keep = [], [], []
    days: dict[date, date] = {}  # one date object per day, shared by the events
    for row in events.itertuples(index=False):
        try:
            start, end = interval(row.date, row.date_precision, row.end_date)
            start, end = days.setdefault(start, start), days.setdefault(end, end)
        except DateFormatError as exc:
            problems.append(Problem(schema.EVENTS_FILE, row.id, f"bad date: {exc}"))
            keep.append(False)
            starts.append(None)
            ends.append(None)
            continue
        keep.append(True)
        starts.append(start)
        ends.append(end)
    events = events.assign(start=starts, end=ends)
    return events[keep]


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
    """Read and check every file of ``data_dir``.

    Raises
    ------
    DataError
        Listing every problem found, each naming its file and feature.
    """
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), None, "data folder does not exist")])
    problems: list[Problem] = []
    sites = _read_features(data_dir / schema.SITES_FILE, schema.SITE_FIELDS, problems)
    events = _read_features(data_dir / schema.EVENTS_FILE, schema.EVENT_FIELDS, problems)
    layers = {}
    for spec in schema.LAYERS:
        file = schema.layer_file(spec.id)
        layer = _read_features(data_dir / file, schema.LAYER_FIELDS, problems)
        if layer is not None:
            _check_layer_dates(layer, file, problems)
            layers[spec.id] = layer
    if events is not None:
        events = _add_intervals(events, problems)
        if sites is not None:
            for row in events.itertuples(index=False):
                if row.site not in sites.index:
                    problems.append(
                        Problem(
                            schema.EVENTS_FILE, row.id, f"site {row.site!r} is not in sites.geojson"
                        )
                    )
    if events is not None:
        for fid, reason in coded_problems(events):
            problems.append(Problem(schema.EVENTS_FILE, fid, reason))
    if events is not None:
        # Events dropped for their own problems are already reported: no cascade.
        known = set(events.index) | {p.feature for p in problems if p.file == schema.EVENTS_FILE}
        for layer_id, layer in layers.items():
            for row in layer.itertuples(index=False):
                for ref in row.events or []:
                    if ref not in known:
                        problems.append(
                            Problem(schema.layer_file(layer_id), row.id, f"unknown event {ref!r}")
                        )
    # events dropped for their own problems are already reported: named ids are known
    known = None if events is None else set(events.index) | {p.feature for p in problems}
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
    dated = events is not None and len(events) > 0
    span = (
        min(schema.MISSION_START, events["start"].min()) if dated else schema.MISSION_START,
        max(schema.MISSION_END, events["end"].max()) if dated else schema.MISSION_END,
    )
    refs = StoryRefs.of(known, sites, layers)
    report = lambda file, entry, why: problems.append(Problem(file, entry, why))  # noqa: E731
    stories = load_stories(data_dir, refs, span, report)
    if problems:
        raise DataError(problems)
    assert sites is not None and events is not None
    events = events.sort_values(["start", "id"], kind="stable")
    events["context"] = events["context"].fillna(False).astype(bool)
    return Validated(sites, events, layers, span, annotations, releases, stories)
