"""Deep links: the view as URL query parameters, parsed leniently.

Bad values are dropped with a notice naming the parameter, never an error. The
same parser serves the page (restoring a shared view) and the export endpoints,
so an export link always means exactly the view it was made from. The browser
writes the parameters back as the user works (``syncUrl`` in assets/client/60-url.js,
same names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs

from dashboard.data import schema
from dashboard.data.dates import DateFormatError, parse_day
from dashboard.data.filters import PRECISION_KINDS, EventFilter
from dashboard.data.loading import Dataset
from dashboard.views.figures import NAME_CONVENTIONS, TOGGLE_IDS
from dashboard.views.timeline import MODES, WINDOW_LENGTHS

# name -> what it holds (documented in the README; the browser writes the same names)
PARAMS = {
    "from": "first day, YYYY-MM-DD",
    "to": "last day, YYYY-MM-DD",
    "mode": "timeline mode: range, cumulative or window",
    "window": "window length in days: 7, 30, 91 or 365",
    "site": "selected site id, e.g. dadivank",
    "event": "selected event id, e.g. E081",
    "layer": "selected map feature id, e.g. loc_2020",
    "cat": "categories, comma-separated",
    "actor": "actors, comma-separated",
    "conf": "confidence levels, comma-separated",
    "prec": "imprecise kinds included: approximate, region, coarse (empty = none)",
    "q": "search text",
    "names": "label convention: both, hy or az",
    "layers": "legend switches on, comma-separated",
    "view": "map view: lon,lat,scale",
    "embed": "1 = embed mode, without the page chrome",
}
MAX_QUERY = 4000


@dataclass
class ViewState:
    """A view restored from a link; None = not given (keep the default)."""

    start: date | None = None
    end: date | None = None
    mode: str | None = None
    window: int | None = None
    selection: str | None = None
    event_filter: EventFilter = field(default_factory=EventFilter)
    filter_given: bool = False
    precision: list[str] | None = None
    names: str | None = None
    layers: list[str] | None = None
    view: tuple[float, float, float] | None = None
    embed: bool = False
    notices: list[str] = field(default_factory=list)


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[-1] if values else None


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def parse_query(query: str | None, dataset: Dataset) -> ViewState:
    """Read a query string (with or without ``?``) into a view, noting each bad value."""
    state = ViewState()
    if not isinstance(query, str) or not query.strip("?"):
        return state
    if len(query) > MAX_QUERY:
        state.notices.append(f"The link's parameters are too long (over {MAX_QUERY} characters).")
        return state
    try:
        params = parse_qs(query.lstrip("?"), keep_blank_values=True, max_num_fields=50)
    except ValueError:
        state.notices.append("The link's parameters could not be read.")
        return state
    for name in params:
        if name not in PARAMS:
            state.notices.append(f"Unknown parameter '{name}' ignored.")
    first, last = dataset.span
    for name in ("from", "to"):
        raw = _one(params, name)
        if raw is None:
            continue
        try:
            day = parse_day(raw.strip())
        except DateFormatError:
            state.notices.append(f"'{name}={raw[:40]}' ignored: not a date (YYYY-MM-DD).")
            continue
        if not first <= day <= last:
            clamped = min(max(day, first), last)
            state.notices.append(
                f"'{name}={raw}' is outside the data ({first} to {last}); using {clamped}."
            )
            day = clamped
        setattr(state, "start" if name == "from" else "end", day)
    if state.start and state.end and state.start > state.end:
        state.notices.append("'from' was after 'to': the two were swapped.")
        state.start, state.end = state.end, state.start
    mode = _one(params, "mode")
    if mode is not None:
        if mode in MODES:
            state.mode = mode
        else:
            state.notices.append(f"'mode={mode[:40]}' ignored: use {', '.join(MODES)}.")
    window = _one(params, "window")
    if window is not None:
        if window.isdigit() and int(window) in WINDOW_LENGTHS:
            state.window = int(window)
        else:
            allowed = ", ".join(str(w) for w in WINDOW_LENGTHS)
            state.notices.append(f"'window={window[:40]}' ignored: use {allowed} days.")
    for name, known, kind in (
        ("site", dataset.sites.index, "site"),
        ("layer", [fid for layer in dataset.layers.values() for fid in layer.index], "layer"),
        ("event", dataset.events.index, "event"),
    ):
        raw = _one(params, name)
        if raw is None:
            continue
        if raw in known:
            state.selection = f"{kind}:{raw}"
        else:
            state.notices.append(f"'{name}={raw[:40]}' ignored: no such {kind}.")
    actors = {a for actor_list in dataset.events["actors"] for a in actor_list}
    filters = {}
    for name, allowed in (
        ("cat", set(schema.CATEGORIES)),
        ("actor", actors),
        ("conf", set(schema.CONFIDENCE_LEVELS)),
    ):
        raw = _one(params, name)
        if raw is None:
            continue
        values = _list(raw)
        good = [v for v in values if v in allowed]
        for bad in sorted(set(values) - set(good)):
            state.notices.append(f"'{name}' value '{bad[:40]}' ignored: unknown.")
        filters[name] = tuple(good)
    text = _one(params, "q")
    if filters or text is not None:
        state.filter_given = True
        state.event_filter = EventFilter(
            categories=filters.get("cat", ()),
            actors=filters.get("actor", ()),
            confidence=filters.get("conf", ()),
            text=(text or "")[:200],
        )
    prec = _one(params, "prec")
    if prec is not None:
        values = _list(prec)
        state.precision = [v for v in values if v in PRECISION_KINDS]
        for bad in sorted(set(values) - set(state.precision)):
            state.notices.append(f"'prec' value '{bad[:40]}' ignored: unknown.")
    names = _one(params, "names")
    if names is not None:
        if names in NAME_CONVENTIONS:
            state.names = names
        else:
            state.notices.append(f"'names={names[:40]}' ignored: use both, hy or az.")
    layers = _one(params, "layers")
    if layers is not None:
        values = _list(layers)
        state.layers = [v for v in values if v in TOGGLE_IDS]
        for bad in sorted(set(values) - set(state.layers)):
            state.notices.append(f"'layers' value '{bad[:40]}' ignored: unknown.")
    view = _one(params, "view")
    if view is not None:
        try:
            lon, lat, scale = (float(v) for v in view.split(","))
            bx0, by0, bx1, by1 = schema.REGION_BBOX
            near = bx0 - 5 <= lon <= bx1 + 5 and by0 - 5 <= lat <= by1 + 5
            if not near or not 0.1 <= scale <= 100:
                raise ValueError
            state.view = (lon, lat, scale)
        except ValueError:
            state.notices.append(f"'view={view[:40]}' ignored: use lon,lat,scale near the region.")
    state.embed = _one(params, "embed") in ("1", "true", "yes")
    return state
