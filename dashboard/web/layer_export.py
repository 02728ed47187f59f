"""The territorial record as data: the layer features in force on a day as GeoJSON
(``/export/layers.geojson?at=YYYY-MM-DD``) and every dated feature with its validity as CSV
(``/export/layers.csv``), with the dataset version and a citation.

Only the dated layers (not the basemap) are exported; a feature is in force on a day by the
same rule the map and the situation panel use (``filters.layer_status``).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

from flask import Flask, Response, request

from dashboard.data import schema
from dashboard.data.csv_format import neutralise
from dashboard.data.dates import DateFormatError, day_text, parse_day
from dashboard.data.filters import layer_status
from dashboard.data.loading import Dataset
from dashboard.i18n import _
from dashboard.views.compare import changes_between, changes_csv

CSV_COLUMNS = (
    "layer",
    "id",
    "name",
    "kind",
    "valid_from",
    "valid_to",
    "accuracy",
    "events",
    "description",
    "source",
    "licence",
    "cite_as",
)


def dated_features(dataset: Dataset):
    """(layer id, feature row) of every feature of the non-basemap layers, in layer order."""
    for spec in schema.LAYERS:
        if spec.basemap or spec.id not in dataset.layers:
            continue
        for _feature_id, feature in dataset.layers[spec.id].iterrows():
            yield spec.id, feature


def layers_citation(dataset: Dataset, at: date | None, retrieved: date) -> str:
    if at:
        text = _(
            "Karabakh peacekeeping map, dataset v{version}, layers in force on {day}, "
            "retrieved {retrieved}."
        )
    else:
        text = _(
            "Karabakh peacekeeping map, dataset v{version}, dated layer features, "
            "retrieved {retrieved}."
        )
    return text.format(
        version=dataset.version,
        day=day_text(at) if at else "",
        retrieved=day_text(retrieved),
    )


def layers_at(dataset: Dataset, at: date, cite: str) -> str:
    """The features in force on ``at`` as a GeoJSON FeatureCollection (RFC 7946)."""
    features = []
    for layer_id, feature in dated_features(dataset):
        if layer_status(feature["valid_from"], feature["valid_to"], at) != "current":
            continue
        properties = {"layer": layer_id, **{f.name: feature[f.name] for f in schema.LAYER_FIELDS}}
        features.append(
            {
                "type": "Feature",
                "id": feature["id"],
                "geometry": feature.geometry.__geo_interface__,
                "properties": properties,
            }
        )
    doc = {
        "type": "FeatureCollection",
        "citation": cite,
        "dataset_version": dataset.version,
        "at": at.isoformat(),
        "features": features,
    }
    return json.dumps(doc, ensure_ascii=False)


def layers_csv(dataset: Dataset, cite: str) -> str:
    """Every dated feature with its validity period, one row each (text cells made inert)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for layer_id, feature in dated_features(dataset):
        cells = [layer_id] + [
            "; ".join(feature[name] or []) if name == "events" else (feature[name] or "")
            for name in CSV_COLUMNS[1:-1]
        ]
        writer.writerow([neutralise(str(cell)) for cell in cells] + [cite])
    return out.getvalue()


def register_layer_export(server: Flask, dataset: Dataset) -> None:
    """Add ``/export/layers.geojson`` and ``/export/layers.csv`` to the Flask server."""

    def answer(body: str, mimetype: str, name: str) -> Response:
        response = Response(body, mimetype=mimetype)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.headers["Cache-Control"] = "no-store"
        return response

    def geojson() -> Response:
        raw = request.args.get("at", "")
        try:
            at = parse_day(raw.strip())
        except DateFormatError:
            first, last = dataset.span
            text = (
                f"Parameter 'at' must be a day YYYY-MM-DD (the data runs from {first} to "
                f"{last}), not {raw[:40]!r}."
            )
            return Response(text, status=400, mimetype="text/plain; charset=utf-8")
        cite = layers_citation(dataset, at, datetime.now(UTC).date())
        body = layers_at(dataset, at, cite)
        return answer(body, "application/geo+json", f"karabakh-peacekeeping-layers-{at}.geojson")

    def table() -> Response:
        cite = layers_citation(dataset, None, datetime.now(UTC).date())
        body = layers_csv(dataset, cite)
        return answer(body, "text/csv; charset=utf-8", "karabakh-peacekeeping-layers.csv")

    def changes() -> Response:
        raw = request.args.get("compare", "")
        try:
            a, b = (parse_day(part.strip()) for part in raw.split(","))
        except (DateFormatError, ValueError):
            text = f"Parameter 'compare' must be two days, YYYY-MM-DD,YYYY-MM-DD, not {raw[:60]!r}."
            return Response(text, status=400, mimetype="text/plain; charset=utf-8")
        a, b = sorted((a, b))
        retrieved = day_text(datetime.now(UTC).date())
        cite = _(
            "Karabakh peacekeeping map, dataset v{version}, changes between {a} and {b}, "
            "retrieved {retrieved}."
        ).format(version=dataset.version, a=day_text(a), b=day_text(b), retrieved=retrieved)
        body = changes_csv(changes_between(dataset, a, b), cite)
        return answer(body, "text/csv; charset=utf-8", f"karabakh-peacekeeping-changes-{a}-{b}.csv")

    server.add_url_rule("/export/changes.csv", "export_changes_csv", changes)
    server.add_url_rule("/export/layers.geojson", "export_layers_geojson", geojson)
    server.add_url_rule("/export/layers.csv", "export_layers_csv", table)
