"""Marks on the events added or corrected after a release (a link's ``?since=``)."""

from __future__ import annotations

from dash import no_update

from dashboard.data.loading import Dataset
from dashboard.i18n import N_, _, format_number, ngettext

# How an event changed after a release, on its chronology row and its detail card.
ROW_MARKS = {"added": N_("added since {release}"), "corrected": N_("corrected since {release}")}
CARD_MARKS = {
    "added": N_("Added since release {release}"),
    "corrected": N_("Corrected since release {release}"),
}


def mark_changed(rows: list, cards, since, dataset: Dataset) -> str:
    """Mark the chronology rows and detail cards of events added or corrected after release
    ``since`` (a link's ``?since=``) in place; the words for the chronology's summary."""
    if not isinstance(since, str) or since not in dataset.releases.by_name:
        return ""
    marks = dataset.releases.changed_since(since)
    for row in rows:
        how = marks.get(row["token"].partition(":")[2])
        row["changed"] = _(ROW_MARKS[how]).format(release=since) if how else None
    for card in [] if cards is no_update else cards.get("cards", []):
        how = marks.get(card["id"])
        card["changed"] = _(CARD_MARKS[how]).format(release=since) if how else None
    words = ngettext(
        "Marked: the {n} event added or corrected since release {release}.",
        "Marked: the {n} events added or corrected since release {release}.",
        len(marks),
    )
    return " " + words.format(n=format_number(len(marks)), release=since)
