from itertools import combinations

import pytest

from dashboard.figures.labels import CHAR, MARKER, POSITIONS, _box, place_labels


def boxes(x, y, labels, placed, x_range, y_range, width, height, size):
    """The drawn boxes of the placed labels, in px (as place_labels estimates them)."""
    sx, sy = width / (x_range[1] - x_range[0]), height / (y_range[1] - y_range[0])
    offsets = {name: (dx, dy) for name, dx, dy in POSITIONS}
    out = []
    for px, py, label, pos in zip(x, y, labels, placed, strict=True):
        if pos:
            cx, cy = (px - x_range[0]) * sx, height - (py - y_range[0]) * sy
            out.append(_box(cx, cy, len(label) * size * CHAR, size * 1.2, *offsets[pos]))
    return out


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_place_labels_first_choice_is_above_the_point():
    assert place_labels([5], [5], ["Housing"], [0, 10], [0, 10], 400, 300, 11) == ["top center"]


def test_place_labels_moves_a_label_that_would_cover_another():
    placed = place_labels([5, 5.05], [5, 5], ["Housing", "Income"], [0, 10], [0, 10], 400, 300, 11)
    assert placed[0] == "top center" and placed[1] not in (None, "top center")


def test_place_labels_never_overlap_and_stay_inside_the_plot():
    x = [1, 1.1, 1.2, 1.3, 5, 9.9, 9.8, 5, 5.1, 0.1]
    y = [1, 1, 1, 1.1, 5, 9.9, 9.9, 0.1, 0.2, 9.9]
    labels = [f"Determinant {i}" for i in range(len(x))]
    placed = place_labels(x, y, labels, [0, 10], [0, 10], 300, 200, 11)
    drawn = boxes(x, y, labels, placed, [0, 10], [0, 10], 300, 200, 11)
    assert all(not overlap(a, b) for a, b in combinations(drawn, 2))
    assert all(b[0] >= 0 and b[1] >= 0 and b[2] <= 300 and b[3] <= 200 for b in drawn)
    # no label covers a point: every marker is a free box of MARKER px around its centre
    markers = [((px * 30) - MARKER, 200 - py * 20 - MARKER, px * 30 + MARKER, 200 - py * 20 + MARKER)
               for px, py in zip(x, y, strict=True)]
    assert all(not overlap(label, marker) for label in drawn for marker in markers)


def test_place_labels_leaves_out_what_cannot_fit():
    x, y = [5] * 12, [5] * 12  # twelve points on one spot: at most the eight positions fill
    placed = place_labels(x, y, [f"L{i}" for i in range(12)], [0, 10], [0, 10], 400, 300, 11)
    assert 1 <= sum(p is not None for p in placed) <= 8 and placed[-1] is None


@pytest.mark.parametrize("label", ["", None])
def test_place_labels_empty_label_is_not_placed(label):
    assert place_labels([5], [5], [label], [0, 10], [0, 10], 400, 300, 11) == [None]
