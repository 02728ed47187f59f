"""The panels request alone, with no browser on the machine: what the server costs.

    /work/venv/bin/python benchmarks/serve_timed.py --app ours --data geodata --port 8090 &
    /work/venv/bin/python benchmarks/post_panels.py --url http://127.0.0.1:8090 [--repeat 30]

Posts the request a resting slider sends (dates, precision, no filter, Dadivank
selected) ``--repeat`` times, one at a time, and prints the median seen by this
client and by serve_timed.py's middleware (``/__bench/timings``). Compare with the
browser run's server p95, where Chromium shares the two cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.request

VALUES = {
    "data-version.data": None,  # filled from /healthz: the page's data version
    "page-language.data": "en",
    "settled-range.data": [100, 900],
    "precision-filter.value": ["approximate", "region", "coarse"],
    "filter-state.data": {},
    "selection.data": "site:dadivank",
    "since.data": None,
    "timeline-mode.value": "range",
}


def panels_body(base: str) -> bytes:
    deps = json.loads(urllib.request.urlopen(base + "/_dash-dependencies").read())
    health = json.loads(urllib.request.urlopen(base + "/healthz").read())
    values = {**VALUES, "data-version.data": health["dataset_version"]}
    spec = next(d for d in deps if "situation.children" in d["output"])
    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in spec["output"][2:-2].split("...")
    ]

    def with_values(dependencies: list[dict]) -> list[dict]:
        return [{**d, "value": values[f"{d['id']}.{d['property']}"]} for d in dependencies]

    body = {
        "output": spec["output"],
        "outputs": outputs,
        "inputs": with_values(spec["inputs"]),
        "changedPropIds": ["settled-range.data"],
        "state": with_values(spec["state"]),
    }
    return json.dumps(body).encode()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", default="http://127.0.0.1:8090")
    p.add_argument("--repeat", type=int, default=30)
    args = p.parse_args()
    base = args.url.rstrip("/")
    data = panels_body(base)
    client = []
    for _ in range(args.repeat):
        request = urllib.request.Request(
            base + "/_dash-update-component",
            data=data,
            headers={"Content-Type": "application/json", "Accept-Encoding": "br, gzip, zstd"},
        )
        t0 = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            response.read()
        client.append((time.perf_counter() - t0) * 1000)
    timings = json.loads(urllib.request.urlopen(base + "/__bench/timings").read())
    records = timings if isinstance(timings, list) else timings.get("records", [])
    server = [r["ms"] for r in records if "situation.children" in r["output"]][-args.repeat :]
    print(f"panels request x{args.repeat}: client median {statistics.median(client):.1f} ms")
    if server:
        print(
            f"  server (middleware) median {statistics.median(server):.1f} ms,"
            f" p95 {sorted(server)[int(0.95 * (len(server) - 1))]:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
