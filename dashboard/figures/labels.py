"""Point labels that never print over each other, over another point or outside the plot.

Each label tries the positions around its point in turn (above, below, right, left, then the
corners) and takes the first whose box collides with nothing placed so far; a label with no
free position is left out (the point keeps its hover, and the text alternative and table list
every point). Sizes are estimated from the font size: about 0.52 em a character.
"""

from __future__ import annotations

from collections.abc import Sequence

CHAR = 0.52
MARKER = 6.0  # px from a point's centre to the edge of its marker, plus a little air
# plotly's textposition names and where the label's box sits relative to the point.
POSITIONS = (
    ("top center", 0.0, -1.0), ("bottom center", 0.0, 1.0), ("middle right", 1.0, 0.0),
    ("middle left", -1.0, 0.0), ("top right", 1.0, -1.0), ("top left", -1.0, -1.0),
    ("bottom right", 1.0, 1.0), ("bottom left", -1.0, 1.0),
)


def _box(cx: float, cy: float, w: float, h: float, dx: float, dy: float) -> tuple[float, ...]:
    """(x0, y0, x1, y1) of a label of w x h px placed at (dx, dy) from a point at (cx, cy)."""
    x0 = cx - w / 2 if dx == 0 else (cx + MARKER if dx > 0 else cx - MARKER - w)
    y0 = cy - h / 2 if dy == 0 else (cy + MARKER if dy > 0 else cy - MARKER - h)
    return x0, y0, x0 + w, y0 + h


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    x: Sequence[float], y: Sequence[float], labels: Sequence[str],
    x_range: Sequence[float], y_range: Sequence[float], width: float, height: float,
    size: float,
) -> list[str | None]:
    """A plotly ``textposition`` for each label, or None where no position is free.

    Args:
        x: the points' x, in data units.
        y: the points' y, in data units.
        labels: one label per point (an empty label is left out).
        x_range: the x axis range, in data units.
        y_range: the y axis range, in data units.
        width: the plot area's width, in px.
        height: the plot area's height, in px.
        size: the labels' font size, in px.
    """
    (x0, x1), (y0, y1) = x_range, y_range
    sx = width / ((x1 - x0) or 1)
    sy = height / ((y1 - y0) or 1)
    centres = [((px - x0) * sx, height - (py - y0) * sy) for px, py in zip(x, y, strict=True)]
    taken = [(cx - MARKER, cy - MARKER, cx + MARKER, cy + MARKER) for cx, cy in centres]
    out: list[str | None] = []
    for (cx, cy), label in zip(centres, labels, strict=True):
        chosen = None
        if label:
            w, h = len(label) * size * CHAR, size * 1.2
            for name, dx, dy in POSITIONS:
                box = _box(cx, cy, w, h, dx, dy)
                inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
                if inside and not any(_overlap(box, other) for other in taken):
                    chosen = name
                    taken.append(box)
                    break
        out.append(chosen)
    return out
