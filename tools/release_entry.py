"""Write a data release's entry in geodata/releases.json: what changed since the previous
release's events.geojson (added, corrected with old and new value, removed with a reason).

    python tools/release_entry.py 2026.12 --date 2026-12-03 --summary "..." \
        --previous old-events.geojson [--removed E123="duplicate of E045"]

A field an event gains that the previous release did not have (a newly coded field) is
not a correction; the summary says what was coded. The entry with the same name is
replaced, so the command can be run again until the release is cut.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.data.atomic import atomic_write_text
from dashboard.data.releases import RELEASES_FILE, events_hash


def _events(path: Path) -> dict[str, dict]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f["properties"] for f in doc["features"]}


def _as_before(new, old):
    """``new`` without the keys of objects (a source's ``via``) the old value did not have:
    a newly coded sub-field is not a correction."""
    if isinstance(new, dict) and isinstance(old, dict):
        return {k: _as_before(v, old.get(k)) for k, v in new.items() if k in old}
    if isinstance(new, list) and isinstance(old, list) and len(new) == len(old):
        return [_as_before(n, o) for n, o in zip(new, old, strict=True)]
    return new


def entry(name, date, summary, events_path: Path, previous: Path | None, reasons: dict) -> dict:
    new = _events(events_path)
    old = _events(previous) if previous else {}
    removed = [i for i in old if i not in new]
    missing = [i for i in removed if i not in reasons]
    if missing:
        raise SystemExit(f"give a reason for each removed event: --removed {missing[0]}=...")
    corrected = [
        {"id": i, "field": field, "old": old[i][field], "new": new[i].get(field)}
        for i in old
        if i in new
        for field in old[i]
        if field in new[i] and old[i][field] != _as_before(new[i][field], old[i][field])
    ]
    return {
        "name": name,
        "date": date,
        "content_hash": events_hash(events_path),
        "summary": summary,
        "added": [i for i in new if i not in old],
        "corrected": corrected,
        "removed": [{"id": i, "title": old[i]["title"], "reason": reasons[i]} for i in removed],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name")
    parser.add_argument("--date", required=True)
    parser.add_argument("--summary", required=True)
    parser.add_argument("--data", type=Path, default=Path("geodata"))
    parser.add_argument("--events", type=Path, help="the release's events file (default: data)")
    parser.add_argument("--previous", type=Path, help="the previous release's events.geojson")
    parser.add_argument("--removed", action="append", default=[], metavar="ID=REASON")
    args = parser.parse_args()
    reasons = dict(item.split("=", 1) for item in args.removed)
    events_path = args.events or args.data / "events.geojson"
    made = entry(args.name, args.date, args.summary, events_path, args.previous, reasons)
    path = args.data / RELEASES_FILE
    doc = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"releases": []}
    doc["releases"] = [r for r in doc["releases"] if r["name"] != args.name] + [made]
    doc["releases"].sort(key=lambda r: r["date"])
    atomic_write_text(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    print(
        f"{path}: release {args.name}: {len(made['added'])} added, "
        f"{len(made['corrected'])} corrections, {len(made['removed'])} removed"
    )


if __name__ == "__main__":
    main()
