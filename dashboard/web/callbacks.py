"""Callbacks: plain functions of (inputs, dataset), registered explicitly on an app.

The slider's hot path (map, date words, counts) runs in the browser
(``assets/client/``, wired in :mod:`dashboard.web.clientside`); the server only
renders the text panels, applies the filter and restores a shared link.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
from dash import Dash, Input, Output, State, ctx, html, no_update, set_props

from dashboard.data import schema
from dashboard.data.dates import from_index
from dashboard.data.filters import (
    PRECISION_KINDS,
    EventFilter,
    filter_summary,
    parse_filter,
)
from dashboard.data.loading import Dataset
from dashboard.i18n import _, use_language
from dashboard.views import ids
from dashboard.views.client_events import browser_mask
from dashboard.views.compare import compare_panel
from dashboard.views.detail import (
    DetailPanel,
    cluster_detail,
    event_detail,
    event_list,
    layer_detail,
    placeholder,
    row_of,
    site_detail,
)
from dashboard.views.query import parse_query
from dashboard.views.release_marks import mark_changed
from dashboard.views.sites_trace import cluster_sites
from dashboard.views.situation import situation_panel
from dashboard.views.timeline import COMPARE
from dashboard.web.clientside import filter_outputs

SELECTION_KINDS = schema.SELECTION_KINDS


def parse_range(value, dataset: Dataset) -> tuple[date, date]:
    """Slider value (two day offsets) as dates, clamped to the data's span.

    Anything malformed falls back to the whole span rather than failing.
    """
    origin, last = dataset.span
    maximum = (last - origin).days
    try:
        low, high = (int(v) for v in value)
    except (TypeError, ValueError, OverflowError):
        return origin, last
    low, high = sorted((max(0, min(maximum, low)), max(0, min(maximum, high))))
    return from_index(low, origin), from_index(high, origin)


def parse_selection(token) -> tuple[str, str] | None:
    """``"site:dadivank"`` -> ``("site", "dadivank")``; anything else -> None."""
    if not isinstance(token, str) or ":" not in token:
        return None
    kind, _sep, key = token.partition(":")
    if kind not in SELECTION_KINDS or not key:
        return None
    return kind, key


def parse_precision(value) -> list[str] | None:
    """The imprecise kinds of events to include; anything malformed keeps them all."""
    if not isinstance(value, list):
        return None
    return [v for v in value if isinstance(v, str) and v in PRECISION_KINDS]


def filter_from_state(state, dataset: Dataset) -> EventFilter:
    """The filter stored in the browser (a dict), re-validated: it comes from the client."""
    if not isinstance(state, dict):
        return EventFilter()
    return parse_filter(
        state.get("categories"),
        state.get("actors"),
        state.get("confidence"),
        state.get("text"),
        dataset.store.known_actors,
        state.get("corroborated"),
        state.get("reported_within"),
        state.get("claimed_by"),
    )


def kept_by_filter(dataset: Dataset, state) -> np.ndarray | None:
    """Bool per event: passes the stored filter; None when no filter is set."""
    return dataset.store.filter_mask(filter_from_state(state, dataset))


def compute_filter(
    categories,
    actors,
    confidence,
    text,
    dataset: Dataset,
    corroborated=None,
    reported_within=None,
    claimed_by=None,
):
    """(stored filter, browser mask or None, summary words) for the filter controls."""
    store = dataset.store
    chosen = parse_filter(
        categories,
        actors,
        confidence,
        text,
        store.known_actors,
        corroborated,
        reported_within,
        claimed_by,
    )
    if set(chosen.confidence) == set(schema.CONFIDENCE_LEVELS):
        chosen = replace(chosen, confidence=())
    if not chosen.active:
        return None, None, filter_summary(None, len(dataset.events))
    kept = store.filter_mask(chosen)
    state = {
        "categories": list(chosen.categories),
        "actors": list(chosen.actors),
        "confidence": list(chosen.confidence),
        "text": chosen.text,
        "corroborated": chosen.corroborated,
        "reported_within": chosen.reported_within,
        "claimed_by": list(chosen.claimed_by),
    }
    words = filter_summary(int(np.count_nonzero(kept)), len(dataset.events))
    return state, browser_mask(dataset, kept), words


def render_detail(selection, value, dataset: Dataset, precision=None, state=None) -> DetailPanel:
    start, end = parse_range(value, dataset)
    included = parse_precision(precision)
    parsed = parse_selection(selection)
    if parsed is None:
        return placeholder()
    kept = kept_by_filter(dataset, state)
    kind, key = parsed
    if kind == "site":
        return site_detail(dataset, key, start, end, included, kept)
    if kind == "layer":
        return layer_detail(dataset, key, start, end, included, kept)
    if kind == "cluster":
        return cluster_detail(dataset, key, start, end, included, kept)
    return event_detail(dataset, key, kept)


def render_situation(value, dataset: Dataset, mode=None) -> list:
    start, end = parse_range(value, dataset)
    changes = compare_panel(dataset, start, end) if mode == COMPARE else []
    return changes + situation_panel(dataset, end)


def restore_view(search, dataset: Dataset) -> tuple:
    """Component values for a shared link (``no_update`` where the link says nothing)."""
    state = parse_query(search, dataset)
    origin, last = dataset.span
    keep = no_update
    value = keep
    if state.start or state.end:
        start = state.start or origin
        end = state.end or last
        value = [(start - origin).days, (end - origin).days]
    chosen = state.event_filter
    confidence = list(chosen.confidence) or list(schema.CONFIDENCE_LEVELS)
    view = keep
    if state.view:
        lon, lat, scale = state.view
        view = {"lon": lon, "lat": lat, "scale": scale}
    notice = (
        [html.Strong(_("Some link parameters were ignored:") + " "), " ".join(state.notices)]
        if state.notices
        else keep
    )
    return (
        value,
        state.mode or keep,
        state.window or keep,
        state.selection or keep,
        list(chosen.categories) if state.filter_given else keep,
        list(chosen.actors) if state.filter_given else keep,
        confidence if state.filter_given else keep,
        chosen.text if state.filter_given else keep,
        state.precision if state.precision is not None else keep,
        (["yes"] if chosen.corroborated else []) if state.filter_given else keep,
        chosen.reported_within if state.filter_given else keep,
        list(chosen.claimed_by) if state.filter_given else keep,
        state.names or keep,
        state.layers if state.layers is not None else keep,
        view,
        notice,
        "page embed" if state.embed else keep,
        state.since or keep,
        state.story or keep,
    )


def highlight_for(selection, dataset: Dataset) -> dict | None:
    """Where the selection sits: its site (for the map ring) and its days (for the strip)."""
    parsed = parse_selection(selection)
    if parsed is None:
        return None
    kind, key = parsed
    row = row_of(dataset, key) if kind == "event" else None
    if row is not None:
        site = dataset.sites.loc[dataset.events["site"].iat[row]]
        point = site.geometry if site.geometry is not None and not site.geometry.is_empty else None
        return {
            "lon": point.x if point else None,
            "lat": point.y if point else None,
            "from": int(dataset.days.start[row]),
            "to": int(dataset.days.end[row]),
        }
    if kind == "cluster":
        places = dataset.sites.loc[cluster_sites(dataset, key)]
        if len(places):
            lon, lat = (round(float(v.mean()), 5) for v in (places.geometry.x, places.geometry.y))
            return {"lon": lon, "lat": lat, "from": None, "to": None}
    if kind == "site" and key in dataset.sites.index:
        site = dataset.sites.loc[key]
        if site.geometry is not None and not site.geometry.is_empty:
            return {"lon": site.geometry.x, "lat": site.geometry.y, "from": None, "to": None}
    return None


def render_list(
    value, dataset: Dataset, precision=None, state=None, selection=None
) -> tuple[list, str]:
    start, end = parse_range(value, dataset)
    chosen = selection if parse_selection(selection) else None
    kept = kept_by_filter(dataset, state)
    return event_list(dataset, start, end, parse_precision(precision), chosen, kept)


# What the text panels depend on, in the order ``render_panels`` takes them.
PANEL_INPUTS = (
    Input(ids.SETTLED_RANGE, "data"),
    Input(ids.PRECISION_FILTER, "value"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.SELECTION, "data"),
    Input(ids.SINCE, "data"),
    Input(ids.TIMELINE_MODE, "value"),
)
SETTLED_RANGE_PROP = f"{ids.SETTLED_RANGE}.data"
MODE_PROP = f"{ids.TIMELINE_MODE}.value"
SELECTION_PROP = f"{ids.SELECTION}.data"


def changed_inputs() -> set[str]:
    """The ``"id.property"`` inputs that fired the callback being run (empty outside one)."""
    return {key for key in ctx.triggered_prop_ids if key != "."}


def render_panels(
    changed: set[str], value, precision, state, selection, dataset: Dataset, since=None, mode=None
) -> tuple:
    """(situation, chronology rows, chronology summary, detail head, detail cards, highlight)
    for one request.

    ``changed``: the inputs that fired it; a panel none of whose inputs changed is
    ``no_update`` (empty ``changed`` renders all). The situation depends on the dates
    only (and, in Compare mode, opens with what changed between them), the highlight on
    the selection only; the chronology marks the selection, so it follows every input.
    """
    everything = not changed
    situation = (
        render_situation(value, dataset, mode)
        if everything or SETTLED_RANGE_PROP in changed or MODE_PROP in changed
        else no_update
    )
    rows, summary = render_list(value, dataset, precision, state, selection)
    nothing_selected = parse_selection(selection) is None
    if nothing_selected and not (everything or SELECTION_PROP in changed):
        head = cards = no_update
    else:
        panel = render_detail(selection, value, dataset, precision, state)
        head, cards = panel.head, panel.cards_data()
    highlight = (
        highlight_for(selection, dataset) if everything or SELECTION_PROP in changed else no_update
    )
    summary += mark_changed(rows, cards, since, dataset)
    return situation, rows, summary, head, cards, highlight


def data_changed(page_version: str, dataset: Dataset) -> bool:
    """Whether the page was built from other data than the server now serves (the data
    switched, see :mod:`dashboard.web.switching`); if so, the page is told so, with a
    Reload button, and its callback answers nothing rather than panels of other data."""
    if page_version == dataset.version:
        return False
    set_props(ids.DATA_NOTICE, {"hidden": False})
    return True


PAGE_VERSION = State(ids.DATA_VERSION, "data")
PAGE_LANGUAGE = State(ids.LANGUAGE, "data")


def register_callbacks(app: Dash, dataset: Dataset) -> None:
    """Attach the server's callbacks to ``app`` (no module-level registration, see style
    notes); the clientside ones are in :mod:`dashboard.web.clientside`."""

    restore_outputs = [
        Output(ids.TIMELINE, "value", allow_duplicate=True),
        Output(ids.TIMELINE_MODE, "value"),
        Output(ids.WINDOW_LENGTH, "value"),
        Output(ids.SELECTION, "data", allow_duplicate=True),
        *filter_outputs(allow_duplicate=True),
        Output(ids.NAME_CONVENTION, "value"),
        Output(ids.LAYER_TOGGLES, "value"),
        Output(ids.MAP_CAMERA, "data"),
        Output(ids.URL_NOTICE, "children"),
        Output(ids.PAGE, "className"),
        Output(ids.SINCE, "data"),
        Output(ids.STORY, "data", allow_duplicate=True),
    ]

    def unchanged(outputs: int, page_version: str) -> tuple | None:
        return (no_update,) * outputs if data_changed(page_version, dataset) else None

    def on_restore(search, page_version, language):
        with use_language(language):
            return unchanged(len(restore_outputs), page_version) or restore_view(search, dataset)

    app.callback(
        *restore_outputs,
        Input(ids.LINK_QUERY, "data"),
        PAGE_VERSION,
        PAGE_LANGUAGE,
        prevent_initial_call=True,
    )(on_restore)

    def on_filter(
        categories, actors, confidence, text, corroborated, lag, by, page_version, language
    ):
        with use_language(language):
            return unchanged(3, page_version) or compute_filter(
                categories, actors, confidence, text, dataset, corroborated, lag, by
            )

    app.callback(
        Output(ids.FILTER_STATE, "data"),
        Output(ids.FILTER_MASK, "data"),
        Output(ids.FILTER_SUMMARY, "children"),
        Input(ids.FILTER_CATEGORY, "value"),
        Input(ids.FILTER_ACTOR, "value"),
        Input(ids.FILTER_CONFIDENCE, "value"),
        Input(ids.FILTER_TEXT, "value"),
        Input(ids.FILTER_CORROBORATED, "value"),
        Input(ids.FILTER_REPORTED_WITHIN, "value"),
        Input(ids.FILTER_CLAIMED_BY, "value"),
        PAGE_VERSION,
        PAGE_LANGUAGE,
        # the layout shows the unfiltered state; a link's filter arrives as a change
        prevent_initial_call=True,
    )(on_filter)

    def on_panels(value, precision, state, selection, since, mode, page_version, language):
        with use_language(language):
            return unchanged(6, page_version) or render_panels(
                changed_inputs(), value, precision, state, selection, dataset, since, mode
            )

    # One request renders every text panel a change touches: three requests at once
    # (situation, chronology, detail) queued behind each other for the GIL and the two
    # cores, so each took as long as all three. The layout holds the first state.
    app.callback(
        Output(ids.SITUATION, "children"),
        Output(ids.EVENT_LIST_ROWS, "data"),
        Output(ids.EVENT_LIST_SUMMARY, "children"),
        Output(ids.DETAIL_HEAD, "children"),
        Output(ids.DETAIL_CARDS, "data"),
        Output(ids.HIGHLIGHT, "data"),
        *PANEL_INPUTS,
        PAGE_VERSION,
        PAGE_LANGUAGE,
        prevent_initial_call=True,
    )(on_panels)
