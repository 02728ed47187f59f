"""Panels built from data: the detail of a site, layer feature or event, and the event list.

Every string from the data goes into a component as text, never as HTML, and
only http(s) URLs become links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from dash import html

from dashboard import schema
from dashboard.data import Dataset
from dashboard.dates import day_text, event_date_text
from dashboard.event_index import (
    NO_ROWS,
    EventIndex,
    index_of,
    newest_first_rows,
    rows_between,
    rows_passing,
)
from dashboard.figures import site_label
from dashboard.filters import layer_status

URL_RE = re.compile(r"https?://[^\s,;)]+")
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
LIST_LIMIT = 100  # the chronology lists this many; more is a page the browser chokes on
DETAIL_LIMIT = 20  # event cards per section of the detail panel


def safe_link(url: str, text: str | None = None) -> html.A | str:
    """A link for http(s) URLs; anything else (``javascript:``...) stays plain text."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return html.A(text or url, href=url, target="_blank", rel="noopener noreferrer")
    return text or str(url)


def linkify(text: str) -> list:
    """Text with its http(s) URLs turned into links, the rest kept as plain text."""
    parts: list = []
    pos = 0
    for match in URL_RE.finditer(text or ""):
        url = match.group(0).rstrip(".")
        parts.append(text[pos : match.start()])
        parts.append(safe_link(url))
        pos = match.start() + len(url)
    parts.append((text or "")[pos:])
    return [p for p in parts if p != ""]


def category_badge(category: str) -> html.Span:
    label, colour = schema.CATEGORIES.get(category, (category, "#777777"))
    return html.Span(label, className="badge", style={"borderColor": colour, "color": colour})


def _figures(figures: dict) -> html.Div | None:
    if not figures:
        return None
    items = [html.Li(f"{key.replace('_', ' ')}: {value}") for key, value in figures.items()]
    return html.Div([html.Span("Reported figures", className="label"), html.Ul(items)])


def contested_claims(claims: list) -> html.Div | None:
    """Each side's claim on a contested fact, with its source."""
    if not claims:
        return None
    items = []
    for claim in claims:
        source = claim.get("source_name") or ""
        link = safe_link(claim["source_url"], source) if claim.get("source_url") else source
        items.append(
            html.Li(
                [
                    html.Span(f"{claim['by']}: ", className="label"),
                    claim["claim"],
                    html.Span(" — ", className="muted"),
                    link if claim.get("source_url") else html.Span(f"{source} (no link)"),
                ]
            )
        )
    return html.Div(
        [html.Span("Contested: each side's claim", className="contested-flag"), html.Ul(items)],
        className="contested",
    )


def event_card(event: Mapping[str, Any]) -> html.Article:
    """One event in full: date with precision, title, summary, category, confidence, sources."""
    date_text = event_date_text(event["date"], event["date_precision"], event["end_date"])
    sources = []
    for src in event["sources"]:
        name = src.get("name") or src["url"]
        role = src.get("role")
        item = [safe_link(src["url"], name)]
        if role and role != "primary":
            item.append(html.Span(f" ({role})", className="muted"))
        sources.append(html.Li(item))
    children = [
        html.Div(
            [
                html.Time(date_text, dateTime=str(event["start"])),
                html.Span(f" · {event['date_precision']} precision", className="muted"),
                html.Span(f" · {event['id']}", className="muted event-id"),
            ],
            className="event-date",
        ),
        html.H4(event["title"]),
        html.Div(
            [
                category_badge(event["category"]),
                html.Span(
                    f"confidence: {event['confidence']}",
                    className=f"confidence confidence-{event['confidence']}",
                ),
                html.Span(f"location: {event['location_precision']}", className="muted"),
            ],
            className="event-tags",
        ),
        html.P(event["summary"]),
        contested_claims(event.get("contested") or []),
        _figures(event["figures"]),
        html.Div([html.Span("Sources", className="label"), html.Ul(sources, className="sources")]),
    ]
    if event.get("notes"):
        children.append(
            html.Details(
                [html.Summary("Notes, other claims and caveats"), html.P(linkify(event["notes"]))],
                className="notes",
            )
        )
    if event.get("context"):
        children.insert(
            2,
            html.P("Context only: outside the peacekeeping zone or its remit.", className="muted"),
        )
    return html.Article(
        [c for c in children if c is not None], className="event-card", id=f"event-{event['id']}"
    )


def _names(site: pd.Series) -> html.Div:
    rows = [html.Li([html.Span("English: ", className="label"), site["name_en"]])]
    for name in site["names"]:
        tag = NAME_TAGS.get(name["tag"], name["tag"])
        rows.append(html.Li([html.Span(f"{tag}: ", className="label"), name["name"]]))
    return html.Div([html.H4("Names"), html.Ul(rows, className="names")])


def _range_words(start: date, end: date) -> str:
    return f"{day_text(start)} and {day_text(end)}"


def _event_section(
    index: EventIndex, rows: np.ndarray, all_at_place: int, start: date, end: date, what: str
) -> list:
    """The cards of the events at ``rows`` (newest first, at most ``DETAIL_LIMIT``)."""
    if not len(rows):
        more = (
            f" It has {all_at_place} event{'s' if all_at_place != 1 else ''} at other dates:"
            " widen the timeline to see them."
            if all_at_place
            else ""
        )
        return [
            html.P(
                f"No events at {what} between {_range_words(start, end)}.{more}",
                className="empty-note",
            )
        ]
    noun = "event" if len(rows) == 1 else "events"
    shown = newest_first_rows(index, rows, DETAIL_LIMIT)
    more = len(rows) - len(shown)
    return [
        html.H4(f"{len(rows)} {noun} between {_range_words(start, end)}, newest first"),
        *[event_card(index.row(row)) for row in shown.tolist()],
        *(
            [html.P(f"{more} older events not shown: narrow the dates.", className="empty-note")]
            if more > 0
            else []
        ),
    ]


def _events_at_place(
    index: EventIndex,
    site_id: str,
    start: date,
    end: date,
    included: list[str] | None,
    kept: np.ndarray | None,
) -> tuple[np.ndarray, int]:
    """(rows at the site in the dates, how many it has at any date), precision and filter
    applied."""
    at_site = rows_passing(index, index.rows_at_site.get(site_id, NO_ROWS), included, kept)
    selected = rows_between(index, index.day(start), index.day(end), rows=at_site)
    return selected, len(at_site)


def site_detail(
    dataset: Dataset,
    site_id: str,
    start: date,
    end: date,
    included: list[str] | None = None,
    kept: np.ndarray | None = None,
) -> list:
    """The detail panel for a site: names, location provenance, its events in the dates.

    ``kept``: a bool per event of ``dataset.events``, the user's filter (None = all).
    """
    if site_id not in dataset.sites.index:
        return [html.P(f"Unknown site {site_id!r}.", className="empty-note")]
    site = dataset.sites.loc[site_id]
    index = index_of(dataset)
    selected, at_any_date = _events_at_place(index, site_id, start, end, included, kept)
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
    children.append(_names(site))
    children += _event_section(index, selected, at_any_date, start, end, "this site")
    return children


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
) -> list:
    """The detail panel for a line or area: what it is, its dates, provenance, related events.

    ``kept``: a bool per event of ``dataset.events``, the user's filter (None = all).
    """
    found = find_layer_feature(dataset, feature_id)
    if found is None:
        return [html.P(f"Unknown map feature {feature_id!r}.", className="empty-note")]
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
    index = index_of(dataset)
    documented = _rows_of_events(index, row.get("events") or [], kept)
    if len(documented):
        children.append(html.H4("Documented by these events (all dates), newest first"))
        newest = newest_first_rows(index, documented).tolist()
        children += [event_card(index.row(r)) for r in newest]
    related = LAYER_SITES.get(layer_id)
    if related and related in dataset.sites.index and not len(documented):
        selected, at_any_date = _events_at_place(index, related, start, end, included, kept)
        name = site_label(dataset.sites.loc[related])
        children.append(html.H4(f"Events recorded for: {name}", className="related"))
        children += _event_section(index, selected, at_any_date, start, end, name)
    return children


def _rows_of_events(index: EventIndex, event_ids: list[str], kept: np.ndarray | None) -> np.ndarray:
    """The rows of the listed events that exist and pass the filter, in list order."""
    rows = [index.position(e) for e in event_ids]
    return np.asarray(
        [r for r in rows if r is not None and (kept is None or kept[r])], dtype=np.int64
    )


def event_detail(dataset: Dataset, event_id: str, kept: np.ndarray | None = None) -> list:
    """The detail panel for one event (unknown if the filter ``kept`` hides it)."""
    index = index_of(dataset)
    row = index.position(event_id)
    if row is None or (kept is not None and not kept[row]):
        return [html.P(f"Unknown event {event_id!r}.", className="empty-note")]
    event = index.row(row)
    site = dataset.sites.loc[event["site"]]
    return [
        html.P(
            [
                "Place: ",
                html.Button(
                    site_label(site),
                    # a click selects the site (assets/dashboard.js: any button[data-token])
                    **{"data-token": f"site:{site.name}"},
                    className="link-button",
                ),
            ],
            className="muted",
        ),
        event_card(event),
    ]


def placeholder() -> list:
    return [
        html.P(
            "Click a site, a line or an area on the map, or an event in the list, to read what "
            "happened there, with sources.",
            className="empty-note",
        )
    ]


def contested_flag(event: Mapping[str, Any]) -> list:
    return [html.Span("contested", className="contested-flag")] if event.get("contested") else []


def list_places(dataset: Dataset) -> dict[str, str]:
    """Each site's label in the chronology (``... (not on map)`` for sites with no point)."""

    def where(site: pd.Series) -> str:
        mapped = site.geometry is not None and not site.geometry.is_empty
        return site_label(site) + ("" if mapped else " (not on map)")

    return index_of(dataset).memo(
        "list_places", lambda: {sid: where(site) for sid, site in dataset.sites.iterrows()}
    )


def list_row(event: Mapping[str, Any], where: str, selected: bool) -> dict[str, Any]:
    """One chronology entry as plain data.

    The browser builds the list from these (assets/dashboard.js ``renderList``, as
    text nodes only): a hundred entries as Dash components were 430 of the page's
    575 components, and Dash's renderer pays for every component on every update.
    """
    return {
        "token": f"event:{event['id']}",
        "date": event_date_text(event["date"], event["date_precision"], event["end_date"]),
        "title": event["title"],
        "contested": bool(event.get("contested")),
        "place": where,
        "colour": schema.CATEGORIES.get(event["category"], ("", "#777"))[1],
        "selected": selected,
    }


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
    index = index_of(dataset)
    rows = rows_between(index, index.day(start), index.day(end), included, kept)
    places = list_places(dataset)
    items = []
    for row in rows[:LIST_LIMIT].tolist():
        event = index.row(row)
        is_selected = chosen in (f"event:{event['id']}", f"site:{event['site']}")
        items.append(list_row(event, places[event["site"]], is_selected))
    total = len(rows)
    summary = f"{total} event{'s' if total != 1 else ''} between {_range_words(start, end)}"
    if total > LIST_LIMIT:
        summary += f" (first {LIST_LIMIT} listed)"
    return items, summary
