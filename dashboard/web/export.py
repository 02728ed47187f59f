"""Export the events in view as CSV or GeoJSON, with sources, dataset version and citation.

The endpoints take the page's own link parameters (see :mod:`dashboard.views.query`), so the
download always matches the view the link describes.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import NamedTuple

import numpy as np
from flask import Flask, Response, request

from dashboard.data import csv_format
from dashboard.data.dates import day_text
from dashboard.data.loading import Dataset
from dashboard.data.queries import hidden_bits
from dashboard.data.schema import EVENT_FIELD_NAMES
from dashboard.i18n import _
from dashboard.views.query import parse_query


def citation(dataset: Dataset, start: date, end: date, retrieved: date) -> str:
    """The citation line, in the current language (in English: ``csv_format.citation``'s,
    which the command line's export writes)."""
    return _(
        "Karabakh peacekeeping map, dataset v{version}, events from {start} to {end}, "
        "retrieved {retrieved}."
    ).format(
        version=dataset.version,
        start=day_text(start),
        end=day_text(end),
        retrieved=day_text(retrieved),
    )


class View(NamedTuple):
    """The events a link's parameters select: dates, precision bits hidden, filter mask."""

    start: date
    end: date
    hidden: int
    kept: np.ndarray | None


def events_in_view(dataset: Dataset, query: str) -> View:
    """What a link's parameters select (dates, precision, filters): ``filters.events_between``,
    ``with_precision`` and ``apply_filter`` as the database answers them."""
    state = parse_query(query, dataset)
    start = state.start or dataset.span[0]
    end = state.end or dataset.span[1]
    kept = dataset.store.filter_mask(state.event_filter)
    return View(start, end, hidden_bits(state.precision), kept)


def _events(dataset: Dataset, view: View):
    """Each event in ``view`` with its own geometry, in the events' order, one at a time
    (read from the database as the export is written, never all at once)."""
    days = dataset.days
    first, last = sorted((days.day(view.start), days.day(view.end)))
    for row, event in dataset.store.records_between(first, last, view.hidden):
        if view.kept is None or view.kept[row]:
            yield event


def to_csv(dataset: Dataset, view: View, cite: str) -> str:
    """One row per event, in the one CSV format (``karabakh-map import`` reads it back)."""
    sites = csv_format.site_points(dataset.sites)
    return csv_format.write_events(_events(dataset, view), sites, cite)


def to_geojson(dataset: Dataset, view: View, cite: str) -> str:
    features = []
    for e in _events(dataset, view):
        geometry = e["geometry"].__geo_interface__ if e["geometry"] is not None else None
        properties = {name: e[name] for name in EVENT_FIELD_NAMES}
        features.append(
            {"type": "Feature", "id": e["id"], "geometry": geometry, "properties": properties}
        )
    doc = {
        "type": "FeatureCollection",
        "citation": cite,
        "dataset_version": dataset.version,
        "features": features,
    }
    return json.dumps(doc, ensure_ascii=False, default=str)


def register_export(server: Flask, dataset: Dataset) -> None:
    """Add ``/export/events.csv`` and ``/export/events.geojson`` to the Flask server."""

    def respond(kind: str) -> Response:
        query = request.query_string.decode("utf-8", "replace")
        view = events_in_view(dataset, query)
        start, end = view.start, view.end
        cite = citation(dataset, start, end, datetime.now(UTC).date())
        name = f"karabakh-peacekeeping-events-{start}-{end}"
        if kind == "csv":
            body, mimetype = to_csv(dataset, view, cite), "text/csv; charset=utf-8"
        else:
            body, mimetype = to_geojson(dataset, view, cite), "application/geo+json"
        response = Response(body, mimetype=mimetype)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        response.headers["Cache-Control"] = "no-store"
        return response

    server.add_url_rule("/export/events.csv", "export_csv", lambda: respond("csv"))
    server.add_url_rule("/export/events.geojson", "export_geojson", lambda: respond("geojson"))
