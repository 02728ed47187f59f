"""Build the SQLite database of a data folder, once, and find it again.

The GeoJSON files stay the reviewed source of truth; the database is derived from them,
named by the folder's content hash and ``ddl.schema_version()``, so an edited folder or
an upgraded app never opens a stale one. A build validates the folder (every check of
validation.py), takes a lock (two workers starting at once build it once), writes a
temporary file in the same folder and renames it; then prunes the older databases.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import filelock
import numpy as np
import shapely

from dashboard.data import ddl, schema
from dashboard.data.annotations import ANNOTATIONS_FILE
from dashboard.data.releases import RELEASES_FILE
from dashboard.data.store_stage import StagedEvents, column_value
from dashboard.data.stories import STORIES_DIR
from dashboard.data.validation import DataError, Problem, check_folder

log = logging.getLogger(__name__)

SUFFIX = ".sqlite3"
PRUNE_AFTER_DAYS = 30  # a database nobody built again for this long is removed
LOCK_TIMEOUT = 600  # seconds to wait for another process's build
# One lock for the whole cache folder, never removed: a lock file per database would be
# left behind by each one (removing a lock file others may wait on breaks the lock), and
# pruning under the same lock never races a build's rename.
LOCK_NAME = "build.lock"
HASH_PIECE = 1 << 20  # bytes hashed at a time


def folder_files() -> tuple[str, ...]:
    """Every file a data folder may hold: the required ones, then the optional ones."""
    return (*schema.required_files(), ANNOTATIONS_FILE, RELEASES_FILE)


def data_version(data_dir: Path) -> str:
    """Hash of the data folder's files (the dataset version shown on the page)."""
    digest = hashlib.sha256()
    for path in sorted(data_dir / name for name in folder_files()):
        if path.exists():
            with path.open("rb") as file:  # in pieces: events.geojson may be a gigabyte
                while piece := file.read(HASH_PIECE):
                    digest.update(piece)
    for path in sorted((data_dir / STORIES_DIR).glob("*.json")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _folder_key(data_dir: Path) -> str:
    return hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:8]


def database_path(data_dir: Path, cache_dir: Path, version: str) -> Path:
    """Where the database of ``data_dir`` at ``version`` lives in ``cache_dir``."""
    return cache_dir / f"{_folder_key(data_dir)}-{version}-{ddl.schema_version()}{SUFFIX}"


def check_sqlite() -> None:
    """Fail with a clear message when this Python's SQLite lacks FTS5's trigram tokenizer."""
    found = sqlite3.sqlite_version_info
    needed = ".".join(map(str, ddl.TRIGRAM_SINCE))
    reason = None
    if found < ddl.TRIGRAM_SINCE:
        reason = f"SQLite {sqlite3.sqlite_version} is too old: the search needs {needed} or later"
    else:
        try:
            with contextlib.closing(sqlite3.connect(":memory:")) as probe:
                probe.execute(
                    f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{ddl.SEARCH_TOKENIZER}')"
                )
        except sqlite3.Error as error:
            reason = f"SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer ({error})"
    if reason:
        raise DataError([Problem("sqlite3", None, reason + " (Python's sqlite3 module)")])


def ensure_database(data_dir: Path, cache_dir: Path) -> tuple[Path, str]:
    """(the database of ``data_dir``, its data version): found in ``cache_dir``, or built.

    Raises
    ------
    DataError
        If the folder does not validate, or the database cannot be written.
    """
    data_dir, cache_dir = Path(data_dir), Path(cache_dir)
    version = data_version(data_dir)
    path = database_path(data_dir, cache_dir, version)
    if path.exists():
        return path, version
    return build_database(data_dir, cache_dir)


def build_database(data_dir: Path, cache_dir: Path) -> tuple[Path, str]:
    """Validate ``data_dir`` and write its database into ``cache_dir`` (kept if already
    there); returns (its path, the data version).

    The folder is validated under the lock: processes switching to new data at once
    (see web/switching.py) wait for the first one's build instead of each validating.
    """
    check_sqlite()
    data_dir, cache_dir = Path(data_dir), Path(cache_dir)
    version = data_version(data_dir)
    path = database_path(data_dir, cache_dir, version)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with filelock.FileLock(cache_dir / LOCK_NAME, timeout=LOCK_TIMEOUT):
            if not path.exists():
                started = time.perf_counter()
                if _events_size(data_dir) >= CHILD_BUILD_BYTES:
                    _in_child(data_dir, path, version)
                else:
                    _validate_and_write(data_dir, path, version)
                log.info("built %s in %.1f s", path, time.perf_counter() - started)
            _prune(cache_dir, data_dir, keep=path)
    except (OSError, filelock.Timeout, sqlite3.Error) as error:
        raise DataError(
            [Problem(str(cache_dir), None, f"cannot write the database there ({error})")]
        ) from error
    return path, version


CHILD_BUILD_BYTES = 8 * 2**20
"""An events file this large (~8,000 events) is built in a child process: validating and
writing 100,000 events leaves ~100 MB of freed but fragmented heap in the process that did
it (measured: 250 MB against 151 MB for the worker), and a worker should keep none of it."""


def _events_size(data_dir: Path) -> int:
    try:
        return (data_dir / schema.EVENTS_FILE).stat().st_size
    except OSError:
        return 0


def _in_child(data_dir: Path, path: Path, version: str) -> None:
    """Validate and write the database in a fresh Python process and wait; its problems
    come back as a DataError here. A subprocess rather than multiprocessing: a spawned
    worker would re-run whatever script started this one."""
    code = "import sys; from dashboard.data.store_build import child_build; sys.exit(child_build())"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir), str(path), version],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode == 0:
        return
    try:
        problems = [Problem(**p) for p in json.loads(done.stdout)]
    except (ValueError, TypeError):
        reason = f"the build process failed: {done.stderr.strip()[-800:]}"
        problems = [Problem(str(data_dir), None, reason)]
    raise DataError(problems)


def child_build() -> int:
    """The child's side of :func:`_in_child`: problems as JSON on stdout, exit status 1."""
    data_dir, path, version = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    try:
        _validate_and_write(data_dir, path, version)
    except DataError as error:
        print(json.dumps([dataclasses.asdict(p) for p in error.problems]))
        return 1
    return 0


def _validate_and_write(data_dir: Path, path: Path, version: str) -> None:
    """Check the folder and write its database at ``path``, in one pass over its files."""
    _write_atomically(path, lambda db, stage: _fill(db, stage, version, data_dir))


def _write_atomically(path: Path, fill) -> None:
    """Write the database with ``fill(db, staging file)`` into a temporary file beside
    ``path``, then rename it there; nothing is left behind if ``fill`` raises."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    stage = tmp.with_name(tmp.name[: -len(".tmp")] + ".stage.tmp")
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            fill(db, stage)
            db.commit()
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        with contextlib.suppress(OSError):
            stage.unlink()


def _fill(db: sqlite3.Connection, stage: Path, version: str, data_dir: Path) -> None:
    """Check the folder, its events streamed into the database as they pass; then the rest.
    The indexes are made once the rows are in (faster than keeping them up to date)."""
    tables, indexes = ddl.tables_and_indexes()
    for statement in tables:
        db.execute(statement)
    events = StagedEvents(db, stage)
    try:
        checked = check_folder(data_dir, events)
        if data_version(data_dir) != version:
            raise DataError([Problem(str(data_dir), None, "the files changed while being read")])
        events.finish(checked.span[0])
    finally:
        events.close()
    for statement in indexes:
        db.execute(statement)
    db.execute("INSERT INTO search (search) VALUES ('rebuild')")
    _insert_features(db, "sites", checked.sites, schema.SITE_FIELDS)
    for layer_id, layer in checked.layers.items():
        _insert_features(db, "layer_features", layer, schema.LAYER_FIELDS, layer_id)
    meta = {
        "data_version": version,
        "schema_version": ddl.schema_version(),
        "span_start": checked.span[0].isoformat(),
        "span_end": checked.span[1].isoformat(),
        "data_dir": str(data_dir.resolve()),
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "annotations": checked.annotations.to_json(),
        "releases": checked.releases.to_json(),
        "stories": checked.stories.to_json(),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.execute("ANALYZE")


def _insert(db: sqlite3.Connection, table: str, columns: list[str], rows) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    db.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _insert_features(db, table: str, frame, fields: tuple[schema.Field, ...], layer=None) -> None:
    records = frame.drop(columns="geometry").to_dict("records")
    geometries = shapely.to_wkb(np.asarray(list(frame.geometry), dtype=object))
    extra = ["layer"] if layer is not None else []
    _insert(
        db,
        table,
        [*extra, "position", *(spec.name for spec in fields), "geometry"],
        (
            (
                *([layer] if layer is not None else []),
                position,
                *(column_value(spec, record[spec.name]) for spec in fields),
                geometries[position],
            )
            for position, record in enumerate(records)
        ),
    )


def _prune(cache_dir: Path, data_dir: Path, keep: Path) -> None:
    """Remove the other databases of this data folder, and any database (or a crashed
    build's temporary file) untouched for ``PRUNE_AFTER_DAYS``, except the one another
    data folder still needs. A process that still has one open keeps reading it: the
    file goes when it closes it."""
    mine = f"{_folder_key(data_dir)}-"
    too_old = time.time() - PRUNE_AFTER_DAYS * 86400
    for candidate in cache_dir.iterdir():
        if candidate == keep or not candidate.name.endswith((SUFFIX, ".tmp")):
            continue
        try:
            is_database = candidate.suffix == SUFFIX
            if candidate.name.startswith(mine) and is_database:
                candidate.unlink()  # another version of this folder's data or of the code
            elif candidate.stat().st_mtime < too_old and not (
                is_database and _current_elsewhere(candidate)
            ):
                candidate.unlink()
        except OSError as error:  # another process pruned it first, or no right to
            log.debug("not pruned: %s (%s)", candidate, error)


def _current_elsewhere(database: Path) -> bool:
    """Is ``database`` what its data folder (another one) would open now: the folder is
    still there, with the same files?"""
    try:
        uri = f"{database.resolve().as_uri()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            meta = dict(db.execute("SELECT key, value FROM meta"))
        folder = Path(meta["data_dir"])
        return folder.is_dir() and data_version(folder) == meta["data_version"]
    except (sqlite3.Error, KeyError, OSError):
        return False
