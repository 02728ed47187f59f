"""Security for the public internet: headers, request limits, clean errors.

:func:`install_security` adds to the Flask server under a Dash app:

- a Content-Security-Policy on every response that allows scripts, styles,
  fetches and images from the app's own origin only, with the sha256 of each of
  Dash's inline scripts, ``frame-ancestors 'none'`` (or the configured origins on
  ``?embed=1`` pages) and room for tile hosts should an online basemap come;
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy``, ``X-Frame-Options``
  and a few other headers;
- a body limit (``MAX_CONTENT_LENGTH``, 1 MB by default) and a check of every
  callback request against the app's callback map *before* Dash sees it, so a
  malformed or oversized request gets a short JSON 4xx, never a traceback;
- outside debug mode, a last-resort error handler that logs the exception and
  answers a short JSON 500 with no traceback and no file paths.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import secure
from dash import Dash
from dash._utils import split_callback_id  # the same parser Dash uses for callback ids
from dash.exceptions import DependencyException
from flask import Response, request
from werkzeug.exceptions import HTTPException

from dashboard.config import Settings

log = logging.getLogger("karabakh_map.security")

CALLBACK_PATH = "_dash-update-component"
EMBED_PARAM = "embed"
EMBED_VALUES = ("1", "true", "yes")
"""As :mod:`dashboard.views.query` reads ``embed``."""
MAX_CHANGED_PROPS = 100
MAX_PATTERN_ITEMS = 2000
"""At most this many components in one ``ALL`` pattern input (the list has ~300)."""

STYLE_SRC = ("'self'", "'unsafe-inline'")
"""plotly.js and Dash's components write ``style`` attributes and inject ``<style>``
elements at run time (no nonce hook), so inline styles are allowed. Styles cannot
run script; scripts stay hash-only."""

WILDCARDS = ("ALL", "ALLSMALLER", "MATCH")


def _policy(
    script_hashes: Iterable[str], tile_hosts: Iterable[str], frame_ancestors: Iterable[str]
) -> secure.ContentSecurityPolicy:
    tiles = tuple(tile_hosts)
    return (
        secure.ContentSecurityPolicy()
        .default_src("'self'")
        .script_src("'self'", *script_hashes)
        .style_src(*STYLE_SRC)
        .img_src("'self'", *tiles)
        .font_src("'self'")
        .connect_src("'self'", *tiles)
        .object_src("'none'")
        .base_uri("'self'")
        .form_action("'self'")
        .frame_ancestors(*(tuple(frame_ancestors) or ("'none'",)))
    )


def content_security_policy(
    script_hashes: Iterable[str],
    tile_hosts: Iterable[str] = (),
    frame_ancestors: Iterable[str] = (),
) -> str:
    """The policy text: own origin only, Dash's inline scripts by hash."""
    return _policy(script_hashes, tile_hosts, frame_ancestors).header_value


def security_headers(
    script_hashes: Iterable[str],
    tile_hosts: Iterable[str] = (),
    frame_ancestors: Iterable[str] = (),
) -> secure.Secure:
    """Every response's headers (the ``secure`` library builds and sets them), resolved
    once at start. With ``frame_ancestors`` (embed pages): no ``X-Frame-Options``."""
    return secure.Secure(
        csp=_policy(script_hashes, tile_hosts, frame_ancestors),
        xcto=secure.XContentTypeOptions().nosniff(),
        referrer=secure.ReferrerPolicy().no_referrer(),
        coop=secure.CrossOriginOpenerPolicy().same_origin(),
        permissions=secure.PermissionsPolicy().camera().microphone().geolocation().payment(),
        xfo=None if frame_ancestors else secure.XFrameOptions().deny(),
    )


HSTS = secure.StrictTransportSecurity().max_age(31536000)
"""Only on requests the app sees as HTTPS (docs/production.md, behind a proxy)."""


def _json_error(status: int, message: str) -> Response:
    response = Response(
        json.dumps({"error": message, "status": status}),
        status=status,
        mimetype="application/json",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# -- the callback request, checked against the callback map ---------------------------


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes | str) -> Any:
    """Strict JSON (RFC 8259): no ``NaN``/``Infinity``, no unbounded nesting.

    Raises
    ------
    ValueError
        For anything else, including invalid UTF-8 and nesting too deep to parse.
    """
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _pattern(spec_id: str) -> dict | None:
    """The dict id of a pattern-matching dependency (Dash stores it as JSON text)."""
    if not spec_id.startswith("{"):
        return None
    try:
        value = json.loads(spec_id)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _is_wildcard(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 1 and value[0] in WILDCARDS


def _matches_pattern(item_id: Any, pattern: dict) -> bool:
    if not isinstance(item_id, dict) or set(item_id) != set(pattern):
        return False
    for key, expected in pattern.items():
        value = item_id[key]
        if _is_wildcard(expected):
            if not isinstance(value, str | int | float):  # bool is an int
                return False
        elif value != expected:
            return False
    return True


def _property(entry: dict, clean: bool) -> Any:
    """An entry's property; outputs may carry ``@<hash>`` (``allow_duplicate``)."""
    prop = entry.get("property")
    if clean and isinstance(prop, str):
        return prop.split("@", 1)[0]
    return prop


def _check_item(item: Any, spec_id: str, prop: str, clean: bool = False) -> str | None:
    """Reason one ``{id, property, value}`` entry does not fit its declaration, or None."""
    pattern = _pattern(spec_id)
    if pattern is not None and any(_is_wildcard(v) and v[0] != "MATCH" for v in pattern.values()):
        if not isinstance(item, list) or len(item) > MAX_PATTERN_ITEMS:
            return "expected a list for a pattern-matching dependency"
        for entry in item:
            if not isinstance(entry, dict) or _property(entry, clean) != prop:
                return "malformed pattern-matching entry"
            if not _matches_pattern(entry.get("id"), pattern):
                return "pattern-matching id does not match"
        return None
    if not isinstance(item, dict) or _property(item, clean) != prop:
        return "dependency does not match the callback"
    if pattern is not None:
        return None if _matches_pattern(item.get("id"), pattern) else "id does not match"
    return None if item.get("id") == spec_id else "id does not match"


def _check_dependencies(items: Any, specs: list[dict], what: str) -> str | None:
    if not isinstance(items, list) or len(items) != len(specs):
        return f"'{what}' does not match the callback"
    for item, spec in zip(items, specs, strict=True):
        reason = _check_item(item, spec["id"], spec["property"])
        if reason:
            return f"'{what}': {reason}"
    return None


def _check_outputs(outputs: Any, output_key: str) -> str | None:
    expected = split_callback_id(output_key)
    if isinstance(expected, list):
        if not isinstance(outputs, list) or len(outputs) != len(expected):
            return "'outputs' does not match the callback"
        pairs = zip(outputs, expected, strict=True)
    else:
        pairs = [(outputs, expected)]
    for given, spec in pairs:
        prop = spec["property"].split("@")[0]
        spec_id = spec["id"]
        # Pattern outputs: the same rules as pattern inputs.
        if _check_item(given, spec_id, prop, clean=True):
            return "'outputs' does not match the callback"
    return None


def check_callback_body(body: Any, callback_map: Mapping[str, dict]) -> str | None:
    """Why a ``/_dash-update-component`` body is malformed, or None if Dash may run it.

    Checks the structure only (which callback, which dependencies, in order);
    the values are the callbacks' business, and they fall back to defaults.
    """
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "unknown callback"
    spec = callback_map[output]
    if "callback" not in spec:
        return "unknown callback"  # clientside: runs in the browser only
    reason = (
        _check_outputs(body.get("outputs"), output)
        or _check_dependencies(body.get("inputs"), spec.get("inputs") or [], "inputs")
        or _check_dependencies(body.get("state", []), spec.get("state") or [], "state")
    )
    if reason:
        return reason
    changed = body.get("changedPropIds", [])
    if (
        not isinstance(changed, list)
        or len(changed) > MAX_CHANGED_PROPS
        or not all(isinstance(c, str) for c in changed)
    ):
        return "'changedPropIds' must be a list of text"
    return None


# -- installation --------------------------------------------------------------------


def install_security(app: Dash, settings: Settings) -> None:
    """Headers, limits and clean errors on ``app.server`` (call after the callbacks)."""
    server = app.server
    # Each origin was checked by Settings, so none can widen the policy.
    frame_ancestors, tile_hosts = settings.frame_ancestors, settings.tile_hosts
    server.config["MAX_CONTENT_LENGTH"] = settings.max_body
    server.config["MAX_FORM_MEMORY_SIZE"] = settings.max_body
    server.debug = settings.debug
    hashes = app.csp_hashes()
    headers = security_headers(hashes, tile_hosts)
    embed_headers = security_headers(hashes, tile_hosts, frame_ancestors)
    callback_path = app.config.requests_pathname_prefix + CALLBACK_PATH
    callback_map = app.callback_map

    @server.before_request
    def _check_callback_request():
        if request.path != callback_path or request.method != "POST":
            return None
        length = request.content_length
        if length is not None and length > settings.max_body:
            return _json_error(413, "request body too large")
        if not request.is_json:
            return _json_error(415, "expected application/json")
        try:
            raw = request.get_data(cache=True)
        except HTTPException as exc:  # the body limit met while streaming, or a disconnect
            return _json_error(exc.code or 400, exc.name)
        except Exception:  # the server's own parse errors, e.g. gunicorn's bad chunk size
            return _json_error(400, "malformed request body")
        if length is None and len(raw) >= settings.max_body:
            # A chunked body is read up to the limit, not past it: refuse the rest.
            return _json_error(413, "request body too large")
        try:
            body = parse_json(raw)
        except ValueError:
            return _json_error(400, "malformed JSON")
        reason = check_callback_body(body, callback_map)
        if reason:
            log.warning("rejected a callback request: %s", reason)
            return _json_error(400, reason)
        return None

    @server.after_request
    def _security_headers(response: Response) -> Response:
        embedded = bool(frame_ancestors) and request.args.get(EMBED_PARAM, "").lower() in (
            EMBED_VALUES
        )
        (embed_headers if embedded else headers).set_headers(response)
        if request.is_secure:
            response.headers[HSTS.header_name] = HSTS.header_value
        return response

    if settings.debug:
        return  # Dash's dev tools show tracebacks on purpose

    @server.errorhandler(DependencyException)
    def _unknown_bundle(_exc: DependencyException):
        # Dash's message lists every registered library and path: say less.
        return Response("not found", status=404, mimetype="text/plain")

    @server.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if request.path == callback_path:
            return _json_error(exc.code or 400, exc.name)
        return exc

    @server.errorhandler(Exception)
    def _internal_error(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _json_error(500, "internal error")
