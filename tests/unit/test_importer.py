"""``karabakh-map import``: round trip, bad rows by line number, all or nothing, atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.data import atomic
from dashboard.data.atomic import atomic_write_text
from dashboard.data.csv_export import events_to_csv
from dashboard.data.csv_format import COLUMNS, REQUIRED_COLUMNS
from dashboard.data.importer import ImportFailed, import_events
from dashboard.data.loading import load_dataset
from dashboard.data.validation import validate_folder


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def write_rows(path: Path, rows: list[dict[str, str]], columns=COLUMNS):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    path.write_text(out.getvalue(), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the folder, hidden temporary files included."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def exported(data_dir, tmp_path) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(events_to_csv(data_dir), encoding="utf-8")
    return path


def test_round_trip_is_identical(data_dir, exported, dataset):
    before = (data_dir / "events.geojson").read_bytes()
    result = import_events(exported, data_dir)
    assert result.written and result.events == len(dataset.events)
    assert (data_dir / "events.geojson").read_bytes() == before
    assert result.version == dataset.version
    reloaded = load_dataset(data_dir)
    assert (
        reloaded.all_events()
        .drop(columns="geometry")
        .equals(dataset.all_events().drop(columns="geometry"))
    )


def test_the_export_has_the_documented_columns(exported):
    header = exported.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(COLUMNS)


def test_import_command(data_dir, exported, capsys):
    assert main(["import", str(exported), "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"ok: wrote {len(rows_of(exported.read_text(encoding='utf-8')))} events")


def test_export_command(data_dir, tmp_path, capsys):
    target = tmp_path / "out.csv"
    assert main(["export-csv", "--data", str(data_dir), "-o", str(target)]) == 0
    assert rows_of(target.read_text(encoding="utf-8"))[0]["id"] == "E001"


def test_an_edit_is_imported(data_dir, exported):
    rows = rows_of(exported.read_text(encoding="utf-8"))
    rows[4]["title"] = "A corrected title"
    new = dict(rows[3], id="E999", date="2023-05-02", title="A new event", reported="")
    rows.append(new)
    write_rows(exported, rows)
    result = import_events(exported, data_dir)
    assert result.events == len(rows)  # every exported event, and the new one
    events = load_dataset(data_dir).all_events()
    assert events.loc[rows[4]["id"], "title"] == "A corrected title"
    assert events.loc["E999", "title"] == "A new event"
    assert events.loc["E999", "site"] == rows[3]["site"]


def test_absent_optional_columns_keep_the_current_values(data_dir, exported, dataset):
    """Without the optional columns, each event keeps its context, contested claims..."""
    rows = rows_of(exported.read_text(encoding="utf-8"))
    write_rows(exported, rows, columns=REQUIRED_COLUMNS)
    import_events(exported, data_dir)
    events = load_dataset(data_dir).all_events()
    before = dataset.all_events()
    contested = [e for e in before.index if before.loc[e, "contested"]]
    assert contested
    for fid in contested:
        assert events.loc[fid, "contested"] == before.loc[fid, "contested"]
    assert list(events["context"]) == list(before["context"])
    for name in set(COLUMNS) & set(events.columns) - set(REQUIRED_COLUMNS):
        assert events[name].equals(before[name]), name


def test_bad_rows_are_named_by_line_and_nothing_is_written(data_dir, exported, capsys):
    rows = rows_of(exported.read_text(encoding="utf-8"))
    rows[0]["summary"] = "Two\nlines"  # a quoted newline: later rows start one line further
    rows[2]["site"] = "atlantis"  # line 5
    rows[4]["date"] = "2021-13-45"  # line 7
    rows[5]["category"] = "gossip"  # line 8
    rows[6]["sources"] = '[{"url": "javascript:alert(1)", "name": "x", "role": "primary"}]'  # 9
    rows[7]["id"] = rows[1]["id"]  # line 10: duplicate of line 4
    rows[8]["lon"], rows[8]["lat"] = "45.0", "40.0"  # line 11: not the site's point
    rows[9]["contested"] = "[not json"  # line 12
    write_rows(exported, rows)
    before = snapshot(data_dir)
    with pytest.raises(ImportFailed) as info:
        import_events(exported, data_dir)
    problems = info.value.problems
    lines = {p.line for p in problems if p.line is not None}
    assert lines == {5, 7, 8, 9, 10, 11, 12}, [str(p) for p in problems]
    # the duplicate on line 10 replaced an event; a story citing it is named too
    assert all(
        "stories/" in str(p) and "no such event" in str(p) for p in problems if p.line is None
    ), [str(p) for p in problems]
    text = "\n".join(str(p) for p in problems)
    assert "line 5 (E003): site 'atlantis'" in text
    assert "line 7 (E005): bad date" in text
    assert "'gossip' is not one of" in text
    assert "line 9 (E007)" in text and "http(s)" in text
    assert f"line 10 ({rows[1]['id']}): duplicate id (first on line 4)" in text
    assert "line 11 (E009): lon/lat" in text
    assert "line 12 (E010): 'contested'" in text
    assert snapshot(data_dir) == before
    # The command says the same and fails.
    assert main(["import", str(exported), "--data", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "nothing was written" in err
    assert "line 5 (E003)" in err and "Traceback" not in err
    assert snapshot(data_dir) == before


def test_rows_with_the_wrong_number_of_fields(data_dir, exported):
    lines = exported.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ",extra"
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_events(exported, data_dir)
    (problem,) = info.value.problems
    assert problem.line == 4 and "fields" in problem.reason


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (",".join(COLUMNS).encode() + b"\n", "no event rows"),
        (b"id,date,title\nE001,2020-11-10,x\n", "missing column(s)"),
        (",".join((*COLUMNS, "sumary")).encode() + b"\n", "unknown column(s): sumary"),
        (",".join(COLUMNS).encode() + b"\nE001,\xff\xfe\n", "not UTF-8"),
        (",".join(COLUMNS).encode() + b'\nE001,"unterminated\n', "malformed CSV"),
    ],
)
def test_unusable_files(data_dir, tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = snapshot(data_dir)
    with pytest.raises(ImportFailed) as info:
        import_events(path, data_dir)
    assert expected in str(info.value)
    assert snapshot(data_dir) == before


def test_dropping_an_event_a_layer_needs_is_refused(data_dir, exported, dataset):
    referenced = {
        ref for layer in dataset.layers.values() for refs in layer["events"] if refs for ref in refs
    }
    rows = [r for r in rows_of(exported.read_text(encoding="utf-8")) if r["id"] not in referenced]
    write_rows(exported, rows)
    before = snapshot(data_dir)
    with pytest.raises(ImportFailed) as info:
        import_events(exported, data_dir)
    assert any("unknown event" in str(p) for p in info.value.problems)
    assert snapshot(data_dir) == before


def test_dropping_an_event_a_story_cites_is_refused(data_dir, exported):
    rows = [r for r in rows_of(exported.read_text(encoding="utf-8")) if r["id"] != "E044"]
    write_rows(exported, rows)
    before = snapshot(data_dir)
    with pytest.raises(ImportFailed) as info:
        import_events(exported, data_dir)
    assert any(
        "stories/lachin-corridor.json" in str(p) and "E044" in str(p) for p in info.value.problems
    ), info.value.problems
    assert snapshot(data_dir) == before


def test_dry_run_writes_nothing(data_dir, exported):
    rows = rows_of(exported.read_text(encoding="utf-8"))
    rows[0]["title"] = "Changed"
    write_rows(exported, rows)
    before = snapshot(data_dir)
    result = import_events(exported, data_dir, dry_run=True)
    assert not result.written
    assert snapshot(data_dir) == before


def test_missing_data_folder(tmp_path, exported):
    with pytest.raises(ImportFailed, match="does not exist"):
        import_events(exported, tmp_path / "nowhere")


# -- atomicity -----------------------------------------------------------------------


def _changed_csv(exported: Path) -> None:
    rows = rows_of(exported.read_text(encoding="utf-8"))
    rows[0]["title"] = "Changed title"
    write_rows(exported, rows)


@pytest.mark.parametrize("crash_at", ["replace", "fsync", "write"])
def test_a_crash_mid_write_leaves_the_original_and_no_temporary_file(
    data_dir, exported, monkeypatch, crash_at
):
    _changed_csv(exported)
    before = snapshot(data_dir)

    def crash(*args, **kwargs):
        raise OSError("simulated crash")

    if crash_at == "replace":
        monkeypatch.setattr(atomic.os, "replace", crash)
    elif crash_at == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", crash)
    else:
        real_fdopen = os.fdopen

        class Broken:
            def __init__(self, fd, mode):
                self.fh = real_fdopen(fd, mode)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])  # half the file reaches the disk...
                raise OSError("disk full")  # ...then the write fails

        monkeypatch.setattr(atomic.os, "fdopen", Broken)
    with pytest.raises(OSError):
        import_events(exported, data_dir)
    assert snapshot(data_dir) == before  # same files, same bytes: no .tmp left behind
    validate_folder(data_dir)  # still valid (loading would build a database: os is patched)


def test_atomic_write_keeps_the_file_mode(tmp_path):
    target = tmp_path / "file.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_text(target, json.dumps({"new": True}))
    assert json.loads(target.read_text(encoding="utf-8")) == {"new": True}
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_atomic_write_new_file(tmp_path):
    target = tmp_path / "new.txt"
    atomic_write_text(target, "hello")
    assert target.read_text(encoding="utf-8") == "hello"
    assert stat.S_IMODE(target.stat().st_mode) & 0o600 == 0o600
