"""Security headers, request limits, clean errors, health, access log and the serve command."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from dash import ALL, Dash, Input, Output, html

import dashboard.web.callbacks
from dashboard.cli import main
from dashboard.config import Settings, SettingsError
from dashboard.web import serving
from dashboard.web.app import create_app
from dashboard.web.encoding import choose
from dashboard.web.security import check_callback_body, content_security_policy, parse_json
from dashboard.web.serving import AccessLogMiddleware, StaticResponseCache, gunicorn_options

CALLBACK = "/_dash-update-component"
PROJECT = Path(__file__).resolve().parents[2]
LEAKS = ("Traceback", 'File "', ".py", "/work", "site-packages", "Werkzeug Debugger")


@pytest.fixture(scope="module")
def app(dataset):
    return create_app(Settings(access_log=False), dataset=dataset)


@pytest.fixture
def client(app):
    return app.server.test_client()


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


# The server callback that renders the text panels (callbacks.register_callbacks).
PANEL_OUTPUTS = [
    ("situation", "children"),
    ("event-list-rows", "data"),
    ("event-list-summary", "children"),
    ("detail-head", "children"),
    ("detail-cards", "data"),
    ("highlight", "data"),
]
PANELS = "...".join(f"{i}.{p}" for i, p in PANEL_OUTPUTS).join(["..", ".."])
PANEL_OUTPUT_LIST = [{"id": i, "property": p} for i, p in PANEL_OUTPUTS]


def detail_body(dataset, selection="site:dadivank", value=None) -> dict:
    """A panels request as the browser sends it when a site is selected."""
    value = value if value is not None else [0, (dataset.span[1] - dataset.span[0]).days]
    return {
        "output": PANELS,
        "outputs": PANEL_OUTPUT_LIST,
        "inputs": [
            {"id": "settled-range", "property": "data", "value": value},
            {"id": "precision-filter", "property": "value", "value": None},
            {"id": "filter-state", "property": "data", "value": None},
            {"id": "selection", "property": "data", "value": selection},
            {"id": "since", "property": "data", "value": None},
            {"id": "timeline-mode", "property": "value", "value": "range"},
        ],
        "state": [
            {"id": "data-version", "property": "data", "value": dataset.version},
            {"id": "page-language", "property": "data", "value": "en"},
        ],
        "changedPropIds": ["selection.data"],
    }


def panel_bytes(rest: str) -> bytes:
    """A panels request body with the given ``, "key": value`` members after the outputs."""
    return (f'{{"output": "{PANELS}", "outputs": {json.dumps(PANEL_OUTPUT_LIST)}{rest}}}').encode()


def assert_clean_error(response, status: int) -> None:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    text = response.get_data(as_text=True)
    assert len(text) < 200
    for leak in LEAKS:
        assert leak not in text, f"{leak!r} leaked in {text!r}"
    assert json.loads(text)["status"] == status


# -- headers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/some/deep/link?start=2021-01-01", "/healthz", "/_dash-layout", "/_dash-dependencies"],
)
def test_security_headers_on_every_get(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    directives = csp(response)
    assert directives["frame-ancestors"] == ["'none'"]


def test_security_headers_on_assets_posts_and_errors(client, dataset):
    asset = client.get("/assets/client/10-core.js")
    assert asset.status_code == 200
    ok = client.post(CALLBACK, json=detail_body(dataset))
    bad = client.post(CALLBACK, data=b"{", content_type="application/json")
    for response in (asset, ok, bad):
        assert "Content-Security-Policy" in response.headers
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_csp_allows_only_own_origin_and_hashed_inline_scripts(client):
    response = client.get("/")
    directives = csp(response)
    assert directives["default-src"] == ["'self'"]
    for name in ("connect-src", "img-src", "font-src"):
        assert directives[name] == ["'self'"], name
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    scripts = directives["script-src"]
    assert scripts[0] == "'self'"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert all(s.startswith("'sha256-") for s in scripts[1:])
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]  # plotly.js needs it
    # Every inline script Dash renders (the JSON config is data, not script) is hashed.
    html = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S)
    executable = [body for attrs, body in inline if "application/json" not in attrs]
    assert executable, "expected Dash's inline renderer script"
    for body in executable:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in scripts


def test_every_response_has_the_security_headers(client):
    for path in ("/", "/healthz", "/_dash-layout"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert headers["Permissions-Policy"] == (
            "camera=(), microphone=(), geolocation=(), payment=()"
        )
        assert headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in headers  # plain http: not ours to promise
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_embed_mode_allows_only_configured_ancestors(dataset):
    settings = Settings(access_log=False, frame_ancestors=("https://news.example.org",))
    client = create_app(settings, dataset=dataset).server.test_client()
    embedded = client.get("/?embed=1")
    assert csp(embedded)["frame-ancestors"] == ["https://news.example.org"]
    assert "X-Frame-Options" not in embedded.headers
    normal = client.get("/")
    assert csp(normal)["frame-ancestors"] == ["'none'"]
    assert normal.headers["X-Frame-Options"] == "DENY"


def test_embed_without_setting_still_refuses_frames(client):
    response = client.get("/?embed=1")
    assert csp(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_tile_hosts_hook(dataset):
    settings = Settings(access_log=False, tile_hosts=("https://tiles.example.org",))
    response = create_app(settings, dataset=dataset).server.test_client().get("/")
    directives = csp(response)
    assert directives["img-src"] == ["'self'", "https://tiles.example.org"]
    assert directives["connect-src"] == ["'self'", "https://tiles.example.org"]
    assert directives["script-src"][0] == "'self'"
    assert "https://tiles.example.org" not in directives["script-src"]


@pytest.mark.parametrize(
    "origin",
    ["https://a.org; script-src *", "*", "javascript:alert(1)", "'unsafe-inline'", "a.org"],
)
def test_origins_that_could_widen_the_policy_are_refused(dataset, origin):
    with pytest.raises(SettingsError):
        create_app(Settings(frame_ancestors=(origin,)), dataset=dataset)
    with pytest.raises(SettingsError):
        create_app(Settings(tile_hosts=(origin,)), dataset=dataset)


def test_content_security_policy_text():
    policy = content_security_policy(["'sha256-abc='"])
    assert "script-src 'self' 'sha256-abc='" in policy
    assert "frame-ancestors 'none'" in policy


# -- limits and malformed callback requests ------------------------------------------


def test_debug_is_off_by_default(app):
    assert Settings().debug is False
    assert app.server.debug is False
    assert Settings.from_env({}).debug is False


def test_the_bodies_here_name_the_real_panels_callback(app):
    """The malformed bodies above are refused for what is wrong in them, not their output."""
    assert PANELS in app.callback_map


def test_valid_callback_answers(client, dataset):
    response = client.post(CALLBACK, json=detail_body(dataset))
    assert response.status_code == 200
    assert "Dadivank" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"not json at all",
        b"[]",
        b"null",
        b'"text"',
        b"{}",
        b'{"output": 1}',
        b'{"output": "nope.children"}',
        b'{"output": "detail.children"}',
        b'{"output": "detail.children", "outputs": {}, "inputs": []}',
        panel_bytes(', "inputs": "x"'),
        panel_bytes(', "inputs": [1, 2, 3, 4]'),
        panel_bytes(
            ', "inputs": [{"id": "settled-range", "property": "data", "value": NaN}, {}, {}, {}]'
        ),
        panel_bytes(
            ', "inputs": [{"id": "settled-range", "property": "data", "value": Infinity},'
            " {}, {}, {}]"
        ),
        b"\xff\xfe\x00garbage",
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_malformed_callback_bodies_get_a_short_400(client, body):
    response = client.post(CALLBACK, data=body, content_type="application/json")
    assert_clean_error(response, 400)


def test_clientside_callback_cannot_be_called_on_the_server(client, app):
    clientside = next(key for key, spec in app.callback_map.items() if "callback" not in spec)
    response = client.post(CALLBACK, json={"output": clientside, "outputs": [], "inputs": []})
    assert_clean_error(response, 400)


def test_wrong_ids_or_extra_changed_props(client, dataset):
    body = detail_body(dataset)
    body["inputs"][0]["id"] = "somewhere-else"
    assert_clean_error(client.post(CALLBACK, json=body), 400)
    body = detail_body(dataset)
    body["changedPropIds"] = [{"x": 1}]
    assert_clean_error(client.post(CALLBACK, json=body), 400)


def test_oversized_body_is_413(client, dataset):
    body = detail_body(dataset, selection="site:" + "x" * 1_100_000)
    assert_clean_error(client.post(CALLBACK, json=body), 413)


def test_oversized_body_without_length_is_413(client):
    """A streamed body (no Content-Length) is cut at the limit too."""
    response = client.open(
        CALLBACK,
        method="POST",
        input_stream=io.BytesIO(b"[" + b"1," * 700_000 + b"1]"),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},  # as gunicorn sets for chunked
    )
    assert_clean_error(response, 413)


def test_non_json_content_type_is_415(client, dataset):
    response = client.post(
        CALLBACK, data=json.dumps(detail_body(dataset)), content_type="text/plain"
    )
    assert_clean_error(response, 415)


def test_get_on_the_callback_endpoint(client):
    response = client.get(CALLBACK)  # the catch-all page route answers GETs
    assert response.status_code in (200, 405)
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_crashing_callback_answers_500_without_traceback(client, dataset, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret detail /work/main/dashboard/x.py")

    monkeypatch.setattr(dashboard.web.callbacks, "render_detail", boom)
    response = client.post(CALLBACK, json=detail_body(dataset))
    assert_clean_error(response, 500)
    assert "secret" not in response.get_data(as_text=True)


def test_check_callback_body_accepts_what_the_browser_sends(app, dataset):
    """Outputs with ``allow_duplicate`` carry ``@<hash>``; pattern inputs are lists."""
    for key, spec in app.callback_map.items():
        if "callback" not in spec or "@" not in key:
            continue
        outputs = [
            {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
            for part in key[2:-2].split("...")
        ]
        inputs = [{"id": i["id"], "property": i["property"]} for i in spec["inputs"]]
        state = [{"id": i["id"], "property": i["property"]} for i in spec["state"]]
        assert (
            check_callback_body(
                {"output": key, "outputs": outputs, "inputs": inputs, "state": state},
                app.callback_map,
            )
            is None
        )
    # pattern-matching inputs arrive as lists (the app itself has none on the server now)
    small = Dash(__name__)
    small.layout = html.Div()
    small.callback(
        Output("out", "children"),
        Input({"type": "item", "index": ALL}, "n_clicks"),
        Input("clear", "n_clicks"),
    )(lambda clicks, clear: None)
    body = {
        "output": "out.children",
        "outputs": {"id": "out", "property": "children"},
        "inputs": [
            [{"id": {"index": "event:E001", "type": "item"}, "property": "n_clicks"}],
            {"id": "clear", "property": "n_clicks", "value": 1},
        ],
    }
    assert check_callback_body(body, small.callback_map) is None
    body["inputs"][0][0]["id"] = {"index": "event:E001", "type": "other"}
    assert check_callback_body(body, small.callback_map) is not None


def test_parse_json_is_strict():
    assert parse_json(b'{"a": [1, 2.5, "x", null, true]}') == {"a": [1, 2.5, "x", None, True]}
    for bad in (b"NaN", b"[Infinity]", b"[-Infinity]", b"{", b"\xff", b"[" * 50_000):
        with pytest.raises(ValueError):
            parse_json(bad)


# -- health and access log -----------------------------------------------------------


def test_healthz(client, dataset):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["dataset_version"] == dataset.version
    assert body["events"] == len(dataset.events)
    assert response.headers["Cache-Control"] == "no-store"


def test_access_log_one_line_per_request(dataset):
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    logger = logging.getLogger("test.access")
    logger.addHandler(Collect())
    logger.setLevel(logging.INFO)
    logger.propagate = False
    server = create_app(Settings(access_log=False), dataset=dataset).server
    server.wsgi_app = AccessLogMiddleware(server.wsgi_app, logger)
    client = server.test_client()
    client.get("/healthz").close()
    client.post(CALLBACK, data=b"{", content_type="application/json").close()
    lines = [r.getMessage() for r in records]
    assert len(lines) == 2
    first = dict(part.split("=", 1) for part in lines[0].split())
    assert first["method"] == "GET" and first["path"] == "/healthz" and first["status"] == "200"
    assert float(first["duration_ms"]) >= 0
    assert int(first["bytes"]) == len(client.get("/healthz").get_data())
    second = dict(part.split("=", 1) for part in lines[1].split())
    assert second["method"] == "POST" and second["status"] == "400"


def test_access_log_is_on_by_default(dataset):
    server = create_app(Settings(), dataset=dataset).server
    assert isinstance(server.wsgi_app, AccessLogMiddleware)


# -- settings and the serve command --------------------------------------------------


def test_settings_from_env():
    settings = Settings.from_env(
        {
            "KARABAKH_MAP_WORKERS": "4",
            "KARABAKH_MAP_THREADS": "2",
            "KARABAKH_MAP_PORT": "9000",
            "KARABAKH_MAP_FRAME_ANCESTORS": "https://a.org, https://b.org",
            "KARABAKH_MAP_TILE_HOSTS": "https://tiles.example.org",
            "KARABAKH_MAP_MAX_BODY": "65536",
            "KARABAKH_MAP_ACCESS_LOG": "0",
        }
    )
    assert settings.workers == 4 and settings.threads == 2 and settings.port == 9000
    assert settings.frame_ancestors == ("https://a.org", "https://b.org")
    assert settings.tile_hosts == ("https://tiles.example.org",)
    assert settings.max_body == 65536
    assert settings.access_log is False
    assert settings.debug is False
    with pytest.raises(SettingsError, match="KARABAKH_MAP_WORKERS"):
        Settings.from_env({"KARABAKH_MAP_WORKERS": "many"})


def test_gunicorn_options():
    options = gunicorn_options(Settings(host="0.0.0.0", port=8000, workers=4, threads=2))
    assert options["bind"] == "0.0.0.0:8000"
    assert options["workers"] == 4
    assert options["worker_class"] == "gthread"
    assert options["preload_app"] is True
    assert gunicorn_options(Settings(host="::1", workers=1))["bind"] == "[::1]:8050"


def test_serve_with_workers_runs_gunicorn(data_dir, capsys, monkeypatch):
    calls = []
    monkeypatch.setattr(serving, "run_gunicorn", lambda app, settings: calls.append(settings))
    monkeypatch.setattr(serving, "run_development", lambda *a: pytest.fail("dev server started"))
    assert main(["serve", "--data", str(data_dir), "--workers", "3", "--port", "8123"]) == 0
    (settings,) = calls
    assert settings.workers == 3 and settings.port == 8123 and settings.debug is False
    assert "3 workers" in capsys.readouterr().out


def test_serve_workers_from_environment(data_dir, monkeypatch):
    calls = []
    monkeypatch.setattr(serving, "run_gunicorn", lambda app, settings: calls.append(settings))
    monkeypatch.setenv("KARABAKH_MAP_WORKERS", "2")
    monkeypatch.setenv("KARABAKH_MAP_PORT", "8124")
    assert main(["serve", "--data", str(data_dir)]) == 0
    assert calls[0].workers == 2 and calls[0].port == 8124


def test_serve_refuses_debug_with_workers(capsys, monkeypatch):
    monkeypatch.setattr(serving, "run_gunicorn", lambda *a: pytest.fail("gunicorn was started"))
    assert main(["serve", "--workers", "2", "--debug"]) == 2
    assert "--debug" in capsys.readouterr().err


def test_bad_environment_is_a_clean_error(capsys, monkeypatch):
    monkeypatch.setenv("KARABAKH_MAP_PORT", "eighty")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "KARABAKH_MAP_PORT" in err and "Traceback" not in err


# -- the real thing: gunicorn in a subprocess ----------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, data: bytes | None = None, timeout: float = 5):
    headers = {"Content-Type": "application/json"} if data is not None else {}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KARABAKH_MAP_")}
    env["PYTHONPATH"] = str(PROJECT)
    env.update(extra)
    return env


def test_serve_with_two_gunicorn_workers(tmp_path):
    port = _free_port()
    log = (tmp_path / "server.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", "--workers", "2", "--port", str(port)],
        cwd=tmp_path,
        env=_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                status, _, body = _get(base + "/healthz", timeout=2)
                break
            except OSError:
                assert process.poll() is None, "the server exited"
                assert time.time() < deadline, "the server did not start"
                time.sleep(0.3)
        assert status == 200 and json.loads(body)["status"] == "ok"
        status, headers, body = _get(base + "/")
        assert status == 200
        assert "script-src 'self' 'sha256-" in headers["Content-Security-Policy"]
        status, headers, body = _get(base + CALLBACK, data=b'{"output": ')
        assert status == 400 and b"Traceback" not in body
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.seek(0)
        output = log.read()
        log.close()
    assert "Booting worker" in output
    assert "method=GET path=/healthz status=200" in output


def test_gunicorn_wsgi_entry_stops_on_bad_data(tmp_path):
    (tmp_path / "empty").mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{_free_port()}",
            "dashboard.wsgi:server",
        ],
        cwd=tmp_path,
        env=_env(KARABAKH_MAP_DATA=str(tmp_path / "empty")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "sites.geojson" in result.stderr
    assert "cannot be used" in result.stderr


def test_static_responses_are_compressed_once_per_encoding(dataset):
    server = create_app(Settings(access_log=False), dataset=dataset).server
    cache = server.wsgi_app
    assert isinstance(cache, StaticResponseCache)
    calls = []
    inner = cache.wsgi_app

    def counting(environ, start_response):
        calls.append((environ["PATH_INFO"], environ.get("HTTP_ACCEPT_ENCODING")))
        return inner(environ, start_response)

    cache.wsgi_app = counting
    client = server.test_client()
    url = "/_dash-component-suites/dash/dcc/async-graph.js"
    raw = client.get(url).get_data()  # accepts no coding: the plain bytes
    first = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    second = client.get(url, headers={"Accept-Encoding": "br;q=1.0, gzip;q=0.5"})
    assert first.status_code == second.status_code == 200
    assert first.headers["Content-Encoding"] == "br"
    assert brotli.decompress(first.get_data()) == raw
    assert int(first.headers["Content-Length"]) == len(first.get_data())
    assert second.get_data() == first.get_data()
    assert dict(second.headers) == dict(first.headers)
    assert "Content-Security-Policy" in second.headers
    gzipped = client.get(url, headers={"Accept-Encoding": "gzip, br;q=0"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.get_data()) == raw
    # Dash was asked once per coding, always for the raw bytes
    assert calls == [(url, "identity")] * 3
    client.get(url, headers={"If-None-Match": '"x"'})  # conditional: always to Dash
    assert len(calls) == 4
    # the layout and the callback list were built at start, compressed each way: a
    # browser's request never makes Dash encode them
    layout = client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    gzipped_layout = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    dependencies = client.get("/_dash-dependencies", headers={"Accept-Encoding": "br, gzip"})
    assert layout.headers["Content-Encoding"] == "br" and dependencies.status_code == 200
    assert [path for path, _ in calls].count("/_dash-layout") == 0
    assert "/_dash-dependencies" not in [path for path, _ in calls]
    plain_layout = client.get("/_dash-layout").get_data()  # no coding: built when asked
    assert brotli.decompress(layout.get_data()) == plain_layout
    assert gzip.decompress(gzipped_layout.get_data()) == plain_layout
    assert "Content-Security-Policy" in layout.headers
    assert [path for path, _ in calls].count("/_dash-layout") == 1
    # callbacks are never cached
    client.post(CALLBACK, json={})
    client.post(CALLBACK, json={})
    assert [path for path, _ in calls].count(CALLBACK) == 2


def test_priming_asks_dash_once_per_path_for_every_coding():
    """The layout's JSON is built once at start; brotli and gzip both compress that body."""
    calls = []

    def dash(environ, start_response):
        calls.append((environ["PATH_INFO"], environ["HTTP_ACCEPT_ENCODING"]))
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"layout": ' + b"[1, 2, 3], " * 5000 + b"0}"]

    cache = StaticResponseCache(dash)
    cache.prime(["/_dash-layout", "/_dash-dependencies"])
    assert calls == [("/_dash-layout", "identity"), ("/_dash-dependencies", "identity")]
    layout = [(key[2], hit[2]) for key, hit in cache.cache.items() if key[0] == "/_dash-layout"]
    bodies = dict(layout)
    assert brotli.decompress(bodies["br"]) == gzip.decompress(bodies["gzip"])
    cache.prime(["/_dash-layout"])  # already there: not asked again
    assert len(calls) == 2


def test_accept_encoding_is_parsed_with_its_weights():
    assert choose("gzip, deflate, br, zstd") == "br"
    assert choose("gzip;q=1, br;q=0") == "gzip"
    assert choose("BR") == "br"
    assert choose("identity") is None
    assert choose(None) is None
    assert choose("*") == "br"
    assert choose("gzip;q=abc, br") == "br"
    assert choose("gzip;q=0.5, br;q=0.4") == "gzip"  # the client's weights come first
    assert choose("deflate") is None


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/dash/../../../../etc/passwd",
        "/_dash-component-suites/dash/x.v1m2.js",
    ],
)
def test_unknown_bundles_are_a_plain_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "registered" not in text.lower() and "Traceback" not in text and len(text) < 50


def test_a_body_the_server_cannot_read_is_400(client):
    class Broken(io.RawIOBase):
        def readinto(self, buffer):
            raise ValueError("Invalid chunk size")  # as gunicorn raises for bad chunking

    response = client.post(
        CALLBACK,
        headers={"Content-Type": "application/json", "Content-Length": "10"},
        environ_overrides={"wsgi.input": Broken()},
    )
    assert_clean_error(response, 400)
