import pandas as pd

from dashboard.figures.caption import Caption
from dashboard.figures.charts import class_heatmap, count_bars, need_provision_scatter, provision_heatmap
from dashboard.figures.maps import deprivation_choropleth
from dashboard.figures.presentation import REVEAL_STYLE, REVEALED, reveal_marks, slide_figure
from dashboard.figures.slides import ROW_PITCH, shorten, shorten_all
from dashboard.figures.text import text_width
from tests.figures.plain import layout_json, plain, trace_json

CAPTION = Caption("Provision", subtitle="Blackpool.", sources=("Codelists v2.",), dataset="Demo v1",
                  illustrative=True)
LEVELS = ("individual", "family", "community", "structural")
ROW_LABELS = {"E06000009": "Blackpool", "E08000025": "Birmingham"}
COL_LABELS = {"housing": "Housing", "skills": "Skills", "parenting": "Parenting"}
MARKS = {"high_need_no_provision": "NONE", "high_need_low_provision": "LOW"}
CLASS_LABELS = {"high_need_no_provision": "High need, no provision",
                "high_need_low_provision": "High need, low provision"}
REVEAL_LEGEND = [
    {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "hoverinfo": "skip",
     "name": "High need, no provision (NONE)",
     "marker": {"symbol": "square-open", "size": 16, "color": "#801650",
                "line": {"width": 5, "color": "#801650"}}},
    {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "hoverinfo": "skip",
     "name": "High need, low provision (LOW)",
     "marker": {"symbol": "square-open", "size": 16, "color": "#000000",
                "line": {"width": 3, "color": "#000000"}}},
]


def locality_heatmap(grouped=True):
    counts = pd.DataFrame([[0, 2, 1], [3, 0, 0]], index=["E06000009", "E08000025"],
                          columns=["housing", "skills", "parenting"])
    groups = {"housing": "structural", "skills": "individual", "parenting": "family"}
    return provision_heatmap(counts, Caption("Page"), row_labels=ROW_LABELS, col_labels=COL_LABELS,
                             col_groups=groups if grouped else None, group_order=LEVELS)


def cells(*rows):
    return pd.DataFrame(list(rows), columns=["locality", "determinant", "gap_class"])


def reveal(figure, table):
    return reveal_marks(figure, table, row_labels=ROW_LABELS, col_labels=COL_LABELS, marks=MARKS,
                        class_labels=CLASS_LABELS)


GAPS = cells(("E06000009", "housing", "high_need_no_provision"),
             ("E08000025", "parenting", "high_need_low_provision"))


# slide_figure -------------------------------------------------------------------------------

TOP_LEVELS = 3  # title + header block measured below


def plot_box(figure):
    """Plot area (left, top, right, bottom) in px of a slide figure."""
    margin = layout_json(figure)["margin"]
    return margin["l"], margin["t"], 1920 - margin["r"], 1000 - margin["b"]


def header(figure):
    return next(a for a in figure.layout.annotations if a.name == "slide-header").text


def test_slide_figure_of_a_heatmap_is_a_1920_by_1000_slide_in_type_for_a_room():
    figure = slide_figure(locality_heatmap(), CAPTION)
    layout = layout_json(figure)
    assert (layout["width"], layout["height"], layout["autosize"]) == (1920, 1000, False)
    assert layout["title"]["text"] == "<b>Provision</b>" and layout["title"]["font"] == {"size": 44}
    assert layout["xaxis"]["tickfont"] == layout["yaxis"]["tickfont"] == {"size": 28}
    assert layout["xaxis"]["automargin"] is layout["yaxis"]["automargin"] is False
    assert header(figure) == ("Blackpool.<br>Lines separate the levels (individual, family, "
                              "community, structural).<br>Demo v1")
    sources = next(a for a in figure.layout.annotations if a.name == "caption-sources")
    assert sources.text == "Codelists v2." and sources.font.size == 20
    heat = trace_json(figure)
    # levels flattened (individual, family, structural), each whole label on one line
    assert heat["x"] == ["Skills", "Parenting", "Housing"] and heat["y"] == ["Blackpool", "Birmingham"]
    assert heat["textfont"] == {"size": 24, "color": "#0b0c0c"}
    assert heat["colorbar"]["tickfont"] == {"size": 28}
    assert [(s["x0"], s["name"]) for s in layout["shapes"]] == [(0.5, "group"), (1.5, "group")]
    assert layout["margin"]["l"] == 24 + round(text_width("Birmingham", 28) + 12 - 0.5)


def test_slide_figure_leaves_the_page_figure_untouched():
    page = locality_heatmap()
    before = plain(page.to_plotly_json())
    slide_figure(page, CAPTION)
    assert plain(page.to_plotly_json()) == before


def tall_heatmap(rows=40, cols=5):
    counts = pd.DataFrame([[r % 3 for _ in range(cols)] for r in range(rows)],
                          index=[f"r{n}" for n in range(rows)], columns=[f"c{n}" for n in range(cols)])
    return provision_heatmap(counts, Caption("Tall"), row_labels={f"r{n}": f"Row {n}" for n in range(rows)},
                             col_labels={f"c{n}": f"Column {n}" for n in range(cols)})


def test_slide_heatmap_keeps_the_rows_that_fit_and_says_how_many_are_left_out():
    figure = slide_figure(tall_heatmap(), Caption("Tall", subtitle="England."))
    heat = trace_json(figure)
    kept = len(heat["y"])
    left, top, right, bottom = plot_box(figure)
    assert 5 < kept < 40 and (bottom - top) / kept >= ROW_PITCH           # 28 px labels never touch
    assert (bottom - top) / (kept + 1) < ROW_PITCH                          # and no room for one more
    assert heat["y"] == [f"Row {n}" for n in range(kept)] and len(heat["z"]) == kept
    assert (f"Slide shows the first {kept} of 40 rows; the other {40 - kept} are in the atlas view "
            "and the text alternative.") in header(figure)


def test_slide_heatmap_names_the_few_rows_it_leaves_out_with_their_totals():
    kept = len(trace_json(slide_figure(tall_heatmap(), Caption("Tall")))["y"])
    figure = slide_figure(tall_heatmap(rows=kept + 2), Caption("Tall"))
    assert len(trace_json(figure)["y"]) == kept
    totals = [f"Row {n} ({(n % 3) * 5 or 'none'})" for n in (kept, kept + 1)]   # 5 columns each
    assert (f"Slide shows {kept} of {kept + 2} rows; not shown: {totals[0]}, {totals[1]}."
            in header(figure))


def test_shorten_cuts_at_a_word_and_keeps_labels_distinct():
    long = "Discrimination against minority-ethnic people and migrants"
    assert shorten(long, 520) == "Discrimination against minority-ethnic…"
    assert shorten(long, 400) == "Discrimination against…"
    assert text_width(shorten(long, 400), 28) <= 400 and shorten("Befriending", 400) == "Befriending"
    labels = shorten_all([long, "Discrimination against LGBTQ+ people"], 330)
    assert len(set(labels)) == 2 and all(text_width(label, 28) <= 330 for label in labels)


def test_slide_bars_keep_the_longest_and_leave_room_for_their_numbers():
    labels = [f"Group {n} + Group {n + 1}" for n in range(30)]
    counts = list(range(30, 0, -1))
    figure = slide_figure(count_bars(labels, counts, Caption("Bars"), value_label="interventions"),
                          Caption("Bars"))
    bars, layout = trace_json(figure), layout_json(figure)
    kept = len(bars["y"])
    left, top, right, bottom = plot_box(figure)
    assert kept < 30 and bars["y"] == labels[:kept] and (bottom - top) / kept >= 44
    assert bars["textfont"] == {"size": 28} and layout["yaxis"]["tickfont"] == {"size": 28}
    assert layout["xaxis"]["title"]["font"] == {"size": 28}
    span = layout["xaxis"]["range"][1]
    assert 30 / span * (right - left) + text_width("30", 28) + 16 <= right - left + 1
    assert f"Slide shows the first {kept} of 30 rows" in header(figure)


def test_slide_points_label_what_fits_and_never_overlap():
    points = pd.DataFrame({"x": [50 + n * 0.1 for n in range(30)], "y": [5 + n * 0.01 for n in range(30)],
                           "label": [f"Point number {n}" for n in range(30)],
                           "hover": [""] * 30})
    page = need_provision_scatter(points, Caption("Points"), x_title="Need", y_title="Rate")
    figure = slide_figure(page, Caption("Points"))
    labels = [a for a in figure.layout.annotations if a.name == "point-label"]
    assert 0 < len(labels) < 30 and all(a.font.size >= 26 for a in labels)
    assert f"Slide labels {len(labels)} of 30 points where they fit" in header(figure)
    assert trace_json(figure)["mode"] == "markers"
    layout = layout_json(figure)
    assert layout["yaxis"]["range"][0] < 0 < layout["yaxis"]["range"][1]   # the zeros stay apart
    assert layout["xaxis"]["tickfont"] == layout["yaxis"]["tickfont"] == {"size": 28}
    assert layout["xaxis"]["title"]["font"] == {"size": 28}


def test_slide_figure_of_a_map_has_a_large_colour_bar():
    areas = pd.DataFrame({"code": ["E06000009"], "name": ["Blackpool"], "colour_class": [1],
                          "interventions": [0], "hover_0": ["Rank 1"]})
    page = deprivation_choropleth(areas, {"type": "FeatureCollection", "features": []}, Caption("Map"))
    figure = slide_figure(page, Caption("Map"))
    layout = layout_json(figure)
    assert "xaxis" not in layout and layout["width"] == 1920
    # laid out for its fixed size: no caption for the browser to rewrap, the map's bounds kept
    assert "caption" not in layout["meta"] and layout["meta"]["bounds"] == page.layout.meta["bounds"]
    bar = trace_json(figure)["colorbar"]
    assert bar["tickfont"] == {"size": 28} and bar["title"]["font"] == {"size": 28}
    plot_top = layout["margin"]["t"]
    assert bar["orientation"] == "h" and bar["y"] == 1 - (plot_top - 6) / 1000   # just above the map
    header = next(a for a in figure.layout.annotations if a.name == "slide-header") if any(
        a.name == "slide-header" for a in figure.layout.annotations) else None
    assert header is None and layout["margin"]["r"] == 24    # the map spans the slide
    assert plot_top == 24 + round(1.3 * 44) + 10 + (24 + 2 * 35 + 12) + 10      # title, bar row


def test_slide_figure_keeps_a_row_for_the_legend_of_revealed_gaps():
    figure = slide_figure(reveal(locality_heatmap(), GAPS), Caption("Gaps"))
    header_shift = next(a for a in figure.layout.annotations if a.name == "slide-header").yshift
    assert header_shift == 44 + 10                     # the header sits above the legend's row
    assert layout_json(figure)["legend"]["font"] == {"size": 28}


# reveal_marks -------------------------------------------------------------------------------


def test_reveal_constants():
    assert REVEALED == ("high_need_no_provision", "high_need_low_provision")
    assert REVEAL_STYLE == {
        "high_need_no_provision": {"color": "#801650", "width": 5, "dash": "solid"},
        "high_need_low_provision": {"color": "#000000", "width": 3, "dash": "dash"},
    }


def test_reveal_marks_on_a_multicategory_heatmap():
    page = locality_heatmap()
    figure = reveal(page, GAPS)
    heatmap = trace_json(figure)
    # columns sorted by level: Skills, Parenting, Housing
    assert heatmap["x"] == [["Individual", "Family", "Structural"], ["Skills", "Parenting", "Housing"]]
    assert heatmap["text"] == [["2", "1", "– NONE"], ["–", "– LOW", "3"]]
    assert {k: v for k, v in heatmap.items() if k != "text"} == {
        k: v for k, v in trace_json(page).items() if k != "text"}
    assert [trace_json(figure, i) for i in (1, 2)] == REVEAL_LEGEND
    layout = layout_json(figure)
    assert layout["shapes"] == [
        {"type": "rect", "x0": 1.5, "x1": 2.5, "y0": -0.5, "y1": 0.5,
         "name": "high_need_no_provision:E06000009:housing",
         "line": {"color": "#801650", "width": 5, "dash": "solid"}},
        {"type": "rect", "x0": 0.5, "x1": 1.5, "y0": 0.5, "y1": 1.5,
         "name": "high_need_low_provision:E08000025:parenting",
         "line": {"color": "#000000", "width": 3, "dash": "dash"}},
    ]
    assert (layout["showlegend"], layout["legend"]) == (
        True, {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0})


def test_reveal_marks_leaves_the_caption_and_the_input_untouched():
    page = locality_heatmap()
    before = plain(page.to_plotly_json())
    figure = reveal(page, GAPS)
    assert plain(page.to_plotly_json()) == before
    layout, page_layout = layout_json(figure), layout_json(page)
    assert {k: layout[k] for k in ("title", "margin", "meta", "height")} == {
        k: page_layout[k] for k in ("title", "margin", "meta", "height")}


def test_reveal_marks_on_a_flat_heatmap():
    figure = reveal(locality_heatmap(grouped=False),
                    cells(("E08000025", "skills", "high_need_no_provision")))
    heatmap = trace_json(figure)
    assert heatmap["x"] == ["Housing", "Skills", "Parenting"]
    assert heatmap["text"] == [["–", "2", "1"], ["3", "– NONE", "–"]]
    assert layout_json(figure)["shapes"] == [
        {"type": "rect", "x0": 0.5, "x1": 1.5, "y0": 0.5, "y1": 1.5,
         "name": "high_need_no_provision:E08000025:skills",
         "line": {"color": "#801650", "width": 5, "dash": "solid"}}]


def test_reveal_marks_without_cells_adds_only_the_legend():
    page = locality_heatmap()
    figure = reveal(page, cells())
    assert trace_json(figure)["text"] == trace_json(page)["text"]
    assert [trace_json(figure, i) for i in (1, 2)] == REVEAL_LEGEND
    layout = layout_json(figure)
    assert layout.get("shapes", []) == []
    assert layout["showlegend"] is True


def test_reveal_marks_keeps_existing_shapes_first():
    page = locality_heatmap()
    page.add_shape(type="line", x0=0, x1=1, y0=0, y1=1, name="existing")
    figure = reveal(page, cells(("E06000009", "skills", "high_need_low_provision")))
    assert [shape["name"] for shape in layout_json(figure)["shapes"]] == [
        "existing", "high_need_low_provision:E06000009:skills"]


def test_slide_of_a_class_heatmap_cuts_every_class_alike_and_puts_the_legend_above():
    rows = [f"E{n}" for n in range(40)]
    classes = pd.DataFrame([["gap" if n % 2 else "low", "ok"] for n in range(40)], index=rows,
                           columns=["d1", "d2"])
    text = classes.replace({"gap": "0 NONE", "low": "1 LOW", "ok": "9 OK"})
    page = class_heatmap(classes, text, text, Caption("Gaps"), class_order=["gap", "low", "ok"],
                         class_labels={"gap": "High need, no provision", "low": "High need, low "
                                       "provision", "ok": "Provision matches need"},
                         class_colours={"gap": "#801650", "low": "#F46A25", "ok": "#28A197"},
                         row_labels={}, col_labels={"d1": "Housing", "d2": "Income"})
    figure = slide_figure(page, Caption("Gaps"))
    heats = [trace_json(figure, i) for i, t in enumerate(figure.data) if t.type == "heatmap"]
    kept = len(heats[0]["y"])
    assert len(heats) == 3 and 5 < kept < 40
    assert all(h["y"] == rows[:kept] and len(h["z"]) == len(h["text"]) == kept for h in heats)
    assert len({h["textfont"]["size"] for h in heats}) == 1                # one cell text size
    legend = layout_json(figure)["legend"]
    assert (legend["orientation"], legend["yanchor"], legend["font"]) == ("h", "bottom", {"size": 28})
    assert header(figure).count("Slide shows the first") == 1
