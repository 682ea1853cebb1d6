"""Export layouts of every figure of the main views, checked on the figure's layout (no render).

Every text is at least the preset's body size (social 18 px, slide 24 px, A4 9 pt); the
header, legend and footer sit inside the page and never overlap each other or the plot; a
heatmap that cannot show every row says how many it leaves out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from itertools import combinations

import pytest

from dashboard.core.view_state import DEFAULT
from dashboard.exports.images import export_figure
from dashboard.exports.stamp import Stamp
from dashboard.figures.caption import SOURCES_NAME
from dashboard.figures.frames import LINE_SPACING, PRESETS
from dashboard.figures.typesetting import CHAR
from dashboard.views.parts import build_part, parts_of

STAMP = Stamp("http://127.0.0.1:8050/view", dt.date(2026, 12, 2), "Made by Blackpool Mind")
VIEWS = {
    "national": DEFAULT,
    "locality": replace(DEFAULT, locality="E06000009"),
    "gaps": replace(DEFAULT, page="gaps"),
    "share": replace(DEFAULT, measure="share"),
}
CASES = [(view, key) for view, state in VIEWS.items() for key in parts_of(state)
         if view != "share" or key == "map"]


@pytest.fixture(scope="module")
def exports(atlas_context):
    return {(view, key, preset): export_figure(build_part(atlas_context, VIEWS[view], key),
                                               PRESETS[preset], STAMP)
            for view, key in CASES for preset in PRESETS}


def font_sizes(value, inherited):
    """Every font size a figure's JSON sets for text, and the span sizes inside its texts."""
    sizes = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("font", "tickfont", "textfont", "insidetextfont", "outsidetextfont") \
                    and isinstance(item, dict):
                sizes.append(item.get("size", inherited))
            elif key == "text" and isinstance(item, str):
                sizes += [int(s) for s in re.findall(r"font-size:(\d+)px", item)]
            elif key == "hoverlabel":
                continue  # not part of a static image
            else:
                sizes += font_sizes(item, inherited)
    elif isinstance(value, list | tuple):
        for item in value:
            sizes += font_sizes(item, inherited)
    return sizes


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize(("view", "key"), CASES)
def test_export_text_is_at_least_the_preset_body_size(exports, view, key, preset):
    figure = exports[(view, key, preset)]
    body = PRESETS[preset].body
    layout = figure.layout.to_plotly_json()
    assert layout["font"]["size"] == body  # what any text without its own size inherits
    data = figure.to_plotly_json()
    data["layout"].pop("template")  # its defaults are overridden by the layout's own fonts
    sizes = font_sizes(data, body)
    assert sizes and min(sizes) >= body, (min(sizes), body)
    # body in output: social 18 px, slide 24 px (both at scale 1), A4 12 px = 9 pt
    smallest = {"social": 18, "slide": 24, "a4": 12}[preset]
    assert min(sizes) >= smallest


def text_boxes(figure, preset):
    """Estimated boxes (px from the top left) of the export's own texts: header, legend, footer."""
    layout = figure.layout
    m = layout.margin
    plot_w, plot_h = preset.width - m.l - m.r, preset.height - m.t - m.b
    boxes = {}
    for i, note in enumerate(layout.annotations):
        if note.xref != "paper" or note.yref != "paper" or not note.text:
            continue
        lines = note.text.split("<br>")
        size = note.font.size
        longest = max(len(re.sub(r"<[^>]+>", "", line)) for line in lines)
        x0 = m.l + note.x * plot_w
        y0 = m.t + (1 - note.y) * plot_h
        boxes[f"{note.name}-{i}"] = (x0, y0, x0 + longest * size * CHAR,
                                     y0 + len(lines) * LINE_SPACING * size)
    return boxes, (m.l, m.t, preset.width - m.r, preset.height - m.b)


def overlap(a, b):
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize(("view", "key"), CASES)
def test_export_texts_stay_on_the_page_and_apart(exports, view, key, preset):
    figure = exports[(view, key, preset)]
    boxes, plot = text_boxes(figure, PRESETS[preset])
    names = {name.rsplit("-", 1)[0] for name in boxes}
    assert {"headline", "standfirst", SOURCES_NAME, "illustrative-mark"} <= names
    for name, box in boxes.items():
        assert box[0] >= 0 and box[1] >= 0, name
        assert box[2] <= PRESETS[preset].width + 1 and box[3] <= PRESETS[preset].height + 1, name
        assert not overlap(box, plot), (name, box, plot)
    for (a, box_a), (b, box_b) in combinations(boxes.items(), 2):
        assert not overlap(box_a, box_b), (a, box_a, b, box_b)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_export_footer_carries_sources_dataset_date_link_and_credit(exports, preset):
    figure = exports[("locality", "map", preset)]
    footer = next(a.text for a in figure.layout.annotations if a.name == SOURCES_NAME)
    text = " ".join(footer.replace("<br>", " ").split())
    for expected in ("English Indices of Deprivation 2025", "Open Government Licence",
                     "Illustrative community mental-health provision (synthetic), version 1.0.0",
                     "Exported 2 December 2026.", "http://127.0.0.1:8050/view",
                     "Made by Blackpool Mind"):
        assert expected in text, expected
    mark = next(a for a in figure.layout.annotations if a.name == "illustrative-mark")
    assert "ILLUSTRATIVE DATA" in mark.text and mark.bgcolor == "#801650"


def test_social_heatmap_keeps_whole_labels_and_says_what_it_leaves_out(exports, atlas_context):
    figure = exports[("locality", "determinant_type", "social")]
    heatmap = figure.data[0]
    page = build_part(atlas_context, VIEWS["locality"], "determinant_type").figure.data[0]
    rows, all_rows = list(heatmap.y), list(page.y[-1])
    assert 1 < len(rows) < len(all_rows)
    assert [r.replace("<br>", " ") for r in rows] == [r for r in all_rows
                                                      if r in {x.replace("<br>", " ") for x in rows}]
    footer = next(a.text for a in figure.layout.annotations if a.name == SOURCES_NAME)
    footer = " ".join(footer.replace("<br>", " ").split())
    assert (f"This size shows {len(rows)} of {len(all_rows)} determinants ({len(all_rows) - len(rows)}"
            " left out") in footer
    columns = list(page.x)  # intervention types (the rows are grouped by level, the columns not)
    assert len(heatmap.x) < len(columns) and f"{len(heatmap.x)} of {len(columns)}" in footer
    assert {x.replace("<br>", " ") for x in heatmap.x} <= set(columns)
    # every shown row keeps its label; no tick is dropped: labels are categories, one per row
    assert figure.layout.yaxis.automargin is False and len(set(rows)) == len(rows)


def test_a4_heatmap_shows_more_rows_than_social(exports):
    social = exports[("locality", "determinant_type", "social")].data[0]
    a4 = exports[("locality", "determinant_type", "a4")].data[0]
    assert len(a4.y) > len(social.y)


def test_export_map_fills_its_frame_beside_the_text_when_tall(exports):
    social = exports[("national", "map", "social")]
    a4 = exports[("national", "map", "a4")]
    # England is tall: on a landscape canvas it sits beside the text, on A4 under it
    assert social.layout.margin.l > PRESETS["social"].width * 0.4
    assert a4.layout.margin.l == PRESETS["a4"].margin
    for figure in (social, a4):
        assert figure.layout.geo.fitbounds == "locations"
        assert list(figure.layout.geo.domain.x) == [0, 1]
