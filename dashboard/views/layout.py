"""The page, as small panel builders composed in :func:`build_layout`."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
from dash import dcc, html

from dashboard.data import schema
from dashboard.data.dates import day_text, to_index
from dashboard.data.loading import Dataset
from dashboard.views import ids
from dashboard.views.controls import filter_panel, inline_radio, legend_panel
from dashboard.views.detail import placeholder
from dashboard.views.releases import release_section
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
    ("◀ Event", ids.STEP_PREV, "tl-button", "Previous event ([)", "Previous event"),
    ("▶ Play", ids.PLAY, "tl-button play", "Play / pause", "Play"),
    ("Event ▶", ids.STEP_NEXT, "tl-button", "Next event (])", "Next event"),
)


def range_words(start: date, end: date) -> str:
    days = (end - start).days + 1
    return f"{day_text(start)} – {day_text(end)} ({days:,} day{'s' if days != 1 else ''})"


def header(*extra) -> html.Header:
    return html.Header(
        [
            *(e for e in extra if e is not None),
            html.H1("Russian peacekeepers in Nagorno-Karabakh, 2020–2024"),
            html.P(
                "From the trilateral statement of 10 November 2020 to the withdrawal of 2024: "
                "where the contingent was, what happened, and who reported it.",
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
                    html.Span("Selected dates: ", className="label"),
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
                config={"displayModeBar": False, "responsive": True},
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
                            text,
                            id=button_id,
                            n_clicks=0,
                            className=class_name,
                            title=title,
                            **{"aria-label": label},
                        )
                        for text, button_id, class_name, title, label in TRANSPORT_BUTTONS
                    ),
                    dcc.Dropdown(
                        id=ids.PLAY_SPEED,
                        options=[{"label": label, "value": v} for v, label in SPEEDS.items()],
                        value=DEFAULT_SPEED,
                        clearable=False,
                        searchable=False,
                        className="tl-dropdown",
                    ),
                    dcc.Checklist(
                        id=ids.PLAY_LOOP,
                        options=[{"label": "Loop", "value": "loop"}],
                        value=[],
                        className="tl-loop",
                    ),
                    inline_radio(ids.TIMELINE_MODE, MODES, schema.DEFAULT_MODE, "tl-modes"),
                    dcc.Dropdown(
                        id=ids.WINDOW_LENGTH,
                        options=[
                            {"label": label, "value": v} for v, label in WINDOW_LENGTHS.items()
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
                [html.Span("Key dates: ", className="label")]
                + [
                    html.Button(
                        [html.Span(key["date"], className="key-date-day"), " ", key["label"]],
                        id={"type": ids.KEY_DATE, "index": key["index"]},
                        n_clicks=0,
                        className="key-date",
                        title=f"Set the end date to {key['date']} ({key['event']})",
                    )
                    for key in key_dates(dataset)
                ],
                className="key-dates",
            ),
            dcc.Interval(id=ids.PLAY_INTERVAL, interval=PLAY_TICK_MS, disabled=True),
            html.P(
                "Arrow keys move a handle by a day, Page Up/Down by a month, Home/End to the "
                "ends; [ and ] step between events. Click or drag across the strip to select "
                "a period. Lines and areas show the situation on the end date.",
                className="hint",
            ),
        ],
        className="timeline-panel",
        **{"aria-label": "Timeline"},
    )


def situation_section(children: list) -> html.Section:
    return html.Section(
        [html.H2("Situation on the end date"), html.Div(children, id=ids.SITUATION)],
        className="panel situation-panel",
        **{"aria-live": "polite"},
    )


def detail_panel() -> html.Section:
    initial = placeholder()
    return html.Section(
        [
            html.Div(
                [
                    html.H2("Details"),
                    html.Button(
                        "Clear", id=ids.CLEAR_SELECTION, className="clear-button", n_clicks=0
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
            html.H2("Chronology"),
            html.P(summary, id=ids.EVENT_LIST_SUMMARY, className="muted"),
            # filled by the browser from the rows in the store (assets/client/70-panels.js)
            html.Ol(id=ids.EVENT_LIST, className="event-list"),
            dcc.Store(id=ids.EVENT_LIST_ROWS, data=rows),
        ],
        className="panel list-panel",
    )


def share_panel(dataset: Dataset) -> html.Section:
    layers_href = f"/export/layers.geojson?at={dataset.span[1].isoformat()}"
    return html.Section(
        [
            html.H2("Share, cite, export"),
            html.Label("Link to this view", htmlFor=ids.SHARE_URL, className="control-title"),
            html.Div(
                [
                    dcc.Input(id=ids.SHARE_URL, type="text", readOnly=True, className="share-url"),
                    dcc.Clipboard(
                        id=ids.COPY_LINK,
                        target_id=ids.SHARE_URL,
                        title="Copy link",
                        className="copy-link",
                    ),
                ],
                className="share-row",
            ),
            html.P(
                [
                    "Download the events in view, with their sources and a citation line: ",
                    html.A("CSV", id=ids.EXPORT_CSV, href="/export/events.csv", download=""),
                    " · ",
                    html.A(
                        "GeoJSON", id=ids.EXPORT_GEOJSON, href="/export/events.geojson", download=""
                    ),
                    ". The map's layers in force on the end date: ",
                    html.A("GeoJSON", id=ids.EXPORT_LAYERS, href=layers_href, download=""),
                    "; every dated feature with its validity: ",
                    html.A("CSV", href="/export/layers.csv", download=""),
                    ". The map's camera button saves it as an image.",
                ],
                className="export-links",
            ),
        ],
        className="panel share-panel",
    )


def about_panel(dataset: Dataset) -> html.Details:
    return html.Details(
        [
            html.Summary("About this map: data, method, caveats"),
            html.P(
                "The map shows the Russian peacekeeping contingent's area of deployment in "
                "Nagorno-Karabakh under the trilateral statement of 10 November 2020, the "
                "Lachin corridor and the line of contact, with a chronology of "
                f"{len(dataset.events)} sourced events up to the withdrawal of 2024."
            ),
            html.P(
                "Events were compiled from stored copies of public news and official pages; "
                "each has a primary source and a confidence level (high: reputable outlet or "
                "official statement not contradicted on the core fact; medium: single or "
                "partisan source, or a contested claim; low: unverified). Notes record each "
                "side's conflicting claims. Names are given as each side uses them."
            ),
            html.P(
                "Geometry is approximate or schematic and labelled as such: the 2020 line of "
                "contact and the zone are Natural Earth 1:10m generalisations (the line runs "
                "about 4 km south of Shusha/Shushi, which was Azerbaijani-held from 8 Nov "
                "2020); the corridor roads are straight lines between settlements, not road "
                "traces; the Hakari bridge point is derived where the bypass meets the border."
            ),
            *release_section(dataset),
            html.P(f"Dataset version {dataset.version}.", className="muted"),
        ],
        id=ids.ABOUT,
        className="about",
    )


def footer() -> html.Footer:
    return html.Footer(
        [
            html.P(
                [
                    "Borders, rivers, lakes, line of contact and zone: Made with Natural Earth "
                    "(public domain). Site coordinates: Wikipedia infoboxes, cited per site "
                    "(CC BY-SA). Corridor waypoints: GeoNames (",
                    html.A(
                        "www.geonames.org",
                        href="https://www.geonames.org/",
                        target="_blank",
                        rel="noopener noreferrer",
                    ),
                    "), CC BY 4.0. Events: sources cited per event. No map tiles: the basemap "
                    "is bundled. No OpenStreetMap data.",
                ]
            )
        ],
        className="page-footer",
    )


def data_notice() -> html.Div:
    """Shown instead of new panels when the server's data changed after this page was opened."""
    return html.Div(
        [
            html.Strong("The data changed since this page was opened. "),
            "The panels no longer match the map: reload the page to see the new data. ",
            html.Button("Reload", id=ids.RELOAD_PAGE, className="notice-button", n_clicks=0),
        ],
        id=ids.DATA_NOTICE,
        className="url-notice data-notice",
        role="alert",
        hidden=True,
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
            header(stories_menu(dataset)),
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
        ],
        id=ids.PAGE,
        className="page",
    )
