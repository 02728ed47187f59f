"""Where the server's callback time goes, without a browser.

    /work/venv/bin/python benchmarks/profile_server.py [--data real|10k|100k] [--repeat 10]

Loads the data once (the snapshot's code, as browser_bench.py measures it),
then times the callbacks a slider step triggers server-side — the chronology
(``render_list``), the situation panel (``render_situation``), the detail panel
(``render_detail``, nothing and a busy site selected) — split into the Python
function and the JSON encoding Dash does on its result (``dash._utils.to_json``),
and prints a cProfile of the slowest one. Also prints the start-up time, the
process RSS and the size of the first page's layout.
"""

from __future__ import annotations

import argparse
import cProfile
import io
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


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """(median ms of fn(), median ms of to_json(result), result)."""
    from dash._utils import to_json

    calls, encodes, result = [], [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        t1 = time.perf_counter()
        to_json(result)
        t2 = time.perf_counter()
        calls.append((t1 - t0) * 1000)
        encodes.append((t2 - t1) * 1000)
    return statistics.median(calls), statistics.median(encodes), result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="100k", choices=("real", "10k", "100k"))
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--no-snapshot", action="store_true")
    args = p.parse_args()
    repeat = max(1, min(args.repeat, 50))
    code_root = bb.ROOT if args.no_snapshot else bb.OUT / "snapshot"
    if not (code_root / "dashboard").exists():
        bb.snapshot(code_root)
    data = bb.ensure_dataset(args.data, code_root, 1)
    sys.path.insert(0, str(code_root))
    proc = psutil.Process(os.getpid())
    rss0 = proc.memory_info().rss / 2**20

    t0 = time.perf_counter()
    from dashboard import callbacks as cb
    from dashboard.app import create_app
    from dashboard.config import Settings
    from dashboard.data import load_dataset

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
        f"data {args.data}: {len(dataset.events)} events; import+load {t_load:.1f} s, "
        f"create_app {t_app:.1f} s; RSS {rss0:.0f} MB bare -> {rss_imports:.0f} after imports "
        f"-> {rss_data:.0f} with data -> {rss_app:.0f} with app; "
        f"/_dash-layout {len(layout) / 1024:.0f} KB"
    )

    maximum = (dataset.span[1] - dataset.span[0]).days
    value = [0, maximum - 1]  # one step left from the full range, as the benchmark presses
    counts = dataset.events["site"].value_counts()
    busiest = counts.index[0]
    cases = {
        "render_list (chronology)": lambda: cb.render_list(value, dataset),
        "render_situation": lambda: cb.render_situation(value, dataset),
        "render_detail (nothing selected)": lambda: cb.render_detail(None, value, dataset),
        f"render_detail (site {busiest}, {counts.iloc[0]} events)": lambda: cb.render_detail(
            f"site:{busiest}", value, dataset
        ),
    }
    results = {}
    for name, fn in cases.items():
        call, enc, result = timed(fn, repeat if "site" not in name else max(1, repeat // 3))
        size = len(__import__("dash._utils", fromlist=["to_json"]).to_json(result))
        results[name] = call + enc
        print(f"  {name:<55} python {call:8.1f} ms + JSON {enc:7.1f} ms, {size / 1024:8.0f} KB")
    worst = max(results, key=results.get)
    prof = cProfile.Profile()
    prof.enable()
    cases[worst]()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(18)
    print(f"-- cProfile of {worst} (cumulative):")
    print("\n".join(out.getvalue().splitlines()[:45]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
