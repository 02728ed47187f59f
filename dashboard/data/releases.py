"""``releases.json``: the corrections log, as ACLED publishes its changes.

Each named data release (``2026.12``) has its date, the hash of the ``events.geojson``
it shipped, and what it added, corrected (field, old value, new value) and removed (with
the reason). The About panel shows the newest release and what changed since the one
before; ``?since=RELEASE`` marks the events changed after a release. The file is
optional; when present it is validated with the rest of the folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.data.annotations import Report, read_json_object
from dashboard.data.dates import DateFormatError, parse_day

RELEASES_FILE = "releases.json"


@dataclass(frozen=True)
class Correction:
    event_id: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Removal:
    event_id: str
    title: str
    reason: str


@dataclass(frozen=True)
class Release:
    name: str
    date: str
    content_hash: str
    summary: str
    added: tuple[str, ...] = ()
    corrected: tuple[Correction, ...] = ()
    removed: tuple[Removal, ...] = ()

    def changed(self) -> dict[str, str]:
        """Event id -> ``added`` or ``corrected``: what this release changed."""
        out = {event_id: "corrected" for event_id in (c.event_id for c in self.corrected)}
        out.update({event_id: "added" for event_id in self.added})
        return out


@dataclass(frozen=True)
class Releases:
    """The releases, oldest first."""

    items: tuple[Release, ...] = ()
    by_name: dict[str, Release] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_name.update({release.name: release for release in self.items})

    @property
    def latest(self) -> Release | None:
        return self.items[-1] if self.items else None

    def after(self, name: str) -> tuple[Release, ...]:
        """The releases after ``name`` (all of them for an unknown name: nothing is hidden)."""
        names = [release.name for release in self.items]
        return self.items[names.index(name) + 1 :] if name in names else ()

    def changed_since(self, name: str) -> dict[str, str]:
        """Event id -> ``added``/``corrected`` for the events changed after release ``name``;
        an event added after it counts as added even if corrected later."""
        out: dict[str, str] = {}
        for release in self.after(name):
            for event_id, how in release.changed().items():
                out[event_id] = "added" if out.get(event_id) == "added" else how
        return out

    def to_json(self) -> str:
        """As validated, for the data's database (which is read instead of the file)."""
        return json.dumps([_release_doc(r) for r in self.items], ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> Releases:
        return cls(tuple(_release(doc) for doc in json.loads(text))) if text else cls()


def _release_doc(release: Release) -> dict[str, Any]:
    return {
        "name": release.name,
        "date": release.date,
        "content_hash": release.content_hash,
        "summary": release.summary,
        "added": list(release.added),
        "corrected": [
            {"id": c.event_id, "field": c.field, "old": c.old, "new": c.new}
            for c in release.corrected
        ],
        "removed": [
            {"id": r.event_id, "title": r.title, "reason": r.reason} for r in release.removed
        ],
    }


def _release(doc: dict[str, Any]) -> Release:
    return Release(
        doc["name"],
        doc["date"],
        doc["content_hash"],
        doc.get("summary", ""),
        tuple(doc.get("added", ())),
        tuple(
            Correction(c["id"], c["field"], c.get("old"), c.get("new"))
            for c in doc.get("corrected", ())
        ),
        tuple(Removal(r["id"], r["title"], r["reason"]) for r in doc.get("removed", ())),
    )


def events_hash(path: Path) -> str:
    """The content hash a release records for its ``events.geojson``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _release_problems(doc: Any, where: str, report: Report) -> bool:
    """Report what is wrong with one release entry; True when it can be used."""
    if not isinstance(doc, dict):
        report(where, "must be an object")
        return False
    ok = True
    for key in ("name", "date", "content_hash"):
        if not _text(doc.get(key)):
            report(where, f"needs text '{key}'")
            ok = False
    if ok:
        try:
            parse_day(doc["date"])
        except DateFormatError as exc:
            report(where, f"date: {exc}")
            ok = False
    added = doc.get("added", [])
    if not isinstance(added, list) or not all(_text(a) for a in added):
        report(where, "'added' must be a list of event ids")
        ok = False
    for key, needs in (("corrected", ("id", "field")), ("removed", ("id", "title", "reason"))):
        entries = doc.get(key, [])
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and all(_text(e.get(n)) for n in needs) for e in entries
        ):
            report(where, f"'{key}' entries need text " + ", ".join(needs))
            ok = False
    return ok


def load_releases(
    data_dir: Path, event_ids: Collection[str] | None, fields: Collection[str], report: Report
) -> Releases:
    """The folder's releases; ``report(entry, reason)`` is called for each bad entry.

    ``event_ids`` None: events.geojson could not be read (already reported)."""
    doc = read_json_object(data_dir / RELEASES_FILE, report)
    if doc is None:
        return Releases()
    raw = doc.get("releases")
    if not isinstance(raw, list):
        report(None, "must be an object with a list 'releases'")
        return Releases()
    usable = [
        entry for i, entry in enumerate(raw) if _release_problems(entry, f"releases[{i}]", report)
    ]
    if len(usable) < len(raw):
        return Releases()
    releases = Releases(tuple(_release(entry) for entry in raw))
    names = [r.name for r in releases.items]
    if len(set(names)) < len(names):
        report(None, "release names must be unique")
    dates = [r.date for r in releases.items]
    if dates != sorted(dates):
        report(None, "releases must be listed oldest first")
    # An event edited away since the newest release is not a problem here: the next
    # release lists it as removed (tools/release_entry.py); a test checks the bundled log.
    for release in releases.items:
        where = f"release {release.name}"
        for c in release.corrected:
            if c.field not in fields:
                report(where, f"{c.event_id}: {c.field!r} is not an event field")
        if event_ids is None:
            continue
        for r in release.removed:
            if r.event_id in event_ids:
                report(where, f"{r.event_id} is listed as removed but is still in events.geojson")
    return releases
