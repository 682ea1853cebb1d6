"""Slide layouts: a page figure refitted to a 1920 x 1000 px slide, in type a room can read.

Every axis title and tick label is set at ``TICK`` px (28), and laid out from the labels' real
widths (:mod:`dashboard.figures.text`) so none overlaps another: long labels are shortened at a
word with an ellipsis, heatmaps keep the rows (and, if need be, the columns) that fit and say how
many are left out, bar charts keep the longest bars, point labels that would collide are left to
the text alternative. The caption records what was left out, so the slide says so too.

Margins are set here rather than grown by plotly (``automargin`` off), so the plot area is known
and the tests can check the arithmetic; :func:`plan_slide` returns the refitted figure, the
caption with its notes and the margins, and ``presentation.slide_figure`` draws the caption.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.caption import Caption
from dashboard.figures.frames import SLIDE, SLIDE_SIZE
from dashboard.figures.slide_caption import caption_margins, slide_text, wrap
from dashboard.figures.text import text_width

TICK = 28            # px: every tick label and axis title on a slide
CELL = 24            # px: largest heatmap cell text (smaller only to fit its cell)
MIN_CELL = 14
READABLE_CELL = 20   # px: below this a count and its mark give way to the mark alone
LINE = 1.25          # line box of a label, in ems
ROW_PITCH = 34       # px: a heatmap row; a 28 px label's box is 32 px tall
BAR_PITCH = 44
Y_LABEL_MAX = 520    # px: row labels longer than this are shortened
X_LABEL_MAX = 320    # px: column labels longer than this are shortened
POINT_LABEL_MAX = 360
TICK_PAD = 12        # px between a tick label and the plot
COLOURBAR = 24       # px: colour bar thickness
LEGEND_LINE = 44     # px: one row of a horizontal legend
SIN45 = math.sqrt(0.5)


@dataclass(frozen=True)
class SlidePlan:
    """A figure refitted to a slide, its caption (with what was left out) and its margins.

    ``axis``: px under the plot for the x axis's labels and title; ``legend``: px above the
    plot for a horizontal legend.
    """

    figure: go.Figure
    caption: Caption
    left: int
    right: int
    axis: int
    legend: int = 0


# Labels -------------------------------------------------------------------------------------------

def shorten(label: str, max_px: float, size: float = TICK) -> str:
    """``label`` cut at a word, with an ellipsis, to fit ``max_px`` at ``size`` px."""
    label = str(label)
    if text_width(label, size) <= max_px:
        return label
    kept = ""
    for word in label.split(" "):
        candidate = f"{kept} {word}".strip()
        if text_width(candidate + "…", size) > max_px:
            break
        kept = candidate
    if not kept:  # one long word: cut letters
        kept = label
        while kept and text_width(kept + "…", size) > max_px:
            kept = kept[:-1]
    return kept.rstrip(" ,;:-") + "…"


def shorten_all(labels: Sequence[str], max_px: float, size: float = TICK) -> list[str]:
    """Shortened labels that stay distinct: a clash keeps the end of each label instead."""
    short = [shorten(label, max_px, size) for label in labels]
    for i, text in enumerate(short):
        if short.count(text) > 1 and text != labels[i]:
            head = shorten(labels[i], max_px / 2, size).removesuffix("…")
            tail = labels[i].split(" ")[-1]
            short[i] = shorten(f"{head}… {tail}", max_px, size) if text_width(
                f"{head}… {tail}", size) > max_px else f"{head}… {tail}"
    return short


def _widest(labels: Sequence[str], size: float = TICK) -> float:
    return max((text_width(str(label), size) for label in labels), default=0.0)


def _flat(values) -> tuple[list[str], list[str] | None]:
    """Labels of an axis and, for a two-level (multicategory) axis, each label's group."""
    values = list(values) if values is not None else []
    if values and isinstance(values[0], list | tuple):
        return [str(v) for v in values[-1]], [str(v) for v in values[0]]
    return [str(v) for v in values], None


def _left_out(kept: int, labels: Sequence[str], totals: Sequence[float] | None, noun: str) -> str:
    """The note saying what a slide leaves out: a count, and the names when they are few."""
    rest = list(labels[kept:])
    if not rest:
        return ""
    if len(rest) <= 3:
        named = [f"{label} ({'none' if not totals[kept + i] else int(totals[kept + i])})"
                 if totals is not None else label for i, label in enumerate(rest)]
        return f"Slide shows {kept} of {len(labels)} {noun}; not shown: {', '.join(named)}."
    return (f"Slide shows the first {kept} of {len(labels)} {noun}; the other {len(rest)} are in "
            "the atlas view and the text alternative.")


def _margins(caption: Caption, axis: int, legend: int) -> tuple[int, int]:
    """Top and bottom margins the caption takes on a slide (exactly as it will be drawn)."""
    return caption_margins(slide_text(caption), axis, legend)


def _legend_height(figure: go.Figure, width: float) -> int:
    """Height of the figure's horizontal legend above the plot (one row per line of items)."""
    legend = figure.layout.legend
    above = bool(figure.layout.showlegend) and legend.orientation == "h" and legend.yanchor == "bottom"
    names = [t.name for t in figure.data if t.name and t.showlegend is not False
             and (t.type != "heatmap" or t.showlegend)]   # heatmaps are not in a legend by default
    if not above or not names:
        return 0
    title = legend.title.text if legend.title and legend.title.text else ""
    rows, used = 1, text_width(title, TICK) + 16 if title else 0.0
    for name in names:
        item = text_width(name, TICK) + 70
        if used and used + item > width:
            rows, used = rows + 1, 0.0
        used += item
    return rows * LEGEND_LINE


# Heatmaps -----------------------------------------------------------------------------------------

def _colourbar(trace) -> int:
    """Width of a heatmap's colour bar with its labels (0 when it has none)."""
    if trace.showscale is False:
        return 0
    z = np.asarray(trace.z, dtype=float)
    top = np.nanmax(z) if np.isfinite(z).any() else 1
    title = trace.colorbar.title.text if trace.colorbar and trace.colorbar.title else ""
    return int(COLOURBAR + 20 + max(text_width(f"{top:.0f}", TICK), text_width(title or "", TICK)))


def _stacked(label: str, width: float) -> list[str] | None:
    """``label`` as up to four lines no wider than ``width`` (``None`` when it cannot be)."""
    lines = wrap(label, width, TICK)
    if len(lines) > 4 or any(text_width(line, TICK) > width for line in lines):
        return None
    return lines


def _x_layout(labels: Sequence[str], full: Sequence[str], pitch: float
              ) -> tuple[int, float, list[str]]:
    """Tick angle for column labels ``pitch`` px apart, the height they take, and the labels.

    Wide columns take their whole labels on up to four level lines; narrower ones the
    shortened labels, turned 45 degrees (or upright) so neighbours never touch.
    """
    stacked = [_stacked(label, pitch - 12) for label in full]
    if all(stacked):
        lines = max(len(s) for s in stacked)
        return 0, lines * TICK * 1.3, ["<br>".join(s) for s in stacked]
    widest = _widest(labels)
    if pitch >= TICK * LINE / SIN45:
        return -45, (widest + TICK * LINE) * SIN45, list(labels)
    return -90, widest, list(labels)


def _cell_size(texts: np.ndarray, width: float, height: float) -> int:
    """Largest cell text size (at most ``CELL``) at which every cell's text fits its cell."""
    widest = max((text_width(str(t), 1) for t in texts.ravel()), default=0.0)
    size = min(CELL, int(height * 0.7), int((width - 6) / widest) if widest else CELL)
    return max(MIN_CELL, size)


def _cell_texts(texts: list[np.ndarray], width: float, height: float
                ) -> tuple[list[np.ndarray], int, bool]:
    """Cell texts of each heatmap trace and their common size.

    In cells too narrow for a count and its mark ("23 LOW") the mark alone is kept, so the
    slide's text stays large (the counts stay in the atlas view).
    """
    every = np.concatenate([t.ravel() for t in texts])
    size = _cell_size(every, width, height)
    if size >= READABLE_CELL or not any(" " in str(t) for t in every):
        return texts, size, False
    marks = [np.vectorize(lambda t: str(t).split(" ")[-1], otypes=[object])(t) for t in texts]
    return marks, _cell_size(np.concatenate([m.ravel() for m in marks]), width, height), True


def _totals(trace, rows: int) -> list[float] | None:
    data = trace.customdata if trace.customdata is not None else None
    try:
        values = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        return None
    if values.ndim != 2 or values.shape[0] != rows:
        return None
    return list(np.nansum(values, axis=1))


def _group_lines(groups: list[str] | None, keep: int, axis: str) -> list[dict]:
    """Lines between the groups (determinant levels) of a flattened two-level axis."""
    if not groups:
        return []
    cuts = [i for i in range(1, keep) if groups[i] != groups[i - 1]]
    line = {"color": "#0b0c0c", "width": 3}
    if axis == "x":
        return [{"type": "line", "xref": "x", "yref": "paper", "x0": i - 0.5, "x1": i - 0.5,
                 "y0": 0, "y1": 1, "line": line, "name": "group"} for i in cuts]
    return [{"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": i - 0.5,
             "y1": i - 0.5, "line": line, "name": "group"} for i in cuts]


ABOVE = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom"}


def _plan_heatmap(figure: go.Figure, caption: Caption) -> SlidePlan:
    """Rows and columns that fit, labels shortened, cell text as large as the cells allow.

    A heatmap may be drawn as one trace per class (``charts.class_heatmap``): every heatmap trace
    is cut alike, and a legend at the side moves above the plot, across the slide.
    """
    width, height = SLIDE_SIZE
    figure = go.Figure(figure)
    if figure.layout.showlegend and figure.layout.legend.orientation != "h":
        figure.update_layout(legend=ABOVE)
    heats = [i for i, trace in enumerate(figure.data) if trace.type == "heatmap"]
    heat = figure.data[heats[0]]
    rows, row_groups = _flat(heat.y)
    cols, col_groups = _flat(heat.x)
    y_short, x_short = shorten_all(rows, Y_LABEL_MAX), shorten_all(cols, X_LABEL_MAX)
    left = int(SLIDE.side_margin + _widest(y_short) + TICK_PAD)
    right = int(SLIDE.side_margin + _colourbar(heat))
    plot_width = width - left - right
    keep_cols = min(len(cols), int(plot_width // (TICK * LINE)))
    angle, extent, x_shown = _x_layout(x_short[:keep_cols], cols[:keep_cols], plot_width / keep_cols)
    axis = int(extent + TICK_PAD + 8)
    legend = _legend_height(figure, width - 2 * SLIDE.side_margin)
    grouped = "Lines separate the levels (individual, family, community, structural)." \
        if row_groups or col_groups else ""
    notes = [n for n in (grouped, _left_out(keep_cols, cols, None, "columns")) if n]
    keep_rows, note = len(rows), ""
    for _ in range(3):  # a note may take a line, which may leave room for a row less
        shown = replace(caption, notes=(*caption.notes, *notes, *([note] if note else [])))
        top, bottom = _margins(shown, axis, legend)
        fits = max(1, int((height - top - bottom) // ROW_PITCH))
        if fits >= len(rows) or fits == keep_rows:
            keep_rows = min(fits, len(rows))
            break
        keep_rows = fits
        note = _left_out(keep_rows, rows, _totals(heat, len(rows)), "rows")
    caption = replace(caption, notes=(*caption.notes, *notes, *([note] if note else [])))
    top, bottom = _margins(caption, axis, legend)
    texts = [np.asarray(figure.data[i].text if figure.data[i].text is not None else [[""]],
                        dtype=object)[:keep_rows, :keep_cols] for i in heats]
    texts, cell, marks_only = _cell_texts(texts, plot_width / keep_cols,
                                          (height - top - bottom) / keep_rows)
    if marks_only:
        caption = replace(caption, notes=(*caption.notes, "Marked cells show their mark; their "
                                          "counts are in the atlas view."))
    fitted = go.Figure(figure)
    for i, text in zip(heats, texts, strict=True):
        trace = fitted.data[i]
        sliced = {"z": np.asarray(trace.z, dtype=float)[:keep_rows, :keep_cols],
                  "x": x_shown, "y": y_short[:keep_rows], "text": text, "textfont": {"size": cell}}
        if trace.customdata is not None:
            sliced["customdata"] = np.asarray(trace.customdata, dtype=object)[:keep_rows, :keep_cols]
        if trace.showscale is not False:
            sliced["colorbar"] = {"thickness": COLOURBAR, "tickfont": {"size": TICK},
                                  "title": {"font": {"size": TICK}}, "x": 1, "xpad": 16}
        trace.update(sliced)
    kept = [s for s in fitted.layout.shapes if s.type != "rect" or (
        s.y1 <= keep_rows - 0.5 + 1e-9 and s.x1 <= keep_cols - 0.5 + 1e-9)]
    fitted.layout.shapes = [*kept, *_group_lines(col_groups, keep_cols, "x"),
                            *_group_lines(row_groups, keep_rows, "y")]
    fitted.update_traces(marker={"line": {"color": "#3D3D3D", "width": 1}},
                         selector={"type": "scatter"})
    fitted.update_layout(legend={"font": {"size": TICK}})
    fitted.update_xaxes(type="category", tickangle=angle, automargin=False, side="bottom",
                        tickfont={"size": TICK}, title=None)
    fitted.update_yaxes(type="category", automargin=False, tickfont={"size": TICK},
                        autorange="reversed")
    return SlidePlan(fitted, caption, left, right, axis, legend)


# Bars ---------------------------------------------------------------------------------------------

def _plan_bars(figure: go.Figure, caption: Caption) -> SlidePlan:
    width, height = SLIDE_SIZE
    bars = figure.data[0]
    labels = [str(v) for v in bars.y]
    values = [float(v) for v in bars.x]
    texts = [str(t) for t in (bars.text if bars.text is not None else [""] * len(values))]
    short = shorten_all(labels, Y_LABEL_MAX + 80)
    left = int(SLIDE.side_margin + _widest(short) + TICK_PAD)
    right = SLIDE.side_margin + 8
    axis = int(2 * TICK * LINE + TICK_PAD + 8)   # tick labels and the axis title
    keep, note = len(labels), ""
    for _ in range(3):
        shown = replace(caption, notes=(*caption.notes, *([note] if note else [])))
        top, bottom = _margins(shown, axis, 0)
        fits = max(1, int((height - top - bottom) // BAR_PITCH))
        if fits >= len(labels) or fits == keep:
            keep = min(fits, len(labels))
            break
        keep = fits
        note = _left_out(keep, labels, values, "rows")
    caption = replace(caption, notes=(*caption.notes, *([note] if note else [])))
    plot_width = width - left - right
    label_room = _widest(texts[:keep]) + 16
    top_value = max(values[:keep], default=0) or 1
    span = top_value / max(0.2, 1 - label_room / plot_width)   # the longest bar's text fits
    fitted = go.Figure(figure)
    fitted.data[0].update(x=values[:keep], y=short[:keep], text=texts[:keep],
                          textfont={"size": TICK})
    fitted.update_xaxes(range=[0, span], automargin=False, tickfont={"size": TICK},
                        title={"font": {"size": TICK}})
    fitted.update_yaxes(automargin=False, tickfont={"size": TICK}, autorange="reversed")
    return SlidePlan(fitted, caption, left, right, axis)


# Points -------------------------------------------------------------------------------------------

def _range(values: np.ndarray, *, upper: float | None = None, below: float = 0.0
           ) -> list[float]:
    """An axis range from 0 (or the lowest value) to a little over the highest (or ``upper``).

    ``below`` is the share of the span left under the lowest value.
    """
    finite = values[np.isfinite(values)]
    low = min(0.0, float(finite.min())) if finite.size else 0.0
    high = float(finite.max()) if finite.size else 1.0
    high = upper * 1.04 if upper is not None and high <= upper else (high * 1.12 or 1.0)
    return [low - below * (high - low), high]


def _place_labels(points: list[tuple[float, float, str]], box: tuple[float, float, float, float],
                  size: float) -> list[dict]:
    """Annotations for the point labels that fit beside their point without any overlap.

    ``points`` are pixel positions inside ``box`` (left, top, right, bottom); each label tries
    the right, the left, above and below its point, and is dropped when none is free.
    """
    left, top, right, bottom = box
    height = size * LINE
    taken = [(x - 9, y - 9, x + 9, y + 9) for x, y, _ in points]   # the markers themselves
    placed = []
    for x, y, text in points:
        width = text_width(text, size)
        for dx, dy, xanchor, yanchor, rect in (
                (14, 0, "left", "middle", (x + 12, y - height / 2, x + 14 + width, y + height / 2)),
                (-14, 0, "right", "middle", (x - 14 - width, y - height / 2, x - 12, y + height / 2)),
                (0, 14, "center", "bottom", (x - width / 2, y - 14 - height, x + width / 2, y - 12)),
                (0, -14, "center", "top", (x - width / 2, y + 12, x + width / 2, y + 14 + height))):
            inside = rect[0] >= left and rect[2] <= right and rect[1] >= top and rect[3] <= bottom
            clear = all(rect[2] <= o[0] or rect[0] >= o[2] or rect[3] <= o[1] or rect[1] >= o[3]
                        for o in taken)
            if inside and clear:
                taken.append(rect)
                placed.append({"text": text, "dx": dx, "dy": dy, "xanchor": xanchor,
                               "yanchor": yanchor, "x": x, "y": y})
                break
    return placed


def _plan_points(figure: go.Figure, caption: Caption) -> SlidePlan:
    width, height = SLIDE_SIZE
    scatter = figure.data[0]
    xs = np.asarray(scatter.x, dtype=float)
    ys = np.asarray(scatter.y, dtype=float)
    texts = list(scatter.text) if scatter.text is not None else []
    labels = [shorten(str(t), POINT_LABEL_MAX, TICK - 2) for t in texts]
    x_range = _range(np.concatenate([xs, *[np.asarray(t.x, dtype=float) for t in figure.data[1:]
                                           if t.x is not None and len(t.x) and t.x[0] is not None]]),
                     upper=100 if xs.size and np.nanmax(xs) <= 100 else None)
    y_range = _range(ys, below=0.06)   # the zeros of the two axes stay apart
    ticks = max(text_width(f"{y_range[1]:.0f}", TICK), text_width("0.0", TICK))
    left = int(SLIDE.side_margin + TICK * LINE + 12 + ticks + TICK_PAD)
    right = SLIDE.side_margin + 24
    axis = int(2 * TICK * LINE + TICK_PAD + 8)
    figure = go.Figure(figure)
    if any(t.showlegend is not False and t.name for t in figure.data[1:]):
        figure.update_layout(showlegend=True, legend={"orientation": "h", "y": 1.0,
                                                      "yanchor": "bottom", "x": 0})
    legend = _legend_height(figure, width - 2 * SLIDE.side_margin)
    top, bottom = _margins(caption, axis, legend)
    box = (left, top, width - right, height - bottom)

    def pixel(x: float, y: float) -> tuple[float, float]:
        return (box[0] + (x - x_range[0]) / (x_range[1] - x_range[0]) * (box[2] - box[0]),
                box[3] - (y - y_range[0]) / (y_range[1] - y_range[0]) * (box[3] - box[1]))

    order = sorted(range(len(labels)), key=lambda i: -xs[i])   # highest need (or share) first
    placed = _place_labels([(*pixel(xs[i], ys[i]), labels[i]) for i in order], box, TICK - 2)
    if len(placed) < len(labels):
        caption = replace(caption, notes=(*caption.notes, f"Slide labels {len(placed)} of "
                                          f"{len(labels)} points where they fit; the text "
                                          "alternative names every point."))
        top, bottom = _margins(caption, axis, legend)
        box = (left, top, width - right, height - bottom)
        placed = _place_labels([(*pixel(xs[i], ys[i]), labels[i]) for i in order], box, TICK - 2)
    fitted = go.Figure(figure)
    fitted.data[0].update(mode="markers", marker={"size": 16})
    fitted.update_layout(annotations=[*fitted.layout.annotations, *[{
        "x": x_range[0] + (p["x"] - box[0]) / (box[2] - box[0]) * (x_range[1] - x_range[0]),
        "y": y_range[0] + (box[3] - p["y"]) / (box[3] - box[1]) * (y_range[1] - y_range[0]),
        "xref": "x", "yref": "y", "text": p["text"], "showarrow": False, "xshift": p["dx"],
        "yshift": p["dy"], "xanchor": p["xanchor"], "yanchor": p["yanchor"],
        "font": {"size": TICK - 2}, "name": "point-label"} for p in placed]])
    fitted.update_xaxes(range=x_range, automargin=False, tickfont={"size": TICK},
                        title={"font": {"size": TICK}})
    fitted.update_yaxes(range=y_range, automargin=False, tickfont={"size": TICK},
                        title={"font": {"size": TICK}})
    fitted.update_layout(legend={"font": {"size": TICK}})
    return SlidePlan(fitted, caption, left, right, axis, legend)


# Maps ---------------------------------------------------------------------------------------------

MAP_LEGEND = COLOURBAR + 2 * round(TICK * LINE) + 12  # px: the colour bar, its labels and title


def _plan_map(figure: go.Figure, caption: Caption) -> SlidePlan:
    """The map across the slide under its colour classes (a horizontal bar above the map)."""
    fitted = go.Figure(figure)
    axis = 16
    top, _ = caption_margins(slide_text(caption), axis, MAP_LEGEND)
    fitted.update_traces(colorbar={"tickfont": {"size": TICK}, "title": {"font": {"size": TICK}},
                                   "thickness": COLOURBAR, "y": 1 - (top - 6) / SLIDE_SIZE[1]},
                         selector={"type": "choroplethmap"})
    return SlidePlan(fitted, caption, SLIDE.side_margin, SLIDE.side_margin, axis, MAP_LEGEND)


def plan_slide(figure: go.Figure, caption: Caption) -> SlidePlan:
    """The figure refitted to a slide: which kind of chart decides how."""
    kinds = {t.type for t in figure.data}
    if "heatmap" in kinds:
        return _plan_heatmap(figure, caption)
    if "bar" in kinds:
        return _plan_bars(figure, caption)
    if "scatter" in kinds and figure.data[0].type == "scatter":
        return _plan_points(figure, caption)
    return _plan_map(figure, caption)
