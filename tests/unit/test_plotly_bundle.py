"""The page loads the vendored geo-only plotly.js, never the full 4.8 MB bundle."""

from __future__ import annotations

import gzip
import re

import brotli
import plotly.offline

from dashboard.config import Settings
from dashboard.web.app import create_app
from dashboard.web.plotly_bundle import (
    BUNDLE,
    BUNDLE_BR,
    COMPILE_HINT,
    FULL_BUNDLE_PATH,
    RUNTIME,
    VERSION,
    bundle_url,
    runtime_url,
    without_polyfill,
)


def test_vendored_bundle_matches_plotly_py_version():
    assert plotly.offline.get_plotlyjs_version() == VERSION
    head = BUNDLE.read_text(encoding="utf-8")[:200]
    assert f"plotly.js (geo - minified) v{VERSION}" in head


def test_page_lists_the_geo_bundle_and_serves_it_compressed_and_immutable(dataset):
    app = create_app(Settings(), dataset=dataset)
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'src="([^"]+)"', page)
    assert bundle_url() in scripts
    assert not any("plotly.min.js" in s for s in scripts)
    response = client.get(bundle_url(), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    # the vendored file as is, after the compile hint (its own first line)
    served = gzip.decompress(response.data)
    assert served == COMPILE_HINT + BUNDLE.read_bytes()
    assert served.split(b"\n", 1)[0] == b"//# allFunctionsCalledOnLoad"
    smallest = client.get(bundle_url(), headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert smallest.headers["Content-Encoding"] == "br"
    assert brotli.decompress(smallest.data) == served
    assert len(smallest.data) < 0.85 * len(response.data)
    # dcc.Graph's fallback URL for plotly.js gets the same small bundle.
    fallback = client.get("/" + FULL_BUNDLE_PATH)
    assert fallback.status_code == 200 and fallback.data == served
    assert client.get("/static-bundles/000000000000/plotly-geo.min.js").status_code == 404


def test_shipped_brotli_copy_is_of_this_bundle():
    """Regenerate with ``python -m dashboard.web.plotly_bundle`` after updating the bundle."""
    assert brotli.decompress(BUNDLE_BR.read_bytes()) == COMPILE_HINT + BUNDLE.read_bytes()


def test_page_loads_regenerator_runtime_instead_of_the_babel_polyfill(dataset):
    app = create_app(Settings(), dataset=dataset)
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'src="([^"]+)"', page)
    assert not any("polyfill" in s for s in scripts)
    # before React and the Dash bundles, where the polyfill was
    assert scripts.index(runtime_url()) < min(i for i, s in enumerate(scripts) if "react@" in s)
    response = client.get(runtime_url(), headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]
    text = brotli.decompress(response.data).decode()
    assert text == RUNTIME.read_text(encoding="utf-8")
    assert "regeneratorRuntime = runtime" in text
    assert client.get("/static-bundles/000000000000/regenerator-runtime.js").status_code == 404


def test_without_polyfill_replaces_only_dashs_polyfill_tag():
    tags = (
        '<script src="/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m1.12.1.min.js"></script>'
        '<script src="/assets/polyfill-notes.js"></script>'
    )
    out = without_polyfill(tags)
    assert "deps/polyfill@" not in out and runtime_url() in out
    assert "/assets/polyfill-notes.js" in out


def test_page_preloads_what_dash_fetches_after_its_scripts(dataset):
    """The layout, the callbacks and dcc's lazy chunks are preloaded; every preload is
    something the server answers (a renamed chunk would be a wasted request)."""
    app = create_app(Settings(), dataset=dataset)
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    head = page[: page.index("</head>")]
    preloads = dict(re.findall(r'<link rel="preload" href="([^"]+)" as="(\w+)"', head))
    assert preloads["/_dash-layout"] == "fetch"
    assert preloads["/_dash-dependencies"] == "fetch"
    chunks = [href for href, kind in preloads.items() if kind == "script"]
    assert any(href.endswith("/async-graph.js") for href in chunks)
    for href in preloads:
        assert client.get(href).status_code == 200, href
