"""The page's first frame: its header and the map, drawn before Dash boots.

Dash shows nothing until its scripts have run, its layout has been fetched and
rendered by React, and dcc.Graph has loaded its own code: the map used to appear
~1.1 s after navigation on a 2-core machine, most of it spent on a page the
reader was not looking at yet. The map is what the reader came for, so the page
carries it from the start: the HTML holds a static copy of the page's top (the
header and the map's box, laid out by the same CSS classes as Dash's page), the
map's first figure as JSON, plotly.js, and ``assets/boot.js``, which draws the
figure as soon as the parser reaches it. When Dash renders its layout, boot.js
moves the drawn map into its place there (:data:`dashboard.views.ids.MAP_SLOT`) and
removes the copy, in the same task, so nothing moves on screen; from then on
the client modules (``assets/client/``) drive it. The first frame also carries the
client contract (the schema's rules as JSON) that those modules read.
"""

from __future__ import annotations

import html as html_text
import json
from collections.abc import Mapping

import plotly.graph_objects as go
import plotly.io as pio
from dash.development.base_component import Component

from dashboard.data.contract import client_contract
from dashboard.i18n import _
from dashboard.views import ids

BOOT_SCRIPT = "boot.js"
"""In assets/, kept out of Dash's own script list (it must run before Dash's)."""
ASSETS_IGNORE = r"^boot\.js$"


STATIC_ATTRIBUTES = (
    ("id", "id"),
    ("className", "class"),
    ("lang", "lang"),
    ("hrefLang", "hreflang"),
    ("href", "href"),
    ("aria-label", "aria-label"),
    ("aria-current", "aria-current"),
)


def static_html(component: Component | str | list | None) -> str:
    """HTML for a tree of ``dash.html`` components holding text (enough for the header).

    Text is escaped; only the attributes in ``STATIC_ATTRIBUTES`` are carried over (ids
    and classes, so the copy gets the same CSS as the component Dash renders; languages,
    ARIA names and same-page links, for the language switch).
    """
    if component is None:
        return ""
    if isinstance(component, str):
        return html_text.escape(component, quote=False)
    if isinstance(component, list | tuple):
        return "".join(static_html(child) for child in component)
    if getattr(component, "_namespace", None) != "dash_html_components":
        raise TypeError(f"cannot write {type(component).__name__} as static HTML")
    tag = component._type.lower()
    attributes = ""
    for prop, name in STATIC_ATTRIBUTES:
        value = getattr(component, prop, None)
        if prop == "href" and isinstance(value, str) and not value.startswith("?"):
            value = None  # only links within the page: nothing else needs to be in it
        if isinstance(value, str):
            attributes += f' {name}="{html_text.escape(value)}"'
    return f"<{tag}{attributes}>{static_html(getattr(component, 'children', None))}</{tag}>"


def json_script(element_id: str, value: object) -> str:
    """A ``<script type="application/json">`` element: data, never run, safe in HTML.

    ``<`` only occurs inside JSON strings, where ``\\u003c`` means the same, so no
    ``</script>`` or ``<!--`` in the data can end the element early.
    """
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    text = text.replace("<", "\\u003c")
    return f'<script id="{element_id}" type="application/json">{text}</script>'


def boot_markup(
    header: Component,
    figure: go.Figure,
    config: Mapping[str, object],
    script_urls: tuple[str, ...],
    locale: Mapping[str, object],
) -> str:
    """The page's first frame, to go before Dash's ``react-entry-point``.

    ``script_urls``: plotly.js, then the boot script; they run in this order while the
    page is parsed, before Dash's scripts. ``locale``: the page language's messages and
    CLDR formats (``dashboard.i18n.cldr.client_locale``).
    """
    # (messages outside the f-string: Babel does not read inside one)
    map_name = html_text.escape(_("Map"))
    loading = html_text.escape(_("Loading the timeline and the panels…"))
    shell = (
        f'<div id="{ids.BOOT_PAGE}" class="page boot-page">'
        f"{static_html(header)}"
        '<main class="page-main"><div class="map-column">'
        f'<div id="{ids.MAP}" class="map" role="region" aria-label="{map_name}">'
        f'<div id="{ids.MAP_PLOT}" class="map-plot"></div></div>'
        f'<p class="boot-note">{loading}</p>'
        '</div><aside class="sidebar"></aside></main></div>'
    )
    data = (
        json_script(ids.MAP_FIGURE, pio.to_json(figure, validate=False))
        + json_script(ids.MAP_CONFIG, dict(config))
        # the schema's rules, which the client modules read (dashboard/data/contract.py)
        + json_script(ids.CLIENT_CONTRACT, client_contract())
        + json_script(ids.CLIENT_LOCALE, dict(locale))
    )
    scripts = "".join(f'<script src="{html_text.escape(url)}"></script>' for url in script_urls)
    return shell + data + scripts
