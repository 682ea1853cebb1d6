"""Map figures: deprivation choropleths (MapLibre on screen, SVG paths for export).

A map carries the bounds of its areas in ``layout.meta`` (``BOUNDS``); on screen
``assets/map-fit.js`` fits the view to them at the graph's real pixel size (on load and on every
resize), so the server's centre and zoom (``fit_view``) are only the first guess. Exports draw
the same areas as SVG paths fitted to the export's frame (``vector_map``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.caption import Caption, caption_layout, captioned_figure
from dashboard.figures.theme import (
    DEPRIVATION_DECILES,
    HALO,
    HIGHLIGHT,
    SHARE_CLASS_COLOURS,
    stepped_colorscale,
)

ENGLAND_CENTRE = {"lat": 52.75, "lon": -1.9}
BOUNDS = "bounds"  # layout.meta key: [west, south, east, north] of the areas, in degrees
FIT_PADDING = 0.04  # share of the map's smaller side kept free around the areas
TILE_PX = 512  # MapLibre's world is 512 px wide at zoom 0
POINT_SIZE, HALO_SIZE = 8, 12  # black intervention points on a white halo (px)
NATIONAL_HEIGHT = 680  # px, the national map on the page
LEGEND_PX = 62  # the horizontal colour legend above a map: title, bar and labels


@dataclass(frozen=True)
class ColourClasses:
    """Stepped colour classes of a map, class 1 first (z = 1..n).

    Attributes:
        title: the legend's title, saying what the classes are.
        colours: one colour per class.
        labels: one short legend label per class.
    """

    title: str
    colours: tuple[str, ...]
    labels: tuple[str, ...]

    def trace_style(self, bottom: float = 0.8) -> dict:
        """Colour properties of a trace whose z holds class numbers (1..n).

        The colour bar lies across the figure, its bottom at ``bottom`` (a fraction of the
        figure's height from its foot), just above the plot: placed against the container,
        so plotly never moves the title to make room for it.
        """
        n = len(self.colours)
        return {
            "zmin": 0.5, "zmax": n + 0.5,
            "colorscale": [list(step) for step in stepped_colorscale(self.colours)],
            "colorbar": {
                "orientation": "h", "x": 0, "xanchor": "left", "xref": "paper", "y": bottom,
                "yref": "container", "yanchor": "bottom",
                "ypad": 0, "xpad": 0, "thickness": 12, "lenmode": "fraction", "len": 1,
                "outlinewidth": 0, "ticks": "",
                "tickvals": list(range(1, n + 1)), "ticktext": list(self.labels),
                "tickfont": {"size": 12},
                "title": {"text": self.title, "side": "bottom", "font": {"size": 12}},
            },
        }


DECILES = ColourClasses("Decile (1 = most deprived, 10 = least)", DEPRIVATION_DECILES,
                        tuple(str(d) for d in range(1, 11)))
# Shares of LSOAs in England's most deprived 10%: lower bound of each class (percent), most first.
SHARE_BREAKS = (40.0, 30.0, 20.0, 10.0, 5.0, 0.0)
SHARE_CLASSES = ColourClasses(
    "% of LSOAs in England's most deprived 10%",
    SHARE_CLASS_COLOURS, ("40%+", "30-40%", "20-30%", "10-20%", "5-10%", "0-5%", "0%"))


def share_class(percent: float) -> int:
    """Class (1..7) of a share in percent: 1 is 40% or more; 7 is exactly 0% (none)."""
    if percent <= 0:
        return len(SHARE_BREAKS) + 1
    return next(i for i, lower in enumerate(SHARE_BREAKS, start=1) if percent >= lower)


def area_customdata(areas: pd.DataFrame) -> list[list[object]]:
    """Hover lines of a deprivation map: the ``hover_0``, ``hover_1``... columns of each area.

    The area name is the trace's ``text`` and its class its ``z``; every other hover line is
    written by the view (what the measure is, its class, provision), so a patch of hover data
    after a change of measure rewrites every line and the template never goes stale.
    """
    columns = hover_columns(areas)
    if not len(areas):
        return []
    return np.column_stack([areas[c].astype(str).to_numpy() for c in columns]).tolist()


def hover_columns(areas: pd.DataFrame) -> list[str]:
    """The ``hover_<i>`` columns of an areas table, in order."""
    return sorted((c for c in areas.columns if str(c).startswith("hover_")),
                  key=lambda c: int(c.split("_")[1]))


def area_hovertemplate(lines: int) -> str:
    """Hover template of a map: the area's name in bold, then ``lines`` lines of customdata."""
    return ("<b>%{text}</b>" + "".join(f"<br>%{{customdata[{i}]}}" for i in range(lines))
            + "<extra></extra>")


def outline_style(areas: pd.DataFrame) -> dict[str, list]:
    """Per-area boundary lines: thick black where interventions are mapped, thin white else."""
    mapped = (areas["interventions"] > 0).to_numpy()
    return {"width": np.where(mapped, 2.2, 0.4).tolist(),
            "color": np.where(mapped, HIGHLIGHT, "#ffffff").tolist()}


def point_traces(points: pd.DataFrame) -> list[dict]:
    """Intervention points: black dots (3:1 or more on every class colour) on a white halo."""
    common = {"type": "scattermap", "lat": points["latitude"], "lon": points["longitude"],
              "mode": "markers", "text": points["name"]}
    return [
        {**common, "marker": {"size": HALO_SIZE, "color": HALO}, "hoverinfo": "skip",
         "name": "Intervention point halo", "showlegend": False},
        {**common, "marker": {"size": POINT_SIZE, "color": HIGHLIGHT},
         "hovertemplate": "%{text}<extra>Intervention</extra>",
         "name": "Interventions with a location"},
    ]


def map_revision(bounds: tuple[float, float, float, float]) -> str:
    """The map's ``uirevision``: its view (fitted in the browser) lasts as long as its areas."""
    return "map:" + ",".join(f"{value:.4f}" for value in bounds)


def map_caption_layout(caption: Caption, bounds: tuple[float, float, float, float]) -> dict:
    """Title, margins, footer and meta of a map's caption on the page (for a patch)."""
    drawn = caption_layout(caption, legend_above=True, legend_row=LEGEND_PX)
    return {"title": drawn["title"], "margin": drawn["margin"],
            "annotations": drawn["annotations"], "meta": {**drawn["meta"], BOUNDS: list(bounds)}}


def colour_bar_bottom(margin_top: float, height: float) -> float:
    """Where the colour bar's foot goes: at the foot of the legend row, just above the plot."""
    return 1 - (margin_top - 6) / height


def deprivation_choropleth(
    areas: pd.DataFrame,
    geojson: dict,
    caption: Caption,
    *,
    classes: ColourClasses = DECILES,
    bounds: tuple[float, float, float, float] | None = None,
    points: pd.DataFrame | None = None,
    outline: bool = True,
    height: int = NATIONAL_HEIGHT,
) -> go.Figure:
    """Map of areas coloured by class, districts with provision outlined.

    Args:
        areas: one row per area with ``code``, ``name`` (bold in the hover), ``colour_class``
            (1..n of ``classes``), hover lines ``hover_0``, ``hover_1``... and, with
            ``outline``, ``interventions``.
        geojson: FeatureCollection whose feature ids are the area codes.
        caption: title, subtitle and source lines.
        classes: the colour classes and their legend.
        bounds: (west, south, east, north) of the areas; computed from ``geojson`` if omitted.
        points: optional ``latitude``, ``longitude``, ``name`` of interventions to mark.
        outline: outline areas with interventions in black (per-area line style, so the
            geometry is sent once).
        height: figure height in pixels.
    """
    top = caption_layout(caption, legend_above=True, legend_row=LEGEND_PX)["margin"]["t"]
    traces = [dict(
        type="choroplethmap", geojson=geojson, locations=areas["code"],
        z=areas["colour_class"], **classes.trace_style(colour_bar_bottom(top, height)),
        marker={"line": outline_style(areas) if outline else {"width": 0.4, "color": "#ffffff"}},
        # An object array: plotly validates it in bulk, where a list of lists costs a call per cell.
        customdata=np.asarray(area_customdata(areas), dtype=object),
        text=areas["name"].to_numpy(),
        hovertemplate=area_hovertemplate(len(hover_columns(areas))), name="Deprivation class",
    )]
    if points is not None:
        traces += point_traces(points)
    box = bounds or geojson_bounds(geojson)
    centre, zoom = fit_bounds(box, 600, height - 160)  # a first guess; the browser refits
    return captioned_figure(
        traces, caption, legend_above=True, legend_row=LEGEND_PX,
        map={"style": "white-bg", "center": centre, "zoom": zoom},
        # The browser's fit (assets/map-fit.js) is kept while the areas stay the same.
        uirevision=map_revision(box),
        showlegend=False, height=height, extra_meta={BOUNDS: list(box)},
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


def geojson_bounds(geojson: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) of every feature of ``geojson``; England's when it has none.

    Coordinates may be nested lists or numpy arrays of (longitude, latitude) positions.
    """
    bounds = [_bounds(feature["geometry"]["coordinates"]) for feature in geojson["features"]]
    bounds = [b for b in bounds if b is not None]
    if not bounds:
        return ENGLAND_BOUNDS
    box = np.asarray(bounds, dtype=float)
    return (float(box[:, 0].min()), float(box[:, 1].min()), float(box[:, 2].max()),
            float(box[:, 3].max()))


ENGLAND_BOUNDS = (-6.36, 49.88, 1.76, 55.81)


def mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, 0 at the top of the world and 1 at the bottom."""
    phi = math.radians(max(min(lat, 85.0511), -85.0511))
    return (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2


def fit_bounds(bounds: tuple[float, float, float, float], width: float, height: float,
               padding: float = FIT_PADDING) -> tuple[dict[str, float], float]:
    """Centre and MapLibre zoom that show ``bounds`` in a map of ``width`` x ``height`` px.

    The same calculation as MapLibre's ``cameraForBounds`` (Web Mercator, a 512 px world at
    zoom 0), keeping ``padding`` times the smaller side free on every edge;
    ``assets/map-fit.js`` repeats it in the browser with the graph's real size.
    """
    west, south, east, north = bounds
    pad = padding * min(width, height)
    x_span = max((east - west) / 360, 1e-6)
    y_top, y_bottom = mercator_y(north), mercator_y(south)
    y_span = max(y_bottom - y_top, 1e-6)
    scale = min((width - 2 * pad) / (TILE_PX * x_span), (height - 2 * pad) / (TILE_PX * y_span))
    y_mid = (y_top + y_bottom) / 2
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y_mid))))
    return {"lat": lat, "lon": (west + east) / 2}, math.log2(max(scale, 1e-6))


def fit_view(geojson: dict, width: int = 600, height: int = 520) -> tuple[dict[str, float], float]:
    """Centre and zoom that show every feature of ``geojson`` in a map of the given size."""
    return fit_bounds(geojson_bounds(geojson), width, height)


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
