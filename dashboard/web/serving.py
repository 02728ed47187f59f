"""Production serving: the health endpoint, one log line per request, and gunicorn.

The app is stateless: the data is loaded and validated once at start and only
read afterwards, callbacks are pure functions of their inputs, and nothing is
kept between requests. Any number of workers (or hosts) can serve it behind a
load balancer, with no sticky sessions and nothing shared.
"""

from __future__ import annotations

import ctypes
import gc
import json
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from dash import Dash
from flask import Response
from werkzeug.test import EnvironBuilder

from dashboard import __version__
from dashboard.config import Settings
from dashboard.data.loading import Dataset
from dashboard.web.encoding import PREFERENCE, choose, compress
from dashboard.web.languages import environ_language

VARY = "Accept-Encoding, Cookie, Accept-Language"  # the layout: coding and page language

HEALTH_PATH = "/healthz"
"""Dash 4 can serve ``/health`` (``health_endpoint``, off by default); this one also
names the data version, so a deploy can check which data each worker serves."""

access_log = logging.getLogger("karabakh_map.access")


def configure_logging(level: int = logging.INFO) -> None:
    """Send the app's log lines (access log, errors) to stderr, once."""
    logger = logging.getLogger("karabakh_map")
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s")
    )
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


class _CountingBody:
    """The response iterable, counting bytes; logs the request when the server closes it."""

    def __init__(self, body: Iterable[bytes], done: Callable[[int], None]):
        self._body = body
        self._done = done
        self._sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._body:
            self._sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            self._done(self._sent)


class AccessLogMiddleware:
    """WSGI middleware: ``method=GET path=/ status=200 duration_ms=3.1 bytes=4446``.

    Measured around the whole response, body included, after compression; the
    client's address and the query string are not logged.
    """

    def __init__(self, wsgi_app: Callable, logger: logging.Logger = access_log):
        self.wsgi_app = wsgi_app
        self.logger = logger

    def __call__(self, environ: dict[str, Any], start_response: Callable):
        started = time.perf_counter()
        status = ["-"]

        def _start_response(status_line: str, headers, exc_info=None):
            status[0] = status_line.split(" ", 1)[0]
            return start_response(status_line, headers, exc_info)

        def _done(sent: int) -> None:
            self.logger.info(
                "method=%s path=%s status=%s duration_ms=%.1f bytes=%d",
                environ.get("REQUEST_METHOD", "-"),
                environ.get("PATH_INFO", "") or "/",
                status[0],
                (time.perf_counter() - started) * 1000,
                sent,
            )

        try:
            body = self.wsgi_app(environ, _start_response)
        except Exception:
            status[0] = "500"
            _done(0)
            raise
        return _CountingBody(body, _done)


class StaticResponseCache:
    """WSGI middleware: serve responses that never change from memory, compressed once.

    Dash's JavaScript bundles (``/_dash-component-suites/``), the page's layout
    (``/_dash-layout``, 2 MB of JSON at 100,000 events) and its callback list never
    change while the process runs, yet Dash rebuilds the layout's JSON and
    Flask-Compress compresses each of them again on every request. The first
    request of each (path, coding) asks Dash for the raw bytes, compresses them as
    small as the client accepts (brotli at quality 9, about 10 % smaller than the
    zstd level 3 Flask-Compress uses, else gzip) and keeps the response, headers
    and all. Conditional requests (``If-None-Match``) still reach Dash, which
    answers 304. The cache holds at most ``max_bytes`` per worker.

    Why not Flask-Compress's own cache (``COMPRESS_CACHE_BACKEND``): it keeps only the
    compressed bytes, so Dash would still build the layout's JSON on every request, and
    its one set of levels would also apply to every callback response.
    """

    def __init__(self, wsgi_app: Callable, prefix: str = "/", max_bytes: int = 64 * 2**20):
        self.wsgi_app = wsgi_app
        self.suites = prefix + "_dash-component-suites/"
        self.layout = prefix + "_dash-layout"
        self.exact = {self.layout, prefix + "_dash-dependencies"}
        self.max_bytes = max_bytes
        self.size = 0
        self.cache: dict[tuple[str, str, str | None, str | None], tuple[str, list, bytes]] = {}

    def language(self, environ: dict[str, Any]) -> str | None:
        """The layout is the page in the request's language (web/languages.py); the
        other cached responses are the same in every language."""
        return environ_language(environ) if environ.get("PATH_INFO") == self.layout else None

    def cacheable(self, environ: dict[str, Any]) -> bool:
        path = environ.get("PATH_INFO", "")
        return (
            environ.get("REQUEST_METHOD") == "GET"
            and (path.startswith(self.suites) or path in self.exact)
            and "HTTP_IF_NONE_MATCH" not in environ
            and "HTTP_IF_MODIFIED_SINCE" not in environ
        )

    def __call__(self, environ: dict[str, Any], start_response: Callable):
        if not self.cacheable(environ):
            return self.wsgi_app(environ, start_response)
        coding = choose(environ.get("HTTP_ACCEPT_ENCODING"))
        key = (
            environ["PATH_INFO"],
            environ.get("QUERY_STRING", ""),
            coding,
            self.language(environ),
        )
        hit = self.cache.get(key)
        if hit is None:
            hit = self._fetch(environ, coding)
            if hit[0].startswith("200") and self.size + len(hit[2]) <= self.max_bytes:
                self.cache[key] = hit
                self.size += len(hit[2])
        status, headers, body = hit
        start_response(status, list(headers))
        return [body]

    def prime(self, paths: Iterable[str], codings: Iterable[str | None] = PREFERENCE) -> None:
        """Build the responses of ``paths`` now, before any request: at start the JSON
        encoding's garbage (~14 MB for the layout at 100,000 events) is freed before
        the heap is trimmed, instead of staying resident after the first page load.
        Dash builds each body once; each coding compresses that one."""
        for path in paths:
            environ = EnvironBuilder(path=path, method="GET").get_environ()
            missing = [
                coding
                for coding in codings
                if (path, "", coding, self.language(environ)) not in self.cache
            ]
            if not missing:
                continue
            raw = self._raw(environ)
            # brotli and zlib release the GIL: the codings compress on two cores at once
            # (1.35 s instead of 2.3 s for the 11.7 MB layout of a million events)
            with ThreadPoolExecutor(len(missing)) as pool:
                hits = list(pool.map(partial(self._encoded, environ, raw), missing))
            for coding, hit in zip(missing, hits, strict=True):
                if hit[0].startswith("200"):
                    self.cache[(path, "", coding, self.language(environ))] = hit
                    self.size += len(hit[2])

    def _fetch(self, environ: dict[str, Any], coding: str | None) -> tuple[str, list, bytes]:
        """Dash's uncompressed response, then compressed here with ``coding``."""
        return self._encoded(environ, self._raw(environ), coding)

    def _raw(self, environ: dict[str, Any]) -> tuple[str, list, bytes]:
        """Dash's uncompressed response: (status, headers, body)."""
        seen: dict[str, Any] = {}

        def _start_response(status_line: str, headers, exc_info=None):
            seen["status"], seen["headers"] = status_line, list(headers)
            return lambda data: None

        result = self.wsgi_app({**environ, "HTTP_ACCEPT_ENCODING": "identity"}, _start_response)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return seen.get("status", "500 INTERNAL SERVER ERROR"), seen.get("headers", []), body

    def _encoded(
        self, environ: dict[str, Any], raw: tuple[str, list, bytes], coding: str | None
    ) -> tuple[str, list, bytes]:
        """The response ``_raw`` gave, its body compressed with ``coding``."""
        status, headers, body = raw
        already = any(name.lower() == "content-encoding" for name, _ in headers)
        if coding is None or already or not status.startswith("200"):
            return status, headers, body
        body = compress(body, coding)
        replaced = {"content-length", "content-encoding", "vary"}
        headers = [(n, v) for n, v in headers if n.lower() not in replaced]
        headers += [
            ("Content-Encoding", coding),
            ("Content-Length", str(len(body))),
            ("Vary", "Accept-Encoding" if environ.get("PATH_INFO") != self.layout else VARY),
        ]
        return status, headers, body


def release_free_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's ``malloc_trim``), once the
    start-up's temporaries are gone: glibc only returns the top of the heap by itself, so
    what loading and priming freed below live objects stayed resident (~55 MB at a million
    events). Nothing happens where there is no such function (musl, macOS)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    gc.collect()
    trim(0)


def health(dataset: Dataset) -> dict[str, Any]:
    return {
        "status": "ok",
        "version": __version__,
        "dataset_version": dataset.version,
        "events": len(dataset.events),
        "sites": len(dataset.sites),
    }


def install_serving(app: Dash, settings: Settings, dataset: Dataset) -> None:
    """Add ``/healthz``, the static-response cache and (unless off) the access log."""
    server = app.server
    body = json.dumps(health(dataset))

    def healthz() -> Response:
        response = Response(body, mimetype="application/json")
        response.headers["Cache-Control"] = "no-store"
        return response

    server.add_url_rule(HEALTH_PATH, "karabakh_map_health", healthz, methods=["GET"])
    if not settings.debug:  # in debug mode, Dash may hot-reload the bundles
        prefix = app.config.requests_pathname_prefix
        cache = StaticResponseCache(server.wsgi_app, prefix)
        cache.prime([prefix + "_dash-layout", prefix + "_dash-dependencies"])
        server.wsgi_app = cache
    if settings.access_log:
        configure_logging()
        server.wsgi_app = AccessLogMiddleware(server.wsgi_app)


# -- gunicorn ------------------------------------------------------------------------


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """gunicorn settings for ``karabakh-map serve --workers N``."""
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return {
        "bind": f"{host}:{settings.port}",
        "workers": settings.workers,
        "worker_class": "gthread" if settings.threads > 1 else "sync",
        "threads": settings.threads,
        "timeout": settings.timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        # Load and validate the data once, in the master, before forking: a bad data
        # folder stops the start, and workers share the loaded pages copy-on-write.
        "preload_app": True,
        # Restart each worker after this many requests (with jitter), a guard
        # against slow leaks; workers are stateless, so nothing is lost.
        "max_requests": 20000,
        "max_requests_jitter": 2000,
        "accesslog": None,  # the app logs each request itself (see AccessLogMiddleware)
        "errorlog": "-",
        "proc_name": "karabakh-map",
    }


def run_development(wsgi_app: Callable, settings: Settings) -> None:
    """Serve ``wsgi_app`` with Werkzeug's threaded server (``--workers 0``; blocks)."""
    from werkzeug.serving import run_simple

    run_simple(settings.host, settings.port, wsgi_app, threaded=True)


def run_gunicorn(wsgi_app: Callable, settings: Settings) -> None:
    """Serve ``wsgi_app`` with gunicorn (blocks until stopped).

    ``GUNICORN_CMD_ARGS`` is honoured after the flags above, so any other gunicorn
    setting (``--forwarded-allow-ips``, ``--certfile``...) can still be given.
    """
    from gunicorn.app.base import BaseApplication

    options = gunicorn_options(settings)

    class _Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)
            env_args = self.cfg.parser().parse_args(self.cfg.get_cmd_args_from_env())
            for key, value in vars(env_args).items():
                if value is not None and key != "args":
                    self.cfg.set(key.lower(), value)

        def load(self) -> Callable:
            return wsgi_app

    _Application(prog="karabakh-map serve").run()
