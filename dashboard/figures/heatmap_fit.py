"""Fitting a heatmap to an export's frame: the rows and columns that fit, whole labels, a note.

What does not fit is left out whole, never squeezed or truncated: row labels take at most 38%
of the width (longer ones wrap onto a second line), column labels are horizontal and wrap to
the column's width in at most four lines, and every cell keeps a body-sized number. The note
says how many rows and columns are left out and where they are (the CSV, the larger sizes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.caption import FIT, wrap
from dashboard.figures.typesetting import Type, chars, text_height, text_width, wrapped_label


def _flat(labels) -> list[str]:
    """Axis labels as one level (a multicategory axis keeps its inner labels)."""
    labels = list(labels)
    if labels and isinstance(labels[0], list | tuple):
        return [str(v) for v in labels[-1]]
    return [str(v) for v in labels]


def _totals(figure: go.Figure) -> np.ndarray:
    """Each cell's count (the provision heatmap's customdata, else 1 where the cell has text)."""
    trace = figure.data[0]
    data = np.asarray(trace.customdata, dtype=object) if trace.customdata is not None else None
    if data is not None and data.ndim >= 2:
        try:
            return np.asarray(data[..., 0] if data.ndim == 3 else data, dtype=float)
        except (TypeError, ValueError):
            pass
    return np.ones((len(_flat(trace.y)), len(_flat(trace.x))))


@dataclass(frozen=True)
class Cut:
    """Which rows and columns of a heatmap an export shows."""

    rows: list[int]
    cols: list[int]
    row_labels: list[str]
    col_labels: list[str]
    note: str


def _pick(order: list[int], keep: int) -> list[int]:
    return sorted(order[:keep])


def cut_heatmap(figure: go.Figure, plot_w: float, plot_h: float, kind: Type) -> Cut:
    """The rows and columns that fit ``plot_w`` x ``plot_h`` px with labels of body size.

    Row labels take at most 38% of the width (longer ones wrap to two lines); column labels
    are horizontal, wrapped to the column width in at most four lines. When not all fit, the
    rows and columns with the most provision are kept (``meta.fit.order == "total"``), else the
    first ones, in their order; the note says how many are left out.
    """
    meta = (figure.layout.meta or {}).get(FIT, {}) if isinstance(figure.layout.meta, dict) else {}
    trace = figure.data[0]
    rows, cols = _flat(trace.y), _flat(trace.x)
    totals = _totals(figure)
    by_total = meta.get("order") == "total"
    row_order = (list(np.argsort(-totals.sum(axis=1), kind="stable")) if by_total
                 else list(range(len(rows))))
    col_order = (list(np.argsort(-totals.sum(axis=0), kind="stable")) if by_total
                 else list(range(len(cols))))
    label_chars = chars(0.38 * plot_w, kind.body)
    row_text = [wrapped_label(r, label_chars) for r in rows]
    label_w = max([text_width(r, kind.body) for r in row_text] or [0]) + kind.body
    grid_w = plot_w - label_w
    keep_cols = len(cols)
    while keep_cols > 1:
        width = chars(grid_w / keep_cols - kind.body * 0.4, kind.body)
        chosen = [cols[i] for i in col_order[:keep_cols]]
        if all(len(wrap([c], width)) <= 4 and max(len(w) for w in c.split()) <= width
               for c in chosen):
            break
        keep_cols -= 1
    width = chars(grid_w / max(keep_cols, 1) - kind.body * 0.4, kind.body)
    col_text = [wrapped_label(c, width) for c in cols]
    kept_cols = _pick(col_order, keep_cols)
    x_lines = max([len(col_text[i].split("<br>")) for i in kept_cols] or [1])
    grid_h = plot_h - text_height(x_lines, kind.body) - kind.body * 0.6
    keep_rows = len(rows)
    while keep_rows > 1:
        kept = _pick(row_order, keep_rows)
        lines = max(len(row_text[i].split("<br>")) for i in kept)
        if keep_rows * max(text_height(lines, kind.body), kind.body * 1.7) <= grid_h:
            break
        keep_rows -= 1
    kept_rows = _pick(row_order, keep_rows)
    note = _cut_note(meta, len(rows), keep_rows, len(cols), keep_cols, totals, kept_rows, by_total)
    return Cut(kept_rows, kept_cols, row_text, col_text, note)


def _cut_note(meta: dict, rows: int, kept_rows: int, cols: int, kept_cols: int,
              totals: np.ndarray, kept: list[int], by_total: bool) -> str:
    """The footer note of a cut heatmap: what is shown and what is left out."""
    parts = []
    row_noun, col_noun = meta.get("rows", "rows"), meta.get("cols", "columns")
    if kept_rows < rows:
        left = rows - kept_rows
        empty = int(sum(1 for i in range(rows) if i not in kept and totals[i].sum() == 0))
        parts.append(f"{kept_rows} of {rows} {row_noun}" + (
            f" ({left} left out, {empty} of them with no provision at all)" if by_total and empty
            else f" ({left} left out)"))
    if kept_cols < cols:
        parts.append(f"{kept_cols} of {cols} {col_noun} ({cols - kept_cols} left out)")
    if not parts:
        return ""
    which = "with the most provision" if by_total else "in order"
    return (f"This size shows {' and '.join(parts)}, {which}; every row and column is in the "
            "CSV export and the larger sizes.")


def apply_cut(figure: go.Figure, cut: Cut) -> go.Figure:
    """The heatmap with only the cut's rows and columns, labels wrapped, axes flattened."""
    out = go.Figure(figure)
    rows, cols = cut.rows, cut.cols
    for trace in out.data:
        if trace.type != "heatmap":
            continue
        trace.y = [cut.row_labels[i] for i in rows]
        trace.x = [cut.col_labels[j] for j in cols]
        for key in ("z", "text", "customdata"):
            value = getattr(trace, key)
            if value is None:
                continue
            array = np.asarray(value, dtype=object)
            if array.ndim >= 2:
                setattr(trace, key, array[np.ix_(rows, cols)] if array.ndim == 2
                        else array[rows][:, cols])
    return out


