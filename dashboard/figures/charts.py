"""Chart figures: heatmaps of provision and of gap classes, bars, need-against-provision scatter."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.caption import FIT, Caption, captioned_figure, wrap
from dashboard.figures.labels import place_labels
from dashboard.figures.theme import CATEGORICAL, GAP_COLOUR, INK, PROVISION_SCALE, text_colour_on


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
    names: tuple[str, str] = ("rows", "columns"),
) -> go.Figure:
    """Heatmap of interventions per (row code, column code); empty cells are drawn as gaps.

    ``names`` says what the rows and columns are (plural nouns), for the note an export writes
    when it shows only the rows and columns with the most provision.

    ``counts`` has codes as index and columns. With ``row_groups`` the rows are sorted into
    groups (e.g. determinant levels) shown as a second axis level. With ``shares`` each cell
    shows, and is coloured by, its percentage of the table total (or of ``total``, when the
    table shows only some rows of a larger one); the hover keeps the count beside it.
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
    shares = bool(shares and total)
    colour, text, customdata, counts_of = _cell_values(values, total, shares)
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
            textfont={"size": 11, "color": INK},
            colorscale=[list(p) for p in PROVISION_SCALE],
            zmin=0,
            hoverongaps=True,
            customdata=customdata,
            hovertemplate="%{y}<br>%{x}<br>Interventions: " + counts_of
            + " (– = none: a gap)<extra></extra>",
            colorbar={"title": {"text": "% of all" if shares else "Count", "side": "top"},
                      "thickness": 12, "ticksuffix": "%" if shares else ""},
            xgap=1,
            ygap=1,
        )
    return captioned_figure(
        [trace], caption, bottom, extra_meta={FIT: {"order": "total", "rows": names[0],
                                                    "cols": names[1]}},
        plot_bgcolor=GAP_COLOUR,
        yaxis={"autorange": "reversed", "tickfont": {"size": 11}},
        xaxis={"tickangle": -45, "tickfont": {"size": 11}, "side": "bottom"},
        height=26 * len(rows) + bottom + 170,
    )


def _cell_values(values: np.ndarray, total: float, shares: bool) -> tuple:
    """Colour (gaps NaN), text, hover data and the hover's count phrase of a count matrix.

    With ``shares`` the colour and text are each cell's percentage of ``total`` and the hover
    data holds the count and the percentage; else all are the counts.
    """
    percent = values / total * 100 if shares else values
    colour = percent.copy()
    colour[values == 0] = np.nan
    cells = np.array([_cell(v, p, shares) for v, p in zip(values.ravel(), percent.ravel(),
                                                          strict=True)], dtype=object)
    text = np.where(values == 0, "–", cells.reshape(values.shape))
    if shares:
        return (colour, text, np.dstack([values.astype(int), percent.round(1)]),
                "%{customdata[0]} (%{customdata[1]}% of all " + f"{int(total):,})")
    return colour, text, values.astype(int), "%{customdata}"


def _cell(count: float, percent: float, shares: bool) -> str:
    """A cell's text: the count, or its share with one decimal below 10%."""
    if not shares:
        return str(int(count))
    return f"{percent:.1f}%" if percent < 10 else f"{percent:.0f}%"


def count_bars(
    labels: Sequence[str], counts: Sequence[int], caption: Caption, *, value_label: str
) -> go.Figure:
    """Horizontal bars of counts in the given order; a zero is written out as 'none'.

    Labels longer than ``BAR_LABEL`` characters wrap onto a second line, so they stay whole
    on a narrow screen.
    """
    text = [f"{n}" if n else "0 (none)" for n in counts]
    wrapped = ["<br>".join(wrap([str(label)], BAR_LABEL)) for label in labels]
    trace = dict(type="bar",
        x=list(counts), y=wrapped, orientation="h", text=text, textposition="outside",
        marker={"color": CATEGORICAL[0]}, cliponaxis=False,
        hovertemplate="%{y}: %{x} " + value_label + "<extra></extra>",
    )
    return captioned_figure(
        [trace], caption, 70, plot_bgcolor="#ffffff",
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": value_label}, "rangemode": "tozero", "gridcolor": "#dddddd"},
        height=max(300, 36 * len(labels) + 200),
    )


def need_bars(labels: Sequence[str], percentiles: Sequence[float], caption: Caption, *,
              threshold: float) -> go.Figure:
    """Horizontal bars of need percentiles (0-100, highest need first) with the high-need line.

    Bars at or above ``threshold`` are drawn dark, the others light; the value is written at
    the end of each bar, so colour is not the only carrier.
    """
    colours = [CATEGORICAL[0] if p >= threshold else "#8eb8dc" for p in percentiles]
    trace = dict(type="bar", x=list(percentiles), y=list(labels), orientation="h",
                 text=[f"{p:.0f}" for p in percentiles], textposition="outside", cliponaxis=False,
                 marker={"color": colours}, hovertemplate="%{y}: need percentile %{x:.0f}"
                 "<extra></extra>")
    line = {"type": "line", "x0": threshold, "x1": threshold, "xref": "x", "y0": 0, "y1": 1,
            "yref": "y domain", "line": {"dash": "dash", "color": "#3D3D3D"}}
    return captioned_figure(
        [trace], caption, 70, plot_bgcolor="#ffffff", shapes=[line],
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": "Need: national percentile (100 = highest need)"},
               "range": [0, 108], "gridcolor": "#dddddd"},
        height=max(320, 30 * len(labels) + 230),
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
    names: tuple[str, str] = ("rows", "columns"),
) -> go.Figure:
    """Heatmap coloured by a categorical class per cell, with text in every cell.

    ``classes``, ``text`` and ``hover`` share index (rows) and columns; ``class_order`` fixes the
    legend order. One heatmap trace per class present, so each class writes its cells' text in
    the colour that reads on it (white or ink, whichever contrasts more). The legend (every
    class, present or not, light swatches outlined) stands at the right of the plot, where it
    can never run into the title.
    """
    x = [col_labels.get(c, c) for c in classes.columns]
    y = [row_labels.get(r, r) for r in classes.index]
    grid = classes.to_numpy(dtype=object)
    traces = []
    for code in class_order:
        mine = grid == code
        if not mine.any():
            continue
        colour = class_colours[code]
        traces.append(dict(
            type="heatmap", z=np.where(mine, 1.0, np.nan), zmin=0, zmax=1, showscale=False,
            colorscale=[[0, colour], [1, colour]], x=x, y=y, name=class_labels[code],
            text=np.where(mine, text.to_numpy(dtype=object), ""), texttemplate="%{text}",
            textfont={"size": 11, "color": text_colour_on(colour)}, hoverongaps=False,
            customdata=np.where(mine, hover.to_numpy(dtype=object), ""),
            hovertemplate="%{customdata}<extra></extra>", xgap=2, ygap=2,
        ))
    if not traces:  # no cells: an empty grid keeps the axes
        traces.append(dict(type="heatmap", z=[], x=x, y=y, showscale=False))
    for code in class_order:
        colour = class_colours[code]
        traces.append(dict(type="scatter", x=[None], y=[None], mode="markers",
                           name=class_labels[code], hoverinfo="skip",
                           marker={"size": 13, "symbol": "square", "color": colour,
                                   "line": {"width": 1, "color": "#505a5f"}}))
    return captioned_figure(
        traces, caption, 190, showlegend=True, plot_bgcolor="#ffffff",
        extra_meta={FIT: {"order": "first", "rows": names[0], "cols": names[1]}},
        yaxis={"autorange": "reversed"}, xaxis={"tickangle": -40},
        legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top",
                "title": {"text": "Gap class"}},
        height=34 * len(classes.index) + 420,
    )


BAR_LABEL = 34  # characters of a bar's label before it wraps
SCREEN_PLOT = (440, 290)  # a scatter's plot area on the page, in px, for placing its labels


def need_provision_scatter(
    points: pd.DataFrame, caption: Caption, *, x_title: str, y_title: str,
    vertical: float | None = None, horizontal: float | None = None, parity: bool = False,
) -> go.Figure:
    """Labelled points (``x``, ``y``, ``label``, ``hover``), optional threshold or parity lines.

    Labels are placed so that none prints over another or over a point (first come first
    served, in the order of ``points``); a label with no free place is left out, its point
    keeps its hover. The labels are kept in the trace's ``meta`` so an export places them
    again for its own size; an empty label draws no text.
    """
    top_x = float(max(points["x"].max() if len(points) else 0, vertical or 0, 1))
    top_y = float(max(points["y"].max() if len(points) else 0, horizontal or 0, 1))
    x_range, y_range = [0, top_x * 1.08], [0, top_y * 1.12]
    if parity:  # square axes, so the parity line is the diagonal
        x_range = y_range = [0, max(top_x, top_y) * 1.08]
    labels = [str(label) for label in points["label"]]
    positions = place_labels(list(points["x"]), list(points["y"]), labels, x_range, y_range,
                             *SCREEN_PLOT, 11)
    traces = [
        dict(type="scatter",
            x=points["x"], y=points["y"], mode="markers+text",
            text=[label if pos else "" for label, pos in zip(labels, positions, strict=True)],
            textposition=[pos or "top center" for pos in positions], textfont={"size": 11},
            customdata=points["hover"], hovertemplate="%{customdata}<extra></extra>",
            marker={"size": 10, "color": CATEGORICAL[0], "line": {"width": 1, "color": "#fff"}},
            showlegend=False, meta={"labels": labels}, cliponaxis=False,
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
        traces.append(dict(type="scatter", x=x_range, y=x_range, mode="lines", name="Parity",
                           line={"dash": "dot", "color": "#801650"}, hoverinfo="skip",
                           showlegend=False))
    return captioned_figure(
        traces, caption, 80, plot_bgcolor="#ffffff", height=520, shapes=shapes,
        xaxis={"title": {"text": x_title}, "gridcolor": "#e5e5e5", "range": x_range},
        yaxis={"title": {"text": y_title}, "gridcolor": "#e5e5e5", "range": y_range},
    )
