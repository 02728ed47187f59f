"""The page, as small panel builders composed in :func:`build_layout`."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
from dash import dcc, html

from dashboard.data import schema
from dashboard.data.dates import day_text, to_index
from dashboard.data.loading import Dataset
from dashboard.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    _,
    current_language,
    format_number,
    ngettext,
)
from dashboard.views import ids
from dashboard.views.controls import filter_panel, inline_radio, legend_panel
from dashboard.views.detail import placeholder
from dashboard.views.sections import about_panel, data_notice, footer, share_panel
from dashboard.views.stories import client_stories, stories_menu, story_card
from dashboard.views.timeline import (
    DEFAULT_SPEED,
    DEFAULT_WINDOW,
    MODES,
    PLAY_TICK_MS,
    SPEEDS,
    WINDOW_LENGTHS,
    key_dates,
)

LANGUAGE_PARAM = schema.LINK_PARAMS["language"]
GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"filename": "karabakh-peacekeeping-map", "scale": 2},
    # The geo subplot only fetches topojson for built-in base layers, which are all
    # off; should it ever try, it asks this app, never a CDN.
    "topojsonURL": "/assets/topojson/",
}

# The timeline's transport buttons: (text, id, class, tooltip, accessible name).
TRANSPORT_BUTTONS = (
    (N_("◀ Event"), ids.STEP_PREV, "tl-button", N_("Previous event ([)"), N_("Previous event")),
    (N_("▶ Play"), ids.PLAY, "tl-button play", N_("Play / pause"), N_("Play")),
    (N_("Event ▶"), ids.STEP_NEXT, "tl-button", N_("Next event (])"), N_("Next event")),
)


def range_words(start: date, end: date) -> str:
    days = (end - start).days + 1
    count = ngettext("{n} day", "{n} days", days).format(n=format_number(days))
    return f"{day_text(start)} – {day_text(end)} ({count})"


def language_switch() -> html.Nav:
    """The interface languages, each named in itself; a link reloads the page in it
    (assets/client/60-url.js keeps each link's view in step with the page's)."""
    current = current_language()
    links = [
        html.A(
            LANGUAGE_NAMES[code],
            href=f"?{LANGUAGE_PARAM}={code}",
            lang=code,
            hrefLang=code,
            className="language-link",
            **({"aria-current": "true"} if code == current else {}),
        )
        for code in LANGUAGES
    ]
    return html.Nav(
        links,
        id=ids.LANGUAGE_SWITCH,
        className="language-switch",
        **{"aria-label": _("Interface language")},
    )


def header(*extra) -> html.Header:
    return html.Header(
        [
            *(e for e in extra if e is not None),
            html.H1(_("Russian peacekeepers in Nagorno-Karabakh, 2020–2024")),
            html.P(
                _(
                    "From the trilateral statement of 10 November 2020 to the withdrawal of "
                    "2024: where the contingent was, what happened, and who reported it."
                ),
                className="subtitle",
            ),
        ],
        className="page-header",
    )


def timeline_panel(dataset: Dataset, value: list[int], density: go.Figure) -> html.Section:
    origin, last = dataset.span
    maximum = to_index(last, origin)
    marks = {}
    for year in range(origin.year + 1, last.year + 1):
        index = to_index(date(year, 1, 1), origin)
        if 0 < index < maximum:
            marks[index] = {"label": str(year)}
    start, end = dataset.span
    return html.Section(
        [
            html.Div(
                [
                    html.Span(_("Selected dates:") + " ", className="label"),
                    html.Strong(range_words(start, end), id=ids.RANGE_TEXT),
                    html.Span(" · ", className="muted"),
                    html.Span(id=ids.EVENT_COUNT, className="event-count"),
                ],
                className="timeline-readout",
                role="status",
                **{"aria-live": "polite"},
            ),
            dcc.Graph(
                id=ids.DENSITY,
                figure=density,
                config={"displayModeBar": False, "responsive": True, "locale": current_language()},
                className="density",
                clear_on_unhover=True,
            ),
            dcc.RangeSlider(
                id=ids.TIMELINE,
                min=0,
                max=maximum,
                step=1,
                value=value,
                marks=marks,
                allowCross=False,
                updatemode="drag",
                allow_direct_input=False,
                tooltip={
                    "placement": "top",
                    "always_visible": False,
                    "transform": ids.SLIDER_TOOLTIP_FUNCTION,
                },
                className="timeline-slider",
            ),
            html.Div(
                [
                    *(
                        html.Button(
                            _(text),
                            id=button_id,
                            n_clicks=0,
                            className=class_name,
                            title=_(title),
                            **{"aria-label": _(label)},
                        )
                        for text, button_id, class_name, title, label in TRANSPORT_BUTTONS
                    ),
                    dcc.Dropdown(
                        id=ids.PLAY_SPEED,
                        options=[{"label": _(label), "value": v} for v, label in SPEEDS.items()],
                        value=DEFAULT_SPEED,
                        clearable=False,
                        searchable=False,
                        className="tl-dropdown",
                    ),
                    dcc.Checklist(
                        id=ids.PLAY_LOOP,
                        options=[{"label": _("Loop"), "value": "loop"}],
                        value=[],
                        className="tl-loop",
                    ),
                    inline_radio(ids.TIMELINE_MODE, MODES, schema.DEFAULT_MODE, "tl-modes"),
                    dcc.Dropdown(
                        id=ids.WINDOW_LENGTH,
                        options=[
                            {"label": _(label), "value": v} for v, label in WINDOW_LENGTHS.items()
                        ],
                        value=DEFAULT_WINDOW,
                        clearable=False,
                        searchable=False,
                        className="tl-dropdown",
                    ),
                ],
                className="timeline-controls",
            ),
            html.Div(
                [html.Span(_("Key dates:") + " ", className="label")]
                + [
                    html.Button(
                        [
                            html.Span(key["date"], className="key-date-day"),
                            " ",
                            html.Span(key["label"], lang="en"),
                        ],
                        id={"type": ids.KEY_DATE, "index": key["index"]},
                        n_clicks=0,
                        className="key-date",
                        title=_("Set the end date to {day} ({event})").format(
                            day=key["date"], event=key["event"]
                        ),
                    )
                    for key in key_dates(dataset)
                ],
                className="key-dates",
            ),
            dcc.Interval(id=ids.PLAY_INTERVAL, interval=PLAY_TICK_MS, disabled=True),
            html.P(
                _(
                    "Arrow keys move a handle by a day, Page Up/Down by a month, Home/End to "
                    "the ends; [ and ] step between events. Click or drag across the strip to "
                    "select a period. Lines and areas show the situation on the end date."
                ),
                className="hint",
            ),
        ],
        className="timeline-panel",
        **{"aria-label": _("Timeline")},
    )


def situation_section(children: list) -> html.Section:
    return html.Section(
        [html.H2(_("Situation on the end date")), html.Div(children, id=ids.SITUATION)],
        className="panel situation-panel",
        **{"aria-live": "polite"},
    )


def detail_panel() -> html.Section:
    initial = placeholder()
    return html.Section(
        [
            html.Div(
                [
                    html.H2(_("Details")),
                    html.Button(
                        _("Clear"), id=ids.CLEAR_SELECTION, className="clear-button", n_clicks=0
                    ),
                ],
                className="panel-head",
            ),
            html.Div(
                [
                    html.Div(initial.head, id=ids.DETAIL_HEAD),
                    # filled by assets/client/70-panels.js renderCards; Dash never renders into it
                    html.Div(id=ids.DETAIL_EVENTS),
                    dcc.Store(id=ids.DETAIL_CARDS, data=initial.cards_data()),
                    dcc.Store(id=ids.DETAIL_RENDERED, data=0),
                ],
                id=ids.DETAIL,
                **{"aria-live": "polite"},
            ),
        ],
        className="panel detail-panel",
    )


def list_panel(rows: list[dict], summary: str) -> html.Section:
    return html.Section(
        [
            html.H2(_("Chronology")),
            *(
                [
                    html.P(
                        _("Event titles are in English, the language of the record."),
                        className="data-language muted",
                    )
                ]
                if current_language() != "en"
                else []
            ),
            html.P(summary, id=ids.EVENT_LIST_SUMMARY, className="muted"),
            # filled by the browser from the rows in the store (assets/client/70-panels.js)
            html.Ol(id=ids.EVENT_LIST, className="event-list"),
            dcc.Store(id=ids.EVENT_LIST_ROWS, data=rows),
        ],
        className="panel list-panel",
    )


def build_layout(
    dataset: Dataset,
    client: dict,
    list_items: list,
    list_summary: str,
    density: go.Figure,
    situation: list,
) -> html.Div:
    maximum = to_index(dataset.span[1], dataset.span[0])
    # Every dcc.Store starts with a value that is not None ("" or {} for "nothing"): a
    # Store whose data is None reports it as changed when it mounts, which fired the
    # panels, the filter and the link restore on every page load.
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.LINK_QUERY, data=""),
            header(stories_menu(dataset), language_switch()),
            html.Div(id=ids.URL_NOTICE, className="url-notice", role="alert"),
            data_notice(),
            html.Main(
                [
                    html.Div(
                        [
                            story_card(),
                            # the map, drawn before Dash renders, moves in here (boot.py)
                            html.Div(id=ids.MAP_SLOT, className="map-slot"),
                            timeline_panel(dataset, [0, maximum], density),
                            situation_section(situation),
                            about_panel(dataset),
                        ],
                        className="map-column",
                    ),
                    html.Aside(
                        [
                            detail_panel(),
                            filter_panel(dataset),
                            legend_panel(),
                            list_panel(list_items, list_summary),
                            share_panel(dataset),
                        ],
                        className="sidebar",
                    ),
                ],
                className="page-main",
            ),
            footer(),
            dcc.Store(id=ids.CLIENT_DATA, data=client),
            dcc.Store(id=ids.SELECTION, data=""),
            dcc.Store(id=ids.STORIES, data=client_stories(dataset)),
            dcc.Store(id=ids.STORY, data=""),
            dcc.Store(id=ids.SINCE, data=""),
            dcc.Store(id=ids.EVENT_LIST_RENDERED, data=0),
            dcc.Store(id=ids.URL_SYNC, data=""),
            dcc.Store(id=ids.HIGHLIGHT, data={}),
            dcc.Store(id=ids.SETTLED_RANGE, data=[0, maximum]),
            dcc.Store(id=ids.MAP_VIEW, data={}),
            dcc.Store(id=ids.MAP_CAMERA, data={}),
            dcc.Store(id=ids.DATA_VERSION, data=dataset.version),
            dcc.Store(id=ids.LANGUAGE, data=current_language()),
        ],
        id=ids.PAGE,
        className="page",
    )
