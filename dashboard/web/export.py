"""Export the events in view as CSV or GeoJSON, with sources, dataset version and citation.

The endpoints take the page's own link parameters (see :mod:`dashboard.views.query`), so the
download always matches the view the link describes.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import numpy as np
from flask import Flask, Response, request

from dashboard.data import csv_format
from dashboard.data.event_index import rows_between
from dashboard.data.loading import Dataset, index_of
from dashboard.data.schema import EVENT_FIELD_NAMES
from dashboard.views.query import parse_query


def citation(dataset: Dataset, start: date, end: date, retrieved: date) -> str:
    return csv_format.citation(dataset.version, start, end, retrieved)


def events_in_view(dataset: Dataset, query: str) -> tuple[np.ndarray, date, date]:
    """The rows of the events a link's parameters select (dates, precision, filters), in
    the events' order: ``filters.events_between``, ``with_precision`` and ``apply_filter``
    as the event index answers them."""
    state = parse_query(query, dataset)
    start = state.start or dataset.span[0]
    end = state.end or dataset.span[1]
    index = index_of(dataset)
    kept = index.filter_mask(state.event_filter)
    rows = rows_between(index, index.day(start), index.day(end), state.precision, kept)
    return rows, start, end


def _events(dataset: Dataset, rows: np.ndarray):
    """Each event of ``rows`` with its own geometry, one at a time (an export of every
    event unpacks them block by block, never all at once)."""
    index = index_of(dataset)
    geometries = index.events.geometry.array
    for row in rows.tolist():
        event = index.row(row)
        event["geometry"] = geometries[row]
        yield event


def to_csv(dataset: Dataset, rows: np.ndarray, cite: str) -> str:
    """One row per event, in the one CSV format (``karabakh-map import`` reads it back)."""
    sites = csv_format.site_points(dataset.sites)
    return csv_format.write_events(_events(dataset, rows), sites, cite)


def to_geojson(dataset: Dataset, rows: np.ndarray, cite: str) -> str:
    features = []
    for e in _events(dataset, rows):
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
        rows, start, end = events_in_view(dataset, query)
        cite = citation(dataset, start, end, datetime.now(UTC).date())
        name = f"karabakh-peacekeeping-events-{start}-{end}"
        if kind == "csv":
            body, mimetype = to_csv(dataset, rows, cite), "text/csv; charset=utf-8"
        else:
            body, mimetype = to_geojson(dataset, rows, cite), "application/geo+json"
        response = Response(body, mimetype=mimetype)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        response.headers["Cache-Control"] = "no-store"
        return response

    server.add_url_rule("/export/events.csv", "export_csv", lambda: respond("csv"))
    server.add_url_rule("/export/events.geojson", "export_geojson", lambda: respond("geojson"))
