"""Read a GeoJSON FeatureCollection one feature at a time, never the whole file at once.

A million events are ~1 GB of GeoJSON: ``json.loads`` of it held ~5 GB. ijson (its C
backend, yajl2_c) reads the file twice instead, keeping nothing of the features the first
time: pass 1 reads the collection's own members (``type``, ``crs``, ``features``) with
every object below them made one shared stand-in that keeps nothing, so that a file which
is not a FeatureCollection is reported before any of its features are; pass 2 yields the
features one by one. Each pass is ~10 s at a million events.

A file ijson refuses (not JSON, not UTF-8, a NaN that Python's ``json`` reads...) is
read whole with ``json.loads`` as before, which gives the problem the editor has always
seen (with its line and column) or, for what only Python's ``json`` accepts, the features.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import ijson

from dashboard.data.problems import Problem

ACCEPTED_CRS = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}
READ_SIZE = 1 << 16  # bytes ijson reads at a time
FEATURES = "features.item"  # ijson's prefix of each member of the top-level 'features' list


class _Dropped:
    """Stands for every object below the collection's own in pass 1: keeps nothing."""

    __slots__ = ()

    def __setitem__(self, key: str, value: Any) -> None:
        pass


DROPPED = _Dropped()


class _Members(dict):
    """The collection's own object in pass 1; counts its 'features' keys (JSON allows a
    key twice, and ``json.loads`` keeps the last: the whole-file read decides then)."""

    features_keys = 0

    def __setitem__(self, key: str, value: Any) -> None:
        if key == "features":
            self.features_keys += 1
        super().__setitem__(key, value)


def collection_problem(doc: Any) -> str | None:
    """Why the parsed top level of a file is not a usable FeatureCollection, or None."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return "not a GeoJSON FeatureCollection"
    crs = doc.get("crs")
    if crs is not None:
        props = crs.get("properties") if isinstance(crs, dict) else None
        crs_name = props.get("name") if isinstance(props, dict) else None
        if crs_name not in ACCEPTED_CRS:
            return f"CRS {crs_name!r} is not WGS84 lon/lat (EPSG:4326, RFC 7946)"
    if not isinstance(doc.get("features"), list):
        return "'features' is missing or not a list"
    return None


def read_collection(path: Path, problems: list[Problem]) -> Iterable[Any] | None:
    """The features of the FeatureCollection at ``path``, to iterate once (each read from
    the file as it is reached); None, with the file's problem added to ``problems``, when
    the file cannot be used."""
    name = path.name
    if not path.exists():
        problems.append(Problem(name, None, f"file is missing from {path.parent}"))
        return None
    try:
        doc = _members(path)
    except OSError as exc:
        problems.append(Problem(name, None, f"cannot be read ({exc.strerror or exc})"))
        return None
    except (ijson.JSONError, UnicodeError):
        return read_whole(path, problems)
    if isinstance(doc, _Members) and doc.features_keys > 1:
        return read_whole(path, problems)
    if isinstance(doc, dict) and isinstance(doc.get("crs"), _Dropped):
        doc["crs"] = _last(path, "crs")
    reason = collection_problem(doc)
    if reason:
        problems.append(Problem(name, None, reason))
        return None
    return _Features(path, problems)


def _members(path: Path) -> Any:
    """Pass 1: the file's top level, every object below it a stand-in."""
    made = []

    def object_type() -> Any:
        made.append(True)
        return _Members() if len(made) == 1 else DROPPED

    with path.open("rb") as file:  # read to the end: whatever follows the value is an error
        (doc,) = ijson.items(file, "", map_type=object_type, use_float=True, buf_size=READ_SIZE)
    return doc


def _last(path: Path, prefix: str) -> Any:
    """The last value at ``prefix`` (as ``json.loads`` keeps the last of a repeated key)."""
    found = None
    with path.open("rb") as file:
        for found in ijson.items(file, prefix, use_float=True, buf_size=READ_SIZE):  # noqa: B007
            pass
    return found


class _Features:
    """Pass 2, when iterated: each member of 'features' in turn. A file that stops being
    readable in between (edited meanwhile) ends the features with a problem."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path, self.problems = path, problems

    def __iter__(self) -> Iterator[Any]:
        try:
            with self.path.open("rb") as file:
                yield from ijson.items(file, FEATURES, use_float=True, buf_size=READ_SIZE)
        except (OSError, ijson.JSONError, UnicodeError) as exc:
            reason = f"changed or became unreadable while being read ({exc})"
            self.problems.append(Problem(self.path.name, None, reason))


def read_whole(path: Path, problems: list[Problem]) -> list[Any] | None:
    """The features of the file read whole with ``json.loads``; None, with its problem."""
    name = path.name
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        problems.append(Problem(name, None, f"cannot be read ({exc.strerror or exc})"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, f"not UTF-8 text ({exc.reason})"))
        return None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        problems.append(Problem(name, None, f"not valid JSON ({where})"))
        return None
    reason = collection_problem(doc)
    if reason:
        problems.append(Problem(name, None, reason))
        return None
    return doc["features"]
