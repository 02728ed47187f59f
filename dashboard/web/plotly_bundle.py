"""Vendored scripts served instead of heavier ones Dash would load.

* plotly.js: the map and the density strip use three trace types (scattergeo,
  choropleth, scatter), all in the official partial bundle ``plotly.js-geo-dist-min``
  (npm, MIT), vendored in ``dashboard/web/static`` at the version plotly.py ships. It
  weighs 1.4 MB against 4.8 MB (0.38 MB with brotli, 0.46 MB gzipped) and is the
  page's first script (``dashboard/web/boot.py`` draws the map with it before Dash boots);
  ``dcc.Graph`` (the density strip) then finds ``window.Plotly`` and never asks for the
  full bundle.
* regenerator-runtime (npm, MIT) in place of Dash's ``@babel/polyfill`` (99 KB,
  ~0.3 s of main-thread time at each page load here): the polyfill's core-js part only
  back-fills what every browser Dash 4 supports has natively, and the one global Dash's
  bundles need from it is ``regeneratorRuntime`` (their lazy-loaded components).

Both are served under a content hash, pre-compressed, with an immutable cache header.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import brotli
from flask import Flask, Response, request

from dashboard.web.encoding import choose, compress

STATIC = Path(__file__).resolve().parent / "static"
BUNDLE = STATIC / "plotly-geo.min.js"
RUNTIME = STATIC / "regenerator-runtime.js"
RUNTIME_VERSION = "0.13.11"
# Dash's script tag for the babel polyfill (dash/_dash_renderer.py, served locally)
POLYFILL_TAG = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>')
# Brotli at quality 11 takes 3 s, so it is made once (python -m dashboard.web.plotly_bundle)
# and shipped next to the bundle; a stale copy is ignored and quality 9 is used instead.
BUNDLE_BR = BUNDLE.with_name(BUNDLE.name + ".br")
VERSION = "4.1.1"
FULL_BUNDLE_PATH = "_dash-component-suites/plotly/package_data/plotly.min.js"
# Served as the bundle's first line: V8 then compiles all of plotly.js on the script
# streaming thread while it downloads, instead of each function on the main thread at
# its first call, most of them during the first plot (Chromium 136+, "explicit compile
# hints", https://v8.dev/blog/explicit-compile-hints; to other engines, a comment).
# Here it moved the first map from ~1.55 s to ~1.2 s (benchmarks/README.md).
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"


def _served_bytes(path: Path) -> bytes:
    """A vendored script as served: the plotly.js bundle with the compile hint first."""
    raw = path.read_bytes()
    return COMPILE_HINT + raw if path == BUNDLE else raw


@cache
def _vendored(path: Path) -> tuple[bytes, dict[str, bytes], str]:
    """(served bytes, {coding: compressed bytes}, content hash) of a vendored script."""
    raw = _served_bytes(path)
    shipped_path = path.with_name(path.name + ".br")
    shipped = shipped_path.read_bytes() if shipped_path.exists() else b""
    try:
        fresh = brotli.decompress(shipped) == raw
    except brotli.error:
        fresh = False
    encoded = {
        "br": shipped if fresh else compress(raw, "br"),
        "gzip": compress(raw, "gzip"),
    }
    return raw, encoded, hashlib.sha256(raw).hexdigest()[:12]


def _bundle() -> tuple[bytes, dict[str, bytes], str]:
    return _vendored(BUNDLE)


def bundle_url(prefix: str = "/") -> str:
    return f"{prefix}static-bundles/{_bundle()[2]}/plotly-geo.min.js"


def runtime_url(prefix: str = "/") -> str:
    return f"{prefix}static-bundles/{_vendored(RUNTIME)[2]}/regenerator-runtime.js"


def without_polyfill(scripts_html: str, prefix: str = "/") -> str:
    """The page's script tags with the babel polyfill replaced by regenerator-runtime."""
    tag = f'<script src="{runtime_url(prefix)}"></script>'
    return POLYFILL_TAG.sub(lambda _: tag, scripts_html, count=1)


def _respond(path: Path = BUNDLE) -> Response:
    raw, encoded, _ = _vendored(path)
    coding = choose(request.headers.get("Accept-Encoding"))
    response = Response(encoded[coding] if coding else raw, mimetype="application/javascript")
    if coding:
        response.headers["Content-Encoding"] = coding
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Vary"] = "Accept-Encoding"
    return response


def install_plotly_bundle(server: Flask, prefix: str = "/") -> None:
    """Serve the geo bundle at :func:`bundle_url`, and in place of the full one."""
    server.add_url_rule(
        f"{prefix}static-bundles/<digest>/plotly-geo.min.js",
        "plotly_geo_bundle",
        lambda digest: _respond() if digest == _bundle()[2] else Response(status=404),
    )
    server.add_url_rule(f"{prefix}{FULL_BUNDLE_PATH}", "plotly_full_bundle", _respond)
    server.add_url_rule(
        f"{prefix}static-bundles/<digest>/regenerator-runtime.js",
        "regenerator_runtime",
        lambda digest: (
            _respond(RUNTIME) if digest == _vendored(RUNTIME)[2] else Response(status=404)
        ),
    )


def write_brotli() -> None:
    """Write the shipped brotli copy of the bundle (after updating the bundle)."""
    from dashboard.data.atomic import atomic_write_bytes

    atomic_write_bytes(BUNDLE_BR, compress(_served_bytes(BUNDLE), "br", brotli_quality=11))


if __name__ == "__main__":
    write_brotli()
