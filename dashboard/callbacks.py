"""Callbacks: plain functions of (inputs, dataset), registered explicitly on an app.

The slider's hot path (map, date words, counts) runs in the browser
(``assets/dashboard.js``); the server only renders the text panels.
"""

from __future__ import annotations

from datetime import date

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.data import Dataset
from dashboard.dates import from_index
from dashboard.detail import event_detail, event_list, layer_detail, placeholder, site_detail
from dashboard.filters import PRECISION_KINDS
from dashboard.situation import situation_panel

SELECTION_KINDS = ("site", "layer", "event")


def parse_range(value, dataset: Dataset) -> tuple[date, date]:
    """Slider value (two day offsets) as dates, clamped to the data's span.

    Anything malformed falls back to the whole span rather than failing.
    """
    origin, last = dataset.span
    maximum = (last - origin).days
    try:
        low, high = (int(v) for v in value)
    except (TypeError, ValueError):
        return origin, last
    low, high = sorted((max(0, min(maximum, low)), max(0, min(maximum, high))))
    return from_index(low, origin), from_index(high, origin)


def parse_selection(token) -> tuple[str, str] | None:
    """``"site:dadivank"`` -> ``("site", "dadivank")``; anything else -> None."""
    if not isinstance(token, str) or ":" not in token:
        return None
    kind, _, key = token.partition(":")
    if kind not in SELECTION_KINDS or not key:
        return None
    return kind, key


def select(triggered_id, triggered_value) -> str | None:
    """The new selection after a list click or Clear (map clicks are resolved in the browser)."""
    if triggered_id == ids.CLEAR_SELECTION:
        return None
    if isinstance(triggered_id, dict) and triggered_id.get("type") == ids.EVENT_ITEM:
        if not triggered_value:
            return no_update  # the items were re-rendered, not clicked
        token = triggered_id.get("index")
        return token if parse_selection(token) else no_update
    return no_update


def parse_precision(value) -> list[str] | None:
    """The imprecise kinds of events to include; anything malformed keeps them all."""
    if not isinstance(value, list):
        return None
    return [v for v in value if v in PRECISION_KINDS]


def render_detail(selection, value, dataset: Dataset, precision=None) -> list:
    start, end = parse_range(value, dataset)
    included = parse_precision(precision)
    parsed = parse_selection(selection)
    if parsed is None:
        return placeholder()
    kind, key = parsed
    if kind == "site":
        return site_detail(dataset, key, start, end, included)
    if kind == "layer":
        return layer_detail(dataset, key, start, end, included)
    return event_detail(dataset, key)


def render_situation(value, dataset: Dataset) -> list:
    return situation_panel(dataset, parse_range(value, dataset)[1])


def render_list(value, dataset: Dataset, precision=None) -> tuple[list, str]:
    start, end = parse_range(value, dataset)
    return event_list(dataset, start, end, parse_precision(precision))


def register_callbacks(app: Dash, dataset: Dataset) -> None:
    """Attach every callback to ``app`` (no module-level registration, see style notes)."""
    app.clientside_callback(
        ClientsideFunction(ids.CLIENTSIDE_NAMESPACE, ids.CLIENTSIDE_UPDATE_VIEW),
        Output(ids.MAP, "figure"),
        Output(ids.RANGE_TEXT, "children"),
        Output(ids.EVENT_COUNT, "children"),
        Output(ids.DENSITY, "figure"),
        Input(ids.TIMELINE, "drag_value"),
        Input(ids.TIMELINE, "value"),
        Input(ids.LAYER_TOGGLES, "value"),
        Input(ids.PRECISION_FILTER, "value"),
        Input(ids.NAME_CONVENTION, "value"),
        State(ids.CLIENT_DATA, "data"),
    )

    app.clientside_callback(
        ClientsideFunction(ids.CLIENTSIDE_NAMESPACE, ids.CLIENTSIDE_STEER),
        Output(ids.TIMELINE, "value"),
        Output(ids.PLAY_INTERVAL, "disabled", allow_duplicate=True),
        Input(ids.PLAY_INTERVAL, "n_intervals"),
        Input(ids.STEP_PREV, "n_clicks"),
        Input(ids.STEP_NEXT, "n_clicks"),
        Input({"type": ids.KEY_DATE, "index": ALL}, "n_clicks"),
        Input(ids.TIMELINE_MODE, "value"),
        Input(ids.WINDOW_LENGTH, "value"),
        Input(ids.DENSITY, "clickData"),
        Input(ids.DENSITY, "selectedData"),
        Input(ids.TIMELINE, "value"),
        State(ids.CLIENT_DATA, "data"),
        State(ids.PLAY_LOOP, "value"),
        State(ids.PLAY_SPEED, "value"),
        State(ids.PRECISION_FILTER, "value"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction(ids.CLIENTSIDE_NAMESPACE, ids.CLIENTSIDE_TOGGLE_PLAY),
        Output(ids.PLAY_INTERVAL, "disabled"),
        Input(ids.PLAY, "n_clicks"),
        State(ids.PLAY_INTERVAL, "disabled"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction(ids.CLIENTSIDE_NAMESPACE, "playLabel"),
        Output(ids.PLAY, "children"),
        Output(ids.PLAY, "aria-label"),
        Input(ids.PLAY_INTERVAL, "disabled"),
        prevent_initial_call=True,
    )

    def on_situation(value):
        return render_situation(value, dataset)

    app.callback(
        Output(ids.SITUATION, "children"),
        Input(ids.TIMELINE, "value"),
        prevent_initial_call=True,
    )(on_situation)

    def on_select(_item_clicks, _clear_clicks):
        triggered_value = ctx.triggered[0]["value"] if ctx.triggered else None
        return select(ctx.triggered_id, triggered_value)

    def on_detail(selection, value, precision):
        return render_detail(selection, value, dataset, precision)

    def on_list(value, precision):
        return render_list(value, dataset, precision)

    app.clientside_callback(
        ClientsideFunction(ids.CLIENTSIDE_NAMESPACE, ids.CLIENTSIDE_SELECT_FROM_MAP),
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Input(ids.MAP, "clickData"),
        State(ids.CLIENT_DATA, "data"),
        prevent_initial_call=True,
    )

    app.callback(
        Output(ids.SELECTION, "data"),
        Input({"type": ids.EVENT_ITEM, "index": ALL}, "n_clicks"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        prevent_initial_call=True,
    )(on_select)

    app.callback(
        Output(ids.DETAIL, "children"),
        Input(ids.SELECTION, "data"),
        Input(ids.TIMELINE, "value"),
        Input(ids.PRECISION_FILTER, "value"),
    )(on_detail)

    app.callback(
        Output(ids.EVENT_LIST, "children"),
        Output(ids.EVENT_LIST_SUMMARY, "children"),
        Input(ids.TIMELINE, "value"),
        Input(ids.PRECISION_FILTER, "value"),
        prevent_initial_call=True,
    )(on_list)
