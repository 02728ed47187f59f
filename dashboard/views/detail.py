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

from dashboard.data.dates import day_text
from dashboard.data.filters import layer_status
from dashboard.data.loading import Dataset
from dashboard.data.queries import (
    event_at,
    newest_first_rows,
    rows_at_site,
    rows_between,
    rows_passing,
)
from dashboard.i18n import N_, _, capitalised, current_language, format_number, ngettext, upper_text
from dashboard.views.cards import card_row, linkify, list_row, safe_link
from dashboard.views.names import default_convention, name_records, site_label
from dashboard.views.site_facts import held_by_items, label_text, names_section
from dashboard.views.sites_trace import cluster_sites

# Whether a layer feature is in force on the end date (``filters.layer_status``).
STATUS_WORDS = {
    "current": N_("in force"),
    "former": N_("no longer in force"),
    "future": N_("not yet in force"),
}
LAYER_SITES = {"peacekeeping_zone": "nagorno_karabakh", "lachin_corridor": "lachin_corridor"}
LIST_LIMIT = 250  # chronology rows per answer (plain data drawn as text nodes); then a note
DETAIL_LIMIT = 20  # event cards per section of the detail panel
CLUSTER_LIST_LIMIT = 50  # places listed for a cluster (zooming in shows the rest)


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


def _empty(note: str) -> DetailPanel:
    return DetailPanel([html.P(note, className="empty-note")])


def _event_section(
    dataset: Dataset,
    rows: np.ndarray,
    all_at_place: int,
    start: date,
    end: date,
    place: str | None = None,
) -> DetailPanel:
    """The events at ``rows``: a heading and their cards (newest first, at most
    ``DETAIL_LIMIT``), or a note saying there are none in the dates. ``place``: the
    place's name, None for "this site"."""
    dates = {"start": day_text(start), "end": day_text(end)}
    if not len(rows):
        if place is None:
            note = _("No events at this site between {start} and {end}.").format(**dates)
        else:
            note = _("No events at {place} between {start} and {end}.").format(place=place, **dates)
        if all_at_place:
            more = ngettext(
                "It has {n} event at other dates: widen the timeline to see them.",
                "It has {n} events at other dates: widen the timeline to see them.",
                all_at_place,
            ).format(n=format_number(all_at_place))
            note = f"{note} {more}"
        return _empty(note)
    shown = newest_first_rows(dataset.days, rows, DETAIL_LIMIT)
    more = len(rows) - len(shown)
    heading = ngettext(
        "{n} event between {start} and {end}, newest first",
        "{n} events between {start} and {end}, newest first",
        len(rows),
    ).format(n=format_number(len(rows)), **dates)
    after = None
    if more > 0:
        after = ngettext(
            "{n} older event not shown: narrow the dates.",
            "{n} older events not shown: narrow the dates.",
            more,
        ).format(n=format_number(more))
    return DetailPanel([html.H4(heading)], _cards(dataset, shown), after)


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
        return _empty(_("Unknown site {id}.").format(id=repr(site_id)))
    site = dataset.sites.loc[site_id]
    selected, at_any_date = _events_at_place(dataset, site_id, start, end, included, kept)
    location = []
    if site.geometry is None or site.geometry.is_empty:
        location.append(_("No sourced coordinate: not drawn as a point on the map."))
    else:
        location.append(
            _("{lat}° N, {lon}° E ({precision}).").format(
                lat=f"{site.geometry.y:.5f}",
                lon=f"{site.geometry.x:.5f}",
                precision=_(site["location_precision"]),
            )
        )
    if site.get("coord_method") and site["coord_method"] != "from source":
        location.append(html.Span(" " + site["coord_method"], lang="en"))
    provenance = [html.Span(label_text(_("Location")), className="label"), *location]
    if site.get("coord_source"):
        provenance += [" " + label_text(_("Source")), safe_link(site["coord_source"])]
    # texts of the record (English whatever the page's language) carry lang="en"
    kind = capitalised(_(site["kind"]).replace("_", " "))
    children = [
        html.H3(site_label(site, default_convention())),
        html.P(
            _("{kind} · site id: {id}").format(kind=kind, id=site_id),
            className="muted",
        ),
        html.P(provenance, className="provenance"),
    ]
    if site.get("notes"):
        children.append(html.P(linkify(site["notes"]), className="site-notes", lang="en"))
    children += held_by_items(site)
    children.append(names_section(site))
    section = _event_section(dataset, selected, at_any_date, start, end)
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
        return _empty(_("Unknown map feature {id}.").format(id=repr(feature_id)))
    layer_id, row = found
    status = layer_status(row["valid_from"], row["valid_to"], end)
    status_words = _(STATUS_WORDS[status])
    open_end = _("no date")  # in force since always, or still
    valid_from = day_text(date.fromisoformat(row["valid_from"])) if row["valid_from"] else open_end
    valid_to = day_text(date.fromisoformat(row["valid_to"])) if row["valid_to"] else open_end
    validity = _("in force from {start} to {end} · on {day}: {status}").format(
        start=valid_from, end=valid_to, day=day_text(end), status=status_words
    )
    children = [
        html.H3(row["name"], lang="en"),
        html.P(
            [
                html.Span(
                    upper_text(_(row["accuracy"])), className=f"accuracy accuracy-{row['accuracy']}"
                ),
                f" · {validity}",
            ],
            className="muted",
        ),
        html.P(row["description"], lang="en"),
        html.P(
            [
                html.Span(label_text(_("Geometry source")), className="label"),
                html.Span(linkify(row["source"]), lang="en"),
            ]
        ),
        html.P(
            [
                html.Span(label_text(_("Licence")), className="label"),
                html.Span(row["licence"], lang="en"),
            ],
            className="muted",
        ),
    ]
    documented = _rows_of_events(dataset, row.get("events") or [], kept)
    if len(documented):
        children.append(html.H4(_("Documented by these events (all dates), newest first")))
        return DetailPanel(children, _cards(dataset, newest_first_rows(dataset.days, documented)))
    related = LAYER_SITES.get(layer_id)
    if related and related in dataset.sites.index:
        selected, at_any_date = _events_at_place(dataset, related, start, end, included, kept)
        name = site_label(dataset.sites.loc[related], default_convention())
        heading = _("Events recorded for: {place}").format(place=name)
        children.append(html.H4(heading, className="related"))
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
        return _empty(_("Unknown event {id}.").format(id=repr(event_id)))
    event = event_at(dataset.store, dataset.days, row)
    site = dataset.sites.loc[event["site"]]
    place = [
        html.P(
            [
                label_text(_("Place")),
                html.Button(
                    site_label(site, default_convention()),
                    # a click selects the site (assets/client/70-panels.js: any button[data-token])
                    **{"data-token": f"site:{site.name}"},
                    className="link-button",
                ),
            ],
            className="muted",
        )
    ]
    return DetailPanel(place, [card_row(event)])


def cluster_detail(
    dataset: Dataset,
    key: str,
    start: date,
    end: date,
    included: list[str] | None = None,
    kept: np.ndarray | None = None,
) -> DetailPanel:
    """A cluster of places (a record of thousands, zoomed out): its places, busiest in the
    dates first, each a button that selects it, then their events in the dates."""
    site_ids = cluster_sites(dataset, key)
    if not site_ids:
        return _empty(_("Unknown cluster {id}.").format(id=repr(key)))
    per_site = [_events_at_place(dataset, sid, start, end, included, kept) for sid in site_ids]
    order = sorted(range(len(site_ids)), key=lambda n: -len(per_site[n][0]))
    items = []
    for n in order[:CLUSTER_LIST_LIMIT]:
        site = dataset.sites.loc[site_ids[n]]
        count = ngettext("{n} event", "{n} events", len(per_site[n][0]))
        items.append(
            html.Li(
                [
                    html.Button(
                        site_label(site, default_convention()),
                        className="link-button",
                        **{"data-token": f"site:{site.name}"},
                    ),
                    " · " + count.format(n=format_number(len(per_site[n][0]))),
                ]
            )
        )
    head = [
        html.H3(ngettext("{n} place", "{n} places", len(site_ids)).format(n=len(site_ids))),
        html.Ul(items, className="cluster-places"),
    ]
    if len(site_ids) > CLUSTER_LIST_LIMIT:
        rest = len(site_ids) - CLUSTER_LIST_LIMIT
        more = _("…and {n} more: zoom in to see them.").format(n=format_number(rest))
        head.append(html.P(more, className="muted"))
    rows = np.unique(np.concatenate([selected for selected, _at_any in per_site]))
    at_any_date = sum(at_any for _selected, at_any in per_site)
    section = _event_section(dataset, rows, at_any_date, start, end, _("these places"))
    return section._replace(head=head + section.head)


def placeholder() -> DetailPanel:
    return _empty(
        _(
            "Click a site, a line or an area on the map, or an event in the list, to read what "
            "happened there, with sources."
        )
    )


def list_places(dataset: Dataset) -> dict[str, str]:
    """Each site's label in the chronology (``... (not on map)`` for sites with no point),
    in the current language (one table per language)."""

    def places() -> dict[str, str]:
        sites, convention = dataset.sites, default_convention()
        mapped = sites.geometry.notna() & ~sites.geometry.is_empty
        out = {}
        for sid, names, on_map in zip(sites.index, name_records(sites), mapped, strict=True):
            label = site_label(names, convention)
            out[sid] = label if on_map else _("{place} (not on map)").format(place=label)
        return out

    return dataset.store.memo(f"list_places:{current_language()}", places)


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
    dates = {"start": day_text(start), "end": day_text(end)}
    if total > LIST_LIMIT:
        summary = ngettext(
            "{n} event between {start} and {end} (first {limit} listed)",
            "{n} events between {start} and {end} (first {limit} listed)",
            total,
        ).format(n=format_number(total), limit=format_number(LIST_LIMIT), **dates)
    else:
        summary = ngettext(
            "{n} event between {start} and {end}",
            "{n} events between {start} and {end}",
            total,
        ).format(n=format_number(total), **dates)
    return items, summary
