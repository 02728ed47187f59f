"""The About panel's corrections log: the newest data release and what changed since the
release before it (``geodata/releases.json``, read by ``dashboard/data/releases.py``)."""

from __future__ import annotations

import json
from typing import Any

from dash import html

from dashboard.data import schema
from dashboard.data.dates import day_text, parse_day
from dashboard.data.loading import Dataset

SHOWN_CORRECTIONS = 40  # the rest are in releases.json


def _value_text(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def release_section(dataset: Dataset) -> list:
    """Paragraphs for the About panel; empty when the data has no releases.json."""
    releases = dataset.releases
    latest = releases.latest
    if latest is None:
        return []
    out = [
        html.P(
            f"Data release {latest.name} of {day_text(parse_day(latest.date))} "
            f"(events file {latest.content_hash}). {latest.summary}"
        )
    ]
    if len(releases.items) < 2:
        return out
    previous = releases.items[-2].name
    link = f"?{schema.LINK_PARAMS['since']}={previous}"
    out.append(
        html.P(
            [
                f"Changed since release {previous}: {len(latest.added)} events added, "
                f"{len(latest.corrected)} corrections, {len(latest.removed)} removed. ",
                html.A(f"Mark the changed events ({link})", href=link),
                ".",
            ]
        )
    )
    items = [
        html.Li(f"{c.event_id} {c.field}: {_value_text(c.old)} → {_value_text(c.new)}")
        for c in latest.corrected[:SHOWN_CORRECTIONS]
    ]
    items += [html.Li(f"{r.event_id} removed ({r.title}): {r.reason}") for r in latest.removed]
    if items:
        out.append(
            html.Details(
                [html.Summary(f"Corrections and removals in {latest.name}"), html.Ul(items)],
                className="corrections",
            )
        )
    return out
