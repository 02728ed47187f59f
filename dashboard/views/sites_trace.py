"""The map's places: one point per place, or per cluster of places on a record with
thousands of them (views/clusters.py), sized by their events in the selected dates, with
hovers and labels. The browser redraws the same points for any dates (40-map.js)."""

from __future__ import annotations

import math
import weakref
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.data import schema
from dashboard.data.filters import events_between, with_precision
from dashboard.data.loading import Dataset
from dashboard.i18n import _, format_number, ngettext
from dashboard.views import clusters
from dashboard.views.names import default_convention, map_label

SITE_SYMBOLS = {
    "monastery": "diamond",
    "checkpoint": "square",
    "base": "triangle-up",
}


# Sites labelled on the map: the busiest ones (all dates). The real data has fewer
# than this; a large import keeps a readable map, and every site keeps its hover label.
MAX_LABELS = 40
CLUSTER_SYMBOL, CLUSTER_SYMBOL_EMPTY = "circle-dot", "circle-open-dot"  # (no events: hollow)


def marker_size(count: int) -> float:
    """Marker diameter in px for ``count`` events (the schema's rule; the browser applies
    the same numbers from the client contract, and tests/cases/marker_size.json checks both)."""
    if not count:
        return schema.MARKER_EMPTY
    return schema.MARKER_BASE + schema.MARKER_PER_ROOT * math.sqrt(count)


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


def label_first(dataset: Dataset, sites: pd.DataFrame) -> list[int]:
    """Positions in ``sites`` of the annotations' key sites, in their order: the browser
    places their labels first, then the others' by events, most first (20-counts.js
    ``labelOrder``)."""
    position = {sid: i for i, sid in enumerate(sites.index)}
    return [position[sid] for sid in dataset.annotations.label_priority if sid in position]


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


def cluster_hover(places: int, count: int) -> str:
    """A cluster's hover (40-map.js ``clusterHover`` writes the same)."""
    what = ngettext("{n} place", "{n} places", places).format(n=format_number(places))
    counted = ngettext(
        "{n} event in the selected dates", "{n} events in the selected dates", count
    ).format(n=format_number(count))
    invite = _("Click to list them and zoom in")
    return f"<b>{what}</b><br>{counted}<br>{invite}"


def _sites_trace(
    dataset: Dataset, start: date, end: date, view: tuple[tuple[float, float], tuple[float, float]]
) -> go.Scattergeo:
    """The places, each a point; on a record of thousands, the places in view, merged by
    cell at the default view's level (``view``: its lon and lat ranges)."""
    sites = mapped_sites(dataset)
    counts = [int(c) for c in site_counts(dataset, start, end).reindex(sites.index)]
    symbols = [SITE_SYMBOLS.get(kind, "circle") for kind in sites["kind"]]
    labelled = labelled_sites(dataset, sites)
    # the positions a cluster's click reads (kept per dataset: made here, at start)
    lons, lats = (values.tolist() for values in _positions(dataset)[1:])
    if len(sites) < clusters.CLUSTER_MIN_SITES:
        groups = [[i] for i in range(len(sites))]
    else:
        level = clusters.first_frame_level(view[0])
        groups = clusters.group_sites(lons, lats, level, clusters.view_bounds(*view))
    points: dict[str, list] = {key: [] for key in ("lon", "lat", "text", "position", "hover")}
    points.update(custom=[], size=[], symbol=[])
    for group in groups:
        count = sum(counts[i] for i in group)
        if len(group) == 1:
            i = group[0]
            site = sites.iloc[i]
            points["lon"].append(lons[i])
            points["lat"].append(lats[i])
            points["text"].append(map_label(site, default_convention()) if labelled[i] else "")
            points["position"].append(dataset.annotations.label_position(sites.index[i]))
            points["hover"].append(site_hover(site, count))
            points["custom"].append(f"site:{sites.index[i]}")
            points["symbol"].append(symbols[i] if count else f"{symbols[i]}-open")
        else:
            points["lon"].append(round(sum(lons[i] for i in group) / len(group), 5))
            points["lat"].append(round(sum(lats[i] for i in group) / len(group), 5))
            points["text"].append("")
            points["position"].append("middle right")
            points["hover"].append(cluster_hover(len(group), count))
            cell = clusters.cell_of(lons[group[0]], lats[group[0]], level)
            points["custom"].append("cluster:" + clusters.cluster_key(level, cell))
            points["symbol"].append(CLUSTER_SYMBOL if count else CLUSTER_SYMBOL_EMPTY)
        points["size"].append(marker_size(count))
    return go.Scattergeo(
        lon=points["lon"],
        lat=points["lat"],
        mode="markers+text",
        text=points["text"],
        textposition=points["position"],
        textfont={"size": 11, "color": "#1d2733"},
        hovertext=points["hover"],
        hovertemplate="%{hovertext}<extra></extra>",
        customdata=points["custom"],
        marker={
            "size": points["size"],
            "symbol": points["symbol"],
            "color": "#1f3b57",
            "opacity": 0.9,
            "line": {"color": "#ffffff", "width": 1},
        },
        name="sites",
        meta={"toggle": "sites", "kind": "sites", "symbols": symbols},
    )


_POSITIONS: dict[int, tuple[list[str], list[float], list[float]]] = {}  # by id(dataset)


def _positions(dataset: Dataset) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The mapped places' ids and rounded positions, as the map and the browser have them
    (kept per dataset: a cluster's click or link asks for them)."""
    found = _POSITIONS.get(id(dataset))
    if found is None:
        sites = mapped_sites(dataset)
        weakref.finalize(dataset, _POSITIONS.pop, id(dataset), None)  # (a dataset is unhashable)
        found = _POSITIONS[id(dataset)] = (
            sites.index.tolist(),
            sites.geometry.x.round(5).to_numpy(),
            sites.geometry.y.round(5).to_numpy(),
        )
    return found


def cluster_sites(dataset: Dataset, key: str) -> list[str]:
    """The ids of the places in the cluster ``key`` (empty when it holds none)."""
    ids, lons, lats = _positions(dataset)
    return [ids[i] for i in clusters.members(lons, lats, key)]
