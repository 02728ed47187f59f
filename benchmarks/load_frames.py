"""What the main thread did while the first map was drawn: long animation frames.

    /work/venv/bin/python benchmarks/load_frames.py [--app ours] [--data real|10k|100k]
        [--runs 3] [--min-ms 5]

Loads the page cold in headless Chromium like browser_bench.py (same snapshot,
launcher and page hooks) and prints, per run, the load marks (plotly.js evaluated,
DOMContentLoaded, the graphs' divs in the page, the map's points), each Plotly call
(which graph, when, how long it ran synchronously), and every long animation frame
(``PerformanceObserver`` type ``long-animation-frame``, Chromium 123+) up to the
map's points, with the scripts that ran in it: what invoked each (a promise, a
timer, React's scheduler, an animation frame), its source file and function, and
how much of it was forced style and layout. It is the timeline behind (b) in
benchmarks/README.md, without a tracing profiler's overhead.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

from selenium.common.exceptions import WebDriverException

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser_bench as bb  # noqa: E402

RECORD_FRAMES = """
window.__frames = [];
new PerformanceObserver(list => list.getEntries().forEach(e => window.__frames.push({
  start: e.startTime, ms: e.duration, render: e.renderStart,
  scripts: e.scripts.map(s => ({
    invoker: s.invoker, source: (s.sourceURL || '').split('/').pop().split('?')[0],
    fn: s.sourceFunctionName, start: s.startTime, ms: s.duration,
    layout: s.forcedStyleAndLayoutDuration,
  })),
}))).observe({type: 'long-animation-frame', buffered: true});
"""


def one_load(url: str, min_ms: float) -> None:
    profile = tempfile.mkdtemp(prefix="bench-frames-")
    drv = bb.new_driver(profile)
    try:
        drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_FRAMES})
        drv.get(url)
        marks = bb.run_async(drv, "waitPoints", 90_000)
        if not marks:
            print("   the map never drew its points")
            return
        # the map may come before Dash's page (dashboard/web/boot.py): wait for both
        deadline = time.time() + 60
        while time.time() < deadline and not drv.execute_script(
            "return window.__bench.marks.dashPage"
        ):
            time.sleep(0.05)
        time.sleep(0.3)
        report = drv.execute_script("return window.__bench.loadReport()")
        frames = drv.execute_script("return window.__frames")
        shown = {"dcl": report["dcl"], **marks}
        print(
            "   marks: "
            + ", ".join(f"{k} {v:.0f}" for k, v in sorted(shown.items(), key=lambda kv: kv[1]))
        )
        for p in report["plots"][:4]:
            print(
                f"   Plotly.{p['fn']} {p.get('graph')}: "
                f"at {p['start']:.0f}, {p['sync']:.0f} ms sync"
            )
        until = max(marks["points"], report["marks"].get("dashPage") or 0)
        for f in frames:
            if f["start"] > until:
                continue
            print(
                f"   frame at {f['start']:.0f}: {f['ms']:.0f} ms (rendering from {f['render']:.0f})"
            )
            for s in f["scripts"]:
                if s["ms"] >= min_ms:
                    where = f"{s['source'] or '-'} {s['fn'] or ''}".strip()
                    print(
                        f"      {s['start']:.0f} +{s['ms']:.0f} ms "
                        f"({s['layout']:.0f} forced layout)  {s['invoker'][:50]}  [{where}]"
                    )
    finally:
        with contextlib.suppress(WebDriverException):
            drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--app", default="ours", choices=("ours", "naive"))
    p.add_argument("--data", default="real", choices=("real", *bb.SYNTHETIC))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--min-ms", type=float, default=5, help="scripts shorter than this are left out")
    p.add_argument("--no-snapshot", action="store_true")
    args = p.parse_args()
    code_root = bb.ROOT if args.no_snapshot else bb.OUT / "snapshot"
    if not (code_root / "dashboard").exists():
        bb.snapshot(code_root)
    data = bb.ensure_dataset(args.data, code_root, 1)
    server = bb.Server(args.app, data, code_root, bb.OUT / "logs", timeout=300)
    try:
        for run in range(max(1, min(args.runs, 10))):
            print(f"{args.app} / {args.data}, cold load {run + 1} (ms since navigation):")
            one_load(server.url, args.min_ms)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
