"""Generate a synthetic, schema-valid data folder for the benchmarks.

    python benchmarks/generate.py N OUTDIR [--seed S]

Writes ``events.geojson`` with N events between 2020-11-10 and 2024-06-12,
``sites.geojson`` with ~200 point sites inside the region plus a few
region-level sites with null geometry, and copies the six layer files from
``geodata/``. Every file is written atomically (temporary file + rename), so a
reader never sees half a file. The result passes ``karabakh-map validate``.

The layer files are the ones ``dashboard/data/schema.py`` lists (``LAYERS``), copied
from ``--source`` (default ``geodata/``); a layer feature's ``events`` list,
which names real event ids, is rewritten to name synthetic events instead.
Optional event fields the schema may grow (``contested``) are filled for a few
events when the schema has them. Set ``BENCH_CODE_ROOT`` to import the schema
from another copy of the project (the benchmark uses a snapshot).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE_ROOT = Path(os.environ.get("BENCH_CODE_ROOT", ROOT))
sys.path.insert(0, str(CODE_ROOT))

from dashboard.data import schema  # noqa: E402

FIRST = schema.MISSION_START  # 2020-11-10
LAST = schema.MISSION_END  # 2024-06-12
LON = (45.5, 47.3)
LAT = (39.4, 40.6)
N_POINT_SITES = 200
CLAIMANT_CODES = list(schema.CLAIMANTS)
ORIGINATORS = [f"Originator {letter}" for letter in "ABCDEFGHIJKLMNOPQRST"]
# Region-level sites (null geometry). The first two are the ids the detail
# panel links to the zone and corridor layers (dashboard/views/detail.py LAYER_SITES).
REGION_SITES = (
    ("nagorno_karabakh", "Nagorno-Karabakh", "region"),
    ("lachin_corridor", "Lachin corridor", "route"),
    ("region_north", "Northern districts", "region"),
    ("region_south", "Southern districts", "region"),
    ("region_east", "Eastern approaches", "region"),
    ("region_west", "Western approaches", "region"),
    ("route_north", "Northern road", "route"),
    ("unlocated_village", "Unlocated village", "settlement"),
)
POINT_KINDS = ("settlement", "settlement", "settlement", "city", "monastery", "checkpoint", "base")
POINT_PRECISIONS = ("exact", "settlement", "settlement", "approximate")
EVENT_POINT_PRECISIONS = ("exact", "settlement", "approximate")
SYLLABLES = (
    "ar",
    "ba",
    "dag",
    "ghe",
    "han",
    "ker",
    "lis",
    "mar",
    "nor",
    "shen",
    "tagh",
    "vank",
    "zor",
    "kal",
    "res",
    "tun",
    "as",
    "ber",
    "gor",
    "chan",
)
WORDS = (
    "peacekeepers",
    "reported",
    "patrol",
    "checkpoint",
    "convoy",
    "road",
    "village",
    "ceasefire",
    "observation",
    "post",
    "humanitarian",
    "cargo",
    "delivered",
    "residents",
    "statement",
    "ministry",
    "claimed",
    "denied",
    "incident",
    "shelling",
    "near",
    "the",
    "contingent",
    "RPKF",
    "withdrawal",
    "handover",
    "bridge",
    "corridor",
    "monitoring",
    "agreement",
    "talks",
    "escort",
    "evacuation",
    "gas",
    "supply",
    "restored",
    "blocked",
    "casualties",
    "wounded",
    "mine",
    "clearance",
    "farmers",
    "harvest",
    "protest",
    "church",
)
ACTORS = (
    "RPKF",
    "Armenia",
    "Azerbaijan",
    "Russia",
    "Artsakh authorities",
    "ICRC",
    "OSCE",
    "Turkey",
    "EU",
)
SOURCES = (
    "https://example.org/news/",
    "https://news.example.com/item/",
    "http://archive.example.net/story/",
    "https://ministry.example.gov/press/",
)
CATEGORIES = tuple(schema.CATEGORIES)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _collection(name: str, about: str, features: list[dict]) -> bytes:
    doc = {"type": "FeatureCollection", "name": name, "about": about, "features": features}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _place_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def make_sites(
    rng: random.Random, n_sites: int = N_POINT_SITES
) -> tuple[list[dict], list[str], list[str]]:
    """Site features, the ids of point sites and the ids of region-level sites."""
    features, point_ids, region_ids = [], [], []
    width = max(3, len(str(n_sites - 1)))
    for i in range(n_sites):
        sid = f"site_{i:0{width}d}"
        hy = _place_name(rng)
        az = hy if rng.random() < 0.4 else _place_name(rng)
        lon = round(rng.uniform(*LON), 5)
        lat = round(rng.uniform(*LAT), 5)
        precision = rng.choice(POINT_PRECISIONS)
        props = {
            "id": sid,
            "name_en": hy,
            "name_hy_usage": hy,
            "name_az_usage": az,
            "names": [
                {"tag": "en", "name": hy},
                {"tag": "hy-lat", "name": hy},
                {"tag": "az-lat", "name": az},
            ],
            "kind": rng.choice(POINT_KINDS),
            "location_precision": precision,
            "coord_source": f"https://example.org/places/{sid}",
            "coord_method": "from source" if precision != "approximate" else "synthetic offset",
            "notes": None if rng.random() < 0.7 else "Synthetic site for benchmarks.",
        }
        geometry = {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "id": sid, "geometry": geometry, "properties": props})
        point_ids.append(sid)
    for sid, name, kind in REGION_SITES:
        props = {
            "id": sid,
            "name_en": name,
            "name_hy_usage": name,
            "name_az_usage": name,
            "names": [{"tag": "en", "name": name}],
            "kind": kind,
            "location_precision": "none",
            "coord_source": None,
            "coord_method": None,
            "notes": "Region-level site: no point on the map.",
        }
        features.append({"type": "Feature", "id": sid, "geometry": None, "properties": props})
        region_ids.append(sid)
    return features, point_ids, region_ids


def _random_date(rng: random.Random) -> tuple[str, str, str | None]:
    """(date, precision, end_date) whose interval stays inside [FIRST, LAST]."""
    span = (LAST - FIRST).days
    roll = rng.random()
    if roll < 0.80:  # day precision, sometimes several days
        day = FIRST + timedelta(days=rng.randint(0, span))
        end = None
        if rng.random() < 0.1:
            last = min(LAST, day + timedelta(days=rng.randint(1, 14)))
            end = last.isoformat() if last > day else None
        return day.isoformat(), "day", end
    # Month-based precisions use whole months from Dec 2020 to May 2024 so the
    # interval never leaves the mission span (which would widen the timeline).
    first_month = 2020 * 12 + 11  # Dec 2020 (0-based month index)
    last_month = 2024 * 12 + 4  # May 2024
    if roll < 0.95:
        m = rng.randint(first_month, last_month)
        text = f"{m // 12:04d}-{m % 12 + 1:02d}"
        end = None
        if rng.random() < 0.1:
            e = min(last_month, m + rng.randint(1, 3))
            end = f"{e // 12:04d}-{e % 12 + 1:02d}"
        return text, "month", end
    if roll < 0.98:
        m = rng.randint(first_month, last_month - 2)  # a season covers three months
        return f"{m // 12:04d}-{m % 12 + 1:02d}", "season", None
    return str(rng.randint(2021, 2023)), "year", None


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize()


def make_events(
    rng: random.Random, n: int, sites: list[dict], point_ids: list[str], region_ids: list[str]
) -> list[dict]:
    event_fields = {f.name for f in schema.EVENT_FIELDS}
    coords = {f["id"]: f["geometry"]["coordinates"] for f in sites if f["geometry"]}
    # Busy and quiet sites: Zipf-like weights, as in the real chronology.
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(point_ids))]
    features = []
    width = max(6, len(str(n)))
    for i in range(n):
        eid = f"S{i + 1:0{width}d}"
        text, precision, end = _random_date(rng)
        if rng.random() < 0.2:
            site = rng.choice(region_ids)
            location = "region"
            geometry = None
        else:
            site = rng.choices(point_ids, weights)[0]
            location = rng.choice(EVENT_POINT_PRECISIONS)
            geometry = {"type": "Point", "coordinates": coords[site]}
        n_sources = 1 if rng.random() < 0.7 else 2
        sources = [
            {
                "url": f"{rng.choice(SOURCES)}{i}-{k}",
                "name": None if k else "synthetic source",
                "role": "primary" if k == 0 else "corroborating",
                "via": rng.choice(ORIGINATORS),
            }
            for k in range(n_sources)
        ]
        figures = {}
        if rng.random() < 0.3:
            figures = {"personnel": str(rng.randint(1, 2000))}
        props = {
            "id": eid,
            "date": text,
            "date_precision": precision,
            "end_date": end,
            "title": _sentence(rng, 4, 9),
            "summary": _sentence(rng, 18, 40) + ".",
            "category": rng.choice(CATEGORIES),
            "site": site,
            "location_precision": location,
            "actors": rng.sample(ACTORS, rng.randint(1, 3)),
            "figures": figures,
            "sources": sources,
            "confidence": rng.choice(schema.CONFIDENCE_LEVELS),
            "notes": None if rng.random() < 0.8 else _sentence(rng, 6, 20) + ".",
            "context": rng.random() < 0.05,
        }
        # The coded fields (issue 15), about as often as the real record fills them.
        if precision == "day" and rng.random() < 0.9:
            lag = timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 9, 30)))
            props["reported"] = (date.fromisoformat(text) + lag).isoformat()
        props["claimed_by"] = rng.sample(CLAIMANT_CODES, rng.randint(1, 2))
        props["denied_by"] = [rng.choice(CLAIMANT_CODES)] if rng.random() < 0.07 else []
        if rng.random() < 0.06:
            low = rng.randint(0, 5)
            best = low + rng.randint(0, 3)
            props["killed"] = {"low": low, "best": best, "high": best + rng.randint(0, 4)}
        props["added"] = props["updated"] = "2026-12-03"
        if "contested" in event_fields and rng.random() < 0.05:
            props["contested"] = [
                {
                    "claim": _sentence(rng, 5, 12) + ".",
                    "by": side,
                    "source_url": f"https://example.org/claims/{i}-{k}",
                    "source_name": "synthetic",
                }
                for k, side in enumerate(("Armenia", "Azerbaijan"))
            ]
        features.append({"type": "Feature", "id": eid, "geometry": geometry, "properties": props})
    return features


def _layer_bytes(raw: bytes, event_ids: list[str]) -> bytes:
    """The layer file, with real event ids in ``events`` lists mapped onto synthetic ones."""
    doc = json.loads(raw)
    changed = False
    for feature in doc.get("features", []):
        props = feature.get("properties") or {}
        refs = props.get("events")
        if isinstance(refs, list):
            digits = ["".join(ch for ch in str(ref) if ch.isdigit()) or "0" for ref in refs]
            mapped = [event_ids[int(d) % len(event_ids)] for d in digits] if event_ids else []
            props["events"] = list(dict.fromkeys(mapped))
            changed = True
    if not changed:
        return raw  # byte-identical copy
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def generate(
    n: int, outdir: Path, seed: int = 1, source: Path | None = None, sites: int = N_POINT_SITES
) -> Path:
    """Write the data folder and return it."""
    source = source or CODE_ROOT / "geodata"
    outdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    sites, point_ids, region_ids = make_sites(rng, sites)
    events = make_events(rng, n, sites, point_ids, region_ids)
    event_ids = [f["id"] for f in events]
    for spec in schema.LAYERS:
        name = schema.layer_file(spec.id)
        write_atomic(outdir / name, _layer_bytes((source / name).read_bytes(), event_ids))
    write_atomic(
        outdir / schema.SITES_FILE,
        _collection("sites", f"Synthetic benchmark sites (seed {seed}).", sites),
    )
    # Events last: a folder with an events file is complete.
    write_atomic(
        outdir / schema.EVENTS_FILE,
        _collection("events", f"Synthetic benchmark events: {n} (seed {seed}).", events),
    )
    return outdir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--sites", type=int, default=N_POINT_SITES, help="number of point sites (default 200)"
    )
    parser.add_argument(
        "--source", type=Path, default=None, help="folder to copy the layer files from (geodata/)"
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    if args.sites < 1:
        parser.error("--sites must be >= 1")
    generate(args.n, args.outdir, args.seed, args.source, args.sites)
    print(f"wrote {args.n} events on {args.sites} sites to {args.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
