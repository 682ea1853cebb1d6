"""Map figures: deprivation choropleths (MapLibre on screen, SVG paths for export)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core.formatting import format_rate
from dashboard.figures.caption import Caption, captioned_figure
from dashboard.figures.theme import HIGHLIGHT, decile_colorscale

ENGLAND_CENTRE = {"lat": 52.75, "lon": -1.9}
AREA_HOVER = ("<b>%{{text}}</b><br>{rank_label}: %{{customdata[0]}}<br>Decile %{{z}} of 10 "
              "(1 = most deprived)<br>Interventions mapped: %{{customdata[1]}}<br>Per 10,000 "
              "adults: %{{customdata[2]}}<extra></extra>")  # str.format template
DECILE_COLORBAR = {"title": {"text": "Decile", "side": "top"}, "tickvals": [1, 10],
                   "ticktext": ["1 Most deprived", "10 Least deprived"], "thickness": 14,
                   "len": 0.8}


def area_customdata(areas: pd.DataFrame) -> list[list[object]]:
    """Hover fields of a deprivation map that change with the view: rank, interventions, rate.

    The area name is the trace's ``text`` and the decile its ``z``, both sent once with the
    figure, so a patch of colours and hover fields carries neither again.
    """
    per_10k = areas["per_10k"].map(format_rate)
    return np.column_stack(
        [areas["rank"].astype(str), areas["interventions"], per_10k]
    ).tolist()


def outline_style(areas: pd.DataFrame) -> dict[str, list]:
    """Per-area boundary lines: thick black where interventions are mapped, thin white else."""
    mapped = (areas["interventions"] > 0).to_numpy()
    return {"width": np.where(mapped, 2.2, 0.4).tolist(),
            "color": np.where(mapped, HIGHLIGHT, "#ffffff").tolist()}


def deprivation_choropleth(
    areas: pd.DataFrame,
    geojson: dict,
    caption: Caption,
    *,
    rank_label: str,
    centre: dict[str, float] | None = None,
    zoom: float = 5.1,
    points: pd.DataFrame | None = None,
    outline: bool = True,
    height: int = 680,
) -> go.Figure:
    """Map of decile classes of a LAD rank, districts with provision outlined.

    Args:
        areas: one row per area with ``code``, ``name``, ``rank`` (1 = most deprived),
            ``decile`` (1-10), ``interventions`` and ``per_10k`` (interventions per 10,000
            adults, NaN when unknown).
        geojson: FeatureCollection whose feature ids are the area codes.
        caption: title, subtitle and source lines.
        rank_label: what the rank is, e.g. "Rank of average IMD score".
        centre: map centre (England by default).
        zoom: map zoom level.
        points: optional ``latitude``, ``longitude``, ``name`` of interventions to mark.
        outline: outline areas with interventions in black (per-area line style, so the
            geometry is sent once).
        height: figure height in pixels.
    """
    traces = [dict(
        type="choroplethmap", geojson=geojson, locations=areas["code"], z=areas["decile"],
        zmin=0.5, zmax=10.5, colorscale=decile_colorscale(),
        marker={"line": outline_style(areas) if outline else {"width": 0.4, "color": "#ffffff"}},
        # An object array: plotly validates it in bulk, where a list of lists costs a call per cell.
        customdata=np.asarray(area_customdata(areas), dtype=object),
        text=areas["name"].to_numpy(), hovertemplate=AREA_HOVER.format(rank_label=rank_label),
        colorbar=DECILE_COLORBAR, name="Deprivation decile",
    )]
    if points is not None:
        traces.append(
            dict(type="scattermap",
                lat=points["latitude"], lon=points["longitude"], mode="markers",
                marker={"size": 9, "color": "#F46A25", "opacity": 0.95},
                text=points["name"], hovertemplate="%{text}<extra>Intervention</extra>",
                name="Interventions with a location",
            )
        )
    return captioned_figure(
        traces, caption,
        map={"style": "white-bg", "center": centre or ENGLAND_CENTRE, "zoom": zoom},
        showlegend=False,
        height=height,
    )


VECTOR_TYPES = {"choroplethmap": "choropleth", "scattermap": "scattergeo"}
MAP_ONLY_KEYS = ("below", "cluster", "subplot")  # attributes a geo trace does not have
GEO_LAYERS = ("coastlines", "countries", "frame", "lakes", "land", "ocean", "rivers", "subunits")


def vector_map(figure: go.Figure) -> go.Figure:
    """The same map drawn as SVG paths on a geo subplot, for image export.

    A ``choroplethmap`` is drawn with WebGL (MapLibre), software-rendered on a server without a
    GPU: about 1.6 s per export however warm the renderer. The same areas, colours, outlines,
    points and legend on a geo subplot (Mercator, fitted to the areas, no base layers, as the
    offline map has none) render in a fraction of that, and SVG and PDF exports stay vector.
    Figures without a map are returned unchanged.
    """
    if not any(trace.type in VECTOR_TYPES for trace in figure.data):
        return figure
    traces = []
    for trace in figure.data:
        data = trace.to_plotly_json()
        data["type"] = VECTOR_TYPES.get(data["type"], data["type"])
        for key in MAP_ONLY_KEYS:
            data.pop(key, None)
        if data.get("geojson"):
            data["geojson"] = spherical_winding(data["geojson"])
        traces.append(data)
    layout = figure.layout.to_plotly_json()
    layout.pop("map", None)
    layout["geo"] = {"fitbounds": "locations", "projection": {"type": "mercator"},
                     "bgcolor": "rgba(0,0,0,0)",
                     # no base layer at all, so plotly.js fetches no world topojson (offline)
                     **{f"show{layer}": False for layer in GEO_LAYERS}}
    return go.Figure(data=traces, layout=layout)


def spherical_winding(geojson: dict) -> dict:
    """A copy of a FeatureCollection whose rings wind as d3-geo (plotly's geo subplots) needs.

    d3 reads a polygon on the sphere: an outer ring counter-clockwise in longitude/latitude (the
    GeoJSON convention) would enclose the rest of the world. Outer rings are made clockwise and
    holes counter-clockwise, whatever order the source used.
    """
    def ring(points, outer: bool) -> list:
        xy = np.asarray(points, dtype=float)
        area = np.sum(xy[:-1, 0] * xy[1:, 1] - xy[1:, 0] * xy[:-1, 1])  # > 0: counter-clockwise
        return (xy[::-1] if (area > 0) == outer else xy).tolist()

    def polygon(rings) -> list:
        return [ring(r, i == 0) for i, r in enumerate(rings)]

    features = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            coordinates = polygon(geometry["coordinates"])
        else:
            coordinates = [polygon(p) for p in geometry["coordinates"]]
        features.append({**feature, "geometry": {"type": geometry["type"],
                                                 "coordinates": coordinates}})
    return {**geojson, "features": features}


def fit_view(geojson: dict, width: int = 430, height: int = 430) -> tuple[dict[str, float], float]:
    """Centre and zoom that show every feature of ``geojson`` in a map of the given size.

    Coordinates may be nested lists or numpy arrays of (longitude, latitude) positions.
    """
    bounds = [_bounds(feature["geometry"]["coordinates"]) for feature in geojson["features"]]
    bounds = [b for b in bounds if b is not None]
    if not bounds:
        return dict(ENGLAND_CENTRE), 5.1
    box = np.asarray(bounds)
    west, south = box[:, 0].min(), box[:, 1].min()
    east, north = box[:, 2].max(), box[:, 3].max()
    lon_span = max(east - west, 0.01)
    mid = np.radians((north + south) / 2)
    lat_span = max((north - south) / np.cos(mid), 0.01)
    zoom = min(np.log2(width * 360 / (256 * lon_span)), np.log2(height * 360 / (256 * lat_span)))
    return {"lat": float(north + south) / 2, "lon": float(east + west) / 2}, float(zoom) - 0.3


def _bounds(coordinates) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of nested GeoJSON coordinates; None when there are none."""
    if isinstance(coordinates, np.ndarray):
        if not coordinates.size:
            return None
        points = coordinates.reshape(-1, coordinates.shape[-1])
    elif coordinates and isinstance(coordinates[0], int | float):
        points = np.asarray([coordinates], dtype=float)
    else:
        parts = [b for b in (_bounds(part) for part in coordinates) if b is not None]
        if not parts:
            return None
        box = np.asarray(parts)
        return box[:, 0].min(), box[:, 1].min(), box[:, 2].max(), box[:, 3].max()
    return (points[:, 0].min(), points[:, 1].min(), points[:, 0].max(), points[:, 1].max())
