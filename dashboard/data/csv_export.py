"""``karabakh-map export-csv``: every event of a data folder in the one CSV format.

The same rows as ``/export/events.csv`` with no link parameters, but in the order of
``events.geojson``, so exporting and importing again rewrites the file byte for byte.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from dashboard.data import csv_format, schema
from dashboard.data.loading import load_dataset


def events_to_csv(data_dir: Path | str) -> str:
    """The events of ``data_dir`` as CSV, citation line included.

    Raises
    ------
    DataError
        If the folder does not validate (each problem names its file and feature).
    """
    data_dir = Path(data_dir)
    dataset = load_dataset(data_dir)
    # The file's own properties, in its order: what an import writes back.
    doc = json.loads((data_dir / schema.EVENTS_FILE).read_text(encoding="utf-8"))
    events = [feature["properties"] for feature in doc["features"]]
    cite = csv_format.citation(dataset.version, *dataset.span, datetime.now(UTC).date())
    return csv_format.write_events(events, csv_format.site_points(dataset.sites), cite)
