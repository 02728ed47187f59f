"""How the record covers the mission: events per month, per category, per confidence and
per primary source, per claimant and per originating outlet (``karabakh-map validate
--stats``; the table in geodata/README.md).

Per month counts an event in the month it starts; every month of the data's span is
listed, those with no event too, so a gap is visible rather than missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.data import schema
from dashboard.data.coding import originator

README_MARK = "table:coverage"
"""geodata/README.md holds :func:`markdown` between ``<!-- table:coverage -->`` and
``<!-- /table -->``; a test keeps it equal to the bundled data's."""


@dataclass(frozen=True)
class Coverage:
    months: list[tuple[str, int]]  # ("2020-11", n), every month of the span
    categories: list[tuple[str, int]]  # in the schema's order
    confidence: list[tuple[str, int]]
    primary_sources: list[tuple[str, int]]  # most events first
    total: int
    claimants: list[tuple[str, int]] = ()  # in the schema's order; "(not coded)" last
    originators: list[tuple[str, int]] = ()  # events each originator supports, most first

    @property
    def empty_months(self) -> list[str]:
        return [month for month, n in self.months if n == 0]


def _month_keys(first: date, last: date) -> list[str]:
    keys, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        keys.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def coverage(events: Iterable[Mapping[str, Any]], span: tuple[date, date]) -> Coverage:
    """``events``: each with ``start`` (a date), ``category``, ``confidence`` and ``sources``."""
    events = list(events)
    by_month = Counter(f"{e['start'].year}-{e['start'].month:02d}" for e in events)
    by_category = Counter(e["category"] for e in events)
    by_confidence = Counter(e["confidence"] for e in events)
    by_source = Counter(
        (e["sources"][0].get("name") or e["sources"][0]["url"]) if e["sources"] else "(none)"
        for e in events
    )
    by_claimant = Counter(c for e in events for c in (e.get("claimed_by") or ["(not coded)"]))
    by_originator: Counter = Counter()
    names: dict[str, str] = {}
    for e in events:
        for src in e["sources"]:
            names.setdefault(originator(src), src.get("via") or src.get("name") or src["url"])
        by_originator.update({originator(src) for src in e["sources"]})
    return Coverage(
        claimants=[
            (schema.CLAIMANTS.get(c, c), by_claimant[c])
            for c in (*schema.CLAIMANTS, "(not coded)")
            if by_claimant[c]
        ],
        originators=sorted(
            ((names[key], n) for key, n in by_originator.items()), key=lambda i: (-i[1], i[0])
        ),
        months=[(key, by_month.get(key, 0)) for key in _month_keys(*span)],
        categories=[(c, by_category[c]) for c in schema.CATEGORIES if by_category[c]],
        confidence=[(c, by_confidence[c]) for c in schema.CONFIDENCE_LEVELS if by_confidence[c]],
        primary_sources=sorted(by_source.items(), key=lambda item: (-item[1], item[0])),
        total=len(events),
    )


def _table(name: str, counted: str, rows) -> list[str]:
    return ["", f"| {name} | {counted} |", "| --- | ---: |", *(f"| {k} | {n} |" for k, n in rows)]


def markdown(cover: Coverage, top_sources: int = 10) -> str:
    """The coverage as Markdown tables: months by year, then categories and sources."""
    years = sorted({month[:4] for month, _ in cover.months})
    counts = dict(cover.months)
    lines = ["| year | " + " | ".join(f"{m:02d}" for m in range(1, 13)) + " | total |"]
    lines.append("| --- |" + " ---: |" * 13)
    for year in years:
        cells = [
            str(counts[f"{year}-{m:02d}"]) if f"{year}-{m:02d}" in counts else ""
            for m in range(1, 13)
        ]
        total = sum(n for month, n in cover.months if month.startswith(year))
        lines.append(f"| {year} | " + " | ".join(cells) + f" | {total} |")
    named = f"top {top_sources} of"
    lines += _table("category", "events", cover.categories)
    lines += _table("confidence", "events", cover.confidence)
    share = cover.primary_sources[0][1] / cover.total if cover.total else 0
    heading = f"primary source (as recorded; {named} {len(cover.primary_sources)})"
    lines += _table(heading, "events", cover.primary_sources[:top_sources])
    lines += _table("reported by (claimed_by)", "events", cover.claimants)
    heading = f"originating outlet (via; {named} {len(cover.originators)})"
    lines += _table(heading, "events it supports", cover.originators[:top_sources])
    widest = cover.originators[0][1] / cover.total if cover.total and cover.originators else 0
    lines += [
        "",
        f"{cover.total} events; months with none: {', '.join(cover.empty_months) or 'none'}; "
        f"the largest single primary source carries {share:.0%} of them, the largest "
        f"originating outlet supports {widest:.0%}.",
    ]
    return "\n".join(lines)
