"""Pure figure factories: tables in, ``go.Figure`` out, each carrying its own caption."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.metrics import format_rate
from dashboard.theme import (
    CATEGORICAL,
    GAP_COLOUR,
    HIGHLIGHT,
    PROVISION_SCALE,
    decile_colorscale,
    register_template,
)

ENGLAND_CENTRE = {"lat": 52.75, "lon": -1.9}
SOURCES_NAME = "caption-sources"  # the annotation holding a figure's source lines


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

    def apply(self, fig: go.Figure, bottom_margin: int = 40) -> go.Figure:
        """Write the caption into the figure's layout so image downloads carry it."""
        title = self.title_html
        wrapped = self.source_lines
        fig.update_layout(
            title={"text": title, "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12}},
            margin={"t": 34 + 20 * len(textwrap.wrap(self.title, 62))
                    + 17 * len(self.subtitle_lines),
                    "b": bottom_margin + 14 * len(wrapped), "l": 10, "r": 10},
        )
        if wrapped:
            fig.add_annotation(
                text=self.sources_html,
                xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                yshift=-bottom_margin + 8, showarrow=False, align="left", name=SOURCES_NAME,
            )
        return fig


def area_customdata(areas: pd.DataFrame) -> list[list[object]]:
    """Hover fields of a deprivation map: name, rank, interventions, rate per 10k, decile."""
    per_10k = areas["per_10k"].map(format_rate)
    return np.column_stack(
        [areas["name"], areas["rank"].astype(str), areas["interventions"],
         per_10k, areas["decile"]]
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
    template = register_template()
    customdata = area_customdata(areas)
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            locations=areas["code"],
            z=areas["decile"],
            zmin=0.5,
            zmax=10.5,
            colorscale=decile_colorscale(),
            marker={"line": outline_style(areas) if outline else
                    {"width": 0.4, "color": "#ffffff"}},
            customdata=customdata,
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>" + rank_label + ": %{customdata[1]}"
                "<br>Decile %{customdata[4]} of 10 (1 = most deprived)"
                "<br>Interventions mapped: %{customdata[2]}"
                "<br>Per 10,000 adults: %{customdata[3]}<extra></extra>"
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
    )
    if points is not None:
        fig.add_trace(
            go.Scattermap(
                lat=points["latitude"], lon=points["longitude"], mode="markers",
                marker={"size": 9, "color": "#F46A25", "opacity": 0.95},
                text=points["name"], hovertemplate="%{text}<extra>Intervention</extra>",
                name="Interventions with a location",
            )
        )
    fig.update_layout(
        template=template,
        map={"style": "white-bg", "center": centre or ENGLAND_CENTRE, "zoom": zoom},
        showlegend=False,
        height=height,
    )
    return caption.apply(fig)


def fit_view(geojson: dict, width: int = 430, height: int = 430) -> tuple[dict[str, float], float]:
    """Centre and zoom that show every feature of ``geojson`` in a map of the given size."""
    xs: list[float] = []
    ys: list[float] = []

    def collect(coords) -> None:
        if coords and isinstance(coords[0], int | float):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for part in coords:
                collect(part)

    for feature in geojson["features"]:
        collect(feature["geometry"]["coordinates"])
    if not xs:
        return dict(ENGLAND_CENTRE), 5.1
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    lon_span = max(east - west, 0.01)
    mid = np.radians((north + south) / 2)
    lat_span = max((north - south) / np.cos(mid), 0.01)
    zoom = min(np.log2(width * 360 / (256 * lon_span)), np.log2(height * 360 / (256 * lat_span)))
    return {"lat": (north + south) / 2, "lon": (east + west) / 2}, float(zoom) - 0.3


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
) -> go.Figure:
    """Heatmap of interventions per (row code, column code); empty cells are drawn as gaps.

    ``counts`` has codes as index and columns. With ``row_groups`` the rows are sorted into
    groups (e.g. determinant levels) shown as a second axis level. With ``shares`` the colour is
    each cell's share of the table total while the text keeps the counts.
    """
    template = register_template()
    rank = {g: i for i, g in enumerate(group_order)}

    def grouped(codes: list[str], groups: dict[str, str] | None) -> list[str]:
        if not groups:
            return codes
        return sorted(codes, key=lambda c: (rank.get(groups[c], len(rank)), codes.index(c)))

    rows = grouped(list(counts.index), row_groups)
    cols = grouped(list(counts.columns), col_groups)
    table = counts.loc[rows, cols]
    values = table.to_numpy(dtype=float)
    total = values.sum()
    colour = values / total * 100 if shares and total else values.copy()
    colour[values == 0] = np.nan
    text = np.where(values == 0, "–", values.astype(int).astype(str))
    y_labels = [row_labels.get(r, r) for r in rows]
    y = [[row_groups[r].capitalize() for r in rows], y_labels] if row_groups else y_labels
    bottom = 300 if col_groups else 230
    x_labels = [col_labels.get(c, c) for c in cols]
    x = [[col_groups[c].capitalize() for c in cols], x_labels] if col_groups else x_labels
    fig = go.Figure(
        go.Heatmap(
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
    )
    fig.update_layout(
        template=template,
        plot_bgcolor=GAP_COLOUR,
        yaxis={"autorange": "reversed", "tickfont": {"size": 11}},
        xaxis={"tickangle": -45, "tickfont": {"size": 11}, "side": "bottom"},
        height=26 * len(rows) + bottom + 170,
    )
    return caption.apply(fig, bottom_margin=bottom)


def count_bars(
    labels: Sequence[str], counts: Sequence[int], caption: Caption, *, value_label: str
) -> go.Figure:
    """Horizontal bars of counts in the given order; a zero is written out as 'none'."""
    template = register_template()
    text = [f"{n}" if n else "0 (none)" for n in counts]
    fig = go.Figure(
        go.Bar(
            x=list(counts), y=list(labels), orientation="h", text=text, textposition="outside",
            marker={"color": CATEGORICAL[0]}, cliponaxis=False,
            hovertemplate="%{y}: %{x} " + value_label + "<extra></extra>",
        )
    )
    fig.update_layout(
        template=template, plot_bgcolor="#ffffff",
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": value_label}, "rangemode": "tozero", "gridcolor": "#dddddd"},
        height=max(300, 30 * len(labels) + 200),
    )
    return caption.apply(fig, bottom_margin=70)


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
    template = register_template()
    index = {c: i for i, c in enumerate(class_order)}
    z = classes.apply(lambda col: col.map(index)).to_numpy(dtype=float)
    n = len(class_order)
    scale = []
    for i, code in enumerate(class_order):
        scale += [(i / n, class_colours[code]), ((i + 1) / n, class_colours[code])]
    fig = go.Figure(
        go.Heatmap(
            z=z, zmin=-0.5, zmax=n - 0.5, colorscale=scale, showscale=False,
            x=[col_labels.get(c, c) for c in classes.columns],
            y=[row_labels.get(r, r) for r in classes.index],
            text=text.to_numpy(), texttemplate="%{text}", textfont={"size": 11},
            customdata=hover.to_numpy(), hovertemplate="%{customdata}<extra></extra>",
            xgap=2, ygap=2,
        )
    )
    for code in class_order:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=class_labels[code],
                                 marker={"size": 12, "symbol": "square",
                                         "color": class_colours[code]}))
    fig.update_layout(
        template=template, plot_bgcolor="#ffffff",
        yaxis={"autorange": "reversed"}, xaxis={"tickangle": -40},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        height=34 * len(classes.index) + 420,
    )
    return caption.apply(fig, bottom_margin=190)


def need_provision_scatter(
    points: pd.DataFrame, caption: Caption, *, x_title: str, y_title: str,
    vertical: float | None = None, horizontal: float | None = None, parity: bool = False,
) -> go.Figure:
    """Labelled points (``x``, ``y``, ``label``, ``hover``), optional threshold or parity lines."""
    template = register_template()
    fig = go.Figure(
        go.Scatter(
            x=points["x"], y=points["y"], mode="markers+text", text=points["label"],
            textposition="top center", textfont={"size": 10},
            customdata=points["hover"], hovertemplate="%{customdata}<extra></extra>",
            marker={"size": 10, "color": CATEGORICAL[0], "line": {"width": 1, "color": "#fff"}},
            showlegend=False,
        )
    )
    if vertical is not None:
        fig.add_vline(x=vertical, line={"dash": "dash", "color": "#3D3D3D"})
    if horizontal is not None:
        fig.add_hline(y=horizontal, line={"dash": "dash", "color": "#3D3D3D"})
    if parity and len(points):
        top = float(max(points["x"].max(), points["y"].max(), 1)) * 1.1
        fig.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", name="Parity",
                                 line={"dash": "dot", "color": "#801650"}, hoverinfo="skip"))
    fig.update_layout(
        template=template, plot_bgcolor="#ffffff", height=520,
        xaxis={"title": {"text": x_title}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
        yaxis={"title": {"text": y_title}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
    )
    return caption.apply(fig, bottom_margin=80)
