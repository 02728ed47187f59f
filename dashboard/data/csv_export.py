"""``karabakh-map export-csv``: every event of a data folder in the one CSV format.

The same rows as ``/export/events.csv`` with no link parameters, but in the order of
``events.geojson``, so exporting and importing again rewrites the file byte for byte.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from dashboard.data import csv_format, schema
from dashboard.data.store_build import data_version
from dashboard.data.validation import validate_folder


def events_to_csv(data_dir: Path | str) -> str:
    """The events of ``data_dir`` as CSV, citation line included.

    Raises
    ------
    DataError
        If the folder does not validate (each problem names its file and feature).
    """
    data_dir = Path(data_dir)
    validated = validate_folder(data_dir)  # no database: nothing else is read
    # The file's own properties, in its order: what an import writes back.
    doc = json.loads((data_dir / schema.EVENTS_FILE).read_text(encoding="utf-8"))
    events = [feature["properties"] for feature in doc["features"]]
    today = datetime.now(UTC).date()
    cite = csv_format.citation(data_version(data_dir), *validated.span, today)
    return csv_format.write_events(events, csv_format.site_points(validated.sites), cite)
