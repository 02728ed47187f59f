"""The events' database itself: named by content and code, built once under a lock, written
atomically, pruned, opened read-only and never shared across a fork; and its command."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import sys
import sysconfig
import threading
import time
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.config import Settings
from dashboard.data import ddl, store_build
from dashboard.data.loading import load_dataset
from dashboard.data.store import EventDatabase
from dashboard.data.store_build import (
    PRUNE_AFTER_DAYS,
    build_database,
    check_sqlite,
    ensure_database,
)
from dashboard.data.validation import DataError
from tests.unit.test_cli import break_data


def databases(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir() if p.name.endswith(store_build.SUFFIX))


def leftovers(cache: Path) -> list[str]:
    """Files a build must not leave behind: temporary files, locks but the folder's one."""
    return sorted(
        p.name
        for p in cache.iterdir()
        if p.name.endswith((".tmp", ".lock")) and p.name != store_build.LOCK_NAME
    )


def retitle(data_dir: Path, edit_feature, title: str = "An edited title") -> None:
    edit_feature(
        data_dir, "events.geojson", "E005", lambda f: f["properties"].__setitem__("title", title)
    )


def title_of_e005(path: Path) -> str:
    return EventDatabase(path).query('SELECT "title" FROM events WHERE "id" = ?', ("E005",))[0][0]


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


# -- named by the data's content and the code's version ---------------------------------


def test_an_edited_event_gives_a_new_database(data_dir, cache, edit_feature):
    first, version = ensure_database(data_dir, cache)
    assert ensure_database(data_dir, cache) == (first, version)  # found, not built again
    retitle(data_dir, edit_feature)
    second, edited = ensure_database(data_dir, cache)
    assert second != first and edited != version
    assert title_of_e005(second) == "An edited title"
    assert load_dataset(data_dir, cache).store.path == second


def test_edited_annotations_give_a_new_database(data_dir, cache):
    first, version = ensure_database(data_dir, cache)
    annotations = data_dir / "annotations.json"
    annotations.write_text(annotations.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second, edited = ensure_database(data_dir, cache)
    assert second != first and edited != version


def test_a_changed_ddl_never_opens_the_old_database(data_dir, cache, monkeypatch):
    old, version = ensure_database(data_dir, cache)
    monkeypatch.setattr(ddl, "FORMAT", ddl.FORMAT + 1)
    new, same_data = ensure_database(data_dir, cache)
    assert same_data == version and new != old
    assert EventDatabase(new).meta["schema_version"] == ddl.schema_version()
    assert databases(cache) == [new.name]  # the other version of this folder is pruned


# -- one build, under a lock, written atomically -------------------------------------------


def slow_counted_write(monkeypatch, log: Path) -> None:
    """Make each database write take 0.3 s and note its process in ``log``."""
    write = store_build._write_atomically

    def counted(*args, **kwargs):
        with log.open("a") as note:
            note.write(f"{os.getpid()}\n")
        time.sleep(0.3)
        return write(*args, **kwargs)

    monkeypatch.setattr(store_build, "_write_atomically", counted)


def test_two_threads_build_once(data_dir, cache, tmp_path, monkeypatch):
    log = tmp_path / "writes"
    slow_counted_write(monkeypatch, log)
    results, start = [], threading.Barrier(2)

    def build():
        start.wait()
        results.append(build_database(data_dir, cache))

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and results[0] == results[1]
    assert len(log.read_text().split()) == 1
    assert leftovers(cache) == []


def _build_in_child(data_dir: Path, cache: Path) -> None:
    build_database(data_dir, cache)


def test_two_processes_build_once(data_dir, cache, tmp_path, monkeypatch):
    log = tmp_path / "writes"
    slow_counted_write(monkeypatch, log)  # forked children inherit the patch
    fork = multiprocessing.get_context("fork")
    children = [fork.Process(target=_build_in_child, args=(data_dir, cache)) for _ in range(2)]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
    assert [child.exitcode for child in children] == [0, 0]
    assert len(log.read_text().split()) == 1
    assert len(databases(cache)) == 1 and leftovers(cache) == []


def test_a_failed_build_leaves_nothing_and_the_previous_database_works(
    data_dir, cache, edit_feature, monkeypatch
):
    previous, _ = ensure_database(data_dir, cache)
    retitle(data_dir, edit_feature)

    def fail_midway(db, *args):
        db.execute("CREATE TABLE half_written (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_build, "_insert_features", fail_midway)
    with pytest.raises(DataError, match="cannot write the database"):
        ensure_database(data_dir, cache)
    assert databases(cache) == [previous.name]
    assert leftovers(cache) == []
    assert title_of_e005(previous) != "An edited title"  # still opens and reads


# -- pruning -----------------------------------------------------------------------------


def test_prune_keeps_another_folders_current_database(data_dir, cache, tmp_path, edit_feature):
    import shutil

    other_dir = tmp_path / "other"
    shutil.copytree(data_dir, other_dir)
    others, _ = ensure_database(other_dir, cache)
    long_ago = time.time() - (PRUNE_AFTER_DAYS + 1) * 86400
    os.utime(others, (long_ago, long_ago))  # old, but still what that folder needs
    first, _ = ensure_database(data_dir, cache)
    retitle(data_dir, edit_feature)
    second, _ = ensure_database(data_dir, cache)
    assert databases(cache) == sorted([others.name, second.name])
    assert not first.exists()


def test_prune_removes_what_is_older_than_the_limit(data_dir, cache):
    cache.mkdir()
    long_ago = time.time() - (PRUNE_AFTER_DAYS + 1) * 86400
    stale = cache / f"0badf00d-000000000000-{ddl.schema_version()}{store_build.SUFFIX}"
    crashed = cache / ".0badf00d-000000000000.abc.tmp"
    running = cache / ".0badf00d-111111111111.def.tmp"  # another build, under way
    for path in (stale, crashed, running):
        path.write_bytes(b"")
    for path in (stale, crashed):
        os.utime(path, (long_ago, long_ago))
    keep, _ = build_database(data_dir, cache)
    left = sorted(p.name for p in cache.iterdir())
    assert left == sorted([keep.name, running.name, store_build.LOCK_NAME])


# -- opened read-only, one connection per process ----------------------------------------


def test_the_apps_connection_cannot_write(data_dir, cache):
    dataset = load_dataset(data_dir, cache)
    connection = dataset.store.connection()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        connection.execute("DELETE FROM events")
    connection.execute("PRAGMA query_only = 0")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        connection.execute("DELETE FROM events")  # the file itself is opened read-only
    assert dataset.store.query("SELECT count(*) FROM events")[0][0] == len(dataset.events)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_connection_is_never_reused_across_a_fork(data_dir, cache):
    store = load_dataset(data_dir, cache).store
    before = store.connection()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, and leave without running pytest's exit
        try:
            after = store.connection()
            fresh = after is not before and store.query("SELECT count(*) FROM events")
            os.write(write_end, b"fresh" if fresh else b"reused")
        finally:
            os._exit(0)
    os.close(write_end)
    answer = os.read(read_end, 16)
    os.waitpid(pid, 0)
    assert answer == b"fresh"
    assert store.connection() is before  # the parent keeps its own


# -- SQLite's capabilities ---------------------------------------------------------------


def test_too_old_an_sqlite_is_named(monkeypatch):
    monkeypatch.setattr(store_build.sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(store_build.sqlite3, "sqlite_version", "3.31.1")
    with pytest.raises(DataError) as info:
        check_sqlite()
    assert "SQLite 3.31.1 is too old: the search needs 3.34.0 or later" in str(info.value)


def test_an_sqlite_without_the_trigram_tokenizer_is_named(data_dir, cache, monkeypatch, capsys):
    monkeypatch.setattr(ddl, "SEARCH_TOKENIZER", "no_such_tokenizer")
    assert main(["build", "--data", str(data_dir), "--cache-dir", str(cache)]) == 1
    err = capsys.readouterr().err
    assert "has no FTS5 trigram tokenizer" in err and "Traceback" not in err
    assert not cache.exists() or databases(cache) == []


# -- karabakh-map build ------------------------------------------------------------------


def test_build_command_prints_the_path(data_dir, cache):
    import subprocess

    command = [sys.executable, "-m", "dashboard", "build", "--data", str(data_dir)]
    done = subprocess.run(
        [*command, "--cache-dir", str(cache)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.split()[1])
    assert done.stdout.startswith("ok: ") and path.parent == cache and path.is_file()
    assert databases(cache) == [path.name]


def test_build_command_lists_every_problem(data_dir, cache, edit_feature, capsys):
    break_data(data_dir, edit_feature)
    assert main(["build", "--data", str(data_dir), "--cache-dir", str(cache)]) == 1
    err = capsys.readouterr().err
    assert "events.geojson" in err and "E005" in err and "title" in err
    assert "lakes.geojson" in err and "lake_01" in err
    assert not cache.exists() or databases(cache) == []


def test_build_command_defaults_to_the_cache_setting(data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KARABAKH_MAP_CACHE_DIR", str(tmp_path / "from-env"))
    assert main(["build", "--data", str(data_dir)]) == 0
    assert capsys.readouterr().out.startswith(f"ok: {tmp_path / 'from-env'}{os.sep}")


# -- where the cache folder is -----------------------------------------------------------


def test_the_default_cache_is_outside_the_data_and_the_packages(data_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("KARABAKH_MAP_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    before = sorted(p.name for p in data_dir.rglob("*"))
    dataset = load_dataset(data_dir)
    assert dataset.store.path.parent == tmp_path / "xdg" / "karabakh-map"
    assert sorted(p.name for p in data_dir.rglob("*")) == before
    default = Settings().cache_dir.resolve()
    packages = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    for folder in (Settings().data_dir, *packages, Path(store_build.__file__).parents[1]):
        assert not default.is_relative_to(Path(folder).resolve()), folder


def test_an_unwritable_cache_folder_is_named(data_dir, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = blocker / "cache"  # cannot be made, even by root
    with pytest.raises(DataError) as info:
        load_dataset(data_dir, cache)
    assert f"{cache}: cannot write the database there" in str(info.value)
    assert main(["build", "--data", str(data_dir), "--cache-dir", str(cache)]) == 1
    assert str(cache) in capsys.readouterr().err


# -- a large folder is built in a child process ---------------------------------------


def test_a_large_folder_is_built_in_a_child_process(data_dir, cache, monkeypatch, edit_feature):
    monkeypatch.setattr(store_build, "CHILD_BUILD_BYTES", 0)  # every folder counts as large
    built = []
    real = store_build._validate_and_write
    monkeypatch.setattr(store_build, "_validate_and_write", lambda *a: built.append(a) or real(*a))
    path, _ = ensure_database(data_dir, cache)
    assert built == []  # not in this process
    assert title_of_e005(path) != "" and leftovers(cache) == []
    # the child's problems come back whole, naming the file and the feature
    edit_feature(
        data_dir, "events.geojson", "E005", lambda f: f["properties"].__setitem__("category", "x")
    )
    with pytest.raises(DataError) as caught:
        ensure_database(data_dir, cache)
    assert [(p.file, p.feature) for p in caught.value.problems] == [("events.geojson", "E005")]
    assert "'x' is not one of" in str(caught.value) and "Traceback" not in str(caught.value)
    assert databases(cache) == [path.name]
