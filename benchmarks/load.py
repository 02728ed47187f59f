"""Load test: a realistic visit, replayed by many users (locust, headless).

One visit = open the page and every asset a browser fetches (scripts, styles,
layout, dependencies, the lazily loaded component chunks), run the
initial callbacks, scrub the timeline 20 steps (each step posts every server
callback the slider's value feeds, and the one the re-rendered event list
re-triggers), click 3 sites (selection -> highlight, detail, list), export the
view as CSV once.

The callback requests are not recorded by hand: like Dash's renderer, the
session reads ``/_dash-layout`` and ``/_dash-dependencies`` and fires each
server callback whose inputs changed, in dependency order, with the values the
page holds (outputs are applied as they come back); the clientside callbacks
that feed server ones are emulated (:data:`CLIENTSIDE`). The chains this
produces were checked against a real Chromium session (performance log): the
same callbacks for the page load, a slider step and a site click.

Run against a server on this machine only::

    karabakh-map serve --workers 2 --port 8050 &
    locust -f benchmarks/load.py --headless -u 50 -r 10 -t 60s \\
        --host http://127.0.0.1:8050 --csv benchmarks/out/load --only-summary

    python benchmarks/load.py http://127.0.0.1:8050   # one visit, printing each request

``KARABAKH_LOAD_THINK="0.5 1.5"`` sets the pause between interactions (seconds,
uniform); ``0 0`` removes it, to find the server's ceiling.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urlencode, urlsplit

CALLBACK = "/_dash-update-component"
BROWSER_HEADERS = {
    # What browsers send, minus zstd, which the client library cannot decode here.
    "Accept-Encoding": "gzip, deflate, br",
    "User-Agent": "karabakh-map-load-test",
}
# Chunks the page loads on demand, as a Chromium capture lists them (plotly.js itself is
# the geo-only bundle, an external script found in the page).
LAZY_ASSETS = (
    "/_dash-component-suites/dash/dcc/async-graph.js",
    "/_dash-component-suites/dash/dcc/async-slider.js",
    "/_dash-component-suites/dash/dcc/async-dropdown.js",
)
SITES = ("dadivank", "stepanakert", "shusha", "lachin", "hakari_bridge", "chankatagh", "khojaly")
SLIDER_STEPS = 20
SITE_CLICKS = 3
# Clientside callbacks that lead to server requests, emulated by function name (the
# others only redraw the page). "settle" passes the slider's value on once it rests
# for 200 ms, which it does here: the pause between steps is longer.
CLIENTSIDE = {"settle": lambda value: value}


def _key(component_id) -> str:
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return component_id


def _split_output(output: str) -> list[tuple[str, str]]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    pairs = []
    for part in parts:
        cid, prop = part.rsplit(".", 1)
        pairs.append((cid, prop))  # prop may carry @hash (allow_duplicate)
    return pairs


class DashSession:
    """The server side of one browser tab, as Dash's renderer drives it.

    ``get`` and ``post`` are ``(path, name, **kwargs) -> (status, body bytes)``.
    """

    def __init__(self, get: Callable, post: Callable):
        self.get = get
        self.post = post
        self.props: dict[tuple[str, str], object] = {}
        self.children: dict[str, set[str]] = {}  # component key -> keys of components inside
        self.components: dict[str, object] = {}  # key -> id (dict for pattern ids)
        self.callbacks: list[dict] = []
        self.clientside: list[dict] = []

    # -- page load -------------------------------------------------------------------

    def open_page(self) -> None:
        status, html = self.get("/", "GET /")
        assert status == 200, status
        text = html.decode("utf-8", "replace")
        for url in re.findall(r'(?:src|href)="(/[^"]+)"', text):
            self.get(url, "GET " + _asset_name(url))
        _, layout = self.get("/_dash-layout", "GET /_dash-layout")
        _, deps = self.get("/_dash-dependencies", "GET /_dash-dependencies")
        for url in LAZY_ASSETS:
            self.get(url, "GET " + _asset_name(url))
        self._register(json.loads(layout), parent=None)
        deps = json.loads(deps)
        self.callbacks = [d for d in deps if not d.get("clientside_function")]
        self.clientside = [
            d
            for d in deps
            if (d.get("clientside_function") or {}).get("function_name") in CLIENTSIDE
        ]
        self.run([d for d in self.callbacks if not d.get("prevent_initial_call")])

    def _register(self, node, parent: str | None) -> None:
        """Record every component's props (and which component holds which)."""
        if isinstance(node, list):
            for child in node:
                self._register(child, parent)
            return
        if not isinstance(node, dict) or "props" not in node:
            return
        props = node["props"]
        key = parent
        if "id" in props:
            key = _key(props["id"])
            self.components[key] = props["id"]
            if parent is not None:
                self.children.setdefault(parent, set()).add(key)
            for name, value in props.items():
                if name != "children":
                    self.props[(key, name)] = value
        for value in props.values():
            if isinstance(value, dict | list):
                self._register(value, key)

    def _forget_inside(self, key: str) -> None:
        for inner in self.children.pop(key, set()):
            self._forget_inside(inner)
            self.components.pop(inner, None)
            for prop in [p for p in self.props if p[0] == inner]:
                del self.props[prop]

    # -- callbacks -------------------------------------------------------------------

    def _pattern_items(self, pattern: dict) -> list:
        fixed = {k: v for k, v in pattern.items() if not isinstance(v, list)}
        return [
            cid
            for cid in self.components.values()
            if isinstance(cid, dict)
            and set(cid) == set(pattern)
            and all(cid[k] == v for k, v in fixed.items())
        ]

    def _entry(self, dep: dict):
        cid, prop = dep["id"], dep["property"]
        if cid.startswith("{"):
            return [
                {"id": item, "property": prop, "value": self.props.get((_key(item), prop))}
                for item in self._pattern_items(json.loads(cid))
            ]
        entry = {"id": cid, "property": prop}
        if (cid, prop) in self.props:
            entry["value"] = self.props[(cid, prop)]
        return entry

    def _body(self, callback: dict, changed: list[str]) -> dict:
        outputs = [{"id": cid, "property": prop} for cid, prop in _split_output(callback["output"])]
        return {
            "output": callback["output"],
            "outputs": outputs if callback["output"].startswith("..") else outputs[0],
            "inputs": [self._entry(d) for d in callback["inputs"]],
            "state": [self._entry(d) for d in callback["state"]],
            "changedPropIds": changed,
        }

    @staticmethod
    def _inputs(callback: dict) -> set[str]:
        return {f"{d['id']}.{d['property']}" for d in callback["inputs"]}

    def _triggered_by(self, changed: set[str], patterns_changed: bool) -> list[dict]:
        hit = []
        for callback in self.callbacks:
            inputs = self._inputs(callback)
            has_pattern = any(d["id"].startswith("{") for d in callback["inputs"])
            if inputs & changed or (patterns_changed and has_pattern):
                hit.append(callback)
        return hit

    def run(self, pending: list[dict], changed: set[str] | None = None) -> int:
        """Fire ``pending`` and whatever their outputs trigger; returns the POST count."""
        pending = list(pending)
        changed = set(changed or ())
        posts = 0
        while pending:
            produced = {
                f"{cid}.{prop.split('@')[0]}"
                for cb in pending
                for cid, prop in _split_output(cb["output"])
            }
            ready = [cb for cb in pending if not (self._inputs(cb) & produced)] or pending[:1]
            for callback in ready:
                pending.remove(callback)
                trigger = sorted(self._inputs(callback) & changed)
                if any(d["id"].startswith("{") for d in callback["inputs"]) and not trigger:
                    trigger = [
                        f"{_key(item)}.{d['property']}"
                        for d in callback["inputs"]
                        if d["id"].startswith("{")
                        for item in self._pattern_items(json.loads(d["id"]))
                    ]
                body = self._body(callback, trigger)
                name = "POST " + callback["output"].split("@")[0][:60]
                status, raw = self.post(CALLBACK, name, json=body)
                posts += 1
                if status != 200:
                    continue  # 204: nothing to update
                new, patterns_changed = self._apply(json.loads(raw).get("response", {}))
                new |= self._run_clientside(new)
                changed |= new
                for follow in self._triggered_by(new, patterns_changed):
                    if follow not in pending:
                        pending.append(follow)
        return posts

    def _apply(self, response: dict) -> tuple[set[str], bool]:
        changed, patterns_changed = set(), False
        for cid, props in response.items():
            for prop, value in props.items():
                self.props[(cid, prop)] = value
                changed.add(f"{cid}.{prop}")
                if prop == "children":
                    self._forget_inside(cid)
                    self._register(value, cid)
                    # New components with pattern ids re-trigger the callbacks that read
                    # them (as the renderer does when the event list is re-rendered).
                    inside = self.children.get(cid, set())
                    patterns_changed |= any(isinstance(self.components[k], dict) for k in inside)
        return changed, patterns_changed

    # -- what a reader does ----------------------------------------------------------

    def _run_clientside(self, changed: set[str]) -> set[str]:
        """Apply the emulated clientside callbacks fed by ``changed``; what they change."""
        produced: set[str] = set()
        for callback in self.clientside:
            if not self._inputs(callback) & changed:
                continue
            function = CLIENTSIDE[callback["clientside_function"]["function_name"]]
            args = [self.props.get((d["id"], d["property"])) for d in callback["inputs"]]
            (cid, prop), *_ = _split_output(callback["output"])
            self.props[(cid, prop.split("@")[0])] = function(*args)
            produced.add(f"{cid}.{prop.split('@')[0]}")
        return produced

    def set_and_fire(self, cid: str, prop: str, value) -> int:
        self.props[(cid, prop)] = value
        changed = {f"{cid}.{prop}"}
        changed |= self._run_clientside(changed)
        return self.run(self._triggered_by(changed, False), changed)

    def span_days(self) -> int:
        value = self.props.get(("timeline", "max"))
        return int(value) if isinstance(value, int | float) else 1310

    def scrub(self, think: Callable[[], None]) -> None:
        """20 committed slider steps: a start handle moving forward week by week."""
        low, high = self.props.get(("timeline", "value")) or [0, self.span_days()]
        for _ in range(SLIDER_STEPS):
            low = min(high - 1, low + random.randint(5, 30))
            self.set_and_fire("timeline", "value", [low, high])
            think()

    def click_sites(self, think: Callable[[], None]) -> None:
        for site in random.sample(SITES, SITE_CLICKS):
            self.set_and_fire("selection", "data", f"site:{site}")
            think()

    def export(self) -> None:
        """The CSV link of the current view (the page builds it in the browser)."""
        low, high = self.props.get(("timeline", "value")) or [0, self.span_days()]
        client = self.props.get(("client-data", "data")) or {}
        origin = date.fromisoformat(client.get("origin", "2020-11-10"))
        day = lambda n: (origin + timedelta(days=n)).isoformat()  # noqa: E731
        query = {"from": day(low), "to": day(high)}
        selection = self.props.get(("selection", "data"))
        if isinstance(selection, str) and selection.startswith("site:"):
            query["site"] = selection.split(":", 1)[1]
        self.get("/export/events.csv?" + urlencode(query), "GET /export/events.csv")


def _asset_name(url: str) -> str:
    path = urlsplit(url).path
    return re.sub(r"\.v[0-9_]+m[0-9]+", "", path)  # one stats row per asset, not per build


def think_time() -> Callable[[], None]:
    low, high = (float(x) for x in os.environ.get("KARABAKH_LOAD_THINK", "0.5 1.5").split())

    def pause() -> None:
        if high > 0:
            time.sleep(random.uniform(low, high))

    return pause


def visit(session: DashSession, think: Callable[[], None]) -> None:
    session.open_page()
    think()
    session.scrub(think)
    session.click_sites(think)
    session.export()


# -- locust --------------------------------------------------------------------------

try:
    from locust import HttpUser, task
except ImportError:  # plain ``python benchmarks/load.py URL`` needs only requests
    HttpUser = None

if HttpUser is not None:

    class Reader(HttpUser):
        """One reader: a full visit, again and again, with a pause between actions."""

        wait_time = staticmethod(lambda: 0)  # pauses happen inside the visit

        def on_start(self) -> None:
            self.client.headers.update(BROWSER_HEADERS)
            self.pause = think_time()

        def _get(self, path: str, name: str, **kwargs):
            with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")
                return response.status_code, response.content

        def _post(self, path: str, name: str, **kwargs):
            with self.client.post(path, name=name, catch_response=True, **kwargs) as response:
                if response.status_code not in (200, 204):
                    response.failure(f"status {response.status_code}: {response.text[:80]}")
                return response.status_code, response.content

        @task
        def visit(self) -> None:
            visit(DashSession(self._get, self._post), self.pause)


def main(argv: list[str]) -> int:
    """One visit against ``URL`` (127.0.0.1 only), printing each request."""
    import requests

    base = argv[1] if len(argv) > 1 else "http://127.0.0.1:8050"
    if urlsplit(base).hostname not in ("127.0.0.1", "localhost", "::1"):
        print("refusing: this test only runs against a server on this machine", file=sys.stderr)
        return 2
    http = requests.Session()
    http.headers.update(BROWSER_HEADERS)
    counts = {"GET": 0, "POST": 0}

    def call(method):
        def do(path, name, **kwargs):
            started = time.perf_counter()
            response = http.request(method, base + path, **kwargs)
            counts[method] += 1
            ms = (time.perf_counter() - started) * 1000
            print(f"{response.status_code} {ms:7.1f} ms {len(response.content):>9} B  {name}")
            return response.status_code, response.content

        return do

    visit(DashSession(call("GET"), call("POST")), lambda: None)
    print(f"{counts['GET']} GETs, {counts['POST']} POSTs in one visit")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
