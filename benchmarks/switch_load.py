"""New data under load: 50 readers for 60 s while the data changes under the server.

    python3 -m venv /tmp/locust && /tmp/locust/bin/pip install 'locust>=2.20'
    .venv/bin/python benchmarks/switch_load.py [--users 50] [--seconds 60] [--workers 2]
        [--locust /tmp/locust/bin/locust] [--out benchmarks/out/switch]

Serves a copy of the bundled data with ``karabakh-map serve --workers N`` (gunicorn),
runs the locust visit of ``benchmarks/load.py`` against it, and meanwhile:

* at 1/3 of the run, ``karabakh-map import`` of the exported events with one title
  changed: a valid new version, which every worker must switch to;
* at 2/3, a broken ``events.geojson`` written into the folder (an unknown category):
  the workers must keep serving the data they have and log why.

Prints locust's totals (requests, failures, p95) per third of the run, which versions
``/healthz`` reported over time, and the server's switch and refusal lines. A request
counts as failed on any HTTP status other than 200/204 or a connection error.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthz(base: str) -> dict | None:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            return json.loads(response.read())
    except OSError:
        return None


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, cwd=ROOT
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--locust", default="/tmp/locust/bin/locust")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "switch")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="switch-load-"))
    data, cache = work / "geodata", work / "cache"
    shutil.copytree(ROOT / "geodata", data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "KARABAKH_MAP_RELOAD_INTERVAL": "2"}
    server_log = open(args.out / "server.log", "w")  # noqa: SIM115 - open while it runs
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", "--workers", str(args.workers),
         "--port", str(port), "--data", str(data), "--cache-dir", str(cache)],
        stdout=server_log, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while healthz(base) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                print("the server did not start; see", args.out / "server.log")
                return 1
            time.sleep(0.3)
        first = healthz(base)["dataset_version"]
        versions: list[tuple[float, str]] = []
        stop = threading.Event()

        def watch() -> None:
            while not stop.wait(0.5):
                answer = healthz(base)
                versions.append((time.monotonic(), answer["dataset_version"] if answer else "-"))

        prefix = args.out / "locust"
        load = subprocess.Popen(
            [args.locust, "-f", str(HERE / "load.py"), "--headless", "-u", str(args.users),
             "-r", "10", "-t", f"{args.seconds}s", "--host", base, "--csv", str(prefix),
             "--csv-full-history", "--only-summary"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
        )  # fmt: skip
        started = time.monotonic()
        threading.Thread(target=watch, daemon=True).start()
        events: list[tuple[float, str]] = []

        time.sleep(args.seconds / 3)
        exported = cli("export-csv", "--data", str(data)).stdout
        rows = list(csv.reader(io.StringIO(exported)))
        title = rows[0].index("title")
        rows[1][title] = rows[1][title] + " (edited under load)"
        edited = work / "edited.csv"
        with edited.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out, lineterminator="\n").writerows(rows)
        done = cli("import", str(edited), "--data", str(data), "--cache-dir", str(cache))
        events.append(
            (time.monotonic() - started, "import: " + done.stdout.strip().replace("\n", " | "))
        )

        time.sleep(args.seconds / 3)
        doc = json.loads((data / "events.geojson").read_text(encoding="utf-8"))
        doc["features"][0]["properties"]["category"] = "no-such-category"
        broken = data / "events.geojson.tmp"
        broken.write_text(json.dumps(doc), encoding="utf-8")
        broken.replace(data / "events.geojson")
        events.append((time.monotonic() - started, "broken events.geojson written"))

        output, _ = load.communicate(timeout=args.seconds + 120)
        stop.set()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
        shutil.rmtree(work, ignore_errors=True)

    (args.out / "locust.txt").write_text(output)
    print(f"server: gunicorn, {args.workers} workers; {args.users} users for {args.seconds} s")
    for at, what in events:
        print(f"  t={at:5.1f} s  {what}")
    changes, last = [], None
    for at, version in versions:
        if version != last:
            changes.append(f"t={at - started:5.1f} s {version}")
            last = version
    print(f"/healthz versions (every 0.5 s; first {first}): " + "; ".join(changes))
    log_lines = (args.out / "server.log").read_text(errors="replace").splitlines()
    for line in log_lines:
        if "switched to data version" in line or "not used, still serving" in line:
            print("  server:", line.split(": ", 1)[-1][:160])
    print_totals(prefix)
    return 0


def print_totals(prefix: Path) -> None:
    with open(f"{prefix}_stats.csv", newline="") as f:
        total = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    print(
        f"locust: {total['Request Count']} requests, {total['Failure Count']} failed,"
        f" median {total['Median Response Time']} ms, p95 {total['95%']} ms,"
        f" p99 {total['99%']} ms, max {float(total['Max Response Time']):.0f} ms"
    )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        for row in list(csv.DictReader(failures.open()))[:10]:
            print(f"  failure: {row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}")
    with open(f"{prefix}_stats_history.csv", newline="") as f:
        history = [r for r in csv.DictReader(f) if r["Name"] == "Aggregated"]
    if history:
        t0 = int(history[0]["Timestamp"])
        thirds: dict[int, list[dict]] = {}
        span = max(1, int(history[-1]["Timestamp"]) - t0)
        for r in history:
            thirds.setdefault(min(2, 3 * (int(r["Timestamp"]) - t0) // span), []).append(r)
        for third, rows in sorted(thirds.items()):
            end = rows[-1]
            print(
                f"  third {third + 1}: cumulative {end['Total Request Count']} requests,"
                f" {end['Total Failure Count']} failed"
            )


if __name__ == "__main__":
    raise SystemExit(main())
