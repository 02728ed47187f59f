"""Events and links as plain data for the browser: the detail panel's cards and the
chronology's rows (drawn by assets/client/70-panels.js as text nodes), and safe links.

Only http(s) URLs become links; every other value is text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dash import html

from dashboard.data import schema
from dashboard.data.coding import independent_sources
from dashboard.data.dates import day_text, event_date_text, parse_day
from dashboard.i18n import N_, _, format_number, ngettext

URL_RE = re.compile(r"https?://[^\s,;)]+")
# How precise an event's date and place are, as a card says it (schema.DATE_PRECISIONS,
# schema.LOCATION_PRECISIONS); a value not listed is shown as it is.
DATE_PRECISION_WORDS = {
    "day": N_("day precision"),
    "month": N_("month precision"),
    "season": N_("season precision"),
    "year": N_("year precision"),
}
LOCATION_PRECISION_WORDS = {
    "exact": N_("location: exact"),
    "settlement": N_("location: settlement"),
    "approximate": N_("location: approximate"),
    "region": N_("location: region"),
}


def safe_link(url: str, text: str | None = None) -> html.A | str:
    """A link for http(s) URLs; anything else (``javascript:``...) stays plain text."""
    if is_http_url(url):
        return html.A(text or url, href=url, target="_blank", rel="noopener noreferrer")
    return text or str(url)


def is_http_url(url: Any) -> bool:
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


def link_segments(text: str) -> list[list[str]]:
    """``text`` split into ``["text", words]`` and ``["link", url]`` parts (http(s) only)."""
    parts: list[list[str]] = []
    pos = 0
    for match in URL_RE.finditer(text or ""):
        url = match.group(0).rstrip(".")
        parts.append(["text", text[pos : match.start()]])
        parts.append(["link", url])
        pos = match.start() + len(url)
    parts.append(["text", (text or "")[pos:]])
    return [p for p in parts if p[1] != ""]


def linkify(text: str) -> list:
    """Text with its http(s) URLs turned into links, the rest kept as plain text."""
    return [safe_link(value) if kind == "link" else value for kind, value in link_segments(text)]


def _range_text(counts: Mapping[str, int] | None) -> str | None:
    if not counts:
        return None
    low, best, high = counts["low"], counts["best"], counts["high"]
    if low == high:
        return str(best)
    return _("{best} (sources range {low}–{high})").format(best=best, low=low, high=high)


def _lag_text(reported: str, start) -> str:
    lag = (parse_day(reported) - start).days
    day = day_text(parse_day(reported))
    if lag == 0:
        return _("{day} (the same day)").format(day=day)
    return ngettext("{day} ({n} day after)", "{day} ({n} days after)", lag).format(
        day=day, n=format_number(lag)
    )


def coding_rows(event: Mapping[str, Any]) -> list[list[str]]:
    """The event's coded fields as ``[label, words]`` pairs, only those it has."""
    claimants = schema.CLAIMANTS
    rows: list[list[str]] = []
    if event.get("reported"):
        rows.append([_("First reported"), _lag_text(event["reported"], event["start"])])
    for label, field in ((N_("Reported by"), "claimed_by"), (N_("Denied by"), "denied_by")):
        if event.get(field):
            names = ", ".join(_(claimants[c]) if c in claimants else c for c in event[field])
            rows.append([_(label), names])
    for label, field in ((N_("Killed"), "killed"), (N_("Injured"), "injured")):
        words = _range_text(event.get(field))
        if words:
            rows.append([_(label), words])
    count = independent_sources(event["sources"])
    rows.append(
        [
            _("Independent sources"),
            _("{n} (distinct originators: a reprint counts once)").format(n=count),
        ]
    )
    if event.get("added"):
        added = day_text(parse_day(event["added"]))
        if event.get("updated") and event["updated"] != event["added"]:
            since = _("since {added}, updated {updated}").format(
                added=added, updated=day_text(parse_day(event["updated"]))
            )
        else:
            since = _("since {added}").format(added=added)
        rows.append([_("In the record"), since])
    return rows


def card_row(event: Mapping[str, Any]) -> dict[str, Any]:
    """One event in full, as plain data: date with precision, title, summary, category,
    confidence, each side's claim on a contested fact, reported figures, sources, notes.

    Only http(s) URLs are sent as ``url``; every other value is drawn as text.
    """
    label, colour = schema.CATEGORIES.get(event["category"], (event["category"], "#777777"))
    return {
        "id": event["id"],
        "date": event_date_text(event["date"], event["date_precision"], event["end_date"]),
        "datetime": str(event["start"]),
        "precision": _(DATE_PRECISION_WORDS[event["date_precision"]])
        if event["date_precision"] in DATE_PRECISION_WORDS
        else f"{event['date_precision']} precision",
        "title": event["title"],
        "context": bool(event.get("context")),
        "category": _(label) if event["category"] in schema.CATEGORIES else label,
        "colour": colour,
        "confidence": event["confidence"],
        "location": _(LOCATION_PRECISION_WORDS[event["location_precision"]])
        if event["location_precision"] in LOCATION_PRECISION_WORDS
        else f"location: {event['location_precision']}",
        "summary": event["summary"],
        "contested": [
            {
                "by": claim["by"],
                "claim": claim["claim"],
                "source": claim.get("source_name") or "",
                "url": claim["source_url"] if is_http_url(claim.get("source_url")) else None,
                "linked": bool(claim.get("source_url")),
            }
            for claim in event.get("contested") or []
        ],
        "figures": [f"{key.replace('_', ' ')}: {value}" for key, value in event["figures"].items()],
        "sources": [
            {
                "name": src.get("name") or src["url"],
                "url": src["url"] if is_http_url(src["url"]) else None,
                "role": src.get("role") if src.get("role") not in (None, "", "primary") else None,
                "via": src.get("via") or None,
            }
            for src in event["sources"]
        ],
        "notes": link_segments(event["notes"]) if event.get("notes") else [],
        "coding": coding_rows(event),
    }


def list_row(event: Mapping[str, Any], where: str, selected: bool) -> dict[str, Any]:
    """One chronology entry as plain data.

    The browser builds the list from these (assets/client/70-panels.js ``renderList``, as
    text nodes only): a hundred entries as Dash components were 430 of the page's
    575 components, and Dash's renderer pays for every component on every update.
    """
    return {
        "token": f"event:{event['id']}",
        "date": event_date_text(event["date"], event["date_precision"], event["end_date"]),
        "title": event["title"],
        "contested": bool(event.get("contested")),
        "place": where,
        "colour": schema.CATEGORIES.get(event["category"], ("", "#777"))[1],
        "selected": selected,
    }
