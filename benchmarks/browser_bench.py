"""Browser benchmark of the dashboard against the naive baseline, in headless Debian Chromium.

    /work/venv/bin/python benchmarks/browser_bench.py --runs 5

For each data set (real = geodata/, 10k and 100k synthetic events generated
into benchmarks/out/) and each app (ours = dashboard.web.app.create_app, naive =
benchmarks/naive_app.py), start the server (benchmarks/serve_timed.py) in a
subprocess on 127.0.0.1 and, with a new browser profile per run (cold cache):

a. first-load bytes on the wire: sum of the DevTools ``Network.loadingFinished``
   ``encodedDataLength`` (bytes received: compressed body + response headers)
   of every request until the map is drawn and Dash is idle; the decoded
   (uncompressed) size is the sum of ``Network.dataReceived.dataLength``;
b. time from navigation start to the map drawn with its site points (a
   MutationObserver sees the "sites" trace's SVG points, plus one animation
   frame);
c. scrub step latency: focus the end handle, press ArrowLeft; from the keydown
   (capture listener) to the graph div's next plotly_afterplot / plotly_react
   event carrying a new figure (``gd.data`` replaced); steps are pooled over runs;
d. click on a site point (real mouse click) until ``#detail``'s text changes;
e. server callback time, measured server-side by serve_timed.py's WSGI
   middleware for every POST /_dash-update-component (p95 over the whole run),
   with the thread's CPU time and its time waiting for a core;
f. server RSS after all runs (psutil).

The code measured is a snapshot of dashboard/, assets/ and geodata/ taken at
start (another engineer may be editing them). Every loop is bounded in count
and time; only 127.0.0.1 is contacted. Results: benchmarks/out/results.json and
benchmarks/out/results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tools.chromium import CHROMEDRIVER, CHROMIUM, headless_options  # noqa: E402

OUT = HERE / "out"
PY = sys.executable
PAGE_JS = (HERE / "bench_page.js").read_text()
# name -> (events, point sites); "100k-5k" and "300k" are issue 18's sets
SYNTHETIC = {
    "10k": (10_000, 200),
    "100k": (100_000, 200),
    "100k-5k": (100_000, 5_000),
    "300k": (300_000, 200),
}
TARGETS = {  # (dataset, metric) -> (limit, unit); "<=" unless noted
    ("real", "step_median"): 50,
    ("10k", "step_median"): 120,
    ("100k", "step_median"): 400,
    ("real", "first_map_ms"): 1000,
    ("*", "wire_kb"): 1024,
    ("*", "server_p95"): 20,
    ("100k", "rss_mb"): 200,
    ("100k-5k", "step_median"): 50,
    ("100k-5k", "step_p95"): 150,
    ("100k-5k", "first_map_ms"): 1000,
    ("100k-5k", "rss_mb"): 200,
    ("300k", "first_map_ms"): 1200,
    ("300k", "wire_kb"): 1229,
    ("300k", "step_median"): 50,
    ("300k", "step_p95"): 150,
    ("300k", "server_p95"): 30,
    ("300k", "rss_mb"): 250,
}
OWN_LIMITS = {"300k": ("wire_kb", "server_p95")}  # its own limits replace the general ones


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float | None:
    """Percentile by linear interpolation (q in 0..100)."""
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return None
    k = (len(xs) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def med(values):
    xs = [v for v in values if v is not None]
    return statistics.median(xs) if xs else None


# --------------------------------------------------------------------------- setup


def snapshot(dest: Path) -> dict:
    """Copy the code and data under test, so concurrent edits cannot change it mid-run."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("dashboard", "assets", "geodata"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    info = {}
    try:
        info["head"] = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=20,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--short", "--", "dashboard", "assets", "geodata"],
            capture_output=True,
            text=True,
            timeout=20,
        ).stdout.split("\n")
        info["uncommitted"] = [d for d in dirty if d.strip()]
    except (OSError, subprocess.SubprocessError):
        pass
    digest = hashlib.sha256()
    for path in sorted(dest.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(dest).as_posix().encode())
            digest.update(path.read_bytes())
    info["snapshot_sha256"] = digest.hexdigest()[:12]
    return info


def ensure_dataset(name: str, code_root: Path, seed: int) -> Path:
    if name == "real":
        return code_root / "geodata"
    n, sites = SYNTHETIC[name]
    outdir = OUT / f"data-{name}"
    stamp_text = json.dumps(
        {
            "n": n,
            **({"sites": sites} if sites != 200 else {}),  # the 200-site stamps stay as they were
            "seed": seed,
            "generator": hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest(),
            "schema": hashlib.sha256(
                (code_root / "dashboard/data/schema.py").read_bytes()
            ).hexdigest(),
            "layers": sorted(
                hashlib.sha256(p.read_bytes()).hexdigest()
                for p in (code_root / "geodata").glob("*.geojson")
                if p.name not in ("events.geojson", "sites.geojson")
            ),
        },
        sort_keys=True,
    )
    stamp = outdir / ".stamp"
    if not (stamp.exists() and stamp.read_text() == stamp_text):
        log(f"generating {name} ({n} events) ...")
        env = {**os.environ, "BENCH_CODE_ROOT": str(code_root)}
        subprocess.run(
            [
                PY,
                str(HERE / "generate.py"),
                str(n),
                str(outdir),
                "--seed",
                str(seed),
                "--source",
                str(code_root / "geodata"),
                "--sites",
                str(sites),
            ],
            check=True,
            env=env,
            timeout=300,
        )
        check = subprocess.run(
            [PY, "-m", "dashboard", "validate", str(outdir)],
            cwd=code_root,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check.returncode != 0:
            raise SystemExit(f"generated data does not validate:\n{check.stdout}{check.stderr}")
        log("  " + check.stdout.strip())
        stamp.write_text(stamp_text)
    return outdir


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """serve_timed.py in a subprocess on 127.0.0.1."""

    def __init__(self, spec: str, data: Path, code_root: Path, logdir: Path, timeout: float):
        app, *tweaks = spec.split("+")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        logdir.mkdir(parents=True, exist_ok=True)
        self.log_path = logdir / f"{spec}-{data.name}-{self.port}.log"
        self.log_file = open(self.log_path, "w")  # noqa: SIM115
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [
                PY,
                str(HERE / "serve_timed.py"),
                "--app",
                app,
                "--data",
                str(data),
                "--port",
                str(self.port),
                "--code-root",
                str(code_root),
                "--tweaks",
                ",".join(tweaks),
            ],
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            cwd=str(OUT),
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{app} server died; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url, timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{app} server not ready in {timeout}s; see {self.log_path}")
            time.sleep(0.25)
        self.ready_s = time.perf_counter() - t0
        self.ps = psutil.Process(self.proc.pid)

    def rss_mb(self) -> float:
        return self.ps.memory_info().rss / 2**20

    def timings(self, reset: bool = False) -> list[dict]:
        url = self.url + "__bench/timings" + ("?reset=1" if reset else "")
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.loads(r.read())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log_file.close()


# --------------------------------------------------------------------------- browser


def new_driver(profile: str) -> webdriver.Chrome:
    opts = headless_options()
    opts.add_argument(f"--user-data-dir={profile}")
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_script_timeout(90)
    drv.set_page_load_timeout(120)
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PAGE_JS})
    return drv


class Watchdog:
    """Kill the browser (chromedriver and its children, all started here) after ``seconds``.

    A page whose main thread is blocked for minutes blocks selenium calls with it;
    killing the browser makes the pending call fail so the run can go on.
    """

    def __init__(self, drv, seconds: float):
        self.drv, self.fired = drv, False
        self.timer = threading.Timer(seconds, self.fire)
        self.timer.daemon = True

    def fire(self) -> None:
        self.fired = True
        try:
            root = psutil.Process(self.drv.service.process.pid)
            procs = [*root.children(recursive=True), root]
        except (psutil.Error, AttributeError):
            return
        for proc in procs:
            with contextlib.suppress(psutil.Error):
                proc.kill()

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        return False


def network_summary(drv) -> dict:
    """Bytes per request from the DevTools performance log (drains the log)."""
    reqs: dict[str, dict] = {}
    for entry in drv.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        method, params = msg.get("method", ""), msg.get("params", {})
        rid = params.get("requestId")
        if not method.startswith("Network.") or rid is None:
            continue
        r = reqs.setdefault(
            rid, {"url": "", "wire": 0, "decoded": 0, "encoding": "", "done": False}
        )
        if method == "Network.requestWillBeSent":
            r["url"] = params["request"]["url"]
        elif method == "Network.responseReceived":
            r["url"] = r["url"] or params["response"]["url"]
            headers = {k.lower(): v for k, v in params["response"].get("headers", {}).items()}
            r["encoding"] = headers.get("content-encoding", "")
            r["cache_control"] = headers.get("cache-control", "")
            r["status"] = params["response"].get("status")
        elif method == "Network.dataReceived":
            r["decoded"] += params.get("dataLength", 0)
        elif method == "Network.loadingFinished":
            r["wire"] = params.get("encodedDataLength", 0)
            r["done"] = True
    items = [r for r in reqs.values() if r["url"].startswith("http")]
    return {
        "wire": sum(r["wire"] for r in items),
        "decoded": sum(r["decoded"] for r in items),
        "requests": len(items),
        "items": sorted(items, key=lambda r: -r["wire"]),
    }


def short_url(url: str) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    return "/" + path.split("?")[0]


def run_async(drv, fn: str, *args):
    return drv.execute_async_script(
        f"window.__bench.{fn}(...Array.prototype.slice.call(arguments, 0, -1), "
        "arguments[arguments.length - 1]);",
        *args,
    )


def pick_sites(drv) -> list[str]:
    """[a middling site, the busiest site] by marker size (events on the full range)."""
    sites = drv.execute_script("return window.__bench.sites()")
    ranked = sorted(sites, key=lambda s: (-s[1], s[0]))
    if len(ranked) < 2:
        return [s[0] for s in ranked]
    return [ranked[len(ranked) // 2][0], ranked[0][0]]


VERBOSE = False


def trace(msg: str) -> None:
    if VERBOSE:
        log(f"      {time.strftime('%H:%M:%S')} {msg}")


def click_site(drv, site: str, timeout_s: float) -> dict:
    run_async(drv, "waitIdle", 60_000)
    drv.execute_script("return window.__bench.armClick()")
    node = drv.execute_script("return window.__bench.sitePoint(arguments[0])", site)
    res = {"timeout": True}
    mouse_token = None
    if node is not None:
        ActionChains(drv).move_to_element(node).pause(0.3).click().perform()
        res = run_async(drv, "waitClick", 1500)
        if res.get("timeout"):
            if not run_async(drv, "waitIdle", timeout_s * 1000):
                return {"timeout": True, "method": "mouse", "still_busy": True}
            res = run_async(drv, "waitClick", 200)
        mouse_token = drv.execute_script(
            "return window.__bench.click && window.__bench.click.token"
        )
    method = "mouse"
    if res.get("timeout"):
        drv.execute_script("return window.__bench.armClick()")
        drv.execute_script("window.__bench.emitClick(arguments[0])", site)
        res = run_async(drv, "waitClick", timeout_s * 1000)
        method = "emitted"
    if not res.get("timeout"):
        run_async(drv, "waitIdle", timeout_s * 1000)
        res.update(drv.execute_script("return window.__bench.busySince(window.__bench.click.t0)"))
    res.update({"method": method, "mouse_token": mouse_token})
    return res


def session(
    url: str,
    steps: int,
    clicks: int,
    step_timeout: float,
    click_timeout: float = 30,
    skip_sites: set | None = None,
    step_budget: float = 120,
) -> dict:
    """One cold browser session: load, scrub steps (at least 3, then until ``step_budget``
    seconds are spent), clicks."""
    skip_sites = skip_sites if skip_sites is not None else set()
    profile = tempfile.mkdtemp(prefix="bench-chrome-")
    drv = new_driver(profile)
    out: dict = {"steps": [], "clicks": []}
    watchdog = Watchdog(drv, 120 + step_budget + 2 * (click_timeout + 60))
    watchdog.__enter__()
    try:
        drv.get(url)
        marks = run_async(drv, "waitPoints", 90_000)
        if not marks:
            raise RuntimeError("the map never drew its site points")
        run_async(drv, "waitIdle", 60_000)
        time.sleep(0.3)
        report = drv.execute_script("return window.__bench.loadReport()")
        net = network_summary(drv)
        out["load"] = {
            "first_map_ms": marks["points"],
            "first_map_frame_ms": marks.get("pointsFrame"),
            # Dash's page (timeline, panels) rendered; ours draws the map before that
            "dash_page_ms": report["marks"].get("dashPage"),
            "plotly_ready_ms": marks.get("plotlyReady"),
            "marks": report["marks"],
            "dcl_ms": report["dcl"],
            "fcp_ms": report["paints"].get("first-contentful-paint"),
            "wire": net["wire"],
            "decoded": net["decoded"],
            "requests": net["requests"],
            "top": [
                {
                    "url": short_url(r["url"]),
                    "wire": r["wire"],
                    "decoded": r["decoded"],
                    "encoding": r["encoding"],
                    "cache_control": r.get("cache_control", ""),
                }
                for r in net["items"][:12]
            ],
            "resources": [
                {**r, "name": short_url(r["name"])}
                for r in report["resources"]
                if any(
                    k in r["name"]
                    for k in (
                        "plotly",
                        "_dash-layout",
                        "_dash-dependencies",
                        "_dash-update-component",
                        "dash_renderer",
                        "async-graph",
                        "/assets/client/",
                    )
                )
            ],
            "plots": report["plots"],
        }
        sites = pick_sites(drv)[:clicks]
        # c. scrub steps
        handle = drv.find_elements(By.CSS_SELECTOR, "#timeline [role=slider]")[-1]
        steps_until = time.monotonic() + step_budget
        for i in range(steps):
            if i >= 3 and time.monotonic() > steps_until:
                out["steps_cut"] = steps - i
                break
            run_async(drv, "waitIdle", 60_000)
            before = int(handle.get_attribute("aria-valuenow"))
            drv.execute_script("return window.__bench.arm()")
            handle.send_keys(Keys.ARROW_LEFT)
            trace("key sent")
            res = run_async(drv, "waitStep", step_timeout * 1000)
            run_async(drv, "waitIdle", 60_000)
            res.update(
                drv.execute_script("return window.__bench.busySince(window.__bench.step.t0 || 0)")
            )
            trace(f"step {res.get('latency')} busy {res.get('busy')}")
            after = int(handle.get_attribute("aria-valuenow"))
            res["moved"] = before - after
            out["steps"].append(res)
        run_async(drv, "waitIdle", 60_000)
        time.sleep(0.3)
        step_net = network_summary(drv)
        out["step_bytes"] = step_net["wire"] / max(1, steps)
        # d. clicks on site points, a middling site then the busiest: a real mouse
        # click; if it selects nothing (the pointer hit a label or a line the app
        # does not resolve), Plotly's own click event is emitted ("emitted").
        for role, site in zip(("middle", "busiest"), sites, strict=False):
            if site in skip_sites:
                out["clicks"].append({"site": site, "role": role, "skipped": True})
                continue
            # a cluster's click zooms in: each click starts from the first camera
            if drv.execute_script("return window.__bench.homeView()"):
                run_async(drv, "waitIdle", 60_000)
            try:
                with Watchdog(drv, click_timeout + 60):
                    res = click_site(drv, site, click_timeout)
            except Exception as exc:
                res = {"timeout": True, "error": str(exc).split("\n")[0][:200]}
            res.update({"site": site, "role": role})
            trace(f"click {res}")
            out["clicks"].append(res)
            if res.get("timeout"):
                skip_sites.add(site)
                break  # the page is still busy (or the browser was killed): the session is over
        if any(c.get("error") for c in out["clicks"]):
            return out
        errors = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
        # (console errors are kept to spot a broken page, not counted)
        out["console_errors"] = [e["message"][:300] for e in errors[:5]]
    finally:
        watchdog.__exit__()
        with contextlib.suppress(Exception):
            drv.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return out


# --------------------------------------------------------------------------- analysis


def step_breakdown(steps: list[dict]) -> dict:
    """Median of where a step's time goes (ms from keydown)."""
    dispatch, view, post, react = [], [], [], []
    for s in steps:
        if s.get("timeout"):
            continue
        if s.get("views"):
            dispatch.append(s["views"][0]["start"])
            view.append(sum(v["ms"] for v in s["views"]))
        if s.get("posts"):
            post.append(max(p["end"] for p in s["posts"]) - min(p["start"] for p in s["posts"]))
            dispatch.append(min(p["start"] for p in s["posts"]))
        plots = [p for p in s.get("plots", []) if p.get("end") is not None]
        if plots:
            react.append(sum(p["end"] - p["start"] for p in plots))
    return {
        "keydown_to_callback_ms": med(dispatch),
        "clientside_updateView_ms": med(view),
        "callback_http_ms": med(post),
        "plotly_react_ms": med(react),
    }


def summarise(
    app: str, dataset: str, runs: list[dict], server: dict, click_timeout: float = 30
) -> dict:
    loads = [r["load"] for r in runs if "load" in r]
    steps = [s for r in runs for s in r["steps"]]
    good = [s for s in steps if not s.get("timeout")]
    all_clicks = [c for r in runs for c in r["clicks"] if not c.get("skipped")]
    clicks = [c for c in all_clicks if not c.get("timeout")]

    def click_stat(role: str) -> str:
        mine = [c for c in all_clicks if c.get("role") == role]
        ok = [c["latency"] for c in mine if not c.get("timeout")]
        timeouts = len(mine) - len(ok)
        if not mine:
            return "–"
        text = fmt(med(ok)) if ok else ""
        if timeouts:
            text += f"{' ' if ok else ''}(>{click_timeout:.0f} s ×{timeouts})"
        return text

    cb = server["callbacks"]
    by_output: dict[str, list[float]] = {}
    for rec in cb:
        by_output.setdefault(rec["output"], []).append(rec["ms"])
    return {
        "app": app,
        "dataset": dataset,
        "runs": len(runs),
        "wire_kb": med([x["wire"] for x in loads]) / 1024 if loads else None,
        "decoded_kb": med([x["decoded"] for x in loads]) / 1024 if loads else None,
        "requests": med([x["requests"] for x in loads]),
        "first_map_ms": med([x["first_map_ms"] for x in loads]),
        "first_map_frame_ms": med([x["first_map_frame_ms"] for x in loads]),
        "dash_page_ms": med([x.get("dash_page_ms") for x in loads]),
        "plotly_ready_ms": med([x["plotly_ready_ms"] for x in loads]),
        "fcp_ms": med([x["fcp_ms"] for x in loads]),
        "steps": len(steps),
        "step_timeouts": len(steps) - len(good),
        "step_not_moved": sum(1 for s in steps if s.get("moved") != 1),
        "step_median": med([s["latency"] for s in good]),
        "step_p95": pct([s["latency"] for s in good], 95),
        "step_frame_median": med([s["frame"] for s in good]),
        "step_map_redrawn": sum(1 for s in good if s.get("mapRedrawn")),
        # of those, drawn by rescaling the site points instead of a Plotly.react
        "step_map_resized": sum(1 for s in good if s.get("drawnHow") == "resized"),
        "step_kb": med([r.get("step_bytes", 0) for r in runs]) / 1024,
        "step_breakdown": step_breakdown(steps),
        "step_busy_median": med([s.get("busy") for s in steps]),
        "step_settled_median": med([s.get("settled") for s in steps]),
        "step_settled_p95": pct([s.get("settled") for s in steps], 95),
        "click_median": med([c["latency"] for c in clicks]),
        "click_p95": pct([c["latency"] for c in clicks], 95),
        "click_middle": click_stat("middle"),
        "click_busiest": click_stat("busiest"),
        "click_settled_median": med([c.get("settled") for c in clicks]),
        "clicks": len(all_clicks),
        "click_timeouts": len(all_clicks) - len(clicks),
        "clicks_emitted": sum(1 for c in all_clicks if c.get("method") == "emitted"),
        "session_errors": [r["error"] for r in runs if r.get("error")],
        "server_p95": pct([c["ms"] for c in cb], 95),
        "server_median": med([c["ms"] for c in cb]),
        # CPU time of the request's server thread: the wall time above minus the time
        # the thread waited for a core (Chromium shares the two) or for the GIL
        "server_cpu_p95": pct([c.get("cpu_ms") for c in cb if "cpu_ms" in c], 95),
        "server_cpu_median": med([c.get("cpu_ms") for c in cb if "cpu_ms" in c]),
        "server_queued_p95": pct([c.get("queued_ms") for c in cb if "queued_ms" in c], 95),
        "server_queued_median": med([c.get("queued_ms") for c in cb if "queued_ms" in c]),
        "server_calls": len(cb),
        "server_by_output": {
            k: {"n": len(v), "median": med(v), "p95": pct(v, 95), "max": max(v)}
            for k, v in sorted(by_output.items())
        },
        "rss_mb": server["rss_after_mb"],
        "rss_start_mb": server["rss_start_mb"],
        "server_ready_s": server["ready_s"],
        "top_first_load": loads[0]["top"] if loads else [],
    }


def fmt(v, nd=0) -> str:
    if v is None:
        return "–"
    return f"{v:,.{nd}f}"


def table(summaries: list[dict]) -> str:
    head = (
        "| data | app | (a) first-load wire KB (decoded) | (b) first map ms (timeline slider) "
        "| (c) scrub step ms median / p95 | page busy after a step ms, median / p95 "
        "| (d) click→detail ms, middling / busiest site | (e) server cb p95 ms | (f) RSS MB |"
    )
    lines = [head, "|" + " --- |" * 9]
    for s in summaries:
        lines.append(
            f"| {s['dataset']} | {s['app']} | {fmt(s['wire_kb'])} ({fmt(s['decoded_kb'])}) "
            f"| {fmt(s['first_map_ms'])} ({fmt(s.get('dash_page_ms'))}) "
            f"| {fmt(s['step_median'])} / {fmt(s['step_p95'])} "
            f"(n={s['steps'] - s['step_timeouts']}) "
            f"| {fmt(s['step_settled_median'])} / {fmt(s['step_settled_p95'])} "
            f"| {s['click_middle']} / {s['click_busiest']} "
            f"| {fmt(s['server_p95'], 1)} | {fmt(s['rss_mb'])} |"
        )
    return "\n".join(lines)


def ratio_table(summaries: list[dict]) -> str:
    keys = (
        "wire_kb",
        "first_map_ms",
        "step_median",
        "step_p95",
        "step_settled_median",
        "click_median",
        "server_p95",
        "rss_mb",
    )
    lines = [
        "| data | " + " | ".join(f"ours/naive {k}" for k in keys) + " |",
        "|" + " --- |" * (len(keys) + 1),
    ]
    datasets = list(dict.fromkeys(s["dataset"] for s in summaries))
    for d in datasets:
        ours = next((s for s in summaries if s["dataset"] == d and s["app"] == "ours"), None)
        naive = next((s for s in summaries if s["dataset"] == d and s["app"] == "naive"), None)
        if not (ours and naive):
            continue
        cells = []
        for k in keys:
            a, b = ours.get(k), naive.get(k)
            cells.append(f"{a / b:.2f}" if a is not None and b else "–")
        lines.append(f"| {d} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets_table(summaries: list[dict]) -> str:
    lines = [
        "| target | data | measured (ours) | limit | verdict |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in summaries:
        if s["app"] != "ours":
            continue
        for (data, metric), limit in TARGETS.items():
            if data not in ("*", s["dataset"]):
                continue
            if data == "*" and metric in OWN_LIMITS.get(s["dataset"], ()):
                continue
            value = s.get(metric)
            ok = value is not None and value <= limit
            lines.append(
                f"| {metric} | {s['dataset']} | {fmt(value, 1)} | ≤ {limit} "
                f"| {'met' if ok else 'MISSED'} ({fmt(value / limit if value else None, 2)}×) |"
            )
        if s["dataset"] == "100k":
            naive = next(
                (n for n in summaries if n["dataset"] == "100k" and n["app"] == "naive"), None
            )
            if naive and s["step_median"] and naive["step_median"]:
                speedup = naive["step_median"] / s["step_median"]
                lines.append(
                    f"| step speed-up vs naive | 100k | {speedup:.1f}× | ≥ 5× "
                    f"| {'met' if speedup >= 5 else 'MISSED'} |"
                )
    return "\n".join(lines)


def machine() -> dict:
    info = {"nproc": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["mem_gib"] = round(int(line.split()[1]) / 2**20, 1)
        info["chromium"] = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    info["python"] = sys.version.split()[0]
    return info


# --------------------------------------------------------------------------- main


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5, help="cold browser sessions per app and data set")
    p.add_argument(
        "--steps",
        type=int,
        default=0,
        help="ArrowLeft steps per session (default: enough for >= 25 pooled steps)",
    )
    p.add_argument("--clicks", type=int, default=2, help="site clicks per session")
    p.add_argument("--datasets", default="real,10k,100k")
    p.add_argument(
        "--apps",
        default="ours,naive",
        help="ours, naive, or ours+TWEAK+... (what-ifs, see serve_timed.py: geo, listN, detailN)",
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--budget-min",
        type=float,
        default=14.0,
        help="after this many minutes, remaining app/data pairs get one run",
    )
    p.add_argument("--no-snapshot", action="store_true", help="measure the live working tree")
    p.add_argument(
        "--keep-snapshot",
        action="store_true",
        help="reuse benchmarks/out/snapshot from the previous run (same code)",
    )
    p.add_argument("--out", type=Path, default=OUT / "results.json")
    p.add_argument(
        "--click-timeout",
        type=float,
        default=30,
        help="seconds to wait for #detail after a click (later runs skip a site that timed out)",
    )
    p.add_argument(
        "--pair-budget-s",
        type=float,
        default=150,
        help="no new run of an app/data pair after this many seconds (min 1 run); "
        "a session stops scrubbing after 60%% of it (min 3 steps)",
    )
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    runs = max(1, min(args.runs, 20))
    steps = args.steps or max(5, math.ceil(25 / runs))
    steps = max(1, min(steps, 100))
    clicks = max(0, min(args.clicks, 5))
    started = time.monotonic()
    OUT.mkdir(exist_ok=True)
    (OUT / "no-assets").mkdir(exist_ok=True)

    if args.no_snapshot:
        code_root, code_info = ROOT, {"snapshot": False}
    elif args.keep_snapshot and (OUT / "snapshot" / "dashboard").is_dir():
        code_root = OUT / "snapshot"
        code_info = {"snapshot": "kept", **json.loads((OUT / "snapshot.json").read_text())}
    else:
        code_root = OUT / "snapshot"
        code_info = snapshot(code_root)
        (OUT / "snapshot.json").write_text(json.dumps(code_info))
    log(f"code under test: {code_root} {code_info.get('snapshot_sha256', '')}")
    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    apps = [a.strip() for a in args.apps.split(",") if a.strip()]
    if any("+geo" in a for a in apps) and not (OUT / "npm/package/plotly-geo.min.js").exists():
        raise SystemExit(
            "the geo tweak needs the geo bundle: cd benchmarks/out/npm && "
            "npm pack plotly.js-geo-dist-min@4.1.1 && tar xzf plotly.js-geo-dist-min-4.1.1.tgz"
        )
    paths = {d: ensure_dataset(d, code_root, args.seed) for d in datasets}

    summaries, raw = [], {}
    for d in datasets:
        for app in apps:
            over = (time.monotonic() - started) / 60 > args.budget_min
            n_runs = 1 if over else runs
            if over:
                log(f"time budget exceeded: {app}/{d} gets 1 run")
            log(f"== {d} / {app}: starting server")
            server = Server(app, paths[d], code_root, OUT / "logs", timeout=300)
            try:
                rss_start = server.rss_mb()
                server.timings(reset=True)
                sessions = []
                skip: set = set()
                pair_start = time.monotonic()
                for r in range(n_runs):
                    if r and time.monotonic() - pair_start > args.pair_budget_s:
                        log(f"   pair budget ({args.pair_budget_s:.0f} s) spent after {r} runs")
                        break
                    t0 = time.monotonic()
                    try:
                        s = session(
                            server.url,
                            steps,
                            clicks,
                            60,
                            args.click_timeout,
                            skip,
                            step_budget=args.pair_budget_s * 0.6,
                        )
                    except Exception as exc:
                        s = {"error": str(exc).split("\n")[0][:300], "steps": [], "clicks": []}
                        log(f"   run {r + 1}/{n_runs}: FAILED {s['error']}")
                        sessions.append(s)
                        continue
                    sessions.append(s)
                    lat = [x["latency"] for x in s["steps"] if not x.get("timeout")]
                    settled = [x.get("settled") for x in s["steps"]]
                    click_ms = [
                        round(c["latency"]) if "latency" in c else "timeout" for c in s["clicks"]
                    ]
                    log(
                        f"   run {r + 1}/{n_runs}: map {s['load']['first_map_ms']:.0f} ms, "
                        f"wire {s['load']['wire'] / 1024:.0f} KB, step median {fmt(med(lat))} ms "
                        f"(busy until {fmt(med(settled))} ms), clicks "
                        f"{click_ms} "
                        f"({time.monotonic() - t0:.0f} s)"
                    )
                srv = {
                    "callbacks": server.timings(),
                    "rss_start_mb": rss_start,
                    "rss_after_mb": server.rss_mb(),
                    "ready_s": server.ready_s,
                }
            finally:
                server.stop()
            summary = summarise(app, d, sessions, srv, args.click_timeout)
            summaries.append(summary)
            raw[f"{d}/{app}"] = {"sessions": sessions, "server": srv}

    result = {
        "machine": machine(),
        "code": code_info,
        "args": {
            "runs": runs,
            "steps": steps,
            "clicks": clicks,
            "datasets": datasets,
            "apps": apps,
        },
        "elapsed_min": round((time.monotonic() - started) / 60, 1),
        "summaries": summaries,
        "raw": raw,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, indent=1))
    os.replace(tmp, args.out)
    md = "\n\n".join(
        [
            "Medians over runs; scrub steps and clicks pooled over runs.",
            table(summaries),
            "Ratios ours/naive (same invocation; < 1 = ours smaller/faster):",
            ratio_table(summaries),
            "Targets (ours):",
            targets_table(summaries),
        ]
    )
    (args.out.parent / "results.md").write_text(md + "\n")
    print(md)
    print("\nStep breakdown (median ms from keydown):")
    for s in summaries:
        b = s["step_breakdown"]
        print(
            f"  {s['dataset']:>5} {s['app']:<8} "
            + ", ".join(f"{k} {fmt(v, 1)}" for k, v in b.items())
            + f"; map redrawn in {s['step_map_redrawn']}/{s['steps'] - s['step_timeouts']} steps"
            + f" ({s.get('step_map_resized', 0)} by resizing the sites only)"
            + f"; step KB {s['step_kb']:.1f}; timeouts {s['step_timeouts']}, "
            f"not moved {s['step_not_moved']}, clicks emitted {s['clicks_emitted']}/{s['clicks']}"
        )
    print("\nServer callbacks (p95 ms by output):")
    for s in summaries:
        print(
            f"  {s['dataset']:>5} {s['app']:<8} all: wall median {fmt(s['server_median'], 1)} "
            f"p95 {fmt(s['server_p95'], 1)}; thread CPU median "
            f"{fmt(s.get('server_cpu_median'), 1)} p95 {fmt(s.get('server_cpu_p95'), 1)}; "
            f"waiting for a core median {fmt(s.get('server_queued_median'), 1)} "
            f"p95 {fmt(s.get('server_queued_p95'), 1)}"
        )
        for k, v in s["server_by_output"].items():
            print(
                f"  {s['dataset']:>5} {s['app']:<8} {k[:70]:<70} n={v['n']:<4} "
                f"median {v['median']:.1f} p95 {v['p95']:.1f} max {v['max']:.1f}"
            )
    print(f"\nmachine: {json.dumps(result['machine'])}\nelapsed: {result['elapsed_min']} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
