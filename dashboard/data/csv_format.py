"""The one CSV format of the events: ``karabakh-map import``, ``export-csv`` and
``/export/events.csv`` all read or write it, and ``tools/build_geodata.py`` builds
its events through :func:`row_feature`.

There is one column per event field of :mod:`dashboard.data.schema`, named as the
field, in the schema's order, so a field added there is a column here with no other
edit. How a cell holds a value follows the field's type (:func:`encode_cell`):
text as is, ``true``/``false``, a list of words as ``a; b``, figures as ``k=v; k=v``,
anything else (sources, contested claims, numbers) as JSON. Then come
:data:`READ_ONLY_COLUMNS`, written on export for readers: the importer checks
``lon``/``lat`` against the site's point and ignores the others.

Text cells that a spreadsheet would run as a formula (CSV injection, OWASP) are
written with a leading apostrophe, which spreadsheets hide, and read back without
it (:func:`neutralise`, :func:`restore`); number cells are left alone.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.data import schema
from dashboard.data.dates import day_text

FIELDS: dict[str, schema.Field] = {f.name: f for f in schema.EVENT_FIELDS}
EVENT_COLUMNS: tuple[str, ...] = schema.EVENT_FIELD_NAMES
"""One column per event field; only the required fields' columns must be present."""
REQUIRED_COLUMNS: tuple[str, ...] = tuple(f.name for f in schema.EVENT_FIELDS if f.required)
READ_ONLY_COLUMNS: tuple[str, ...] = ("site_name", "lon", "lat", "cite_as")
"""Written on export; on import ``lon``/``lat`` must be the site's point (or empty)."""
COLUMNS: tuple[str, ...] = EVENT_COLUMNS + READ_ONLY_COLUMNS
READ_ONLY_MEANING: dict[str, tuple[str, str]] = {
    "site_name": ("the site's English name", "ignored"),
    "lon": ("the site's longitude", "must be the site's point, or empty"),
    "lat": ("the site's latitude", "must be the site's point, or empty"),
    "cite_as": ("the citation line: dataset version, dates, day retrieved", "ignored"),
}
COORD_TOLERANCE = 0.0005
"""Degrees (about 50 m): how far a row's lon/lat may be from its site's point."""
TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no", "")
SEPARATOR = ";"
"""Between the items of a ``list[str]`` or ``dict[str,str]`` cell in its short form."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell a spreadsheet would evaluate as a formula begins (OWASP's list)."""
TEXT_MARK = "'"
"""Put before such a cell, and before a cell that itself begins with it, so that
:func:`restore` can take exactly one away."""


def neutralise(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates; :func:`restore` gives it back."""
    return TEXT_MARK + text if text.startswith((*FORMULA_STARTS, TEXT_MARK)) else text


def restore(cell: str) -> str:
    """The text :func:`neutralise` was given."""
    return cell[len(TEXT_MARK) :] if cell.startswith(TEXT_MARK) else cell


class CellError(ValueError):
    """A cell that cannot be read as its field's type; the message names the column."""


# -- cells ---------------------------------------------------------------------------


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _short(field: schema.Field, value: Any) -> str | None:
    """The short form of a list of words or of figures, None for other types."""
    if field.type == "list[str]":
        return f"{SEPARATOR} ".join(value)
    if field.type == "dict[str,str]":
        return f"{SEPARATOR} ".join(f"{k}={v}" for k, v in value.items())
    return None


def _read_short(field: schema.Field, text: str) -> Any:
    parts = [part.strip() for part in text.split(SEPARATOR)]
    if field.type == "list[str]":
        return [part for part in parts if part]
    figures = {}
    for part in parts:
        if part:
            if "=" not in part:
                raise CellError(f"{field.name!r}: {part!r} is not key=value")
            key, value = part.split("=", 1)
            figures[key.strip()] = value.strip()
    return figures


def empty_value(field: schema.Field) -> Any:
    """What an empty cell means for ``field``."""
    if field.nullable:
        return None
    return {"str": "", "bool": False, "dict[str,str]": {}}.get(
        field.type, [] if field.type.startswith("list[") else None
    )


def encode_cell(field: schema.Field, value: Any) -> str:
    """``value`` as the text of a cell; :func:`decode_cell` reads it back equal."""
    if value is None or (field.type not in ("str", "bool") and value == empty_value(field)):
        return ""
    if field.type == "str":
        return neutralise(value)
    if field.type == "bool":
        return "true" if value else "false"
    short = _short(field, value)
    # The short form only where it reads back the same (no separator inside an item...).
    if short is not None and not short.startswith(("[", "{", TEXT_MARK)):
        try:
            if _read_short(field, short) == value:
                return neutralise(short)
        except CellError:
            pass
    return _json(value)  # begins with [ { " or a digit: never a formula


def decode_cell(field: schema.Field, raw: str) -> Any:
    """The value a cell holds (the loader then checks it against the schema).

    Raises
    ------
    CellError
        If the cell is not ``true``/``false`` for a bool, or not JSON where JSON is due.
    """
    if field.type == "str":
        return restore(raw) if raw or not field.nullable else None
    text = raw.strip()
    if field.type == "bool":
        if text.lower() not in TRUE_WORDS + FALSE_WORDS:
            raise CellError(f"{field.name!r} must be true or false, not {raw!r}")
        return text.lower() in TRUE_WORDS
    if not text:
        return empty_value(field)
    if field.type in ("list[str]", "dict[str,str]") and not text.startswith(("[", "{")):
        return _read_short(field, restore(text))
    try:
        return json.loads(text)
    except ValueError as exc:
        raise CellError(f"{field.name!r} is not valid JSON ({exc.msg}): a {field.type}") from None


# -- rows to events (import, tools/build_geodata.py) ---------------------------------


def _number(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_coordinates(row: Mapping[str, str], site: dict) -> str | None:
    lon_raw, lat_raw = row.get("lon", "").strip(), row.get("lat", "").strip()
    if not lon_raw and not lat_raw:
        return None
    lon, lat = _number(lon_raw), _number(lat_raw)
    if lon is None or lat is None:
        return f"lon/lat must both be numbers or both empty, not {lon_raw!r}, {lat_raw!r}"
    geometry = site.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return (
            f"site {row['site']!r} has no point; leave lon/lat empty "
            "(the geometry comes from sites.geojson)"
        )
    site_lon, site_lat = geometry["coordinates"][:2]
    if abs(lon - site_lon) > COORD_TOLERANCE or abs(lat - site_lat) > COORD_TOLERANCE:
        return (
            f"lon/lat ({lon}, {lat}) are not those of site {row['site']!r} "
            f"({site_lon}, {site_lat}); the geometry comes from sites.geojson: "
            "move the site there or leave lon/lat empty"
        )
    return None


def row_feature(
    row: Mapping[str, str], sites: Mapping[str, dict], existing: Mapping[str, dict]
) -> tuple[dict | None, list[str]]:
    """The event feature for one row (column -> cell text), or the reasons it cannot be built.

    ``sites`` and ``existing`` are GeoJSON features by id: the event's geometry is its
    site's point, and a field whose column is absent keeps the value the event has in
    ``existing`` (or an empty cell's value, for a new event). The values' types and
    vocabularies are the loader's to check.
    """
    fid = row.get("id", "").strip()
    if not fid:
        return None, ["'id' is empty"]
    reasons = []
    site = sites.get(row.get("site", ""))
    if site is None:
        reasons.append(f"site {row.get('site')!r} is not in sites.geojson")
    elif reason := _check_coordinates(row, site):
        reasons.append(reason)
    old = existing.get(fid, {}).get("properties", {})
    properties: dict[str, Any] = {"id": fid}
    for name, field in FIELDS.items():
        if name == "id":
            continue
        if name not in row:
            properties[name] = old.get(name, empty_value(field))
            continue
        try:
            properties[name] = decode_cell(field, row[name])
        except CellError as error:
            reasons.append(str(error))
    if reasons:
        return None, reasons
    assert site is not None
    if (
        properties.get("location_precision") == "exact"
        and site["properties"].get("location_precision") == "approximate"
    ):
        # The event is at the site itself, but the site's point is only derived.
        properties["location_precision"] = "approximate"
    return {
        "type": "Feature",
        "id": fid,
        "geometry": site.get("geometry"),
        "properties": properties,
    }, []


# -- events to rows (export) ---------------------------------------------------------


@dataclass(frozen=True)
class SitePoint:
    """What an exported row says about its site."""

    name: str
    lon: float | None
    lat: float | None


def site_points(sites: Any) -> dict[str, SitePoint]:
    """Each site of a sites frame (``Dataset.sites``) by id, for :func:`write_events`."""
    points = {}
    for sid, site in sites.iterrows():
        point = site.geometry
        mapped = point is not None and not point.is_empty
        points[sid] = SitePoint(
            site["name_en"], point.x if mapped else None, point.y if mapped else None
        )
    return points


def citation(version: str, start: date, end: date, retrieved: date) -> str:
    return (
        f"Karabakh peacekeeping map, dataset v{version}, events from {day_text(start)} "
        f"to {day_text(end)}, retrieved {day_text(retrieved)}."
    )


def event_row(event: Mapping[str, Any], site: SitePoint | None, cite: str) -> list[str]:
    """One event as the cells of :data:`COLUMNS`."""
    cells = [encode_cell(field, event.get(name)) for name, field in FIELDS.items()]
    lon = f"{site.lon:.6f}" if site and site.lon is not None else ""
    lat = f"{site.lat:.6f}" if site and site.lat is not None else ""
    return [*cells, neutralise(site.name) if site else "", lon, lat, neutralise(cite)]


def write_events(
    events: Iterable[Mapping[str, Any]], sites: Mapping[str, SitePoint], cite: str
) -> str:
    """The CSV text of ``events`` (header, then one row each)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow(event_row(event, sites.get(event["site"]), cite))
    return out.getvalue()


def markdown_table() -> str:
    """The README's table of the columns (a test keeps the README in step with this)."""
    lines = ["| column | cell | on import |", "| --- | --- | --- |"]
    for name, field in FIELDS.items():
        need = "required" if field.required else "optional: without the column, kept as it is"
        lines.append(f"| `{name}` | {_cell_words(field)} | {need} |")
    for name in READ_ONLY_COLUMNS:
        meaning, on_import = READ_ONLY_MEANING[name]
        lines.append(f"| `{name}` | export only: {meaning} | {on_import} |")
    return "\n".join(lines)


def _cell_words(field: schema.Field) -> str:
    if field.type == "str":
        return "text" + ("; empty = null" if field.nullable else "")
    if field.type == "bool":
        return "`true` or `false` (empty = false)"
    if field.type == "list[str]":
        return "`a; b` (or a JSON list)"
    if field.type == "dict[str,str]":
        return "`key=value; key=value` (or a JSON object)"
    empty = "null" if field.nullable else _json(empty_value(field))
    return f"JSON, a {field.type}; empty = {empty}"
