"""``annotations.json``: the editorial choices that point into the data, kept out of code.

The timeline's key dates (event ids and labels), the events the situation panel cites for
a corridor feature in force (layer feature id -> event id), where each site's label sits
on the map and which sites' labels are placed first. The file is optional (a data folder
without it has no key dates and default label positions); when present it is validated
with the rest of the folder, and an id it names that the data does not have is a problem
naming the file and the entry.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

ANNOTATIONS_FILE = "annotations.json"
LABEL_POSITIONS = tuple(
    f"{v} {h}" for v in ("top", "middle", "bottom") for h in ("left", "center", "right")
)
"""Plotly's ``textposition`` values."""
DEFAULT_LABEL_POSITION = "middle right"


@dataclass(frozen=True)
class KeyDate:
    event_id: str
    label: str


@dataclass(frozen=True)
class Annotations:
    key_dates: tuple[KeyDate, ...] = ()
    situation_events: Mapping[str, str] = field(default_factory=dict)
    """Layer feature id -> the event that reports it, cited while the feature is in force."""
    label_positions: Mapping[str, str] = field(default_factory=dict)
    """Site id -> Plotly text position of its label; unlisted sites: ``middle right``."""
    label_priority: tuple[str, ...] = ()
    """Sites whose labels are placed first, in this order (the map drops a label that does
    not fit; these keep theirs)."""

    def label_position(self, site_id: str) -> str:
        return self.label_positions.get(site_id, DEFAULT_LABEL_POSITION)

    def to_json(self) -> str:
        """As validated, for the data's database (which is read instead of the file)."""
        return json.dumps(
            {
                "key_dates": [{"event": k.event_id, "label": k.label} for k in self.key_dates],
                "situation_events": dict(self.situation_events),
                "label_positions": dict(self.label_positions),
                "label_priority": list(self.label_priority),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | None) -> Annotations:
        if not text:
            return cls()
        doc = json.loads(text)
        return cls(
            tuple(KeyDate(k["event"], k["label"]) for k in doc["key_dates"]),
            doc["situation_events"],
            doc["label_positions"],
            tuple(doc.get("label_priority", ())),
        )


class Report(Protocol):
    def __call__(self, entry: str | None, reason: str) -> None: ...


def _text_map(doc: dict, key: str, report: Report) -> dict[str, str]:
    value = doc.get(key, {})
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        report(key, "must be an object of text values")
        return {}
    return value


def _key_dates(doc: dict, report: Report) -> tuple[KeyDate, ...]:
    raw = doc.get("key_dates", [])
    if not isinstance(raw, list):
        report("key_dates", "must be a list of {event, label}")
        return ()
    out = []
    for i, entry in enumerate(raw):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("event"), str)
            and isinstance(entry.get("label"), str)
            and entry["label"].strip()
        ):
            report(f"key_dates[{i}]", "must be {event, label}, both text")
            continue
        out.append(KeyDate(entry["event"], entry["label"]))
    return tuple(out)


def read_json_object(path: Path, report: Report) -> dict | None:
    """An optional data file's JSON object; None when absent, or unreadable (reported)."""
    if not path.exists():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        report(None, f"cannot be read as JSON ({exc})")
        return None
    if not isinstance(doc, dict):
        report(None, "must be a JSON object")
        return None
    return doc


def load_annotations(
    data_dir: Path,
    event_ids: Collection[str] | None,
    site_ids: Collection[str] | None,
    feature_ids: Collection[str],
    report: Report,
) -> Annotations:
    """The folder's annotations; ``report(entry, reason)`` is called for each bad entry.

    ``event_ids``/``site_ids`` None: that file could not be read (already reported), so
    references to it are not checked.
    """
    doc = read_json_object(data_dir / ANNOTATIONS_FILE, report)
    if doc is None:
        return Annotations()
    key_dates = _key_dates(doc, report)
    situation = _text_map(doc, "situation_events", report)
    positions = _text_map(doc, "label_positions", report)
    priority = doc.get("label_priority", [])
    if not (isinstance(priority, list) and all(isinstance(s, str) for s in priority)):
        report("label_priority", "must be a list of site ids")
        priority = []
    for i, site in enumerate(priority):
        if site_ids is not None and site not in site_ids:
            report(f"label_priority[{i}]", f"unknown site {site!r}")
    if event_ids is not None:
        for i, key in enumerate(key_dates):
            if key.event_id not in event_ids:
                report(f"key_dates[{i}]", f"unknown event {key.event_id!r}")
        for feature, event in situation.items():
            if event not in event_ids:
                report(f"situation_events.{feature}", f"unknown event {event!r}")
    for feature in situation:
        if feature not in feature_ids:
            report(f"situation_events.{feature}", f"unknown layer feature {feature!r}")
    for site, where in positions.items():
        if site_ids is not None and site not in site_ids:
            report(f"label_positions.{site}", f"unknown site {site!r}")
        if where not in LABEL_POSITIONS:
            report(
                f"label_positions.{site}",
                f"{where!r} is not one of {', '.join(LABEL_POSITIONS)}",
            )
    return Annotations(key_dates, situation, positions, tuple(priority))
