"""Which name a place shows: both sides' usual forms, one side's, or a script's, by the
page's language unless the reader chooses (the map's labels, hovers and panels)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.data import schema
from dashboard.i18n import N_, current_language
from dashboard.views.map_layers import escape_label

NAME_CONVENTIONS = {
    "both": N_("Both sides' names"),
    "hy": N_("Armenian usage"),
    "az": N_("Azerbaijani usage"),
    "hy-script": N_("Armenian script"),
    "az-script": N_("Azerbaijani spelling"),
    "ru": N_("Russian (Cyrillic)"),
}
# The names a page shows by default, by its language: each reader sees the names in the
# script of the interface (the convention stays switchable, and in links).
LANGUAGE_CONVENTIONS = {"en": "both", "ru": "ru", "hy": "hy-script", "az": "az-script"}
# A script convention reads the site's first name with this tag; a site without one
# falls back, visibly, to the Latin form of the same side's usage.
SCRIPT_TAGS = {"hy-script": ("hy", "name_hy_usage"), "az-script": ("az", "name_az_usage")}
SCRIPT_TAGS["ru"] = ("ru", None)


def default_convention() -> str:
    """The names convention of the current language."""
    return LANGUAGE_CONVENTIONS.get(current_language(), schema.DEFAULT_NAMES)


def _named(site: SiteNames, tag: str) -> str | None:
    for entry in site["names"] or []:
        if entry.get("tag") == tag and entry.get("name"):
            return entry["name"]
    return None


SiteNames = Mapping[str, Any] | pd.Series  # a site's row, or its name_records() entry


def name_records(sites: pd.DataFrame) -> list[dict]:
    """Each site's names as a plain dict (what the label functions read): a pandas row per
    site costs ~60 µs, which at 5,000 places and six conventions was 2.6 s of start-up."""
    return sites[["name_hy_usage", "name_az_usage", "names"]].to_dict("records")


def site_label_form(site: SiteNames, convention: str = "both") -> tuple[str, bool]:
    """(label, fallback): the site's name in ``convention``; ``fallback`` when the data has
    no name in that script and the Latin usage form stands in for it."""
    hy, az = site["name_hy_usage"], site["name_az_usage"]
    both = hy if hy == az else f"{hy} / {az}"
    if convention == "hy":
        return hy, False
    if convention == "az":
        return az, False
    if convention in SCRIPT_TAGS:
        tag, usage = SCRIPT_TAGS[convention]
        name = _named(site, tag)
        return (name, False) if name else (site[usage] if usage else both, True)
    return both, False


def site_label(site: SiteNames, convention: str = "both") -> str:
    """Map label: by default both sides' common names, e.g. ``Stepanakert / Khankendi``."""
    return site_label_form(site, convention)[0]


def map_label(site: SiteNames, convention: str = "both") -> str:
    """The label as Plotly draws it: escaped, in italics when it is a fallback form."""
    text, fallback = site_label_form(site, convention)
    return f"<i>{escape_label(text)}</i>" if fallback else escape_label(text)


def client_names(sites: pd.DataFrame) -> dict[str, Any]:
    """The places' names for the browser, from which it composes every convention's labels
    (assets/client/40-map.js ``siteLabels``, the rules of ``map_label``): each side's Latin
    usage, and the script names where the data has them (None: shown as the fallback, in
    italics). Six full label lists were ~86 KB compressed at 5,000 places."""
    records = name_records(sites)
    out: dict[str, Any] = {
        "hy": [escape_label(r["name_hy_usage"]) for r in records],
        "az": [escape_label(r["name_az_usage"]) for r in records],
        "fallback": {},
    }
    for convention, (tag, usage) in SCRIPT_TAGS.items():
        named = [_named(r, tag) for r in records]
        out[convention] = [escape_label(name) if name else None for name in named]
        out["fallback"][convention] = {"name_hy_usage": "hy", "name_az_usage": "az"}.get(
            usage or "", "both"
        )
    return out
