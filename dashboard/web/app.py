"""The app factory: open the data (its database built once), build the page, register callbacks."""

from __future__ import annotations

import hashlib
import html as html_text
from pathlib import Path

from dash import Dash, dcc

from dashboard.config import Settings
from dashboard.data.loading import Dataset, load_dataset
from dashboard.i18n import DEFAULT_LANGUAGE, N_, _, current_language
from dashboard.web.boot import ASSETS_IGNORE, BOOT_SCRIPT
from dashboard.web.callbacks import register_callbacks
from dashboard.web.clientside import register_clientside
from dashboard.web.export import register_export
from dashboard.web.languages import install_languages
from dashboard.web.layer_export import register_layer_export
from dashboard.web.pages import Pages, build_page, id_skeleton
from dashboard.web.plotly_bundle import bundle_url, install_plotly_bundle, without_polyfill

TITLE = N_("Russian peacekeepers in Nagorno-Karabakh, 2020–2024")
DATA_VERSION_KEY = "KARABAKH_DATA_VERSION"
"""In the Flask config: the version of the data the app serves (see web/switching.py)."""


def create_app(settings: Settings | None = None, dataset: Dataset | None = None) -> Dash:
    """Build the Dash app.

    Raises
    ------
    dashboard.data.loading.DataError
        If the data folder does not validate (nothing is served then).
    """
    settings = settings or Settings()
    dataset = dataset or load_dataset(settings.data_dir, settings.cache_dir)
    app = Dash(
        __name__,
        title=TITLE,
        assets_folder=str(settings.assets_dir),
        assets_ignore=ASSETS_IGNORE,
        compress=True,
        serve_locally=True,
        update_title=None,
    )
    app.server.config[DATA_VERSION_KEY] = dataset.version
    # Flask-Compress only sees the dynamic answers now (static files are compressed once,
    # web/serving.py): for a 10 KB callback answer, brotli 1 costs ~0.1 ms against 0.6 ms
    # at its default 4, for a body a few hundred bytes larger.
    app.server.config.update(COMPRESS_BR_LEVEL=1, COMPRESS_LEVEL=1, COMPRESS_ZSTD_LEVEL=1)
    install_plotly_bundle(app.server)
    boot_scripts = _boot_scripts(app, settings)
    pages = Pages(lambda language: build_page(dataset, boot_scripts, language))
    _tune_index(app, pages, boot_scripts[0])
    install_languages(app.server, app.config.requests_pathname_prefix)
    # Dash asks for the layout on each page load (``/_dash-layout``): the page in the
    # request's language (web/languages.py), cached per language by web/serving.py.
    app.validation_layout = id_skeleton(pages.get(DEFAULT_LANGUAGE).layout)
    app.layout = lambda: pages.current().layout
    register_clientside(app)
    register_callbacks(app, dataset)
    register_export(app.server, dataset)
    register_layer_export(app.server, dataset)
    from dashboard.web.security import install_security
    from dashboard.web.serving import install_serving, release_free_memory

    install_security(app, settings)
    install_serving(app, settings, dataset)
    release_free_memory()
    return app


DCC_CHUNKS = ("async-graph.js", "async-slider.js", "async-dropdown.js")  # lazy code the page uses


def _boot_scripts(app: Dash, settings: Settings) -> tuple[str, str]:
    """plotly.js and the boot script, whose URL changes with its content (Dash's own
    assets carry their modification time instead)."""
    script = (settings.assets_dir / BOOT_SCRIPT).read_bytes()
    version = hashlib.sha256(script).hexdigest()[:12]
    return bundle_url(app.config.requests_pathname_prefix), (
        f"{app.get_asset_url(BOOT_SCRIPT)}?v={version}"
    )


def _tune_index(app: Dash, pages: Pages, plotly_url: str) -> None:
    """The page's HTML: the first frame with the map (see boot.py) ahead of Dash's page,
    regenerator-runtime instead of Dash's babel polyfill (see plotly_bundle.py), and
    preloads of what Dash fetches once its scripts have run."""
    interpolate = app.interpolate_index
    prefix = app.config.requests_pathname_prefix

    # plotly.js first: the map waits for it, and a browser opens six connections to a
    # server (HTTP/1.1), so it would otherwise queue behind the preloads below (~80 ms).
    first = f'<link rel="preload" href="{plotly_url}" as="script" fetchpriority="high">'
    # Dash asks for its layout and callbacks, and dcc for the code of its graph, slider
    # and dropdown, only once every script has run; fetched meanwhile, they are waiting
    # in the memory cache when asked for.
    preload = "".join(
        f'<link rel="preload" href="{prefix}{endpoint}" as="fetch" crossorigin="anonymous">'
        for endpoint in ("_dash-layout", "_dash-dependencies")
    ) + "".join(
        f'<link rel="preload" href="{prefix}_dash-component-suites/dash/dcc/{chunk}" as="script">'
        for chunk in DCC_CHUNKS
        if (Path(dcc.__file__).parent / chunk).is_file()
    )

    def interpolate_index(**kwargs) -> str:
        kwargs["scripts"] = without_polyfill(kwargs["scripts"], prefix)
        kwargs["metas"] = first + kwargs.get("metas", "") + preload
        kwargs["app_entry"] = pages.current().first_frame + kwargs["app_entry"]
        language = current_language()
        kwargs["title"] = html_text.escape(_(TITLE))
        # the page's language, for screen readers and hyphenation (Dash's default omits it)
        return interpolate(**kwargs).replace("<html>", f'<html lang="{language}">', 1)

    app.interpolate_index = interpolate_index
