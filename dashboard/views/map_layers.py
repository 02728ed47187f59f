"""Map traces for the basemap and the layer files (areas, lines, points), with their dates.

Each dated trace carries ``meta`` (its legend switch, first and last day) that the
view state (``figures.apply_view_state``) and the browser's hot path read.
"""

from __future__ import annotations

import html
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely.geometry.polygon
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from dashboard.data import schema
from dashboard.data.dates import parse_day, to_index
from dashboard.data.loading import Dataset
from dashboard.i18n import N_, _, upper_text
from dashboard.views.legend import BLOCKADE_COLOUR

LINE_STEP_DEG = 0.01  # ~1 km: lines get a point every km so a click anywhere on them registers


def _colour(layer_id: str) -> str:
    return schema.LAYER_BY_ID[layer_id].colour


# Which legend switch controls each layer feature.
# The two countries named on the basemap, in the interface language (the data has English).
COUNTRY_NAMES = {"arm": N_("Armenia"), "aze": N_("Azerbaijan")}
FEATURE_TOGGLE = {"loc_2020": "loc", "loc_1994": "loc1994", "blockade_2022": "blockade"}
POINT_STYLES = {  # layer kind -> (symbol, size, colour)
    "district_handover": ("circle-open", 24, _colour("handovers")),
    "town_handover": ("circle-open", 20, _colour("handovers")),
    "monitoring_centre": ("circle-open", 22, _colour("installations")),
    "base": ("circle-open", 24, _colour("installations")),
    "checkpoint": ("square-open", 22, BLOCKADE_COLOUR),
}


def outline_lines(geom: BaseGeometry, densify: bool) -> tuple[list, list]:
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
        x, y = outline_lines(geom, densify=False)
        lons += x
        lats += y
    return lons, lats


def day_offset(value: str | None, origin: date) -> int | None:
    """A layer date as a day offset from ``origin`` (None for an open end)."""
    return None if value is None else to_index(parse_day(value), origin)


def escape_label(text: str) -> str:
    """Data text placed in Plotly labels is escaped: Plotly reads a few HTML tags there."""
    return html.escape(text or "", quote=False)


def _feature_meta(row: pd.Series, toggle: str, origin: date, kind: str) -> dict:
    return {
        "toggle": toggle,
        "from": day_offset(row["valid_from"], origin),
        "to": day_offset(row["valid_to"], origin),
        "kind": kind,
        "feature": row["id"],
    }


def basemap_traces(dataset: Dataset) -> list[go.BaseTraceType]:
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
    # water: lakes filled, rivers as lines; both follow the basemap switch
    for name, line, fill in (
        ("lakes", {"color": "#9cc3e0", "width": 0.8}, {"fill": "toself", "fillcolor": "#cfe3f2"}),
        ("rivers", {"color": "#8dbbe0", "width": 1.2}, {}),
    ):
        lons, lats = _outlines(dataset.layers[name].geometry)
        traces.append(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                line=line,
                hoverinfo="skip",
                name=name,
                meta={"toggle": "basemap", "kind": "scattergeo"},
                **fill,
            )
        )
    # Country names, as plain SVG text (no glyph server needed).
    names = countries[countries["kind"] == "country_focus"]
    label_points = {"arm": (45.55, 39.78), "aze": (47.22, 40.3)}
    traces.append(
        go.Scattergeo(
            lon=[label_points.get(fid, (0, 0))[0] for fid in names["id"]],
            lat=[label_points.get(fid, (0, 0))[1] for fid in names["id"]],
            text=[
                escape_label(upper_text(_(COUNTRY_NAMES.get(fid, name))))
                for fid, name in zip(names["id"], names["name"], strict=True)
            ],
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
    return go.Choropleth(
        geojson=geojson,
        locations=[row["id"]],
        z=[1],
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker={"opacity": opacity, "line": {"color": colour, "width": 0.5}},
        customdata=[f"layer:{row['id']}"],
        hovertemplate=_feature_hover(row),
        name=row["name"],
        meta={**_feature_meta(row, toggle, origin, "choropleth"), "opacity": opacity},
    )


def _feature_hover(row: pd.Series) -> str:
    """A layer feature's hover: its name (data, escaped) and how good its geometry is."""
    how = _("{accuracy} · click for details").format(accuracy=_(row["accuracy"]))
    return f"<b>{escape_label(row['name'])}</b><br>{escape_label(how)}<extra></extra>"


def _line_trace(row: pd.Series, colour: str, toggle: str, origin: date, width: float, dash: str):
    lons, lats = outline_lines(row.geometry, densify=True)
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="lines",
        line={"color": colour, "width": width, "dash": dash},
        customdata=[f"layer:{row['id']}"] * len(lons),
        hovertemplate=_feature_hover(row),
        name=row["name"],
        meta=_feature_meta(row, toggle, origin, "scattergeo"),
    )


def layer_traces(dataset: Dataset, origin: date) -> list[go.BaseTraceType]:
    traces: list[go.BaseTraceType] = []
    zone_colour = schema.LAYER_BY_ID["peacekeeping_zone"].colour
    for _fid, row in dataset.layers["peacekeeping_zone"].iterrows():
        traces.append(_area_trace(row, zone_colour, "zone", origin, 0.2))
    corridor_colour = schema.LAYER_BY_ID["lachin_corridor"].colour
    corridor = dataset.layers["lachin_corridor"]
    for _fid, row in corridor[corridor["kind"] == "corridor_area"].iterrows():
        opacity = 0.3 if row["accuracy"] == "approximate" else 0.2
        traces.append(_area_trace(row, corridor_colour, "corridor", origin, opacity))
    loc_colour = schema.LAYER_BY_ID["line_of_contact"].colour
    for _fid, row in dataset.layers["line_of_contact"].iterrows():
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
    for _fid, row in corridor[corridor["kind"] == "corridor_route"].iterrows():
        dash = "dot" if row["accuracy"] == "schematic" else "solid"
        traces.append(_line_trace(row, corridor_colour, "corridor", origin, 2.6, dash))
    for _fid, row in corridor[corridor["kind"] == "blockade"].iterrows():
        traces.append(_line_trace(row, "rgba(178,24,43,0.75)", "blockade", origin, 5, "dash"))
    for layer_id in ("installations", "handovers"):
        for _fid, row in dataset.layers[layer_id].iterrows():
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
        hovertemplate=_feature_hover(row),
        name=row["name"],
        meta=_feature_meta(row, toggle, origin, "scattergeo"),
    )
