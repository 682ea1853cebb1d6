"""Figures restyled for a projector, and the "reveal the gaps" marks over a provision grid."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.caption import AXIS_MARGIN, CAPTION, LEGEND_ROW, SOURCES_NAME, Caption
from dashboard.figures.frames import SLIDE_SIZE
from dashboard.figures.slide_caption import HEADER_NAME, caption_layout, slide_text
from dashboard.figures.slides import TICK, plan_slide

REVEALED = ("high_need_no_provision", "high_need_low_provision")
REVEAL_STYLE = {
    "high_need_no_provision": {"color": "#801650", "width": 5, "dash": "solid"},
    "high_need_low_provision": {"color": "#000000", "width": 3, "dash": "dash"},
}


def slide_figure(figure: go.Figure, caption: Caption) -> go.Figure:
    """A copy of a page figure laid out for a 1920 x 1000 px slide, in type for a room.

    The figure is refitted first (:func:`dashboard.figures.slides.plan_slide`: 28 px axis and
    tick labels, shortened labels, the rows that fit, point labels that do not collide), then
    its caption, with whatever the slide left out, is drawn in the slide frame (44 px title).
    A slide has no hover labels: the room reads what is printed, and plotly's hover, left over
    from a chart while the next slide (a map) is drawn under a resting pointer, throws errors.
    """
    plan = plan_slide(figure, caption)
    drawn = caption_layout(slide_text(plan.caption), left=plan.left, right=plan.right,
                           axis=plan.axis, legend=plan.legend)
    fig = go.Figure(plan.figure)
    kept = [a for a in fig.layout.annotations if a.name not in (SOURCES_NAME, HEADER_NAME)]
    width, height = SLIDE_SIZE
    fig.update_layout(title=drawn["title"], margin=drawn["margin"], width=width, height=height,
                      autosize=False, font={"size": TICK}, hoverlabel={"font": {"size": TICK}},
                      hovermode=False)
    fig.layout.annotations = [*kept, *drawn["annotations"]]
    # The slide's caption is laid out here for its fixed size: the browser must not rewrap it
    # for a page graph (assets/caption-fit.js reads layout.meta.caption); the map's bounds stay.
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.layout.meta = {key: value for key, value in meta.items()
                       if key not in (CAPTION, LEGEND_ROW, AXIS_MARGIN)}
    return fig


def reveal_marks(
    figure: go.Figure, cells: pd.DataFrame, *, row_labels: Mapping[str, str],
    col_labels: Mapping[str, str], marks: Mapping[str, str], class_labels: Mapping[str, str],
) -> go.Figure:
    """The provision heatmap with the gap cells outlined and marked (e.g. NONE or LOW).

    ``figure`` is a locality x determinant ``provision_heatmap`` (its x axis may be
    multicategory: determinant level, then label); ``cells`` holds ``locality``,
    ``determinant`` and ``gap_class`` (one of ``REVEALED``). The grid, colours and counts stay
    as they are: each gap cell gets an outline (a shape named after its class, solid for no
    provision, dashed for low) and its mark after the count, and each class a legend entry
    (drawn above the plot). The caption is left to the caller.
    """
    fig = go.Figure(figure)
    heatmap = fig.data[0]
    rows = list(heatmap.y)
    x = heatmap.x
    cols = list(x[-1]) if x and isinstance(x[0], list | tuple) else list(x)
    text = [list(row) for row in heatmap.text]
    shapes = []
    for cell in cells.itertuples():
        i, j = rows.index(row_labels[cell.locality]), cols.index(col_labels[cell.determinant])
        text[i][j] = f"{text[i][j]} {marks[cell.gap_class]}"
        style = REVEAL_STYLE[cell.gap_class]
        shapes.append({"type": "rect", "x0": j - 0.5, "x1": j + 0.5, "y0": i - 0.5,
                       "y1": i + 0.5, "name": f"{cell.gap_class}:{cell.locality}:{cell.determinant}",
                       "line": {"color": style["color"], "width": style["width"],
                                "dash": style["dash"]}})
    heatmap.text = text
    for gap_class in REVEALED:
        style = REVEAL_STYLE[gap_class]
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", hoverinfo="skip",
            name=f"{class_labels[gap_class]} ({marks[gap_class]})",
            marker={"symbol": "square-open", "size": 16, "color": style["color"],
                    "line": {"width": style["width"], "color": style["color"]}},
        ))
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], showlegend=True,
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0})
    return fig
