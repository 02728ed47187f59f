"""Serve one app for the benchmark, timing every Dash callback request server-side.

    python benchmarks/serve_timed.py --app ours|naive --data DIR --port N
        [--code-root DIR] [--tweaks geo,list50,detail20]

* ``ours``: ``dashboard.web.app.create_app`` exactly as ``karabakh-map serve`` builds it.
* ``naive``: ``benchmarks/naive_app.py``.

``--tweaks`` are what-ifs, to measure a proposed change to dashboard/ before
anyone makes it (nothing in dashboard/ is modified; they patch the running
process only):

* ``geo``: the request for plotly.js is answered with the geo-only bundle
  (``--plotly-bundle``, npm ``plotly.js-geo-dist-min``), pre-gzipped once, with
  a long-lived ``Cache-Control``;
* ``listN``: ``dashboard.views.detail.LIST_LIMIT = N`` (chronology items rendered);
* ``detailN``: a site's detail panel renders at most N event cards.

A WSGI middleware measures each ``POST /_dash-update-component`` from the
moment the request reaches the Flask app to the moment the server has written
the last byte of the response (callback, JSON encoding and compression
included), keyed by the callback's output; also the server thread's CPU time
over the same span, the time it spent runnable but waiting for a core (Linux
schedstat), and the time until the server closed the response. ``GET /__bench/timings``
returns them as JSON. The server is Dash's ``app.run`` (Werkzeug, threaded),
as ``karabakh-map serve`` runs it, on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PLOTLY_PATH = "/_dash-component-suites/plotly/package_data/plotly.min"


def run_queue_seconds() -> float:
    """Time this thread has spent runnable but waiting for a core (Linux schedstat)."""
    try:
        with open("/proc/thread-self/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class CallbackTimer:
    """WSGI middleware: time Dash callback POSTs; serve ``/__bench/timings``."""

    def __init__(self, app, plotly_bundle: Path | None = None):
        self.app = app
        self.records: list[dict] = []
        self.lock = threading.Lock()
        self.bundle = None
        if plotly_bundle is not None:
            raw = plotly_bundle.read_bytes()
            self.bundle = gzip.compress(raw, compresslevel=9)

    def _json(self, start_response, payload) -> list[bytes]:
        body = json.dumps(payload).encode()
        start_response(
            "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        )
        return [body]

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/__bench/timings":
            with self.lock:
                records = list(self.records)
                if "reset=1" in environ.get("QUERY_STRING", ""):
                    self.records.clear()
            return self._json(start_response, records)
        if self.bundle is not None and path.startswith(PLOTLY_PATH) and path.endswith(".js"):
            start_response(
                "200 OK",
                [
                    ("Content-Type", "application/javascript"),
                    ("Content-Encoding", "gzip"),
                    ("Content-Length", str(len(self.bundle))),
                    ("Cache-Control", "public, max-age=31536000, immutable"),
                    ("Vary", "Accept-Encoding"),
                ],
            )
            return [self.bundle]
        if not (path.endswith("/_dash-update-component") and environ["REQUEST_METHOD"] == "POST"):
            return self.app(environ, start_response)
        t0 = time.perf_counter()
        cpu0 = time.thread_time()
        queued0 = run_queue_seconds()
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        read_s = time.perf_counter() - t0  # waiting for the request body on the socket
        environ["wsgi.input"] = io.BytesIO(body)
        try:
            output = json.loads(body).get("output", "?")
        except ValueError:
            output = "?"
        status = {}

        def _start(status_line, headers, exc_info=None):
            status["code"] = status_line.split(" ", 1)[0]
            return start_response(status_line, headers, exc_info)

        result = self.app(environ, _start)
        return _Timed(result, self, output, t0, status, read_s, cpu0, queued0)

    def record(
        self,
        output: str,
        seconds: float,
        size: int,
        status: str,
        read_s: float = 0.0,
        cpu_s: float = 0.0,
        closed_s: float | None = None,
        queued_s: float = 0.0,
    ) -> None:
        with self.lock:
            self.records.append(
                {
                    "output": output,
                    "ms": seconds * 1000,
                    "read_ms": read_s * 1000,
                    "cpu_ms": cpu_s * 1000,
                    # runnable, waiting for a core; the rest of wall - cpu is blocked
                    # (the GIL, the socket)
                    "queued_ms": queued_s * 1000,
                    # until the server closed the response (after its access log line)
                    "closed_ms": (closed_s if closed_s is not None else seconds) * 1000,
                    "bytes": size,
                    "status": status,
                }
            )


@dataclass
class _Timed:
    """Wraps a response iterable; records the time when the server closes it."""

    result: Any
    timer: CallbackTimer
    output: str
    t0: float
    status: dict
    read_s: float = 0.0
    cpu0: float = 0.0
    queued0: float = 0.0
    size: int = 0
    sent: tuple[float, float, float] | None = None

    def __iter__(self):
        for chunk in self.result:
            self.size += len(chunk)
            yield chunk
        # The server asks for the next chunk once it has written the last one: the
        # response is out. What follows (the access log line in close(), and any wait
        # for a core before the thread gets there) the browser does not wait for.
        self.sent = (time.perf_counter(), time.thread_time(), run_queue_seconds())

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            sent_at, cpu_at, queued_at = self.sent or (
                time.perf_counter(),
                time.thread_time(),
                run_queue_seconds(),
            )
            self.timer.record(
                self.output,
                sent_at - self.t0,
                self.size,
                self.status.get("code", "?"),
                self.read_s,
                cpu_at - self.cpu0,
                time.perf_counter() - self.t0,
                queued_at - self.queued0,
            )


def apply_tweaks(tweaks: list[str]) -> None:
    import dashboard.views.detail as detail

    for tweak in tweaks:
        if tweak == "geo":
            continue  # handled by the middleware
        if tweak.startswith("list") and tweak[4:].isdigit():
            detail.LIST_LIMIT = int(tweak[4:])
        elif tweak.startswith("detail") and tweak[6:].isdigit():
            detail.DETAIL_LIMIT = int(tweak[6:])
        else:
            raise SystemExit(f"unknown tweak {tweak!r}")


def build(app_name: str, data: Path):
    if app_name == "ours":
        from dashboard.config import Settings
        from dashboard.web.app import create_app

        return create_app(Settings(data_dir=data))
    if app_name == "naive":
        sys.path.insert(0, str(HERE))
        from naive_app import create_naive_app

        return create_naive_app(data)
    raise SystemExit(f"unknown app {app_name!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", required=True, choices=("ours", "naive"))
    parser.add_argument("--tweaks", default="", help="comma-separated what-ifs (see above)")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--code-root", type=Path, default=HERE.parent)
    parser.add_argument(
        "--plotly-bundle",
        type=Path,
        default=HERE / "out" / "npm" / "package" / "plotly-geo.min.js",
        help="bundle served for the 'geo' tweak",
    )
    args = parser.parse_args()
    os.environ["BENCH_CODE_ROOT"] = str(args.code_root)
    sys.path.insert(0, str(args.code_root))
    tweaks = [t for t in args.tweaks.split(",") if t]
    t0 = time.perf_counter()
    if tweaks:
        apply_tweaks(tweaks)
    app = build(args.app, args.data)
    bundle = args.plotly_bundle if "geo" in tweaks else None
    app.server.wsgi_app = CallbackTimer(app.server.wsgi_app, bundle)
    print(
        json.dumps({"pid": os.getpid(), "build_s": round(time.perf_counter() - t0, 3)}), flush=True
    )
    # As `karabakh-map serve` does: the app's access log replaces werkzeug's lines.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app.run(host="127.0.0.1", port=args.port, debug=False)


if __name__ == "__main__":
    main()
