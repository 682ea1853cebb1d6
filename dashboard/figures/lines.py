"""Small line charts of figures across a dataset's versions."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.caption import Caption, captioned_figure
from dashboard.figures.theme import CATEGORICAL

DASHES = ("solid", "dash", "dot", "dashdot")  # so series differ in greyscale too


def version_lines(points: pd.DataFrame, caption: Caption, *, y_title: str,
                  percent: bool = False) -> go.Figure:
    """One line per series across versions, each point labelled with its value.

    Args:
        points: ``series``, ``x`` (the version's label, in order), ``y`` and ``hover`` (text).
        caption: title, subtitle and sources.
        y_title: what ``y`` counts.
        percent: ``y`` is a percentage (axis 0-100).
    """
    traces = []
    for index, (series, rows) in enumerate(points.groupby("series", sort=False)):
        traces.append(dict(
            type="scatter", mode="lines+markers+text", name=str(series),
            x=rows["x"].tolist(), y=rows["y"].tolist(), customdata=rows["hover"].tolist(),
            # only the newest value is written: earlier ones are in the hover and the table
            text=[""] * (len(rows) - 1) + [f"{v:.0f}%" if percent else f"{v:g}"
                                           for v in rows["y"].tail(1)],
            textposition="middle right", textfont={"size": 11}, cliponaxis=False,
            hovertemplate="%{customdata}<extra></extra>",
            line={"color": CATEGORICAL[index % len(CATEGORICAL)],
                  "dash": DASHES[index % len(DASHES)], "width": 2.5},
            marker={"size": 8, "color": CATEGORICAL[index % len(CATEGORICAL)]}))
    yaxis = {"title": {"text": y_title}, "gridcolor": "#e5e5e5", "rangemode": "tozero"}
    if percent:
        yaxis["range"] = [0, 105]
    return captioned_figure(
        traces, caption, 60, legend_above=True, plot_bgcolor="#ffffff", height=420,
        showlegend=True, legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        xaxis={"type": "category", "gridcolor": "#f0f0f0"}, yaxis=yaxis)
