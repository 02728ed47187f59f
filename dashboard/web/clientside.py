"""The clientside callbacks: which browser function (assets/client/*.js) each component
change runs. The map, the slider's steering, the address bar and the panels' drawing run
in the browser; the server's three callbacks are in :mod:`dashboard.web.callbacks`.

Function names are :mod:`dashboard.views.ids` constants (``CLIENTSIDE_*``); a unit test
checks the browser registers each of them.
"""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output, State

from dashboard.views import ids

FILTER_CONTROLS = (
    (ids.FILTER_CATEGORY, "value"),
    (ids.FILTER_ACTOR, "value"),
    (ids.FILTER_CONFIDENCE, "value"),
    (ids.FILTER_TEXT, "value"),
    (ids.PRECISION_FILTER, "value"),
    (ids.FILTER_CORROBORATED, "value"),
    (ids.FILTER_REPORTED_WITHIN, "value"),
    (ids.FILTER_CLAIMED_BY, "value"),
)
"""The controls the filter's Reset clears and a shared link sets, in this order."""


def filter_outputs(allow_duplicate: bool = False) -> list[Output]:
    return [Output(c, p, allow_duplicate=allow_duplicate) for c, p in FILTER_CONTROLS]


def _function(name: str) -> ClientsideFunction:
    return ClientsideFunction(ids.CLIENTSIDE_NAMESPACE, name)


def register_clientside(app: Dash) -> None:
    """Attach every clientside callback to ``app``."""
    add = app.clientside_callback
    # The hot path: timeline.value is the one holder of the dates; this draws the map,
    # the date words and the counts for it (40-map.js) and moves the strip's band.
    add(
        _function(ids.CLIENTSIDE_UPDATE_VIEW),
        Output(ids.DENSITY, "figure"),
        Input(ids.TIMELINE, "value"),
        Input(ids.LAYER_TOGGLES, "value"),
        Input(ids.PRECISION_FILTER, "value"),
        Input(ids.NAME_CONVENTION, "value"),
        Input(ids.FILTER_MASK, "data"),
        Input(ids.TIMELINE_MODE, "value"),
        State(ids.CLIENT_DATA, "data"),
    )
    # Everything that moves the dates writes timeline.value, held to the mode.
    add(
        _function(ids.CLIENTSIDE_STEER),
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
        State(ids.FILTER_MASK, "data"),
        prevent_initial_call=True,
    )
    add(
        _function(ids.CLIENTSIDE_RELOAD_PAGE),
        Output(ids.DATA_NOTICE, "className"),
        Input(ids.RELOAD_PAGE, "n_clicks"),
        prevent_initial_call=True,
    )
    add(
        _function(ids.CLIENTSIDE_TOGGLE_PLAY),
        Output(ids.PLAY_INTERVAL, "disabled"),
        Input(ids.PLAY, "n_clicks"),
        State(ids.PLAY_INTERVAL, "disabled"),
        prevent_initial_call=True,
    )
    add(
        _function(ids.CLIENTSIDE_PLAY_LABEL),
        Output(ids.PLAY, "children"),
        Output(ids.PLAY, "aria-label"),
        Input(ids.PLAY_INTERVAL, "disabled"),
        prevent_initial_call=True,
    )
    # The text panels follow the slider once it rests, so scrubbing and playback send
    # no server requests per step (the map updates in the browser meanwhile).
    add(
        _function(ids.CLIENTSIDE_SETTLE),
        Output(ids.SETTLED_RANGE, "data"),
        Input(ids.TIMELINE, "value"),
        prevent_initial_call=True,
    )
    # A plain address has nothing to restore: only a query reaches the server.
    add(
        _function(ids.CLIENTSIDE_LINK_QUERY),
        Output(ids.LINK_QUERY, "data"),
        Input(ids.URL, "search"),
    )
    add(
        _function(ids.CLIENTSIDE_SYNC_URL),
        Output(ids.URL_SYNC, "data"),
        Output(ids.SHARE_URL, "value"),
        Output(ids.EXPORT_CSV, "href"),
        Output(ids.EXPORT_GEOJSON, "href"),
        Output(ids.EXPORT_LAYERS, "href"),
        # the address bar and the share/export links follow the slider once it rests:
        # four fewer property updates for Dash on every step of a scrub
        Input(ids.SETTLED_RANGE, "data"),
        Input(ids.TIMELINE_MODE, "value"),
        Input(ids.WINDOW_LENGTH, "value"),
        Input(ids.SELECTION, "data"),
        Input(ids.FILTER_STATE, "data"),
        Input(ids.PRECISION_FILTER, "value"),
        Input(ids.NAME_CONVENTION, "value"),
        Input(ids.LAYER_TOGGLES, "value"),
        Input(ids.MAP_VIEW, "data"),
        Input(ids.STORY, "data"),
        State(ids.CLIENT_DATA, "data"),
        State(ids.PAGE, "className"),
    )
    # (the map is not a Dash component: these two draw on it directly, see boot.py)
    add(
        _function(ids.CLIENTSIDE_APPLY_CAMERA),
        Output(ids.MAP_VIEW, "data", allow_duplicate=True),
        Input(ids.MAP_CAMERA, "data"),
        prevent_initial_call=True,
    )
    add(
        _function(ids.CLIENTSIDE_HIGHLIGHT),
        Output(ids.DENSITY, "figure", allow_duplicate=True),
        Input(ids.HIGHLIGHT, "data"),
        State(ids.CLIENT_DATA, "data"),
        prevent_initial_call=True,
    )
    add(
        _function(ids.CLIENTSIDE_RESET_FILTERS),
        *filter_outputs(),
        Input(ids.FILTER_CLEAR, "n_clicks"),
        prevent_initial_call=True,
    )
    # A click on a chronology entry or on a detail's place selects it in the browser
    # (delegated listener on button[data-token]); Clear empties the selection.
    add(
        _function(ids.CLIENTSIDE_CLEAR_SELECTION),
        Output(ids.SELECTION, "data"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        prevent_initial_call=True,
    )
    add(
        _function(ids.CLIENTSIDE_RENDER_CARDS),
        Output(ids.DETAIL_RENDERED, "data"),
        Input(ids.DETAIL_CARDS, "data"),
    )
    # A story's step moves the page through the same properties a reader's moves set.
    add(
        _function(ids.CLIENTSIDE_APPLY_STORY),
        Output(ids.TIMELINE, "value", allow_duplicate=True),
        Output(ids.TIMELINE_MODE, "value", allow_duplicate=True),
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Output(ids.LAYER_TOGGLES, "value", allow_duplicate=True),
        Output(ids.MAP_CAMERA, "data", allow_duplicate=True),
        Input(ids.STORY, "data"),
        State(ids.STORIES, "data"),
        State(ids.PAGE, "className"),
        prevent_initial_call=True,
    )
    add(
        _function(ids.CLIENTSIDE_RENDER_LIST),
        Output(ids.EVENT_LIST_RENDERED, "data"),
        Input(ids.EVENT_LIST_ROWS, "data"),
    )
