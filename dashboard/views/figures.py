"""Pure builders: validated data in, Plotly figure (and the browser's copy of the data) out.

The map is a Plotly ``geo`` subplot drawn in SVG: it needs no tiles, no WebGL
and no glyph server, so it works offline and its labels render with the
browser's own fonts (Armenian and Cyrillic included). Nothing here reads
globals; every call returns a new figure.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.data import schema
from dashboard.data.dates import to_index
from dashboard.data.filters import events_between, precision_flags, with_precision
from dashboard.data.loading import Dataset
from dashboard.i18n import N_, _, current_language, format_number, ngettext
from dashboard.views.legend import DEFAULT_TOGGLES, TOGGLE_IDS, TOGGLES
from dashboard.views.map_layers import basemap_traces, day_offset, escape_label, layer_traces

__all__ = ["DEFAULT_TOGGLES", "TOGGLES", "TOGGLE_IDS"]  # the legend's, re-exported for callers

MAP_VIEW = {"lon": (45.25, 47.5), "lat": (39.38, 40.42)}
FORMER_OPACITY = schema.FORMER_OPACITY

SITE_SYMBOLS = {
    "monastery": "diamond",
    "checkpoint": "square",
    "base": "triangle-up",
}


UNCERTAINTY_KM = 3.0
# Sites labelled on the map: the busiest ones (all dates). The real data has fewer
# than this; a large import keeps a readable map, and every site keeps its hover label.
MAX_LABELS = 40


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


def _named(site: pd.Series, tag: str) -> str | None:
    for entry in site["names"] or []:
        if entry.get("tag") == tag and entry.get("name"):
            return entry["name"]
    return None


def site_label_form(site: pd.Series, convention: str = "both") -> tuple[str, bool]:
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


def site_label(site: pd.Series, convention: str = "both") -> str:
    """Map label: by default both sides' common names, e.g. ``Stepanakert / Khankendi``."""
    return site_label_form(site, convention)[0]


def map_label(site: pd.Series, convention: str = "both") -> str:
    """The label as Plotly draws it: escaped, in italics when it is a fallback form."""
    text, fallback = site_label_form(site, convention)
    return f"<i>{escape_label(text)}</i>" if fallback else escape_label(text)


def marker_size(count: int) -> float:
    """Marker diameter in px for ``count`` events (the schema's rule; the browser applies
    the same numbers from the client contract, and tests/cases/marker_size.json checks both)."""
    if not count:
        return schema.MARKER_EMPTY
    return schema.MARKER_BASE + schema.MARKER_PER_ROOT * math.sqrt(count)


def _uncertainty_trace(dataset: Dataset) -> go.Scattergeo:
    """Dotted circles round sites whose point is only approximate (derived or stand-in)."""
    lons: list = []
    lats: list = []
    sites = mapped_sites(dataset)
    for _sid, site in sites[sites["location_precision"] == "approximate"].iterrows():
        lat_deg = UNCERTAINTY_KM / 110.57
        lon_deg = UNCERTAINTY_KM / (111.32 * math.cos(math.radians(site.geometry.y)))
        angles = np.linspace(0, 2 * math.pi, 49)
        lons += [*np.round(site.geometry.x + lon_deg * np.cos(angles), 5).tolist(), None]
        lats += [*np.round(site.geometry.y + lat_deg * np.sin(angles), 5).tolist(), None]
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="lines",
        line={"color": "#1f3b57", "width": 1, "dash": "dot"},
        hoverinfo="skip",
        name="approximate locations",
        meta={"toggle": "sites", "kind": "basemap-toggle"},
    )


def site_counts(
    dataset: Dataset, start: date, end: date, precision: list[str] | None = None
) -> pd.Series:
    """Events per site in ``[start, end]``, for every site (zero included)."""
    selected = with_precision(events_between(dataset.events, start, end), precision)
    counts = selected["site"].value_counts()
    return counts.reindex(dataset.sites.index, fill_value=0)


def mapped_sites(dataset: Dataset) -> pd.DataFrame:
    """Sites that have a point geometry, in a stable order."""
    sites = dataset.sites
    return sites[sites.geometry.notna() & (sites.geometry.geom_type == "Point")]


def labelled_sites(dataset: Dataset, sites: pd.DataFrame) -> list[bool]:
    """Which of ``sites`` carry a label on the map: the MAX_LABELS with most events."""
    if len(sites) <= MAX_LABELS:
        return [True] * len(sites)
    totals = dataset.events["site"].value_counts().reindex(sites.index, fill_value=0)
    order = sorted(range(len(sites)), key=lambda i: -int(totals.iloc[i]))  # stable: ties keep order
    chosen = set(order[:MAX_LABELS])
    return [i in chosen for i in range(len(sites))]


def label_order(dataset: Dataset, sites: pd.DataFrame) -> list[int]:
    """Positions in ``sites`` in the order their labels are placed: the annotations' key
    sites first, then by events, most first (ties keep the sites' order)."""
    key = {sid: i for i, sid in enumerate(dataset.annotations.label_priority)}
    totals = dataset.events["site"].value_counts().reindex(sites.index, fill_value=0)
    return sorted(
        range(len(sites)),
        key=lambda i: (key.get(sites.index[i], len(key)), -int(totals.iloc[i])),
    )


def site_hover(site: pd.Series, count: int) -> str:
    kind = _(site["kind"])
    approx = (
        " · " + _("approximate location") if site["location_precision"] == "approximate" else ""
    )
    counted = ngettext(
        "{n} event in the selected dates", "{n} events in the selected dates", count
    ).format(n=format_number(count))
    label = map_label(site, default_convention())
    return f"<b>{label}</b><br>{kind}{approx}<br>{counted}"


def _sites_trace(dataset: Dataset, start: date, end: date) -> go.Scattergeo:
    sites = mapped_sites(dataset)
    counts = site_counts(dataset, start, end).reindex(sites.index)
    symbols = [SITE_SYMBOLS.get(kind, "circle") for kind in sites["kind"]]
    labelled = labelled_sites(dataset, sites)
    return go.Scattergeo(
        lon=sites.geometry.x.round(5).tolist(),
        lat=sites.geometry.y.round(5).tolist(),
        mode="markers+text",
        text=[
            map_label(s, default_convention()) if shown else ""
            for (_sid, s), shown in zip(sites.iterrows(), labelled, strict=True)
        ],
        textposition=[dataset.annotations.label_position(sid) for sid in sites.index],
        textfont={"size": 11, "color": "#1d2733"},
        hovertext=[site_hover(s, int(counts[sid])) for sid, s in sites.iterrows()],
        hovertemplate="%{hovertext}<extra></extra>",
        customdata=[f"site:{sid}" for sid in sites.index],
        marker={
            "size": [marker_size(int(c)) for c in counts],
            "symbol": [s if c else f"{s}-open" for s, c in zip(symbols, counts, strict=True)],
            "color": "#1f3b57",
            "opacity": 0.9,
            "line": {"color": "#ffffff", "width": 1},
        },
        name="sites",
        meta={"toggle": "sites", "kind": "sites", "symbols": symbols},
    )


def status_at(valid_from: int | None, valid_to: int | None, on: int) -> str:
    """``current``, ``former`` or ``future`` for day offsets (schema's rule; the browser's
    ``statusAt`` runs the same cases, tests/cases/status_at.json)."""
    if valid_from is not None and on < valid_from:
        return "future"
    if valid_to is not None and on >= valid_to:
        return "former"
    return "current"


def apply_view_state(fig: go.Figure, toggles: list[str], on: date, origin: date) -> go.Figure:
    """Show, fade or hide each layer trace for the date ``on`` (as the browser's ``mapChanges``)."""
    on_index = to_index(on, origin)
    for trace in fig.data:
        meta = trace.meta or {}
        toggle = meta.get("toggle")
        if toggle is None:
            continue
        if "feature" not in meta:
            trace.visible = toggle in toggles
            continue
        status = status_at(meta["from"], meta["to"], on_index)
        shown = status == "current" or (status == "former" and "former" in toggles)
        trace.visible = toggle in toggles and shown
        fade = 1.0 if status == "current" else FORMER_OPACITY
        if meta["kind"] == "choropleth":
            trace.marker.opacity = meta["opacity"] * fade
        else:
            trace.opacity = fade
    return fig


def build_map_figure(
    dataset: Dataset, start: date, end: date, toggles: list[str] | None = None
) -> go.Figure:
    """The map for the dates ``[start, end]``; layers show their state on ``end``."""
    origin = dataset.span[0]
    traces = basemap_traces(dataset) + layer_traces(dataset, origin)
    traces.append(_uncertainty_trace(dataset))
    traces.append(_sites_trace(dataset, start, end))
    traces.append(
        go.Scattergeo(  # Compare mode's marks, filled by the browser (40-map.js)
            lon=[],
            lat=[],
            mode="markers",
            # empty arrays, as the browser's outside Compare mode (so nothing is redrawn)
            marker={"size": 15, "symbol": [], "color": [], "line": {"width": 1.5, "color": "#fff"}},
            hovertext=[],
            hovertemplate="%{hovertext}<extra></extra>",
            name="changes",
            meta={"toggle": None, "kind": "changes"},
        )
    )
    traces.append(
        go.Scattergeo(
            lon=[],
            lat=[],
            mode="markers",
            marker={"symbol": "circle-open", "size": 30, "color": "#d4820a", "line": {"width": 3}},
            hoverinfo="skip",
            name="selection",
            meta={"toggle": None, "kind": "highlight"},
        )
    )
    fig = go.Figure(data=traces)
    fig.update_layout(
        geo={
            "visible": False,
            "projection": {"type": "mercator"},
            "lonaxis": {"range": list(MAP_VIEW["lon"])},
            "lataxis": {"range": list(MAP_VIEW["lat"])},
            "bgcolor": "#fbf9f4",
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="#eef3f6",
        showlegend=False,
        hoverlabel={"bgcolor": "#ffffff", "font": {"size": 12}},
        uirevision="map",
        clickmode="event",
        dragmode="pan",
    )
    return apply_view_state(fig, toggles if toggles is not None else DEFAULT_TOGGLES, end, origin)


def client_data(dataset: Dataset, fig: go.Figure) -> dict:
    """What the browser needs to redraw the map for any dates without a server round trip.

    Events are columns of small integers, so 100,000 events stay a compact payload:
    ``startStep`` is each start's day offset minus the previous event's (events are
    sorted by start, so mostly 0 or 1) and ``length`` is end minus start in days;
    assets/client/20-counts.js rebuilds the start and end days once (``columns``).
    """
    origin = dataset.span[0]
    sites = mapped_sites(dataset)
    site_pos = {sid: i for i, sid in enumerate(sites.index)}
    events = dataset.events
    start = [(d - origin).days for d in events["start"]]
    length = [(e - b).days for b, e in zip(events["start"], events["end"], strict=True)]
    step = [day - before for day, before in zip(start, [0, *start[:-1]], strict=True)]
    traces = []
    special: dict[str, int] = {}
    for i, trace in enumerate(fig.data):
        meta = trace.meta or {}
        if meta.get("kind") in ("sites", "highlight", "changes"):
            special[meta["kind"]] = i
        if meta.get("toggle") is None:
            continue
        traces.append(
            {
                "index": i,
                "toggle": meta["toggle"],
                "from": meta.get("from"),
                "to": meta.get("to"),
                "kind": meta.get("kind"),
                "opacity": meta.get("opacity"),
            }
        )
    return {
        "origin": origin.isoformat(),
        "max": (dataset.span[1] - origin).days,
        "events": {
            "startStep": step,
            "length": length,
            "site": [site_pos.get(s, -1) for s in events["site"]],
            "flags": precision_flags(events).tolist(),
        },
        "sites": {
            "count": len(sites),
            "trace": special.get("sites"),
            "labels": {
                convention: [map_label(s, convention) for _sid, s in sites.iterrows()]
                for convention in NAME_CONVENTIONS
            },
            "labelled": labelled_sites(dataset, sites),
            # the browser places labels in this order, each at its preferred side if it fits
            "labelOrder": label_order(dataset, sites),
            "positions": [dataset.annotations.label_position(sid) for sid in sites.index],
            "kinds": [_(s) for s in sites["kind"]],
            "approximate": [p == "approximate" for p in sites["location_precision"]],
            "symbols": [SITE_SYMBOLS.get(kind, "circle") for kind in sites["kind"]],
        },
        "traces": traces,
        "highlightTrace": special.get("highlight"),
        "changesTrace": special.get("changes"),
        "features": dated_features(dataset, origin),
    }


def dated_features(dataset: Dataset, origin: date) -> list[dict]:
    """Each dated layer feature's name, validity (day offsets) and a point inside it, for
    Compare mode's marks."""
    out = []
    for spec in schema.LAYERS:
        layer = dataset.layers.get(spec.id)
        if spec.basemap or layer is None:
            continue
        for fid, row in layer.iterrows():
            if not (row["valid_from"] or row["valid_to"]) or row.geometry is None:
                continue
            point = row.geometry.representative_point()
            out.append(
                {
                    "id": fid,
                    "name": escape_label(row["name"]),  # shown as Plotly hover text
                    "from": day_offset(row["valid_from"], origin),
                    "to": day_offset(row["valid_to"], origin),
                    "lon": round(point.x, 4),
                    "lat": round(point.y, 4),
                }
            )
    return out
