"""Pure builders: validated data in, Plotly figure (and the browser's copy of the data) out.

The map is a Plotly ``geo`` subplot drawn in SVG: it needs no tiles, no WebGL
and no glyph server, so it works offline and its labels render with the
browser's own fonts (Armenian and Cyrillic included). Nothing here reads
globals; every call returns a new figure.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely.geometry.polygon
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from dashboard.data import schema
from dashboard.data.dates import parse_day, to_index
from dashboard.data.filters import events_between, precision_flags, with_precision
from dashboard.data.loading import Dataset

MAP_VIEW = {"lon": (45.25, 47.5), "lat": (39.38, 40.42)}
FORMER_OPACITY = 0.35
LINE_STEP_DEG = 0.01  # ~1 km: lines get a point every km so a click anywhere on them registers

SITE_SYMBOLS = {
    "monastery": "diamond",
    "checkpoint": "square",
    "base": "triangle-up",
}


@dataclass(frozen=True)
class Toggle:
    """One switch in the legend: which traces it shows and how they look."""

    id: str
    label: str
    description: str
    colour: str
    style: str  # "area", "line", "approximate", "schematic", "site", "basemap"
    default_on: bool = True


TOGGLES: tuple[Toggle, ...] = (
    Toggle(
        "sites", "Sites", "Size = events in the selected dates; hollow = none", "#1f3b57", "site"
    ),
    Toggle(
        "zone",
        "Peacekeeping zone",
        "Armenian-held area, Nov 2020 – Sep 2023 (approximate)",
        "#c0392b",
        "area",
    ),
    Toggle(
        "loc",
        "Line of contact 2020",
        "10 Nov 2020 – Sep 2023; wide band = approximate",
        "#7b1d12",
        "approximate",
    ),
    Toggle(
        "corridor",
        "Lachin corridor",
        "Dotted = schematic road; shaded = 5 km zone",
        "#d4820a",
        "schematic",
    ),
    Toggle("loc1994", "Line of contact 1994", "Historical, 1994 – 2020", "#6b6b6b", "line", False),
    Toggle(
        "blockade",
        "Corridor blockade",
        "12 Dec 2022 – 24 Sep 2023 (framing contested)",
        "#b2182b",
        "blockade",
    ),
    Toggle(
        "installations",
        "Mission installations",
        "Base, joint monitoring centre, Hakari checkpoint",
        "#1b7f5b",
        "ring",
    ),
    Toggle(
        "handovers",
        "Handovers to Azerbaijan",
        "Districts (Nov–Dec 2020) and towns (Aug 2022)",
        "#6a3d9a",
        "ring",
    ),
    Toggle("basemap", "Rivers and lakes", "Natural Earth 1:10m", "#7fb2d9", "basemap"),
    Toggle(
        "former",
        "Show ended features, faded",
        "Lines, areas and installations no longer in force on the end date",
        "#bbbbbb",
        "former",
    ),
)
TOGGLE_IDS = tuple(t.id for t in TOGGLES)
DEFAULT_TOGGLES = [t.id for t in TOGGLES if t.default_on]

# Which legend switch controls each layer feature.
FEATURE_TOGGLE = {"loc_2020": "loc", "loc_1994": "loc1994", "blockade_2022": "blockade"}
POINT_STYLES = {  # layer kind -> (symbol, size, colour)
    "district_handover": ("circle-open", 24, "#6a3d9a"),
    "town_handover": ("circle-open", 20, "#6a3d9a"),
    "monitoring_centre": ("circle-open", 22, "#1b7f5b"),
    "base": ("circle-open", 24, "#1b7f5b"),
    "checkpoint": ("square-open", 22, "#b2182b"),
}
UNCERTAINTY_KM = 3.0
# Sites labelled on the map: the busiest ones (all dates). The real data has fewer
# than this; a large import keeps a readable map, and every site keeps its hover label.
MAX_LABELS = 40
LAYER_TOGGLE = {
    "peacekeeping_zone": "zone",
    "lachin_corridor": "corridor",
    "rivers": "basemap",
    "lakes": "basemap",
}


NAME_CONVENTIONS = {
    "both": "Both sides' names",
    "hy": "Armenian usage",
    "az": "Azerbaijani usage",
}


def site_label(site: pd.Series, convention: str = "both") -> str:
    """Map label: by default both sides' common names, e.g. ``Stepanakert / Khankendi``."""
    hy, az = site["name_hy_usage"], site["name_az_usage"]
    if convention == "hy":
        return hy
    if convention == "az":
        return az
    return hy if hy == az else f"{hy} / {az}"


def marker_size(count: int) -> float:
    """Marker diameter in px for ``count`` events (mirrored in assets/dashboard.js)."""
    return 8 + 3 * math.sqrt(count) if count else 7


def _lines(geom: BaseGeometry, densify: bool) -> tuple[list, list]:
    """lon/lat lists for the outline(s) of ``geom``, parts separated by ``None``."""
    parts = []
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        polys = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
        for poly in polys:
            poly = orient_for_d3(poly)
            parts.append(poly.exterior)
            parts.extend(poly.interiors)
    elif geom.geom_type in ("LineString", "MultiLineString"):
        parts = [geom] if geom.geom_type == "LineString" else list(geom.geoms)
    lons: list = []
    lats: list = []
    for part in parts:
        if densify:
            part = part.segmentize(LINE_STEP_DEG)
        xs, ys = part.xy
        lons.extend([*np.round(xs, 5).tolist(), None])
        lats.extend([*np.round(ys, 5).tolist(), None])
    return lons, lats


def orient_for_d3(poly: Polygon) -> Polygon:
    """Clockwise exterior ring, as d3-geo (Plotly's geo renderer) expects.

    RFC 7946 rings run counter-clockwise; d3 reads those as "the whole globe
    except this polygon" and fills everything around it.
    """
    return shapely.geometry.polygon.orient(poly, sign=-1.0)


def _d3_geometry(geom: BaseGeometry) -> dict:
    if geom.geom_type == "Polygon":
        return orient_for_d3(geom).__geo_interface__
    if geom.geom_type == "MultiPolygon":
        return MultiPolygon([orient_for_d3(p) for p in geom.geoms]).__geo_interface__
    return geom.__geo_interface__


def _outlines(geometries) -> tuple[list, list]:
    """All outlines of a series of geometries, as one gap-separated lon/lat pair of lists."""
    lons: list = []
    lats: list = []
    for geom in geometries:
        x, y = _lines(geom, densify=False)
        lons += x
        lats += y
    return lons, lats


def _day(value: str | None, origin: date) -> int | None:
    return None if value is None else to_index(parse_day(value), origin)


def _escape(text: str) -> str:
    """Data text placed in Plotly labels is escaped: Plotly reads a few HTML tags there."""
    return html.escape(text or "", quote=False)


def _feature_meta(row: pd.Series, toggle: str, origin: date, kind: str) -> dict:
    return {
        "toggle": toggle,
        "from": _day(row["valid_from"], origin),
        "to": _day(row["valid_to"], origin),
        "kind": kind,
        "feature": row["id"],
    }


def _basemap_traces(dataset: Dataset) -> list[go.BaseTraceType]:
    # Plotly draws choropleths below every scattergeo, so land is the geo
    # background and neighbouring countries are greyed with a choropleth;
    # filled scattergeo countries would hide the zone and corridor areas.
    # The first trace must stay a scattergeo: plotly.js decides whether to
    # fetch topojson from the first trace alone.
    countries = dataset.layers["countries"]
    lons, lats = _outlines(countries.geometry)
    traces: list[go.BaseTraceType] = [
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="lines",
            line={"color": "#8c8c8c", "width": 1.1},
            hoverinfo="skip",
            name="borders",
            meta={"toggle": None, "kind": "basemap"},
        )
    ]
    context = countries[countries["kind"] == "country_context"]
    traces.append(
        go.Choropleth(
            geojson={
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "id": fid, "properties": {}, "geometry": _d3_geometry(g)}
                    for fid, g in zip(context["id"], context.geometry, strict=True)
                ],
            },
            locations=context["id"].tolist(),
            z=[0] * len(context),
            colorscale=[[0, "#e6e4de"], [1, "#e6e4de"]],
            showscale=False,
            marker={"line": {"width": 0}},
            hoverinfo="skip",
            name="neighbouring countries",
            meta={"toggle": None, "kind": "basemap"},
        )
    )
    lons, lats = _outlines(dataset.layers["lakes"].geometry)
    traces.append(
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="lines",
            fill="toself",
            fillcolor="#cfe3f2",
            line={"color": "#9cc3e0", "width": 0.8},
            hoverinfo="skip",
            name="lakes",
            meta={"toggle": "basemap", "kind": "scattergeo"},
        )
    )
    lons, lats = _outlines(dataset.layers["rivers"].geometry)
    traces.append(
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="lines",
            line={"color": "#8dbbe0", "width": 1.2},
            hoverinfo="skip",
            name="rivers",
            meta={"toggle": "basemap", "kind": "scattergeo"},
        )
    )
    # Country names, as plain SVG text (no glyph server needed).
    names = countries[countries["kind"] == "country_focus"]
    label_points = {"arm": (45.55, 39.78), "aze": (47.22, 40.3)}
    traces.append(
        go.Scattergeo(
            lon=[label_points.get(fid, (0, 0))[0] for fid in names["id"]],
            lat=[label_points.get(fid, (0, 0))[1] for fid in names["id"]],
            text=[_escape(n.upper()) for n in names["name"]],
            mode="text",
            textfont={"size": 13, "color": "#8a8a8a", "family": "Georgia, serif"},
            hoverinfo="skip",
            name="country names",
            meta={"toggle": None, "kind": "basemap"},
        )
    )
    return traces


def _area_trace(row: pd.Series, colour: str, toggle: str, origin: date, opacity: float):
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": row["id"],
                "properties": {},
                "geometry": _d3_geometry(row.geometry),
            }
        ],
    }
    accuracy = row["accuracy"]
    return go.Choropleth(
        geojson=geojson,
        locations=[row["id"]],
        z=[1],
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker={"opacity": opacity, "line": {"color": colour, "width": 0.5}},
        customdata=[f"layer:{row['id']}"],
        hovertemplate=f"<b>{_escape(row['name'])}</b><br>{accuracy} · click for details"
        "<extra></extra>",
        name=row["name"],
        meta={**_feature_meta(row, toggle, origin, "choropleth"), "opacity": opacity},
    )


def _line_trace(row: pd.Series, colour: str, toggle: str, origin: date, width: float, dash: str):
    lons, lats = _lines(row.geometry, densify=True)
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="lines",
        line={"color": colour, "width": width, "dash": dash},
        customdata=[f"layer:{row['id']}"] * len(lons),
        hovertemplate=f"<b>{_escape(row['name'])}</b><br>{row['accuracy']} · click for details"
        "<extra></extra>",
        name=row["name"],
        meta=_feature_meta(row, toggle, origin, "scattergeo"),
    )


def _layer_traces(dataset: Dataset, origin: date) -> list[go.BaseTraceType]:
    traces: list[go.BaseTraceType] = []
    zone_colour = schema.LAYER_BY_ID["peacekeeping_zone"].colour
    for _, row in dataset.layers["peacekeeping_zone"].iterrows():
        traces.append(_area_trace(row, zone_colour, "zone", origin, 0.2))
    corridor_colour = schema.LAYER_BY_ID["lachin_corridor"].colour
    corridor = dataset.layers["lachin_corridor"]
    for _, row in corridor[corridor["kind"] == "corridor_area"].iterrows():
        opacity = 0.3 if row["accuracy"] == "approximate" else 0.2
        traces.append(_area_trace(row, corridor_colour, "corridor", origin, opacity))
    loc_colour = schema.LAYER_BY_ID["line_of_contact"].colour
    for _, row in dataset.layers["line_of_contact"].iterrows():
        toggle = FEATURE_TOGGLE.get(row["id"], "loc")
        if toggle == "loc1994":
            traces.append(_line_trace(row, "#6b6b6b", toggle, origin, 1.5, "dash"))
            continue
        if row["accuracy"] != "exact":
            # The uncertainty band: a wide pale stroke under the line says "approximate".
            band = _line_trace(row, "rgba(123,29,18,0.18)", toggle, origin, 9, "solid")
            band.hoverinfo = "skip"
            band.hovertemplate = None
            traces.append(band)
        traces.append(_line_trace(row, loc_colour, toggle, origin, 1.8, "solid"))
    for _, row in corridor[corridor["kind"] == "corridor_route"].iterrows():
        dash = "dot" if row["accuracy"] == "schematic" else "solid"
        traces.append(_line_trace(row, corridor_colour, "corridor", origin, 2.6, dash))
    for _, row in corridor[corridor["kind"] == "blockade"].iterrows():
        traces.append(_line_trace(row, "rgba(178,24,43,0.75)", "blockade", origin, 5, "dash"))
    for layer_id in ("installations", "handovers"):
        for _, row in dataset.layers[layer_id].iterrows():
            traces.append(_point_trace(row, layer_id, origin))
    return traces


def _point_trace(row: pd.Series, toggle: str, origin: date) -> go.Scattergeo:
    symbol, size, colour = POINT_STYLES.get(row["kind"], ("circle-open", 20, "#444444"))
    return go.Scattergeo(
        lon=[round(row.geometry.x, 5)],
        lat=[round(row.geometry.y, 5)],
        mode="markers",
        marker={"symbol": symbol, "size": size, "color": colour, "line": {"width": 2.2}},
        customdata=[f"layer:{row['id']}"],
        hovertemplate=f"<b>{_escape(row['name'])}</b><br>{row['accuracy']} · click for details"
        "<extra></extra>",
        name=row["name"],
        meta=_feature_meta(row, toggle, origin, "scattergeo"),
    )


def _uncertainty_trace(dataset: Dataset) -> go.Scattergeo:
    """Dotted circles round sites whose point is only approximate (derived or stand-in)."""
    lons: list = []
    lats: list = []
    sites = mapped_sites(dataset)
    for _, site in sites[sites["location_precision"] == "approximate"].iterrows():
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


def site_hover(site: pd.Series, count: int) -> str:
    kind = site["kind"].replace("_", " ")
    approx = " · approximate location" if site["location_precision"] == "approximate" else ""
    noun = "event" if count == 1 else "events"
    label = _escape(site_label(site))
    return f"<b>{label}</b><br>{kind}{approx}<br>{count} {noun} in the selected dates"


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
            _escape(site_label(s)) if shown else ""
            for (_, s), shown in zip(sites.iterrows(), labelled, strict=True)
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
    """``current``, ``former`` or ``future`` for day offsets (mirrors assets/dashboard.js)."""
    if valid_from is not None and on < valid_from:
        return "future"
    if valid_to is not None and on >= valid_to:
        return "former"
    return "current"


def apply_view_state(fig: go.Figure, toggles: list[str], on: date, origin: date) -> go.Figure:
    """Show, fade or hide each layer trace for the date ``on`` (mirrors assets/dashboard.js)."""
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
    traces = _basemap_traces(dataset) + _layer_traces(dataset, origin)
    traces.append(_uncertainty_trace(dataset))
    traces.append(_sites_trace(dataset, start, end))
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
    assets/dashboard.js rebuilds the start and end days once (``columns``).
    """
    origin = dataset.span[0]
    sites = mapped_sites(dataset)
    site_pos = {sid: i for i, sid in enumerate(sites.index)}
    events = dataset.events
    start = [(d - origin).days for d in events["start"]]
    length = [(e - b).days for b, e in zip(events["start"], events["end"], strict=True)]
    step = [day - before for day, before in zip(start, [0, *start[:-1]], strict=True)]
    traces = []
    sites_trace = None
    highlight_trace = None
    for i, trace in enumerate(fig.data):
        meta = trace.meta or {}
        if meta.get("kind") == "sites":
            sites_trace = i
        if meta.get("kind") == "highlight":
            highlight_trace = i
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
            "trace": sites_trace,
            "labels": {
                convention: [_escape(site_label(s, convention)) for _, s in sites.iterrows()]
                for convention in NAME_CONVENTIONS
            },
            "labelled": labelled_sites(dataset, sites),
            "kinds": [s.replace("_", " ") for s in sites["kind"]],
            "approximate": [p == "approximate" for p in sites["location_precision"]],
            "symbols": [SITE_SYMBOLS.get(kind, "circle") for kind in sites["kind"]],
        },
        "traces": traces,
        "highlightTrace": highlight_trace,
        "formerOpacity": FORMER_OPACITY,
    }
