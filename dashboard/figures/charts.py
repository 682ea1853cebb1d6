"""Chart figures: heatmaps of provision and of gap classes, bars, need-against-provision scatter."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.caption import Caption, captioned_figure
from dashboard.figures.theme import CATEGORICAL, GAP_COLOUR, PROVISION_SCALE


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
        traces, caption, 190, legend_above=True, showlegend=True, plot_bgcolor="#ffffff",
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
