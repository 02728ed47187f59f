"""Fuzz a running server with malformed requests; check every worker survives and still serves.

Sends ``--count`` (default 1,000) malformed requests, within ``--max-seconds``, to a
server on this machine only: broken HTTP (garbage, bad request lines, huge or
conflicting headers, lying Content-Length, bad chunking), malformed and hostile
callback bodies (random bytes, truncated or mutated JSON, NaN, deep nesting,
oversized, wrong content type, thousands of pattern items), path traversal and
hostile query strings. Each answer must not be a 5xx and must not leak a
traceback or a file path. Every 100 requests, and at the end, the page, a real
callback and ``/healthz`` must answer correctly. Given the gunicorn master's pid,
the worker processes are compared before and after: none may have died.

    karabakh-map serve --workers 2 --port 8050 &
    python benchmarks/fuzz.py --url http://127.0.0.1:8050 --master-pid $!

Only the standard library; exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import collections
import copy
import http.client
import json
import random
import socket
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

CALLBACK = "/_dash-update-component"
LEAKS = (b"Traceback", b'File "', b"site-packages", b"/work/", b"/usr/lib/python", b"root:x:0:0")
TIMEOUT = 5.0


# -- talking to the server -----------------------------------------------------------


class Server:
    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("refusing: the fuzzer only targets a server on this machine")
        self.host = parts.hostname
        self.port = parts.port or 80

    def raw(self, data: bytes, half_close: bool = False) -> tuple[int | None, bytes]:
        """Send raw bytes; (status or None, response bytes)."""
        with socket.create_connection((self.host, self.port), timeout=TIMEOUT) as sock:
            try:
                sock.sendall(data)
                if half_close:
                    sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass  # the server may close on us mid-send: that is an answer too
            chunks = []
            try:
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    if sum(map(len, chunks)) > 2_000_000:
                        break
            except (TimeoutError, OSError):
                pass
        reply = b"".join(chunks)
        status = None
        if reply.startswith(b"HTTP/"):
            try:
                status = int(reply.split(b" ", 2)[1])
            except (IndexError, ValueError):
                status = None
        return status, reply

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def post_json(self, body) -> tuple[int, dict, bytes]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.request("POST", CALLBACK, data, {"Content-Type": "application/json"})


# -- valid requests, to break -------------------------------------------------------


def server_callbacks(server: Server) -> list[dict]:
    status, _, raw = server.request("GET", "/_dash-dependencies")
    assert status == 200, f"/_dash-dependencies answered {status}"
    return [d for d in json.loads(raw) if not d.get("clientside_function")]


def valid_body(callback: dict, values: dict[str, object]) -> dict:
    output = callback["output"]
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]

    def entry(dep):
        if dep["id"].startswith("{"):
            return []  # no pattern-matching components at all is valid
        item = {"id": dep["id"], "property": dep["property"]}
        key = f"{dep['id']}.{dep['property']}"
        if key in values:
            item["value"] = values[key]
        return item

    return {
        "output": output,
        "outputs": outputs if output.startswith("..") else outputs[0],
        "inputs": [entry(d) for d in callback["inputs"]],
        "state": [entry(d) for d in callback["state"]],
        "changedPropIds": [f"{d['id']}.{d['property']}" for d in callback["inputs"][:1]],
    }


HOSTILE_VALUES = [
    None,
    True,
    -1,
    2**64,
    1e308,
    "",
    "site:",
    "site:../../etc/passwd",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "\u0000\ud7ff\ufffe",
    "x" * 100_000,
    [],
    [None, None],
    [[], {}],
    [2**63, -(2**63)],
    {"__proto__": {"admin": True}},
    {"categories": [[]], "text": {"$ne": 1}},
    list(range(5000)),
]


def random_json(rng: random.Random, depth: int = 0):
    choice = rng.randrange(8 if depth < 3 else 5)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 7, 2**53 + 1, 10**30, 0.5, -1e-300])
    if choice == 3:
        return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(30)))
    if choice == 4:
        return rng.choice(HOSTILE_VALUES)
    if choice == 5:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(5))]
    return {str(random_json(rng, 3))[:10]: random_json(rng, depth + 1) for _ in range(3)}


def mutate(body: dict, rng: random.Random):
    body = copy.deepcopy(body)
    paths = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, index))

    walk(body, ())
    path = rng.choice(paths[1:] or [()])
    if not path:
        return random_json(rng)
    parent = body
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and rng.random() < 0.4:
        del parent[path[-1]]
    else:
        parent[path[-1]] = random_json(rng)
    return body


# -- the malformed requests ----------------------------------------------------------


def cases(server: Server, callbacks: list[dict], values: dict, rng: random.Random):
    """An endless stream of (category, function returning (status, body bytes))."""
    host = f"Host: {server.host}:{server.port}\r\n".encode()

    def raw(data, half_close=False):
        return lambda: server.raw(data, half_close)

    def raw_post(rest: bytes, half_close=False):
        """A hand-made JSON POST to the callback endpoint: ``rest`` is from the headers
        after Content-Type on (the framing under test) to the end."""
        head = b"POST " + CALLBACK.encode() + b" HTTP/1.1\r\n" + host
        return raw(head + b"Content-Type: application/json\r\n" + rest, half_close)

    def post(body, content_type="application/json"):
        def send():
            status, _, data = server.request("POST", CALLBACK, body, {"Content-Type": content_type})
            return status, data

        return send

    def get(path):
        def send():
            status, _, data = server.request("GET", path)
            return status, data

        return send

    def one():
        body = valid_body(rng.choice(callbacks), values)
        text = json.dumps(body).encode()
        kind = rng.randrange(24)
        if kind == 0:
            return "http: garbage", raw(bytes(rng.randrange(256) for _ in range(200)))
        if kind == 1:
            line = rng.choice(
                [
                    b"GET\r\n\r\n",
                    b"GET / HTTP/9.9\r\n",
                    b"get / http/1.1\r\n",
                    b"BREW /pot HTTP/1.1\r\n",
                    b"GET / \r\n",
                    b"GET /\r\n\r\n",
                ]
            )
            return "http: bad request line", raw(line + host + b"\r\n")
        if kind == 2:
            return "http: huge header", raw(
                b"GET / HTTP/1.1\r\n" + host + b"X-Big: " + b"a" * 20_000 + b"\r\n\r\n"
            )
        if kind == 3:
            many = b"".join(b"X-%d: 1\r\n" % i for i in range(300))
            return "http: too many headers", raw(b"GET / HTTP/1.1\r\n" + host + many + b"\r\n")
        if kind == 4:
            return "http: huge url", raw(
                b"GET /" + b"a" * 12_000 + b" HTTP/1.1\r\n" + host + b"\r\n"
            )
        if kind == 5:
            length = rng.choice([b"abc", b"-5", b"99999999999999999999", b"1, 2"])
            return "http: bad content-length", raw_post(
                b"Content-Length: " + length + b"\r\n\r\n{}"
            )
        if kind == 6:
            return "http: length and chunked", raw_post(
                b"Content-Length: 4\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n"
            )
        if kind == 7:
            return "http: bad chunks", raw_post(
                b"Transfer-Encoding: chunked\r\n\r\n"
                + rng.choice([b"zz\r\n{}\r\n0\r\n\r\n", b"ffffffffffff\r\n{", b"2\r\n{}0\r\n\r\n"]),
                half_close=True,
            )
        if kind == 8:
            return "http: body shorter than length", raw_post(
                b"Content-Length: 5000\r\n\r\n" + text[:50],
                half_close=True,
            )
        if kind == 9:
            return "http: NUL and bad utf-8 in path", raw(
                b"GET /\x00\xff\xfe%00%ff?x=\xc3\x28 HTTP/1.1\r\n" + host + b"\r\n"
            )
        if kind == 10:
            cut = rng.randrange(1, len(text))
            return "callback: truncated json", post(text[:cut])
        if kind == 11:
            return "callback: random bytes", post(bytes(rng.randrange(256) for _ in range(300)))
        if kind in (12, 13, 14):
            return "callback: mutated structure", post(json.dumps(mutate(body, rng)).encode())
        if kind in (15, 16):
            hostile = copy.deepcopy(body)
            for entry in hostile["inputs"] + hostile["state"]:
                if isinstance(entry, dict):
                    entry["value"] = random_json(rng)
            return "callback: hostile values", post(json.dumps(hostile).encode())
        if kind == 17:
            return "callback: NaN / Infinity", post(
                text.replace(b'"property"', b'"value": NaN, "property"', 1)
            )
        if kind == 18:
            depth = rng.choice([1000, 50_000])
            return "callback: deep nesting", post(b"[" * depth + b"]" * depth)
        if kind == 19:
            return "callback: oversized", post(b'{"output": "' + b"x" * 2_000_000 + b'"}')
        if kind == 20:
            return "callback: wrong content type", post(
                text,
                rng.choice(
                    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]
                ),
            )
        if kind == 21:
            pattern = next(
                (c for c in callbacks if any(d["id"].startswith("{") for d in c["inputs"])), None
            )
            if pattern is None:
                return "callback: mutated structure", post(json.dumps(mutate(body, rng)).encode())
            flood = valid_body(pattern, values)
            spec = next(d for d in pattern["inputs"] if d["id"].startswith("{"))
            ids = json.loads(spec["id"])
            items = [
                {
                    "id": {k: (i if isinstance(v, list) else v) for k, v in ids.items()},
                    "property": spec["property"],
                    "value": i,
                }
                for i in range(rng.choice([100, 5000]))
            ]
            flood["inputs"][pattern["inputs"].index(spec)] = items
            return "callback: pattern flood", post(json.dumps(flood).encode())
        if kind == 22:
            path = rng.choice(
                [
                    "/assets/../dashboard/web/app.py",
                    "/assets/%2e%2e/%2e%2e/etc/passwd",
                    "/_dash-component-suites/dash/../../../../etc/passwd",
                    "/_dash-component-suites/nope/x.js",
                    "/_dash-component-suites/dash/x.v1m2.js",
                    "/assets/..%2f..%2fpyproject.toml",
                    "//etc/passwd",
                    "/static/../../etc/passwd",
                    "/_reload-hash",
                    "/_dash-layout?" + "a=" * 3000,
                ]
            )
            return "get: traversal and odd paths", get(path)
        keys = ["from", "to", "site", "event", "cat", "q", "view", "prec", "embed", "x"]
        query = "&".join(
            f"{rng.choice(keys)}={quote(str(random_json(rng))[:200], safe='')}"
            for _ in range(rng.randrange(1, 6))
        )
        path = rng.choice(["/", "/export/events.csv", "/export/events.geojson", "/healthz"])
        return "get: hostile query", get(f"{path}?{query}")

    while True:
        yield one()


# -- checks --------------------------------------------------------------------------


def check_alive(server: Server, detail_body: dict | None, expect: str | None) -> list[str]:
    problems = []
    try:
        status, headers, page = server.request("GET", "/")
        if status != 200 or b"react-entry-point" not in page:
            problems.append(f"GET / answered {status}")
        if "script-src 'self'" not in headers.get("Content-Security-Policy", ""):
            problems.append("GET / lost its Content-Security-Policy")
        status, _, data = server.request("GET", "/healthz")
        if status != 200 or json.loads(data).get("status") != "ok":
            problems.append(f"/healthz answered {status}")
        if detail_body is not None:
            status, _, data = server.post_json(detail_body)
            if status != 200 or (expect and expect.encode() not in data):
                problems.append(f"a valid callback answered {status}")
    except (OSError, ValueError, http.client.HTTPException) as exc:
        problems.append(f"health check failed: {exc!r}")
    return problems


def workers_of(master: int | None) -> set[int] | None:
    if master is None:
        return None
    path = Path(f"/proc/{master}/task/{master}/children")
    try:
        return {int(pid) for pid in path.read_text().split()}
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--seed", type=int, default=20231119)
    parser.add_argument("--master-pid", type=int, help="gunicorn master pid (worker check)")
    args = parser.parse_args(argv)
    server = Server(args.url)
    rng = random.Random(args.seed)
    callbacks = server_callbacks(server)
    status, _, layout = server.request("GET", "/_dash-layout")
    span = 1310
    if status == 200:
        found = json.loads(layout)
        stack = [found]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if node.get("props", {}).get("id") == "timeline":
                    span = int(node["props"].get("max", span))
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    values = {
        "selection.data": "site:dadivank",
        "since.data": None,
        "timeline-mode.value": "range",
        "timeline.value": [0, span],
        "settled-range.data": [0, span],
        "precision-filter.value": ["approximate", "region", "coarse"],
    }
    # the detail panel is one output of the panels callback (situation, list, detail...)
    detail = next((c for c in callbacks if "detail-head.children" in c["output"]), None)
    detail_body = valid_body(detail, values) if detail else None
    expect = "Dadivank" if detail else None

    before = workers_of(args.master_pid)
    problems = check_alive(server, detail_body, expect)
    if problems:
        print("the server is not healthy before fuzzing:", *problems, sep="\n  ")
        return 1
    tally: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures: list[str] = []
    started = time.monotonic()
    sent = 0
    for category, send in cases(server, callbacks, values, rng):
        if sent >= args.count or time.monotonic() - started > args.max_seconds:
            break
        sent += 1
        try:
            status, data = send()
        except (OSError, http.client.HTTPException) as exc:
            status, data = None, b""
            if not category.startswith("http:"):
                failures.append(f"#{sent} {category}: no answer ({exc.__class__.__name__})")
        tally[category][status if status is not None else "closed"] += 1
        if status is not None and status >= 500:
            failures.append(f"#{sent} {category}: {status}")
        leaked = [leak.decode() for leak in LEAKS if leak in data]
        if leaked:
            failures.append(f"#{sent} {category}: response leaks {leaked}")
        if sent % 100 == 0:
            failures += [f"after #{sent}: {p}" for p in check_alive(server, detail_body, expect)]
    elapsed = time.monotonic() - started
    # Every worker must answer: ask often enough that each gets a turn.
    for _ in range(20):
        failures += [f"after the run: {p}" for p in check_alive(server, detail_body, expect)]
    after = workers_of(args.master_pid)

    print(f"{sent} malformed requests in {elapsed:.1f} s against {args.url}")
    width = max(len(c) for c in tally)
    for category in sorted(tally):
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(tally[category].items(), key=str))
        print(f"  {category:<{width}}  {counts}")
    if before is None:
        print("workers: not checked (pass --master-pid)")
    elif before == after:
        print(f"workers: the same {len(before)} processes before and after ({sorted(before)})")
    else:
        failures.append(f"workers changed: before {sorted(before)}, after {sorted(after or [])}")
    print(
        "after the run: the page, a real callback and /healthz answered correctly x20"
        if not any(f.startswith("after the run") for f in failures)
        else ""
    )
    if failures:
        print(f"FAILED ({len(failures)}):", *failures[:50], sep="\n  ")
        return 1
    print("OK: no 5xx, no leaked traceback or path, every worker alive and serving")
    return 0


if __name__ == "__main__":
    sys.exit(main())
