"""Where the server's callback time goes, without a browser.

    /work/venv/bin/python benchmarks/profile_server.py [--data real|10k|100k] [--repeat 10]
        [--live | --code DIR] [--profile NAME] [--json OUT]

Loads the data once (by default the snapshot's code, as browser_bench.py measures
it; ``--live`` imports the working tree instead, ``--code DIR`` any copy of it),
then times the callbacks a slider step, a selection and a filter change trigger
server-side — the chronology (``render_list``), the situation panel
(``render_situation``), the detail panel (``render_detail``), the filter's stored
state and browser mask (``compute_filter``) and the selection highlight
(``highlight_for``) — split into the Python function and the JSON encoding Dash
does on its result (``dash._utils.to_json``). Each case prints the first call
(cold caches), the median of the repeats and the number of Dash components in
the result. ``compute_filter`` runs a different search text each time, so every
call is cold, as a new filter is. Prints a cProfile of the slowest case (or of
``--profile NAME``), the start-up time, the process RSS and the first page's
layout size.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser_bench as bb  # noqa: E402

# Distinct search words, one per compute_filter call, so none hits a cache.
SEARCH_WORDS = [
    "corridor",
    "lachin",
    "monastery",
    "checkpoint",
    "ceasefire",
    "shusha",
    "dadivank",
    "stepanakert",
    "withdrawal",
    "humanitarian",
    "bridge",
    "hakari",
    "posts",
    "agreement",
    "icrc",
    "convoy",
    "statement",
    "base",
    "airport",
    "shelling",
    "kalbajar",
    "aghdam",
    "protest",
    "blockade",
    "gas",
    "power",
    "route",
    "villages",
    "mine",
    "patrol",
    "zone",
    "decree",
]


def fresh_text(i: int) -> str:
    """A search text no earlier call used (so the filter cache cannot answer)."""
    word = SEARCH_WORDS[i % len(SEARCH_WORDS)]
    return word if i < len(SEARCH_WORDS) else f"{word} {i}"


def count_components(value) -> int:
    """Dash components in a callback result (what Dash serialises one by one)."""
    from dash.development.base_component import Component

    if isinstance(value, Component):
        return 1 + count_components(getattr(value, "children", None))
    if isinstance(value, list | tuple):
        return sum(count_components(v) for v in value)
    return 0


def timed(fn, repeat: int) -> dict:
    """First call and median ms of fn(i) and of to_json(result), the result's size."""
    from dash._utils import to_json

    calls, encodes, result, size = [], [], None, 0
    for i in range(repeat):
        t0 = time.perf_counter()
        result = fn(i)
        t1 = time.perf_counter()
        size = len(to_json(result))
        t2 = time.perf_counter()
        calls.append((t1 - t0) * 1000)
        encodes.append((t2 - t1) * 1000)
    return {
        "first_ms": calls[0] + encodes[0],
        "python_ms": statistics.median(calls),
        "json_ms": statistics.median(encodes),
        "total_ms": statistics.median(c + e for c, e in zip(calls, encodes, strict=True)),
        "max_ms": max(c + e for c, e in zip(calls, encodes, strict=True)),
        "kb": size / 1024,
        "components": count_components(result),
    }


def data_dir_for(name: str, code_root: Path, snapshot: bool) -> Path:
    """The data set's folder; outside the snapshot, an existing synthetic set is used as is
    (no regeneration: another run may be reading it)."""
    if name == "real":
        return code_root / "geodata"
    existing = bb.OUT / f"data-{name}"
    if not snapshot and (existing / "events.geojson").exists():
        return existing
    return bb.ensure_dataset(name, code_root, 1)


def build_cases(cb, dataset) -> dict:
    maximum = (dataset.span[1] - dataset.span[0]).days
    value = [0, maximum - 1]  # one step left from the full range, as the benchmark presses
    middle = [maximum // 3, maximum // 2]
    counts = dataset.events["site"].value_counts()
    busiest = counts.index[0]
    first_event = dataset.events.index[len(dataset.events) // 2]
    state = {
        "categories": ["incident", "ceasefire_violation"],
        "actors": [],
        "confidence": [],
        "text": "",
    }
    some_actor = dataset.events["actors"].iloc[0][0]
    precision = ["approximate"]  # region-wide and month-precision events hidden

    def new_filter(i: int):
        return cb.compute_filter(["incident", "casualty"], [some_actor], [], fresh_text(i), dataset)

    # One request renders every panel a change touches (callbacks.render_panels).
    panels = {}
    if hasattr(cb, "render_panels"):
        panels = {
            "panels: slider rests, busiest site selected": lambda i: cb.render_panels(
                {cb.SETTLED_RANGE_PROP}, middle, None, None, f"site:{busiest}", dataset
            ),
            "panels: busiest site selected": lambda i: cb.render_panels(
                {cb.SELECTION_PROP}, value, None, None, f"site:{busiest}", dataset
            ),
        }
    return {
        **panels,
        "list": lambda i: cb.render_list(value, dataset),
        "list (filter, precision, selection)": lambda i: cb.render_list(
            middle, dataset, precision, state, f"site:{busiest}"
        ),
        "situation": lambda i: cb.render_situation(value, dataset),
        "situation (mid-range)": lambda i: cb.render_situation(middle, dataset),
        "detail (nothing)": lambda i: cb.render_detail(None, value, dataset),
        f"detail (site {busiest}, {counts.iloc[0]} events)": lambda i: cb.render_detail(
            f"site:{busiest}", value, dataset
        ),
        "detail (site, filter, precision)": lambda i: cb.render_detail(
            f"site:{busiest}", middle, dataset, precision, state
        ),
        "detail (layer corridor_2022_route)": lambda i: cb.render_detail(
            "layer:corridor_2022_route", value, dataset
        ),
        f"detail (event {first_event})": lambda i: cb.render_detail(
            f"event:{first_event}", value, dataset
        ),
        "filter (new text each call)": new_filter,
        "filter (text only, new each call)": lambda i: cb.compute_filter(
            [], [], [], fresh_text(i), dataset
        ),
        "filter (none)": lambda i: cb.compute_filter([], [], [], "", dataset),
        "highlight (event)": lambda i: cb.highlight_for(f"event:{first_event}", dataset),
        "highlight (site)": lambda i: cb.highlight_for(f"site:{busiest}", dataset),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="100k", choices=("real", *bb.SYNTHETIC))
    p.add_argument("--repeat", type=int, default=7)
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--live", "--no-snapshot", action="store_true", help="import the working tree"
    )
    where.add_argument("--code", type=Path, help="import dashboard/ from this folder")
    p.add_argument("--profile", help="cProfile this case (default: the slowest)")
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args()
    repeat = max(1, min(args.repeat, 50))
    snapshot = not (args.live or args.code)
    code_root = bb.ROOT if args.live else (args.code or bb.OUT / "snapshot").resolve()
    if snapshot and not (code_root / "dashboard").exists():
        bb.snapshot(code_root)
    data = data_dir_for(args.data, code_root, snapshot)
    sys.path.insert(0, str(code_root))
    proc = psutil.Process(os.getpid())
    rss0 = proc.memory_info().rss / 2**20

    t0 = time.perf_counter()
    from dashboard.config import Settings
    from dashboard.data.loading import load_dataset
    from dashboard.web import callbacks as cb
    from dashboard.web.app import create_app

    assert Path(cb.__file__).is_relative_to(code_root), cb.__file__
    rss_imports = proc.memory_info().rss / 2**20
    dataset = load_dataset(data)
    t_load = time.perf_counter() - t0
    rss_data = proc.memory_info().rss / 2**20
    t1 = time.perf_counter()
    app = create_app(Settings(data_dir=data), dataset=dataset)
    t_app = time.perf_counter() - t1
    rss_app = proc.memory_info().rss / 2**20
    layout = app.server.test_client().get("/_dash-layout").get_data()
    print(
        f"code {code_root}, data {args.data}: {len(dataset.events)} events; import+load "
        f"{t_load:.1f} s, create_app {t_app:.1f} s; RSS {rss0:.0f} MB bare -> {rss_imports:.0f} "
        f"after imports -> {rss_data:.0f} with data -> {rss_app:.0f} with app; "
        f"/_dash-layout {len(layout) / 1024:.0f} KB"
    )

    cases = build_cases(cb, dataset)
    results = {}
    print(
        f"  {'case':<48} {'first':>8} {'median':>8} {'python':>8} {'JSON':>7} {'max':>8}"
        f" {'KB':>6} {'comps':>6}"
    )
    for name, fn in cases.items():
        r = timed(fn, repeat)
        results[name] = r
        print(
            f"  {name:<48} {r['first_ms']:8.1f} {r['total_ms']:8.1f} {r['python_ms']:8.1f}"
            f" {r['json_ms']:7.1f} {r['max_ms']:8.1f} {r['kb']:6.0f} {r['components']:6d}"
        )
    rss_end = proc.memory_info().rss / 2**20
    print(
        f"  (ms; first = cold call, median/python/JSON over {repeat}; RSS at end {rss_end:.0f} MB)"
    )
    worst = args.profile or max(results, key=lambda k: results[k]["total_ms"])
    prof = cProfile.Profile()
    prof.enable()
    cases[worst](repeat)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(22)
    print(f"-- cProfile of {worst} (cumulative):")
    print("\n".join(out.getvalue().splitlines()[:50]))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "data": args.data,
                    "code": str(code_root),
                    "events": len(dataset.events),
                    "load_s": t_load,
                    "create_app_s": t_app,
                    "rss_mb": {
                        "bare": rss0,
                        "imports": rss_imports,
                        "data": rss_data,
                        "app": rss_app,
                        "end": rss_end,
                    },
                    "cases": results,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
