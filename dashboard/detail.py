"""Panels built from data: the detail of a site, layer feature or event, and the event list.

Every string from the data goes into a component as text, never as HTML, and
only http(s) URLs become links.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
from dash import html

from dashboard import ids, schema
from dashboard.data import Dataset
from dashboard.dates import day_text, event_date_text
from dashboard.figures import site_label
from dashboard.filters import (
    events_at_site,
    events_between,
    layer_status,
    newest_first,
    with_precision,
)

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


def event_card(event: pd.Series) -> html.Article:
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
    events: pd.DataFrame, all_at_place: int, start: date, end: date, what: str
) -> list:
    if events.empty:
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
    noun = "event" if len(events) == 1 else "events"
    shown = newest_first(events).head(DETAIL_LIMIT)
    more = len(events) - len(shown)
    return [
        html.H4(f"{len(events)} {noun} between {_range_words(start, end)}, newest first"),
        *[event_card(row) for _, row in shown.iterrows()],
        *(
            [html.P(f"{more} older events not shown: narrow the dates.", className="empty-note")]
            if more > 0
            else []
        ),
    ]


def site_detail(
    dataset: Dataset, site_id: str, start: date, end: date, included: list[str] | None = None
) -> list:
    """The detail panel for a site: names, location provenance, its events in the dates."""
    if site_id not in dataset.sites.index:
        return [html.P(f"Unknown site {site_id!r}.", className="empty-note")]
    site = dataset.sites.loc[site_id]
    at_site = with_precision(events_at_site(dataset.events, site_id), included)
    selected = events_between(at_site, start, end)
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
    children += _event_section(selected, len(at_site), start, end, "this site")
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
) -> list:
    """The detail panel for a line or area: what it is, its dates, provenance, related events."""
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
    documented = [e for e in (row.get("events") or []) if e in dataset.events.index]
    if documented:
        events = newest_first(dataset.events.loc[documented])
        children.append(html.H4("Documented by these events (all dates), newest first"))
        children += [event_card(event) for _, event in events.iterrows()]
    related = LAYER_SITES.get(layer_id)
    if related and related in dataset.sites.index and not documented:
        at_site = with_precision(events_at_site(dataset.events, related), included)
        selected = events_between(at_site, start, end)
        name = site_label(dataset.sites.loc[related])
        children.append(html.H4(f"Events recorded for: {name}", className="related"))
        children += _event_section(selected, len(at_site), start, end, name)
    return children


def event_detail(dataset: Dataset, event_id: str) -> list:
    if event_id not in dataset.events.index:
        return [html.P(f"Unknown event {event_id!r}.", className="empty-note")]
    event = dataset.events.loc[event_id]
    site = dataset.sites.loc[event["site"]]
    return [
        html.P(
            [
                "Place: ",
                html.Button(
                    site_label(site),
                    id={"type": ids.EVENT_ITEM, "index": f"site:{site.name}"},
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


def contested_flag(event: pd.Series) -> list:
    return [html.Span("contested", className="contested-flag")] if event.get("contested") else []


def event_list(
    dataset: Dataset,
    start: date,
    end: date,
    included: list[str] | None = None,
    selected: str | None = None,
) -> tuple[list, str]:
    """Chronological list of the events in the dates (region-wide ones included)."""
    chosen = selected or ""

    def is_selected(event: pd.Series) -> bool:
        return chosen in (f"event:{event['id']}", f"site:{event['site']}")

    selected = with_precision(events_between(dataset.events, start, end), included)
    sites = dataset.sites
    items = []
    for _, event in selected.head(LIST_LIMIT).iterrows():
        site = sites.loc[event["site"]]
        mapped = site.geometry is not None and not site.geometry.is_empty
        where = site_label(site) + ("" if mapped else " (not on map)")
        items.append(
            html.Li(
                html.Button(
                    [
                        html.Span(
                            event_date_text(
                                event["date"], event["date_precision"], event["end_date"]
                            ),
                            className="list-date",
                        ),
                        html.Span(event["title"], className="list-title"),
                        *contested_flag(event),
                        html.Span(where, className="list-place"),
                    ],
                    id={"type": ids.EVENT_ITEM, "index": f"event:{event['id']}"},
                    className="list-item selected" if is_selected(event) else "list-item",
                    **({"aria-current": "true"} if is_selected(event) else {}),
                    style={
                        "borderLeftColor": schema.CATEGORIES.get(event["category"], ("", "#777"))[1]
                    },
                )
            )
        )
    total = len(selected)
    summary = f"{total} event{'s' if total != 1 else ''} between {_range_words(start, end)}"
    if total > LIST_LIMIT:
        summary += f" (first {LIST_LIMIT} listed)"
    return items, summary
