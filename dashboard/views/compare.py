"""What changed between two dates, in words, each change with its source: the dated layer
features that began, ended, or began and ended between A and B, the events in between, and
the peacekeepers reported killed (issue 16's Compare; exported by web/layer_export.py).

A change is counted on days after A up to and including B, by the same in-force rule as the
map (``filters.layer_status``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from dash import html

from dashboard.data import schema
from dashboard.data.csv_format import neutralise
from dashboard.data.dates import day_text
from dashboard.data.filters import layer_status
from dashboard.data.loading import Dataset
from dashboard.data.queries import event_at, rows_started_by
from dashboard.i18n import N_, _, format_number, ngettext
from dashboard.views.cards import safe_link
from dashboard.views.situation import situation_on

CHANGE_COLUMNS = ("change", "what", "day", "reference", "source_url", "cite_as")
# A change as a sentence names it (the CSV's ``change`` column keeps the code).
CHANGE_WORDS = {
    "began": N_("began"),
    "ended": N_("ended"),
    "began and ended": N_("began and ended"),
}


@dataclass(frozen=True)
class Change:
    change: str  # "began", "ended", "began and ended", "events", "peacekeepers killed"
    what: str
    day: date | None
    reference: str  # a layer feature id, or the event a figure comes from
    source_url: str | None


def _source(dataset: Dataset, event_ids: list[str], day: date | None) -> tuple[str, str | None]:
    """The documenting event dated ``day`` (else the first) and its primary source's URL."""
    rows = [dataset.store.row_of(e) for e in event_ids or []]
    events = [event_at(dataset.store, dataset.days, r) for r in rows if r is not None]
    if not events:
        return "", None
    chosen = next((e for e in events if e["start"] == day), events[0])
    return chosen["id"], chosen["sources"][0]["url"]


def changes_between(dataset: Dataset, a: date, b: date) -> list[Change]:
    """The changes from ``a`` to ``b`` (swapped if reversed), layer features first, by day."""
    a, b = sorted((a, b))
    found: list[Change] = []
    for spec in schema.LAYERS:
        if spec.basemap or spec.id not in dataset.layers:
            continue
        for fid, f in dataset.layers[spec.id].iterrows():
            before = layer_status(f["valid_from"], f["valid_to"], a)
            after = layer_status(f["valid_from"], f["valid_to"], b)
            if before == after:
                continue
            began = date.fromisoformat(f["valid_from"]) if f["valid_from"] else None
            ended = date.fromisoformat(f["valid_to"]) if f["valid_to"] else None
            change, day = {
                ("future", "current"): ("began", began),
                ("current", "former"): ("ended", ended),
                ("future", "former"): ("began and ended", began),
            }[(before, after)]
            event_id, url = _source(dataset, f["events"], day)
            found.append(Change(change, f["name"], day, event_id or fid, url))
    found.sort(key=lambda c: (c.day or date.min, c.reference))
    days = dataset.days
    first, last = days.day(a), days.day(b)
    n = rows_started_by(days, last) - rows_started_by(days, first)
    # "after A": an event on day A is in force at A already (the map's rule), so not a change
    began = ngettext(
        "{n} event began after {a}, up to {b}", "{n} events began after {a}, up to {b}", n
    ).format(n=format_number(n), a=day_text(a), b=day_text(b))
    found.append(Change("events", began, None, "", None))
    low_a, best_a, high_a = situation_on(dataset, a).death_range
    low_b, best_b, high_b = situation_on(dataset, b).death_range
    if best_b > best_a:
        killed = best_b - best_a
        if low_b - low_a == high_b - high_a:
            what = ngettext(
                "{n} peacekeeper reported killed", "{n} peacekeepers reported killed", killed
            ).format(n=killed)
        else:
            what = ngettext(
                "{n} peacekeeper reported killed (sources range {low}–{high})",
                "{n} peacekeepers reported killed (sources range {low}–{high})",
                killed,
            ).format(n=killed, low=low_b - low_a, high=high_b - high_a)
        found.append(Change("peacekeepers killed", what, None, "", None))
    return found


def words(changes: list[Change], a: date, b: date) -> str:
    """One sentence: "Between 1 Dec 2022 and 1 May 2023: ...; N events; M peacekeepers..."."""
    parts = []
    for c in changes:
        when = f" ({day_text(c.day)})" if c.day else ""
        if c.change in ("events", "peacekeepers killed"):
            parts.append(f"{c.what}{when}")
        else:
            word = _(CHANGE_WORDS[c.change]) if c.change in CHANGE_WORDS else c.change
            parts.append(_("{label}: ").format(label=word) + f"{c.what}{when}")
    return _("Between {start} and {end}: {changes}.").format(
        start=day_text(min(a, b)), end=day_text(max(a, b)), changes="; ".join(parts)
    )


def changes_csv(changes: list[Change], cite: str) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CHANGE_COLUMNS)
    for c in changes:
        cells = [
            c.change,
            c.what,
            c.day.isoformat() if c.day else "",
            c.reference,
            c.source_url or "",
        ]
        writer.writerow([neutralise(cell) for cell in cells] + [cite])
    return out.getvalue()


def map_marks() -> list:
    """The legend of assets/client/40-map.js's marks, from the same table, in the current
    language."""
    return [
        html.Span(f"{glyph} {_(CHANGE_WORDS.get(change, word.lower()))}", style={"color": colour})
        for change, (_symbol, colour, word, glyph) in schema.COMPARE_MARKS.items()
    ]


def compare_panel(dataset: Dataset, a: date, b: date) -> list:
    """The Compare mode's change list: each line with its date, the event that dates it
    (selectable) and its source, then the events and deaths between, and the CSV."""
    a, b = sorted((a, b))
    items = []
    for c in changes_between(dataset, a, b):
        line: list = []
        if c.change in schema.COMPARE_MARKS:
            _symbol, colour, word, _glyph = schema.COMPARE_MARKS[c.change]
            label = _("{label}: ").format(label=_(word))
            what = html.Span(c.what, lang="en")  # the feature's name, as the record has it
            line += [html.Strong(label, style={"color": colour}), what]
        else:
            line.append(c.what)
        if c.day:
            line.append(f" ({day_text(c.day)})")
        if c.reference in dataset.events.index:
            line += [
                " ",
                html.Button(
                    c.reference,
                    type="button",
                    className="link-button",
                    **{"data-token": f"event:{c.reference}"},
                ),
            ]
        if c.source_url:
            line += [" ", safe_link(c.source_url, _("source"))]
        items.append(html.Li(line, className=f"change change-{c.change.replace(' ', '-')}"))
    query = f"compare={a.isoformat()},{b.isoformat()}"
    return [
        html.H3(
            _("What changed between {start} and {end}").format(start=day_text(a), end=day_text(b)),
            className="situation-heading",
        ),
        html.P(
            [
                _("On the map:") + " ",
                *[part for i, m in enumerate(map_marks()) for part in ([", "] if i else []) + [m]],
                "; "
                + _(
                    "ended features are drawn faded; sites sized by their events between the dates."
                ),
            ],
            className="compare-key",
        ),
        html.Ul(items, className="change-list"),
        html.P(
            html.A(_("Download the changes as CSV"), href=f"/export/changes.csv?{query}"),
            className="export-links",
        ),
    ]
