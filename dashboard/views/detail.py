"""Panels built from data: the detail of a site, layer feature or event, and the event list.

Every string from the data goes into a component as text, never as HTML, and
only http(s) URLs become links.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from dash import html

from dashboard.data import schema
from dashboard.data.dates import day_text, parse_day
from dashboard.data.filters import layer_status
from dashboard.data.loading import Dataset
from dashboard.data.queries import (
    event_at,
    newest_first_rows,
    rows_at_site,
    rows_between,
    rows_passing,
)
from dashboard.views.cards import card_row, linkify, list_row, safe_link
from dashboard.views.figures import site_label

NAME_TAGS = {
    "hy": "Armenian",
    "hy-lat": "Armenian (Latin)",
    "az": "Azerbaijani",
    "az-lat": "Azerbaijani (English spelling)",
    "ru": "Russian",
    "ru-lat": "Russian (Latin)",
    "en": "English",
    "hist": "Historical",
    "alt": "Other spelling",
}
LAYER_SITES = {"peacekeeping_zone": "nagorno_karabakh", "lachin_corridor": "lachin_corridor"}
LIST_LIMIT = 250  # chronology rows per answer (plain data drawn as text nodes); then a note
DETAIL_LIMIT = 20  # event cards per section of the detail panel


class DetailPanel(NamedTuple):
    """The detail panel: what the selection is (Dash components), then its event cards.

    The cards are plain data (``card_row``) drawn by the browser as text nodes
    (assets/client/70-panels.js ``renderCards``): twenty cards as Dash components were about
    400 components, 16 ms of the server's time per panel at a busy site.
    """

    head: list
    cards: Sequence[dict[str, Any]] = ()
    after: str | None = None  # a note under the cards

    def cards_data(self) -> dict[str, Any]:
        return {"cards": list(self.cards), "after": self.after}


def _names(site: pd.Series) -> html.Div:
    rows = [html.Li([html.Span("English: ", className="label"), site["name_en"]])]
    for name in site["names"]:
        tag = NAME_TAGS.get(name["tag"], name["tag"])
        rows.append(html.Li([html.Span(f"{tag}: ", className="label"), name["name"]]))
    return html.Div([html.H4("Names"), html.Ul(rows, className="names")])


def _range_words(start: date, end: date) -> str:
    return f"{day_text(start)} and {day_text(end)}"


def _event_section(
    dataset: Dataset, rows: np.ndarray, all_at_place: int, start: date, end: date, what: str
) -> DetailPanel:
    """The events at ``rows``: a heading and their cards (newest first, at most
    ``DETAIL_LIMIT``), or a note saying there are none in the dates."""
    if not len(rows):
        more = (
            f" It has {all_at_place} event{'s' if all_at_place != 1 else ''} at other dates:"
            " widen the timeline to see them."
            if all_at_place
            else ""
        )
        note = f"No events at {what} between {_range_words(start, end)}.{more}"
        return DetailPanel([html.P(note, className="empty-note")])
    noun = "event" if len(rows) == 1 else "events"
    shown = newest_first_rows(dataset.days, rows, DETAIL_LIMIT)
    more = len(rows) - len(shown)
    return DetailPanel(
        [html.H4(f"{len(rows)} {noun} between {_range_words(start, end)}, newest first")],
        _cards(dataset, shown),
        f"{more} older events not shown: narrow the dates." if more > 0 else None,
    )


def _cards(dataset: Dataset, rows: np.ndarray) -> list[dict[str, Any]]:
    return [card_row(event_at(dataset.store, dataset.days, row)) for row in rows.tolist()]


def _events_at_place(
    dataset: Dataset,
    site_id: str,
    start: date,
    end: date,
    included: list[str] | None,
    kept: np.ndarray | None,
) -> tuple[np.ndarray, int]:
    """(rows at the site in the dates, how many it has at any date), precision and filter
    applied."""
    days = dataset.days
    at_site = rows_passing(days, rows_at_site(dataset.store, site_id), included, kept)
    selected = rows_between(days, days.day(start), days.day(end), rows=at_site)
    return selected, len(at_site)


def site_detail(
    dataset: Dataset,
    site_id: str,
    start: date,
    end: date,
    included: list[str] | None = None,
    kept: np.ndarray | None = None,
) -> DetailPanel:
    """The detail panel for a site: names, location provenance, its events in the dates.

    ``kept``: a bool per event of ``dataset.events``, the user's filter (None = all).
    """
    if site_id not in dataset.sites.index:
        return DetailPanel([html.P(f"Unknown site {site_id!r}.", className="empty-note")])
    site = dataset.sites.loc[site_id]
    selected, at_any_date = _events_at_place(dataset, site_id, start, end, included, kept)
    location = []
    if site.geometry is None or site.geometry.is_empty:
        location.append("No sourced coordinate: not drawn as a point on the map.")
    else:
        location.append(
            f"{site.geometry.y:.5f}° N, {site.geometry.x:.5f}° E ({site['location_precision']})."
        )
    if site.get("coord_method") and site["coord_method"] != "from source":
        location.append(" " + site["coord_method"])
    provenance = [html.Span("Location: ", className="label"), *location]
    if site.get("coord_source"):
        provenance += [" Source: ", safe_link(site["coord_source"])]
    children = [
        html.H3(site_label(site)),
        html.P(
            f"{site['kind'].replace('_', ' ').capitalize()} · site id: {site_id}", className="muted"
        ),
        html.P(provenance, className="provenance"),
    ]
    if site.get("notes"):
        children.append(html.P(linkify(site["notes"]), className="site-notes"))
    children += held_by_items(site)
    children.append(_names(site))
    section = _event_section(dataset, selected, at_any_date, start, end, "this site")
    return section._replace(head=children + section.head)


def held_by_items(site: pd.Series) -> list:
    """Who held the place when (its ``held_by`` periods, each with its source) and the
    caveat when the point is drawn on the other side of a line."""
    items = []
    for period in site.get("held_by") or []:
        start, end = period.get("from"), period.get("to")
        when = [f"from {day_text(parse_day(start))}"] if start else []
        when += [f"until {day_text(parse_day(end))}"] if end else []
        words = f"{schema.HOLDERS[period['side']]} {' '.join(when) or 'throughout the mission'}"
        source = period.get("source_name") or period["source_url"]
        items.append(html.Li([words, " — ", safe_link(period["source_url"], source)]))
    out = [html.Div([html.Span("Held by", className="label"), html.Ul(items)], className="held-by")]
    if not items:
        out = []
    if site.get("caveat"):
        out.append(html.P(["Caveat: ", site["caveat"]], className="site-caveat"))
    return out


def find_layer_feature(dataset: Dataset, feature_id: str) -> tuple[str, pd.Series] | None:
    for layer_id, layer in dataset.layers.items():
        if feature_id in layer.index:
            return layer_id, layer.loc[feature_id]
    return None


def layer_detail(
    dataset: Dataset,
    feature_id: str,
    start: date,
    end: date,
    included: list[str] | None = None,
    kept: np.ndarray | None = None,
) -> DetailPanel:
    """The detail panel for a line or area: what it is, its dates, provenance, related events.

    ``kept``: a bool per event of ``dataset.events``, the user's filter (None = all).
    """
    found = find_layer_feature(dataset, feature_id)
    if found is None:
        return DetailPanel([html.P(f"Unknown map feature {feature_id!r}.", className="empty-note")])
    layer_id, row = found
    status = layer_status(row["valid_from"], row["valid_to"], end)
    status_words = {
        "current": "in force",
        "former": "no longer in force",
        "future": "not yet in force",
    }[status]
    valid_from = day_text(date.fromisoformat(row["valid_from"])) if row["valid_from"] else "open"
    valid_to = day_text(date.fromisoformat(row["valid_to"])) if row["valid_to"] else "open"
    children = [
        html.H3(row["name"]),
        html.P(
            [
                html.Span(
                    f"{row['accuracy'].upper()}", className=f"accuracy accuracy-{row['accuracy']}"
                ),
                f" · in force from {valid_from} to {valid_to} · on {day_text(end)}: {status_words}",
            ],
            className="muted",
        ),
        html.P(row["description"]),
        html.P([html.Span("Geometry source: ", className="label"), *linkify(row["source"])]),
        html.P([html.Span("Licence: ", className="label"), row["licence"]], className="muted"),
    ]
    documented = _rows_of_events(dataset, row.get("events") or [], kept)
    if len(documented):
        children.append(html.H4("Documented by these events (all dates), newest first"))
        return DetailPanel(children, _cards(dataset, newest_first_rows(dataset.days, documented)))
    related = LAYER_SITES.get(layer_id)
    if related and related in dataset.sites.index:
        selected, at_any_date = _events_at_place(dataset, related, start, end, included, kept)
        name = site_label(dataset.sites.loc[related])
        children.append(html.H4(f"Events recorded for: {name}", className="related"))
        section = _event_section(dataset, selected, at_any_date, start, end, name)
        return section._replace(head=children + section.head)
    return DetailPanel(children)


def _rows_of_events(dataset: Dataset, event_ids: list[str], kept: np.ndarray | None) -> np.ndarray:
    """The rows of the listed events that exist and pass the filter, in list order."""
    rows = dataset.events.index.get_indexer(pd.Index(event_ids, dtype=object))
    rows = rows[rows >= 0]
    return rows if kept is None else rows[kept[rows]]


def row_of(dataset: Dataset, event_id: str) -> int | None:
    """The row of ``event_id`` in ``dataset.events``, or None if there is no such event."""
    try:
        found = dataset.events.index.get_loc(event_id)
    except (KeyError, TypeError):
        return None
    return found if isinstance(found, int) else None


def event_detail(dataset: Dataset, event_id: str, kept: np.ndarray | None = None) -> DetailPanel:
    """The detail panel for one event (unknown if the filter ``kept`` hides it)."""
    row = row_of(dataset, event_id)
    if row is None or (kept is not None and not kept[row]):
        return DetailPanel([html.P(f"Unknown event {event_id!r}.", className="empty-note")])
    event = event_at(dataset.store, dataset.days, row)
    site = dataset.sites.loc[event["site"]]
    place = [
        html.P(
            [
                "Place: ",
                html.Button(
                    site_label(site),
                    # a click selects the site (assets/client/70-panels.js: any button[data-token])
                    **{"data-token": f"site:{site.name}"},
                    className="link-button",
                ),
            ],
            className="muted",
        )
    ]
    return DetailPanel(place, [card_row(event)])


def placeholder() -> DetailPanel:
    return DetailPanel(
        [
            html.P(
                "Click a site, a line or an area on the map, or an event in the list, to read what "
                "happened there, with sources.",
                className="empty-note",
            )
        ]
    )


def list_places(dataset: Dataset) -> dict[str, str]:
    """Each site's label in the chronology (``... (not on map)`` for sites with no point)."""

    def where(site: pd.Series) -> str:
        mapped = site.geometry is not None and not site.geometry.is_empty
        return site_label(site) + ("" if mapped else " (not on map)")

    return dataset.store.memo(
        "list_places", lambda: {sid: where(site) for sid, site in dataset.sites.iterrows()}
    )


def event_list(
    dataset: Dataset,
    start: date,
    end: date,
    included: list[str] | None = None,
    selected: str | None = None,
    kept: np.ndarray | None = None,
) -> tuple[list[dict[str, Any]], str]:
    """Chronological list of the events in the dates (region-wide ones included), as rows.

    ``kept``: a bool per event of ``dataset.events``, the user's filter (None = all).
    """
    chosen = selected or ""
    days = dataset.days
    rows = rows_between(days, days.day(start), days.day(end), included, kept)
    places = list_places(dataset)
    items = []
    for row in rows[:LIST_LIMIT].tolist():
        event = dataset.store.record(row)
        site = event["site"]
        selected_here = chosen in (f"event:{event['id']}", f"site:{site}")
        items.append(list_row(event, places[site], selected_here))
    total = len(rows)
    summary = f"{total} event{'s' if total != 1 else ''} between {_range_words(start, end)}"
    if total > LIST_LIMIT:
        summary += f" (first {LIST_LIMIT} listed)"
    return items, summary
