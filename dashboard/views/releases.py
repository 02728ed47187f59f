"""The About panel's corrections log: the newest data release and what changed since the
release before it (``geodata/releases.json``, read by ``dashboard/data/releases.py``)."""

from __future__ import annotations

import json
from typing import Any

from dash import html

from dashboard.data import schema
from dashboard.data.dates import day_text, parse_day
from dashboard.data.loading import Dataset
from dashboard.i18n import _, format_number, ngettext

SHOWN_CORRECTIONS = 40  # the rest are in releases.json


def _value_text(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def _counts_text(release: Any) -> str:
    """``3 events added, 2 corrections, 0 removed``."""
    added, corrected, removed = len(release.added), len(release.corrected), len(release.removed)
    return ", ".join(
        [
            ngettext("{n} event added", "{n} events added", added).format(n=format_number(added)),
            ngettext("{n} correction", "{n} corrections", corrected).format(
                n=format_number(corrected)
            ),
            ngettext("{n} removed", "{n} removed", removed).format(n=format_number(removed)),
        ]
    )


def release_section(dataset: Dataset) -> list:
    """Paragraphs for the About panel; empty when the data has no releases.json."""
    releases = dataset.releases
    latest = releases.latest
    if latest is None:
        return []
    out = [
        html.P(
            [
                _("Data release {name} of {day} (events file {hash}).").format(
                    name=latest.name, day=day_text(parse_day(latest.date)), hash=latest.content_hash
                )
                + " ",
                html.Span(latest.summary, lang="en"),  # the release's own note, as written
            ]
        )
    ]
    if len(releases.items) < 2:
        return out
    previous = releases.items[-2].name
    link = f"?{schema.LINK_PARAMS['since']}={previous}"
    out.append(
        html.P(
            [
                _("Changed since release {release}: {changes}.").format(
                    release=previous, changes=_counts_text(latest)
                )
                + " ",
                html.A(_("Mark the changed events ({link})").format(link=link), href=link),
                ".",
            ]
        )
    )
    items = [
        # the record's fields and values, as they are in the data
        html.Li(f"{c.event_id} {c.field}: {_value_text(c.old)} → {_value_text(c.new)}", lang="en")
        for c in latest.corrected[:SHOWN_CORRECTIONS]
    ]
    items += [
        html.Li(
            _("{id} removed ({title}): {reason}").format(
                id=r.event_id, title=r.title, reason=r.reason
            )
        )
        for r in latest.removed
    ]
    if items:
        out.append(
            html.Details(
                [
                    html.Summary(
                        _("Corrections and removals in {release}").format(release=latest.name)
                    ),
                    html.Ul(items),
                ],
                className="corrections",
            )
        )
    return out
