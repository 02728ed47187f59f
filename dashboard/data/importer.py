"""``karabakh-map import events.csv``: the events CSV into ``events.geojson``, all or nothing.

The CSV is the one events format (:mod:`dashboard.data.csv_format`, which turns each
row into an event whose geometry is its site's point). Every row is checked, then the
data folder with the new events must pass :func:`dashboard.data.validation.validate_folder`;
any problem is reported with its line number and nothing is written. The write itself
is atomic (:mod:`dashboard.data.atomic`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.data import csv_format, schema
from dashboard.data.atomic import atomic_write_text
from dashboard.data.store_build import data_version, folder_files
from dashboard.data.stories import STORIES_DIR
from dashboard.data.validation import DataError, validate_folder

ABOUT = "Sourced chronology of the Russian peacekeeping mission, geometry from the event's site."


@dataclass(frozen=True)
class RowProblem:
    line: int | None
    event: str | None
    reason: str

    def __str__(self) -> str:
        if self.line is None:
            return self.reason
        where = f"line {self.line}" + (f" ({self.event})" if self.event else "")
        return f"{where}: {self.reason}"


class ImportFailed(Exception):
    """The CSV cannot be imported; ``problems`` lists each bad row by line number."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:50]))


@dataclass(frozen=True)
class ImportResult:
    path: Path
    events: int
    version: str
    written: bool


# -- reading -------------------------------------------------------------------------


def _read_rows(csv_path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and ``(line number, row)`` for each record.

    A row with the wrong number of fields is ``{"__fields__": "<count>", "__id__": id}``.

    Raises
    ------
    ImportFailed
        If the file is unreadable, not UTF-8, not CSV, or its header is wrong.
    """
    try:
        raw = csv_path.read_bytes()
    except OSError as exc:
        raise ImportFailed(
            [RowProblem(None, None, f"{csv_path}: cannot be read ({exc.strerror or exc})")]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed([RowProblem(line, None, "not UTF-8 text")]) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for record in reader:
            if record:
                records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed([RowProblem(reader.line_num, None, f"malformed CSV: {exc}")]) from None
    if not records:
        raise ImportFailed([RowProblem(None, None, f"{csv_path}: the file is empty")])
    (_, header), body = records[0], records[1:]
    header = [h.strip() for h in header]
    problems = []
    missing = [c for c in csv_format.REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(RowProblem(1, None, f"missing column(s): {', '.join(missing)}"))
    unknown = [c for c in header if c not in csv_format.COLUMNS]
    if unknown:
        problems.append(
            RowProblem(
                1,
                None,
                f"unknown column(s): {', '.join(unknown)} "
                f"(expected {', '.join(csv_format.COLUMNS)})",
            )
        )
    if len(set(header)) != len(header):
        problems.append(RowProblem(1, None, "a column appears twice"))
    if problems:
        raise ImportFailed(problems)
    if not body:
        raise ImportFailed([RowProblem(None, None, f"{csv_path}: no event rows")])
    rows = []
    for line, record in body:
        if len(record) != len(header):
            at = header.index("id")
            fid = record[at].strip() if at < len(record) else ""
            rows.append((line, {"__fields__": str(len(record)), "__id__": fid}))
            continue
        rows.append((line, dict(zip(header, record, strict=True))))
    return header, rows


def _read_features(path: Path) -> list[dict] | None:
    """The features of a GeoJSON file, or None if it cannot be read (the loader says why)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        return None
    return [f for f in features if isinstance(f, dict) and isinstance(f.get("properties"), dict)]


def _by_id(features: list[dict] | None) -> dict[str, dict]:
    return {f["properties"].get("id", f.get("id")): f for f in features or []}


# -- the whole file ------------------------------------------------------------------


def _validate_folder(
    data_dir: Path, document: str, lines: dict[str, tuple[int, str]]
) -> tuple[list[RowProblem], str]:
    """Problems of ``data_dir`` with ``document`` as its events file, by CSV line,
    and the data version the folder will have (``Dataset.version``)."""
    with tempfile.TemporaryDirectory(prefix="karabakh-import-") as tmp:
        staging = Path(tmp)
        for name in folder_files():
            source = data_dir / name
            if name == schema.EVENTS_FILE or not source.exists():
                continue
            try:
                os.symlink(source.resolve(), staging / name)
            except OSError:
                shutil.copy2(source, staging / name)
        if (data_dir / STORIES_DIR).is_dir():  # stories cite events: check them against the new
            os.symlink((data_dir / STORIES_DIR).resolve(), staging / STORIES_DIR)
        (staging / schema.EVENTS_FILE).write_text(document, encoding="utf-8")
        try:
            validate_folder(staging)  # no database: the staging folder is thrown away
            version = data_version(staging)
        except DataError as error:
            problems = []
            for problem in error.problems:
                reason = problem.reason.replace(str(staging), str(data_dir))
                if problem.file == schema.EVENTS_FILE and problem.feature in lines:
                    line, fid = lines[problem.feature]
                    problems.append(RowProblem(line, fid, reason))
                else:
                    where = str(problem).replace(str(staging), str(data_dir))
                    problems.append(RowProblem(None, None, where))
            return problems, ""
    return [], version


def build_document(csv_path: Path | str, data_dir: Path | str) -> tuple[str, int, str]:
    """The new ``events.geojson`` text, its number of events and the folder's new version.

    Raises
    ------
    ImportFailed
        With every bad row (line number, event id, reason) and any other problem
        the data folder would have with these events.
    """
    csv_path, data_dir = Path(csv_path), Path(data_dir)
    if not data_dir.is_dir():
        raise ImportFailed([RowProblem(None, None, f"data folder {data_dir} does not exist")])
    sites_features = _read_features(data_dir / schema.SITES_FILE)
    if sites_features is None:
        raise ImportFailed(
            [RowProblem(None, None, f"{data_dir / schema.SITES_FILE} cannot be read as GeoJSON")]
        )
    sites = _by_id(sites_features)
    events_path = data_dir / schema.EVENTS_FILE
    existing = _by_id(_read_features(events_path))
    header, rows = _read_rows(csv_path)
    problems: list[RowProblem] = []
    features, lines, bad_ids = [], {}, set()
    for line, row in rows:
        if "__fields__" in row:
            fid = row["__id__"]
            reason = f"{row['__fields__']} fields, but the header has {len(header)}"
            problems.append(RowProblem(line, fid or None, reason))
            bad_ids.add(fid)
            continue
        fid = row["id"].strip()
        if fid in lines:
            problems.append(RowProblem(line, fid, f"duplicate id (first on line {lines[fid][0]})"))
            continue
        feature, reasons = csv_format.row_feature(row, sites, existing)
        problems.extend(RowProblem(line, fid or None, reason) for reason in reasons)
        if feature is None:
            bad_ids.add(fid)
        else:
            lines[fid] = (line, fid)
            features.append(feature)
    doc: dict[str, Any] = {"type": "FeatureCollection", "name": "events", "about": ABOUT}
    with contextlib.suppress(OSError, ValueError, AttributeError):
        old = json.loads(events_path.read_text(encoding="utf-8"))
        doc["name"] = old.get("name", doc["name"])
        doc["about"] = old.get("about", doc["about"])
    doc["features"] = features
    document = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    # The rows that did build are checked with the folder too, so one run reports
    # everything; a layer's reference to a bad row's event is not a second problem.
    cascades = tuple(f"unknown event {fid!r}" for fid in bad_ids)
    folder_problems, version = _validate_folder(data_dir, document, lines)
    problems += [p for p in folder_problems if not (cascades and p.reason.endswith(cascades))]
    if problems:
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise ImportFailed(problems)
    return document, len(features), version


def import_events(
    csv_path: Path | str, data_dir: Path | str, dry_run: bool = False
) -> ImportResult:
    """Replace ``data_dir/events.geojson`` with the events of ``csv_path``, all or nothing.

    Raises
    ------
    ImportFailed
        If any row is bad; nothing is written then.
    """
    data_dir = Path(data_dir)
    document, count, version = build_document(csv_path, data_dir)
    path = data_dir / schema.EVENTS_FILE
    if not dry_run:
        atomic_write_text(path, document)
    return ImportResult(path=path, events=count, version=version, written=not dry_run)
