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
from dashboard.data.dates import event_date_text

URL_RE = re.compile(r"https?://[^\s,;)]+")


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
        "precision": f"{event['date_precision']} precision",
        "title": event["title"],
        "context": bool(event.get("context")),
        "category": label,
        "colour": colour,
        "confidence": event["confidence"],
        "location": f"location: {event['location_precision']}",
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
            }
            for src in event["sources"]
        ],
        "notes": link_segments(event["notes"]) if event.get("notes") else [],
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
