"""The corrections log (geodata/releases.json): validated with the folder, and exact."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard.data.releases import RELEASES_FILE, events_hash
from dashboard.data.validation import DataError, validate_folder

GEODATA = Path(__file__).resolve().parents[2] / "geodata"


def test_the_newest_release_is_the_bundled_events_file():
    doc = json.loads((GEODATA / RELEASES_FILE).read_text(encoding="utf-8"))
    latest = doc["releases"][-1]
    assert latest["content_hash"] == events_hash(GEODATA / "events.geojson"), (
        "events.geojson changed: record the change with tools/release_entry.py"
    )


def test_every_event_the_log_names_is_in_the_data_or_removed_later():
    data = validate_folder(GEODATA)
    removed = {r.event_id for release in data.releases.items for r in release.removed}
    for release in data.releases.items:
        for event_id in (*release.added, *(c.event_id for c in release.corrected)):
            assert event_id in data.events.index or event_id in removed, (release.name, event_id)
    for release in data.releases.items:
        for event_id in release.added:
            if event_id in data.events.index:  # its added date is the release's
                assert data.events.loc[event_id, "added"] == release.date, event_id
    listed = {e for release in data.releases.items for e in release.added}
    assert listed == set(data.events.index) | removed  # every event entered in some release


def test_changed_since_lists_what_later_releases_added_and_corrected():
    releases = validate_folder(GEODATA).releases
    first, latest = releases.items[0], releases.latest
    changed = releases.changed_since(first.name)
    assert set(changed) == set(latest.added) | {c.event_id for c in latest.corrected}
    assert all(changed[e] == "added" for e in latest.added)
    assert releases.changed_since(latest.name) == {}
    assert releases.changed_since("no-such-release") == {}


@pytest.fixture
def folder(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(GEODATA, copy)
    return copy


def _edit(folder: Path, change) -> None:
    path = folder / RELEASES_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc["releases"])
    path.write_text(json.dumps(doc), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda r: r[1].update(date="3 Dec"), "date"),
        (lambda r: r[1]["corrected"].append({"id": "E001", "field": "colour"}), "not an event"),
        (
            lambda r: r[1]["removed"].append({"id": "E001", "title": "x", "reason": "dup"}),
            "still in events.geojson",
        ),
        (lambda r: r.reverse(), "oldest first"),
        (lambda r: r[1].update(name=r[0]["name"]), "unique"),
    ],
)
def test_a_bad_entry_names_the_file_and_the_release(folder, change, reason):
    _edit(folder, change)
    with pytest.raises(DataError) as caught:
        validate_folder(folder)
    assert RELEASES_FILE in str(caught.value) and reason in str(caught.value)
