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
import plotly.graph_objects as go

from dashboard.data import schema
from dashboard.data.dates import to_index
from dashboard.data.loading import Dataset
from dashboard.i18n import _
from dashboard.views import clusters
from dashboard.views.client_events import browser_columns
from dashboard.views.legend import DEFAULT_TOGGLES, TOGGLE_IDS, TOGGLES
from dashboard.views.map_layers import basemap_traces, day_offset, escape_label, layer_traces
from dashboard.views.names import NAME_CONVENTIONS, client_names, site_label
from dashboard.views.sites_trace import (
    CLUSTER_SYMBOL,
    CLUSTER_SYMBOL_EMPTY,
    SITE_SYMBOLS,
    _sites_trace,
    label_first,
    labelled_sites,
    mapped_sites,
)

__all__ = [
    "DEFAULT_TOGGLES",
    "NAME_CONVENTIONS",
    "TOGGLES",
    "TOGGLE_IDS",
    "site_label",
]  # re-exported

MAP_VIEW = {"lon": (45.25, 47.5), "lat": (39.38, 40.42)}
FORMER_OPACITY = schema.FORMER_OPACITY

UNCERTAINTY_KM = 3.0


# Sites labelled on the map: the busiest ones (all dates). The real data has fewer
# than this; a large import keeps a readable map, and every site keeps its hover label.
def _uncertainty_trace(dataset: Dataset, drawn: set[str] | None = None) -> go.Scattergeo:
    """Dotted circles round sites whose point is only approximate (derived or stand-in);
    on a record of thousands of places, round those drawn alone (``drawn``): a cluster
    has no ring, and the browser redraws the rings as the clusters change (40-map.js)."""
    lons: list = []
    lats: list = []
    sites = mapped_sites(dataset)
    approximate = sites[sites["location_precision"] == "approximate"]
    if drawn is not None:
        approximate = approximate[approximate.index.isin(drawn)]
    for _sid, site in approximate.iterrows():
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
        meta={"toggle": "sites", "kind": "basemap-toggle", "rings": True},
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
    sites = _sites_trace(dataset, start, end, (MAP_VIEW["lon"], MAP_VIEW["lat"]))
    alone = [token.removeprefix("site:") for token in sites.customdata if token.startswith("site:")]
    clustered = any(token.startswith("cluster:") for token in sites.customdata)
    traces.append(_uncertainty_trace(dataset, set(alone) if clustered else None))
    traces.append(sites)
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

    Events are columns of small integers in the browser's order (views/client_events.py),
    so 100,000 events stay a compact payload; assets/client/20-counts.js rebuilds the
    start and end days once (``columns``).
    """
    origin = dataset.span[0]
    sites = mapped_sites(dataset)
    traces = []
    special: dict[str, int] = {}
    for i, trace in enumerate(fig.data):
        meta = trace.meta or {}
        if meta.get("kind") in ("sites", "highlight", "changes"):
            special[meta["kind"]] = i
        if meta.get("rings"):
            special["rings"] = i
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
        "events": browser_columns(dataset),
        "sites": {
            "count": len(sites),
            "trace": special.get("sites"),
            "names": client_names(sites),  # every convention's labels, composed there
            "labelled": labelled_sites(dataset, sites),
            # whose labels the browser places first, each at its preferred side if it fits
            "labelFirst": label_first(dataset, sites),
            "positions": [dataset.annotations.label_position(sid) for sid in sites.index],
            # where each place is, for the clusters the browser draws on a large record
            "lon": sites.geometry.x.round(5).tolist(),
            "lat": sites.geometry.y.round(5).tolist(),
            "ids": sites.index.tolist(),
            "kinds": [_(s) for s in sites["kind"]],
            "approximate": [p == "approximate" for p in sites["location_precision"]],
            "symbols": [SITE_SYMBOLS.get(kind, "circle") for kind in sites["kind"]],
        },
        "traces": traces,
        "clusters": {  # views/clusters.py's rules, which 43-clusters.js applies
            "minSites": clusters.CLUSTER_MIN_SITES,
            "cellPx": clusters.CELL_PX,
            "baseDeg": clusters.BASE_CELL_DEG,
            "maxLevel": clusters.MAX_LEVEL,
            "margin": clusters.VIEW_MARGIN,
            "ringsTrace": special.get("rings"),
            "ringKm": UNCERTAINTY_KM,
            "symbol": CLUSTER_SYMBOL,
            "emptySymbol": CLUSTER_SYMBOL_EMPTY,
        },
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
