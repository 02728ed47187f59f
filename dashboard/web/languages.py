"""Which language a request is answered in, and keeping it for the page's own requests.

Dash fetches its layout (``/_dash-layout``) without the page's query string, and the
page's ``Referrer-Policy: no-referrer`` hides it too, so the page's HTML sets a cookie
with its language and the layout request reads it: the order is ``?lang=``, then the
cookie, then the browser's ``Accept-Language``, then English. Callbacks do not rely on
the cookie (another tab may have changed it): the page's language is in its layout
(:data:`dashboard.views.ids.LANGUAGE`) and each callback states it.
"""

from __future__ import annotations

from collections.abc import Mapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from flask import Flask, Response, g, request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from dashboard.data import schema
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, use_language

COOKIE = "lang"
PARAM = schema.LINK_PARAMS["language"]
COOKIE_MAX_AGE = 365 * 24 * 3600
VARY = "Cookie, Accept-Language"


def choose_language(asked: str | None, cookie: str | None, accept: str | None) -> str:
    """The language for a request: an explicit ``?lang=``, the cookie, the browser's."""
    for candidate in (asked, cookie):
        if candidate in LANGUAGES:
            return candidate
    # the browser's preferences in order, each by its primary tag ("ru-RU" counts as "ru")
    for tag, _quality in parse_accept_header(accept or "", LanguageAccept):
        primary = tag.split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


def environ_language(environ: Mapping[str, Any]) -> str:
    """The language of a raw WSGI request (for middleware that runs before Flask)."""
    asked = parse_qs(environ.get("QUERY_STRING", "")).get(PARAM, [None])[-1]
    morsel = SimpleCookie(environ.get("HTTP_COOKIE", "")).get(COOKIE)
    return choose_language(
        asked, morsel.value if morsel else None, environ.get("HTTP_ACCEPT_LANGUAGE")
    )


def install_languages(server: Flask, page_path: str) -> None:
    """Answer each request in its language; the page (``page_path``) keeps it in a cookie."""

    @server.before_request
    def _enter() -> None:
        language = environ_language(request.environ)
        g.language_scope = use_language(language)
        g.language_scope.__enter__()

    @server.teardown_request
    def _leave(_error: BaseException | None) -> None:
        scope = g.pop("language_scope", None)
        if scope is not None:
            scope.__exit__(None, None, None)

    @server.after_request
    def _remember(response: Response) -> Response:
        if request.path == page_path and request.method == "GET":
            language = environ_language(request.environ)
            response.set_cookie(
                COOKIE, language, max_age=COOKIE_MAX_AGE, path=page_path, samesite="Lax"
            )
            response.headers["Content-Language"] = language
            response.vary.update(h.strip() for h in VARY.split(","))
        return response
