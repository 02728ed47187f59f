"""Panels built from data: the detail of a site, layer feature or event, and the event list.

Every string from the data goes into a component as text, never as HTML, and
only http(s) URLs become links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from dash import html

from dashboard.data import schema
from dashboard.data.dates import day_text, event_date_text
from dashboard.data.event_index import (
    NO_ROWS,
    EventIndex,
    newest_first_rows,
    rows_between,
    rows_passing,
)
from dashboard.data.filters import layer_status
from dashboard.data.loading import Dataset, index_of
from dashboard.views.figures import site_label

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
LIST_ROWS_KEPT = 2_000  # chronology rows kept built between requests (~1 MB)


def safe_link(url: str, text: str | None = None) -> html.A | str:
    """A link for http(s) URLs; anything else (``javascript:``...) stays plain text."""
    if is_http_url(url):
        return html.A(text or url, href=url, target="_blank", rel="noopener noreferrer")
    return text or str(url)


def is_http_url(url: Any) -> bool:
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


def link_segments(text: str) -> list[list[str]]:
    """``text`` split into ``["text", words]`` and ``["link", url]`` parts (http(s) only)."""
    parts: list[list[str]] = []
    pos = 0
    for match in URL_RE.finditer(text or ""):
        url = match.group(0).rstrip(".")
        parts.append(["text", text[pos : match.start()]])
        parts.append(["link", url])
        pos = match.start() + len(url)
    parts.append(["text", (text or "")[pos:]])
    return [p for p in parts if p[1] != ""]


def linkify(text: str) -> list:
    """Text with its http(s) URLs turned into links, the rest kept as plain text."""
    return [safe_link(value) if kind == "link" else value for kind, value in link_segments(text)]


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


def card_row(event: Mapping[str, Any]) -> dict[str, Any]:
    """One event in full, as plain data: date with precision, title, summary, category,
    confidence, each side's claim on a contested fact, reported figures, sources, notes.

    Only http(s) URLs are sent as ``url``; every other value is drawn as text.
    """
    label, colour = schema.CATEGORIES.get(event["category"], (event["category"], "#777777"))
    return {
        "id": event["id"],
        "date": event_date_text(event["date"], event["date_precision"], event["end_date"]),
        "datetime": str(event["start"]),
        "precision": f"{event['date_precision']} precision",
        "title": event["title"],
        "context": bool(event.get("context")),
        "category": label,
        "colour": colour,
        "confidence": event["confidence"],
        "location": f"location: {event['location_precision']}",
        "summary": event["summary"],
        "contested": [
            {
                "by": claim["by"],
                "claim": claim["claim"],
                "source": claim.get("source_name") or "",
                "url": claim["source_url"] if is_http_url(claim.get("source_url")) else None,
                "linked": bool(claim.get("source_url")),
            }
            for claim in event.get("contested") or []
        ],
        "figures": [f"{key.replace('_', ' ')}: {value}" for key, value in event["figures"].items()],
        "sources": [
            {
                "name": src.get("name") or src["url"],
                "url": src["url"] if is_http_url(src["url"]) else None,
                "role": src.get("role") if src.get("role") not in (None, "", "primary") else None,
            }
            for src in event["sources"]
        ],
        "notes": link_segments(event["notes"]) if event.get("notes") else [],
    }


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
    shown = newest_first_rows(index, rows, DETAIL_LIMIT)
    more = len(rows) - len(shown)
    return DetailPanel(
        [html.H4(f"{len(rows)} {noun} between {_range_words(start, end)}, newest first")],
        [card_row(index.row(row)) for row in shown.tolist()],
        f"{more} older events not shown: narrow the dates." if more > 0 else None,
    )


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
) -> DetailPanel:
    """The detail panel for a site: names, location provenance, its events in the dates.

    ``kept``: a bool per event of ``dataset.events``, the user's filter (None = all).
    """
    if site_id not in dataset.sites.index:
        return DetailPanel([html.P(f"Unknown site {site_id!r}.", className="empty-note")])
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
    section = _event_section(index, selected, at_any_date, start, end, "this site")
    return section._replace(head=children + section.head)


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
    index = index_of(dataset)
    documented = _rows_of_events(index, row.get("events") or [], kept)
    if len(documented):
        children.append(html.H4("Documented by these events (all dates), newest first"))
        newest = newest_first_rows(index, documented).tolist()
        return DetailPanel(children, [card_row(index.row(r)) for r in newest])
    related = LAYER_SITES.get(layer_id)
    if related and related in dataset.sites.index:
        selected, at_any_date = _events_at_place(index, related, start, end, included, kept)
        name = site_label(dataset.sites.loc[related])
        children.append(html.H4(f"Events recorded for: {name}", className="related"))
        section = _event_section(index, selected, at_any_date, start, end, name)
        return section._replace(head=children + section.head)
    return DetailPanel(children)


def _rows_of_events(index: EventIndex, event_ids: list[str], kept: np.ndarray | None) -> np.ndarray:
    """The rows of the listed events that exist and pass the filter, in list order."""
    rows = [index.position(e) for e in event_ids]
    return np.asarray(
        [r for r in rows if r is not None and (kept is None or kept[r])], dtype=np.int64
    )


def event_detail(dataset: Dataset, event_id: str, kept: np.ndarray | None = None) -> DetailPanel:
    """The detail panel for one event (unknown if the filter ``kept`` hides it)."""
    index = index_of(dataset)
    row = index.position(event_id)
    if row is None or (kept is not None and not kept[row]):
        return DetailPanel([html.P(f"Unknown event {event_id!r}.", className="empty-note")])
    event = index.row(row)
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

    return index_of(dataset).memo(
        "list_places", lambda: {sid: where(site) for sid, site in dataset.sites.iterrows()}
    )


def list_row(event: Mapping[str, Any], where: str, selected: bool) -> dict[str, Any]:
    """One chronology entry as plain data.

    The browser builds the list from these (assets/client/70-panels.js ``renderList``, as
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
    # A resting slider lists mostly the rows the previous request listed: keep them built.
    built: dict[int, tuple[dict[str, Any], str]] = index.memo("list_rows", dict)
    if len(built) > LIST_ROWS_KEPT:
        built.clear()
    items = []
    for row in rows[:LIST_LIMIT].tolist():
        entry = built.get(row)
        if entry is None:
            event = index.row(row)
            entry = built[row] = (list_row(event, places[event["site"]], False), event["site"])
        item, site = entry
        is_selected = chosen in (item["token"], f"site:{site}")
        items.append({**item, "selected": is_selected} if is_selected else item)
    total = len(rows)
    summary = f"{total} event{'s' if total != 1 else ''} between {_range_words(start, end)}"
    if total > LIST_LIMIT:
        summary += f" (first {LIST_LIMIT} listed)"
    return items, summary
