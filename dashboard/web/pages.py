"""The page in each interface language: its layout and first frame, built on first use.

Everything a page says is rendered in its language (``dashboard.i18n.use_language``), so
a language is a separate build of the same views; the data is shared. English is built
at start; another language when a page in it is first asked for, then kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from dash import html
from dash.development.base_component import Component

from dashboard.data import schema
from dashboard.data.loading import Dataset
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, current_language, use_language
from dashboard.i18n.cldr import client_locale
from dashboard.views.detail import event_list
from dashboard.views.figures import build_map_figure, client_data
from dashboard.views.layout import GRAPH_CONFIG, build_layout, header, language_switch
from dashboard.views.names import default_convention
from dashboard.views.situation import situation_panel
from dashboard.views.stories import stories_menu
from dashboard.views.timeline import density_client_data, density_figure, key_dates
from dashboard.web.boot import boot_markup

# The record's vocabulary words the page shows as they come (k.word in 12-i18n.js).
VOCABULARY = (
    *schema.DATE_PRECISIONS,
    *schema.LOCATION_PRECISIONS,
    *schema.SITE_LOCATION_PRECISIONS,
    *schema.CONFIDENCE_LEVELS,
    *schema.SITE_KINDS,
    *schema.ACCURACY_LEVELS,
    *schema.SOURCE_ROLES,
    *(word for _symbol, _colour, word, _glyph in schema.COMPARE_MARKS.values()),
)


@dataclass(frozen=True)
class Page:
    layout: html.Div
    first_frame: str  # the HTML before Dash's (boot.py)


def build_page(dataset: Dataset, boot_scripts: tuple[str, str], language: str) -> Page:
    """The page in ``language``: pure views of the data, rendered in that language."""
    with use_language(language):
        start, end = dataset.span
        fig = build_map_figure(dataset, start, end)
        items, summary = event_list(dataset, start, end)
        config = {**GRAPH_CONFIG, "locale": language}
        locale = client_locale(language)
        locale["words"] = {word: _(word) for word in VOCABULARY}
        locale["defaultNames"] = default_convention()  # a link says names= only otherwise
        first_frame = boot_markup(
            header(stories_menu(dataset), language_switch()), fig, config, boot_scripts, locale
        )
        client = client_data(dataset, fig)
        client["density"] = density_client_data(dataset)
        client["keyDates"] = [key["index"] for key in key_dates(dataset)]
        layout = build_layout(
            dataset,
            client,
            items,
            summary,
            density_figure(dataset),
            situation_panel(dataset, end),
        )
    return Page(layout, first_frame)


def id_skeleton(layout: Component) -> html.Div:
    """Every component of ``layout`` that has an id, as a bare one of its type: what Dash's
    renderer checks callbacks against (``app.validation_layout``). With a layout function,
    Dash would otherwise write the whole layout into every page's HTML for that check
    (2.8 MB at 100,000 events)."""
    found: list[Component] = []

    def walk(node: object) -> None:
        if isinstance(node, list | tuple):
            for child in node:
                walk(child)
            return
        if not isinstance(node, Component):
            return
        if getattr(node, "id", None) is not None:
            found.append(type(node)(id=node.id))
        walk(getattr(node, "children", None))

    walk(layout)
    return html.Div(found)


class Pages:
    """Each language's page, built once, on first use (English at start)."""

    def __init__(self, build: Callable[[str], Page]):
        self._build = build
        self._pages: dict[str, Page] = {}
        self._lock = threading.Lock()
        self.get(DEFAULT_LANGUAGE)

    def get(self, language: str) -> Page:
        language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        page = self._pages.get(language)
        if page is None:
            with self._lock:  # two first requests in one language build it once
                page = self._pages.get(language)
                if page is None:
                    page = self._pages[language] = self._build(language)
        return page

    def current(self) -> Page:
        """The page in the current request's language."""
        return self.get(current_language())
