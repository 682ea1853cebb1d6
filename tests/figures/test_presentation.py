import pandas as pd

from dashboard.figures.caption import Caption, caption_layout
from dashboard.figures.charts import count_bars, provision_heatmap
from dashboard.figures.frames import SLIDE
from dashboard.figures.maps import deprivation_choropleth
from dashboard.figures.presentation import REVEAL_STYLE, REVEALED, reveal_marks, slide_figure
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


def slide_caption(caption, axis_margin, **options):
    """The caption as the slide frame draws it (caption_layout is tested in test_caption)."""
    return plain(caption_layout(caption, SLIDE, axis_margin=axis_margin, **options))


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


def test_slide_figure_of_a_heatmap_layout():
    figure = slide_figure(locality_heatmap(), CAPTION)
    caption = slide_caption(CAPTION, 300)
    assert caption["title"]["text"] == "<b>Provision</b><br><span style='font-size:15px'>Blackpool.</span>"
    assert caption["annotations"][0]["text"] == "Codelists v2.<br>Demo v1"
    assert layout_json(figure) == {
        "plot_bgcolor": "#ececec",
        "xaxis": {"tickangle": -45, "tickfont": {"size": 13}, "side": "bottom"},
        "yaxis": {"autorange": "reversed", "tickfont": {"size": 14}},
        **caption,
        "meta": {**caption["meta"], "fit": {"order": "total", "rows": "rows", "cols": "columns"}},
        "autosize": True,
        "font": {"size": 15},
        "hoverlabel": {"font": {"size": 17}},
    }


def test_slide_figure_enlarges_heatmap_cell_text():
    assert trace_json(slide_figure(locality_heatmap(), CAPTION))["textfont"] == {
        "size": 14, "color": "#0b0c0c"}


def test_slide_figure_leaves_the_page_figure_untouched():
    page = locality_heatmap()
    before = plain(page.to_plotly_json())
    slide_figure(page, CAPTION)
    assert plain(page.to_plotly_json()) == before


def test_slide_figure_of_bars_enlarges_ticks_not_bar_text():
    bars = count_bars(["a", "b"], [1, 0], Caption("Bars"), value_label="interventions")
    figure = slide_figure(bars, Caption("Bars"))
    layout = layout_json(figure)
    assert layout["xaxis"] == {"title": {"text": "interventions"}, "rangemode": "tozero",
                               "gridcolor": "#dddddd", "tickfont": {"size": 13}}
    assert layout["yaxis"] == {"autorange": "reversed", "tickfont": {"size": 14}}
    assert "textfont" not in trace_json(figure)
    assert "height" not in layout
    assert layout["margin"] == slide_caption(Caption("Bars"), 70)["margin"]


def test_slide_figure_of_a_map_has_no_axes():
    areas = pd.DataFrame({"code": ["E06000009"], "name": ["Blackpool"], "colour_class": [1],
                          "interventions": [0], "hover_0": ["Rank 1"]})
    page = deprivation_choropleth(areas, {"type": "FeatureCollection", "features": []}, Caption("Map"))
    figure = slide_figure(page, Caption("Map"))
    layout = layout_json(figure)
    assert "xaxis" not in layout and "yaxis" not in layout
    assert {key: layout[key] for key in ("autosize", "font", "hoverlabel", "margin")} == {
        "autosize": True, "font": {"size": 15}, "hoverlabel": {"font": {"size": 17}},
        # the map's colour bar keeps its legend row; round(40 * 1.2) under the plot
        "margin": slide_caption(Caption("Map"), 40, legend_above=True, legend_row=62)["margin"]}
    assert layout["meta"]["bounds"] == page.layout.meta["bounds"]
    assert trace_json(figure) == trace_json(page)


def test_slide_figure_keeps_a_row_for_the_legend_of_revealed_gaps():
    figure = slide_figure(reveal(locality_heatmap(), GAPS), Caption("Gaps"))
    assert layout_json(figure)["margin"] == slide_caption(
        Caption("Gaps"), 300, legend_above=True)["margin"]  # the frame's legend row, 36 px


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
