"""Pure figure factories: tables in, ``go.Figure`` out, each carrying its own caption."""

from __future__ import annotations

import functools
import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.analysis.metrics import format_rate
from dashboard.figures.theme import (
    CATEGORICAL,
    GAP_COLOUR,
    HIGHLIGHT,
    PROVISION_SCALE,
    decile_colorscale,
    register_template,
)

ENGLAND_CENTRE = {"lat": 52.75, "lon": -1.9}
SOURCES_NAME = "caption-sources"  # the annotation holding a figure's source lines
# Trace types the atlas draws, and layout parts of the template they read (others are dropped).
TEMPLATE_TRACES = ("bar", "choroplethmap", "heatmap", "scatter", "scattermap")
# Every trace here sets its own colour scale, so the template's default scales are dropped too.
TEMPLATE_UNUSED_LAYOUT = ("geo", "polar", "scene", "ternary", "mapbox", "colorscale")


@functools.lru_cache(maxsize=1)
def figure_template() -> go.layout.Template:
    """The atlas template trimmed to the trace types and layout parts the atlas draws.

    Same look as the registered template (``dashboard.figures.theme``) for every figure here, at about
    half the bytes in each figure sent and a third of the time plotly takes to validate it.
    Shared: plotly copies a template object into each figure it is assigned to.
    """
    registered = pio.templates[register_template()].to_plotly_json()
    data = {kind: [{k: v for k, v in trace.items() if k != "colorscale"} for trace in traces]
            for kind, traces in registered["data"].items() if kind in TEMPLATE_TRACES}
    return go.layout.Template({
        "layout": {k: v for k, v in registered["layout"].items()
                   if k not in TEMPLATE_UNUSED_LAYOUT},
        "data": data,
    })


def plot_text(text: str) -> str:
    """Text from a dataset made safe for plotly labels, which read a subset of HTML."""
    return html.escape(str(text), quote=False)


@dataclass(frozen=True)
class Caption:
    """Title, subtitle and source lines drawn inside a figure."""

    title: str
    subtitle: str = ""
    sources: tuple[str, ...] = ()

    @property
    def title_html(self) -> str:
        """Title and subtitle as plotly title text."""
        title = "<br>".join(f"<b>{line}</b>" for line in textwrap.wrap(self.title, 62))
        if self.subtitle:
            title += f"<br><span style='font-size:12px'>{'<br>'.join(self.subtitle_lines)}</span>"
        return title

    @property
    def subtitle_lines(self) -> list[str]:
        """Subtitle wrapped to lines that fit a half-width figure."""
        return [w for part in self.subtitle.split("\n") for w in textwrap.wrap(part, 90)]

    @property
    def source_lines(self) -> list[str]:
        """Source and licence lines wrapped to fit a half-width figure."""
        return [line for source in self.sources for line in textwrap.wrap(source, 100)]

    @property
    def sources_html(self) -> str:
        """Source lines as the text of the figure's bottom annotation."""
        return f"<span style='font-size:10px'>{'<br>'.join(self.source_lines)}</span>"

    def layout(self, bottom_margin: int = 40) -> dict:
        """Layout properties (title, margin, source annotation) that draw the caption."""
        wrapped = self.source_lines
        layout = {
            "title": {"text": self.title_html, "y": 1, "yref": "container", "yanchor": "top",
                      "pad": {"t": 12}},
            "margin": {"t": 34 + 20 * len(textwrap.wrap(self.title, 62))
                       + 17 * len(self.subtitle_lines),
                       "b": bottom_margin + 14 * len(wrapped), "l": 10, "r": 10},
        }
        if wrapped:
            layout["annotations"] = [{
                "text": self.sources_html, "xref": "paper", "yref": "paper", "x": 0, "y": 0,
                "xanchor": "left", "yanchor": "top", "yshift": -bottom_margin + 8,
                "showarrow": False, "align": "left", "name": SOURCES_NAME,
            }]
        return layout

    def apply(self, fig: go.Figure, bottom_margin: int = 40) -> go.Figure:
        """Write the caption into the figure's layout so image downloads carry it."""
        layout = self.layout(bottom_margin)
        annotations = layout.pop("annotations", [])
        fig.update_layout(**layout)
        for annotation in annotations:
            fig.add_annotation(**annotation)
        return fig


def captioned_figure(
    data: list, caption: Caption, bottom_margin: int = 40, **layout: object
) -> go.Figure:
    """A figure with the atlas template and its caption, validated by plotly once.

    Building the whole layout first and creating the figure in one call costs a fraction of
    ``go.Figure`` followed by several ``update_layout`` calls, each of which revalidates.
    """
    return go.Figure(data=data, layout={"template": figure_template(), **layout,
                                        **caption.layout(bottom_margin)})


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
    count: int = 296,
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
        count: number of ranked areas (296 LADs, 33,755 LSOAs).
        centre: map centre (England by default).
        zoom: map zoom level.
        points: optional ``latitude``, ``longitude``, ``name`` of interventions to mark.
        outline: outline areas with interventions in black (per-area line style, so the
            geometry is sent once).
        height: figure height in pixels.
    """
    # An object array: plotly validates it in bulk, where a list of lists costs a call per cell.
    customdata = np.asarray(area_customdata(areas), dtype=object)
    traces = [
        dict(type="choroplethmap",
            geojson=geojson,
            locations=areas["code"],
            z=areas["decile"],
            zmin=0.5,
            zmax=10.5,
            colorscale=decile_colorscale(),
            marker={"line": outline_style(areas) if outline else
                    {"width": 0.4, "color": "#ffffff"}},
            customdata=customdata,
            text=areas["name"].to_numpy(),
            hovertemplate=(
                "<b>%{text}</b><br>" + rank_label + ": %{customdata[0]}"
                "<br>Decile %{z} of 10 (1 = most deprived)"
                "<br>Interventions mapped: %{customdata[1]}"
                "<br>Per 10,000 adults: %{customdata[2]}<extra></extra>"
            ),
            colorbar={
                "title": {"text": "Decile", "side": "top"},
                "tickvals": [1, 10],
                "ticktext": ["1 Most deprived", "10 Least deprived"],
                "thickness": 14,
                "len": 0.8,
            },
            name="Deprivation decile",
        )
    ]
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


def provision_heatmap(
    counts: pd.DataFrame,
    caption: Caption,
    *,
    row_labels: dict[str, str],
    col_labels: dict[str, str],
    row_groups: dict[str, str] | None = None,
    col_groups: dict[str, str] | None = None,
    group_order: Sequence[str] = (),
    shares: bool = False,
    total: float | None = None,
) -> go.Figure:
    """Heatmap of interventions per (row code, column code); empty cells are drawn as gaps.

    ``counts`` has codes as index and columns. With ``row_groups`` the rows are sorted into
    groups (e.g. determinant levels) shown as a second axis level. With ``shares`` the colour is
    each cell's share of the table total (or of ``total``, when the table shows only some rows
    of a larger one) while the text keeps the counts.
    """
    rank = {g: i for i, g in enumerate(group_order)}

    def grouped(codes: list[str], groups: dict[str, str] | None) -> list[str]:
        if not groups:
            return codes
        return sorted(codes, key=lambda c: (rank.get(groups[c], len(rank)), codes.index(c)))

    rows = grouped(list(counts.index), row_groups)
    cols = grouped(list(counts.columns), col_groups)
    table = counts.loc[rows, cols]
    values = table.to_numpy(dtype=float)
    total = values.sum() if total is None else total
    colour = values / total * 100 if shares and total else values.copy()
    colour[values == 0] = np.nan
    text = np.where(values == 0, "–", values.astype(int).astype(str))
    y_labels = [row_labels.get(r, r) for r in rows]
    y = [[row_groups[r].capitalize() for r in rows], y_labels] if row_groups else y_labels
    bottom = 300 if col_groups else 230
    x_labels = [col_labels.get(c, c) for c in cols]
    x = [[col_groups[c].capitalize() for c in cols], x_labels] if col_groups else x_labels
    trace = dict(type="heatmap",
            z=colour,
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            colorscale=[list(p) for p in PROVISION_SCALE],
            zmin=0,
            hoverongaps=True,
            customdata=values.astype(int),
            hovertemplate="%{y}<br>%{x}<br>Interventions: %{customdata}"
            " (– = none: a gap)<extra></extra>",
            colorbar={"title": {"text": "% of all" if shares else "Count", "side": "top"},
                      "thickness": 12},
            xgap=1,
            ygap=1,
        )
    return captioned_figure(
        [trace], caption, bottom,
        plot_bgcolor=GAP_COLOUR,
        yaxis={"autorange": "reversed", "tickfont": {"size": 11}},
        xaxis={"tickangle": -45, "tickfont": {"size": 11}, "side": "bottom"},
        height=26 * len(rows) + bottom + 170,
    )


def count_bars(
    labels: Sequence[str], counts: Sequence[int], caption: Caption, *, value_label: str
) -> go.Figure:
    """Horizontal bars of counts in the given order; a zero is written out as 'none'."""
    text = [f"{n}" if n else "0 (none)" for n in counts]
    trace = dict(type="bar",
        x=list(counts), y=list(labels), orientation="h", text=text, textposition="outside",
        marker={"color": CATEGORICAL[0]}, cliponaxis=False,
        hovertemplate="%{y}: %{x} " + value_label + "<extra></extra>",
    )
    return captioned_figure(
        [trace], caption, 70, plot_bgcolor="#ffffff",
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": value_label}, "rangemode": "tozero", "gridcolor": "#dddddd"},
        height=max(300, 30 * len(labels) + 200),
    )


def class_heatmap(
    classes: pd.DataFrame,
    text: pd.DataFrame,
    hover: pd.DataFrame,
    caption: Caption,
    *,
    class_order: Sequence[str],
    class_labels: dict[str, str],
    class_colours: dict[str, str],
    row_labels: dict[str, str],
    col_labels: dict[str, str],
) -> go.Figure:
    """Heatmap coloured by a categorical class per cell, with text in every cell.

    ``classes``, ``text`` and ``hover`` share index (rows) and columns; ``class_order`` fixes the
    legend order. A legend entry is drawn for every class, present or not.
    """
    index = {c: i for i, c in enumerate(class_order)}
    z = classes.apply(lambda col: col.map(index)).to_numpy(dtype=float)
    n = len(class_order)
    scale = []
    for i, code in enumerate(class_order):
        scale += [(i / n, class_colours[code]), ((i + 1) / n, class_colours[code])]
    traces = [
        dict(type="heatmap",
            z=z, zmin=-0.5, zmax=n - 0.5, colorscale=scale, showscale=False,
            x=[col_labels.get(c, c) for c in classes.columns],
            y=[row_labels.get(r, r) for r in classes.index],
            text=text.to_numpy(), texttemplate="%{text}", textfont={"size": 11},
            customdata=hover.to_numpy(), hovertemplate="%{customdata}<extra></extra>",
            xgap=2, ygap=2,
        )
    ]
    for code in class_order:
        traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=class_labels[code],
                                 marker={"size": 12, "symbol": "square",
                                         "color": class_colours[code]}))
    return captioned_figure(
        traces, caption, 190, plot_bgcolor="#ffffff",
        yaxis={"autorange": "reversed"}, xaxis={"tickangle": -40},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        height=34 * len(classes.index) + 420,
    )


def need_provision_scatter(
    points: pd.DataFrame, caption: Caption, *, x_title: str, y_title: str,
    vertical: float | None = None, horizontal: float | None = None, parity: bool = False,
) -> go.Figure:
    """Labelled points (``x``, ``y``, ``label``, ``hover``), optional threshold or parity lines."""
    traces = [
        dict(type="scatter",
            x=points["x"], y=points["y"], mode="markers+text", text=points["label"],
            textposition="top center", textfont={"size": 10},
            customdata=points["hover"], hovertemplate="%{customdata}<extra></extra>",
            marker={"size": 10, "color": CATEGORICAL[0], "line": {"width": 1, "color": "#fff"}},
            showlegend=False,
        )
    ]
    line = {"dash": "dash", "color": "#3D3D3D"}
    shapes = []  # what add_vline / add_hline draw, without their per-call relayout
    if vertical is not None:
        shapes.append({"type": "line", "x0": vertical, "x1": vertical, "xref": "x",
                       "y0": 0, "y1": 1, "yref": "y domain", "line": line})
    if horizontal is not None:
        shapes.append({"type": "line", "x0": 0, "x1": 1, "xref": "x domain",
                       "y0": horizontal, "y1": horizontal, "yref": "y", "line": line})
    if parity and len(points):
        top = float(max(points["x"].max(), points["y"].max(), 1)) * 1.1
        traces.append(dict(type="scatter", x=[0, top], y=[0, top], mode="lines", name="Parity",
                                 line={"dash": "dot", "color": "#801650"}, hoverinfo="skip"))
    return captioned_figure(
        traces, caption, 80, plot_bgcolor="#ffffff", height=520, shapes=shapes,
        xaxis={"title": {"text": x_title}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
        yaxis={"title": {"text": y_title}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
    )
