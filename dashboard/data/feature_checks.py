"""Each feature's own checks, one feature at a time: a GeoJSON Feature with a text id
seen once, every field of its file's schema of the right type, a valid geometry inside
the region. validation.py runs them on every file; the events go on to their own checks
(event_checks.py) without being gathered first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

import shapely
from shapely.geometry import shape

from dashboard.data import schema
from dashboard.data.coding import periods_problem, range_problem
from dashboard.data.problems import Problem


def _is_http_url(value: Any) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


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


def checked_features(
    features: Iterable[Any],
    file: str,
    fields: tuple[schema.Field, ...],
    problems: list[Problem],
    seen: set[str] | None = None,
) -> Iterator[tuple[dict[str, Any], Any]]:
    """(values by field name, shapely geometry or None) of each feature that passes its
    checks, in file order; a problem in ``problems`` for each that does not.

    ``seen`` collects every text id met (a duplicate is reported, not yielded). An
    optional field the feature leaves out is given its empty value (see ``_absent``).
    """
    seen = set() if seen is None else seen
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
        ok = _fields_ok(props, fields, file, fid, problems)
        geom = _check_geometry(feat.get("geometry"), file, fid, problems, points)
        if ok and (geom is not None or feat.get("geometry") is None):
            values = {
                spec.name: props[spec.name] if spec.name in props else _absent(spec)
                for spec in fields
            }
            values["id"] = fid
            yield values, geom


def _fields_ok(
    props: dict, fields: tuple[schema.Field, ...], file: str, fid: str, problems: list[Problem]
) -> bool:
    """Does every field fit the schema? A problem for each that does not."""
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
    return ok
