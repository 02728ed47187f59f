"""Start-up and database build, timed as a user meets them (issue 14's targets).

    python benchmarks/start_time.py DATA_DIR [--runs 5] [--port 8071] [--cache-dir DIR]

1. Builds DATA_DIR's database in a fresh cache folder (``karabakh-map build``), timed once
   (with ``--cache-dir``, that folder instead: a database already there is kept).
2. ``--runs`` times: starts ``karabakh-map serve`` on 127.0.0.1 (development server, the
   database already built) and polls ``GET /`` until it answers 200 with the map's
   figure; the time from the process start to that answer, and the server's resident
   memory (VmRSS) a second later. Then stops the server.

Prints each figure, then the median. Only 127.0.0.1 is contacted; every process started
here is stopped here.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 120


def _env(cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ, KARABAKH_MAP_CACHE_DIR=str(cache_dir), KARABAKH_MAP_ACCESS_LOG="0")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def build_seconds(data_dir: Path, cache_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dashboard", "build", "--data", str(data_dir)],
        env=_env(cache_dir),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` (Linux), in MB."""
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def first_page_seconds(data_dir: Path, cache_dir: Path, port: int) -> tuple[float, float]:
    """From starting the server process to its first complete answer to ``GET /``; and
    the server's RSS in MB then."""
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", "--data", str(data_dir), "--port", str(port)],
        env=_env(cache_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < TIMEOUT_S:
            if server.poll() is not None:
                raise SystemExit(f"the server exited with {server.returncode}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200 and b"map-figure" in response.read():
                        seconds = time.perf_counter() - started
                        time.sleep(1)
                        return seconds, rss_mb(server.pid)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.02)
        raise SystemExit(f"no page within {TIMEOUT_S} s")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8071)
    parser.add_argument("--cache-dir", type=Path, help="build into (or reuse) this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="karabakh-start-") as tmp:
        cache_dir = args.cache_dir or Path(tmp)
        build = build_seconds(args.data, cache_dir)
        print(f"database build: {build:.2f} s")
        starts = []
        for run in range(1, args.runs + 1):
            seconds, rss = first_page_seconds(args.data, cache_dir, args.port)
            starts.append(seconds)
            print(f"start {run}: first page after {seconds:.2f} s, RSS {rss:.0f} MB")
        print(f"median start to first page: {statistics.median(starts):.2f} s ({args.runs} runs)")


if __name__ == "__main__":
    main()
