"""Where the browser's time goes: a Chrome trace of the first load and a JS profile of scrubbing.

    /work/venv/bin/python benchmarks/trace_page.py --app ours --data 100k [--steps 10]

Starts the app like browser_bench.py (same snapshot, same launcher), loads the
page once in a fresh headless Chromium profile with DevTools tracing on
(devtools.timeline, v8), then presses ArrowLeft on the end handle ``--steps``
times with the V8 sampling profiler on. Prints:

* first load: renderer main-thread self time by activity (EvaluateScript per
  script, FunctionCall, Layout, Paint, GC ...) up to the map drawn;
* scrubbing: main-thread self time by activity, and JS self time by function
  and by script (plotly.js, dash renderer, react-dom, the app's own code).

Raw results go to benchmarks/out/trace-APP-DATA.json. Use it to explain the
numbers of browser_bench.py, not as a measurement (tracing slows the page).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser_bench as bb  # noqa: E402

CATEGORIES = "devtools.timeline,v8,v8.execute,disabled-by-default-devtools.timeline"


def driver(profile: str) -> webdriver.Chrome:
    opts = bb.headless_options()
    opts.add_argument(f"--user-data-dir={profile}")
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    opts.add_experimental_option(
        "perfLoggingPrefs", {"enableNetwork": False, "traceCategories": CATEGORIES}
    )
    drv = webdriver.Chrome(service=Service(bb.CHROMEDRIVER), options=opts)
    drv.set_script_timeout(180)
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": bb.PAGE_JS})
    return drv


def trace_events(drv) -> list[dict]:
    events = []
    for entry in drv.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Tracing.dataCollected":
            events.append(msg["params"])
    return events


def short(url: str) -> str:
    if not url:
        return ""
    name = url.split("?")[0].rsplit("/", 1)[-1]
    for key in (
        "plotly",
        "dash_renderer",
        "react-dom",
        "dash_core_components",
        "async-graph",
        "async-slider",
        "/assets/client/",
        "dash_html_components",
        "polyfill",
        "bundle",
    ):
        if key in name:
            return key
    return name or url[:40]


def main_thread_self_time(events: list[dict], t_from: float | None, t_to: float | None) -> dict:
    """Self time (ms) by activity on the renderer main thread, DevTools 'bottom-up' style."""
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M"
        and e.get("name") == "thread_name"
        and e.get("args", {}).get("name") == "CrRendererMain"
    }
    xs = [e for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) in main and "dur" in e]
    if t_from is not None:
        xs = [e for e in xs if e["ts"] >= t_from and e["ts"] <= (t_to or float("inf"))]
    xs.sort(key=lambda e: (e["ts"], -e["dur"]))
    totals: dict[str, float] = defaultdict(float)
    stack: list[list] = []  # [end, key, child_time]

    def pop():
        _end, key, child, dur = stack.pop()
        totals[key] += max(0.0, dur - child)
        if stack:
            stack[-1][2] += dur

    for e in xs:
        while stack and stack[-1][0] <= e["ts"]:
            pop()
        name = e["name"]
        data = e.get("args", {}).get("data", {}) or {}
        if name in ("RunTask", "ThreadControllerImpl::RunTask", "RunMicrotasks"):
            key = None  # containers: their self time is scheduling overhead
        elif name in (
            "EvaluateScript",
            "v8.compile",
            "v8.run",
            "v8.parseOnBackground",
            "CompileScript",
            "v8.compileModule",
        ):
            key = f"{name} {short(data.get('url') or e.get('args', {}).get('fileName', ''))}"
        elif name == "FunctionCall":
            key = f"FunctionCall {short(data.get('url', ''))}"
        else:
            key = name
        stack.append([e["ts"] + e["dur"], key or "(task overhead)", 0.0, e["dur"]])
    while stack:
        pop()
    grouped = {k: round(v / 1000, 1) for k, v in totals.items() if v >= 1000}
    return dict(sorted(grouped.items(), key=lambda kv: -kv[1]))


def profile_self_time(profile: dict) -> tuple[dict, dict]:
    nodes = {n["id"]: n for n in profile["nodes"]}
    self_us: dict[int, float] = defaultdict(float)
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=False):
        self_us[sample] += delta
    by_fn: dict[str, float] = defaultdict(float)
    by_script: dict[str, float] = defaultdict(float)
    for nid, us in self_us.items():
        frame = nodes[nid]["callFrame"]
        script = short(frame.get("url", "")) or frame["functionName"] or "(native)"
        fn = (
            f"{frame['functionName'] or '(anonymous)'} "
            f"[{script}:{frame.get('lineNumber', 0)}:{frame.get('columnNumber', 0)}]"
        )
        by_fn[fn] += us / 1000
        by_script[script] += us / 1000
    top = lambda d, n: {k: round(v, 1) for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:n]}  # noqa: E731
    return top(by_fn, 25), top(by_script, 15)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--app", default="ours", help="ours, naive or ours+TWEAK (see serve_timed.py)")
    p.add_argument("--data", default="real", choices=("real", *bb.SYNTHETIC))
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--no-snapshot", action="store_true")
    args = p.parse_args()
    steps = max(1, min(args.steps, 50))
    code_root = bb.ROOT if args.no_snapshot else bb.OUT / "snapshot"
    if not (code_root / "dashboard").exists():
        bb.snapshot(code_root)
    data = bb.ensure_dataset(args.data, code_root, 1)
    server = bb.Server(args.app, data, code_root, bb.OUT / "logs", timeout=300)
    profile_dir = tempfile.mkdtemp(prefix="bench-trace-")
    drv = driver(profile_dir)
    result: dict = {"app": args.app, "data": args.data}
    try:
        drv.get(server.url)
        marks = bb.run_async(drv, "waitPoints", 90_000)
        bb.run_async(drv, "waitIdle", 60_000)
        time.sleep(0.5)
        events = trace_events(drv)
        nav = [e for e in events if e.get("name") == "navigationStart"]
        t_nav = min(e["ts"] for e in nav) if nav else None
        t_end = t_nav + marks["pointsFrame"] * 1000 if t_nav is not None and marks else None
        result["load_marks"] = marks
        result["load_main_thread_ms"] = main_thread_self_time(events, t_nav, t_end)
        # scrubbing, with the sampling profiler
        drv.execute_cdp_cmd("Profiler.enable", {})
        drv.execute_cdp_cmd("Profiler.setSamplingInterval", {"interval": 250})
        handle = drv.find_elements(By.CSS_SELECTOR, "#timeline [role=slider]")[-1]
        bb.run_async(drv, "waitIdle", 60_000)
        trace_events(drv)  # drop what came before
        drv.execute_cdp_cmd("Profiler.start", {})
        latencies = []
        for _ in range(steps):
            bb.run_async(drv, "waitIdle", 60_000)
            drv.execute_script("return window.__bench.arm()")
            handle.send_keys(Keys.ARROW_LEFT)
            res = bb.run_async(drv, "waitStep", 60_000)
            latencies.append(res.get("latency"))
        bb.run_async(drv, "waitIdle", 60_000)
        prof = drv.execute_cdp_cmd("Profiler.stop", {})["profile"]
        events = trace_events(drv)
        result["step_latency_ms"] = latencies
        result["steps_main_thread_ms"] = main_thread_self_time(events, None, None)
        result["steps_js_by_function_ms"], result["steps_js_by_script_ms"] = profile_self_time(prof)
    finally:
        with contextlib.suppress(WebDriverException):
            drv.quit()
        shutil.rmtree(profile_dir, ignore_errors=True)
        result["server_callbacks"] = server.timings()
        server.stop()
    out = bb.OUT / f"trace-{args.app}-{args.data}.json"
    out.write_text(json.dumps(result, indent=1))
    print(
        f"{args.app} / {args.data}: map drawn at {result['load_marks']['points']:.0f} ms "
        f"(plotly.js ready at {result['load_marks'].get('plotlyReady') or 0:.0f} ms)"
    )
    for title, key in (
        ("first load, main thread self ms", "load_main_thread_ms"),
        (f"{steps} scrub steps, main thread self ms", "steps_main_thread_ms"),
        ("scrub JS self ms by script", "steps_js_by_script_ms"),
        ("scrub JS self ms by function", "steps_js_by_function_ms"),
    ):
        print(f"-- {title}")
        for k, v in list(result[key].items())[:18]:
            print(f"   {v:8.1f}  {k}")
    lat = [x for x in result["step_latency_ms"] if x is not None]
    print(f"-- step latencies (traced, inflated): {[round(x) for x in lat]}")
    print(f"raw: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
