import pandas as pd
import pytest

from dashboard.figures.caption import Caption, apply_caption, caption_layout
from dashboard.figures.charts import (
    BAR_LABEL,
    SCREEN_PLOT,
    class_heatmap,
    count_bars,
    need_bars,
    need_provision_scatter,
    provision_heatmap,
)
from dashboard.figures.labels import place_labels
from tests.figures.plain import layout_json, plain, trace_json

CAPTION = Caption("T")
PROVISION_SCALE = [[0.0, "#eaf2fa"], [0.5, "#a9cbe8"], [1.0, "#5b95cf"]]
HEATMAP_HOVER = "%{y}<br>%{x}<br>Interventions: %{customdata} (– = none: a gap)<extra></extra>"
LEVELS = ("individual", "family", "community", "structural")
FIT = {"order": "total", "rows": "rows", "cols": "columns"}


def drawn_caption(axis_margin, **options):
    """What caption_layout adds to a factory's layout (tested in test_caption), as plain JSON."""
    layout = plain(caption_layout(CAPTION, axis_margin=axis_margin, **options))
    if not layout["annotations"]:
        del layout["annotations"]
    return layout


def heatmap_trace(z, x, y, text, customdata, colorbar="Count", hover=HEATMAP_HOVER):
    return {"type": "heatmap", "z": z, "x": x, "y": y, "text": text, "texttemplate": "%{text}",
            "textfont": {"size": 11, "color": "#0b0c0c"}, "colorscale": PROVISION_SCALE,
            "zmin": 0, "hoverongaps": True, "customdata": customdata, "hovertemplate": hover,
            "colorbar": {"title": {"text": colorbar, "side": "top"}, "thickness": 12,
                         "ticksuffix": "%" if colorbar != "Count" else ""},
            "xgap": 1, "ygap": 1}


SHARE_HOVER = ("%{y}<br>%{x}<br>Interventions: %{customdata[0]} (%{customdata[1]}% of all TOTAL)"
               " (– = none: a gap)<extra></extra>")


def two_by_two(values=((2, 0), (1, 3))):
    return pd.DataFrame([list(row) for row in values], index=["a", "b"], columns=["x", "y"])


def draw(counts, **options):
    return provision_heatmap(counts, CAPTION, row_labels={"a": "Alpha", "b": "Beta"},
                             col_labels={"x": "Ex"}, **options)


# provision_heatmap --------------------------------------------------------------------------


def test_provision_heatmap_counts_with_gaps():
    figure = draw(two_by_two())
    assert trace_json(figure) == heatmap_trace(
        z=[[2.0, None], [1.0, 3.0]], x=["Ex", "y"], y=["Alpha", "Beta"],
        text=[["2", "–"], ["1", "3"]], customdata=[[2, 0], [1, 3]])


def test_provision_heatmap_value_types():
    trace = draw(two_by_two()).data[0]
    assert (trace.z.dtype.kind, trace.customdata.dtype.kind) == ("f", "i")


def test_provision_heatmap_layout():
    caption = drawn_caption(230)
    assert layout_json(draw(two_by_two())) == {
        "plot_bgcolor": "#ececec",
        "yaxis": {"autorange": "reversed", "tickfont": {"size": 11}},
        "xaxis": {"tickangle": -45, "tickfont": {"size": 11}, "side": "bottom"},
        "height": 452,  # 26 * 2 + 230 + 170
        **caption,
        "meta": {**caption["meta"], "fit": FIT},  # how an export picks rows and names them
    }


def test_provision_heatmap_names_its_rows_and_columns_for_exports():
    figure = draw(two_by_two(), names=("determinants", "intervention types"))
    assert figure.layout.meta["fit"] == {"order": "total", "rows": "determinants",
                                         "cols": "intervention types"}


def test_provision_heatmap_grouped_rows_sorted_by_group_order_then_input_order():
    counts = pd.DataFrame([[1, 0], [0, 2], [3, 0], [0, 0], [4, 1]],
                          index=["d1", "d2", "d3", "d4", "d5"], columns=["t1", "t2"])
    groups = {"d1": "community", "d2": "individual", "d3": "structural", "d4": "individual",
              "d5": "unlisted"}
    figure = provision_heatmap(counts, CAPTION, row_labels={"d1": "One", "d2": "Two", "d3": "Three",
                                                            "d4": "Four", "d5": "Five"},
                               col_labels={"t1": "Talk", "t2": "Trips"}, row_groups=groups,
                               group_order=LEVELS)
    assert trace_json(figure) == heatmap_trace(
        z=[[None, 2.0], [None, None], [1.0, None], [3.0, None], [4.0, 1.0]],
        x=["Talk", "Trips"],
        y=[["Individual", "Individual", "Community", "Structural", "Unlisted"],
           ["Two", "Four", "One", "Three", "Five"]],
        text=[["–", "2"], ["–", "–"], ["1", "–"], ["3", "–"], ["4", "1"]],
        customdata=[[0, 2], [0, 0], [1, 0], [3, 0], [4, 1]])
    layout = layout_json(figure)
    assert (layout["height"], layout["margin"]["b"]) == (530, 230)  # 26 * 5 + 230 + 170


def test_provision_heatmap_grouped_columns_make_a_multicategory_x_axis():
    counts = pd.DataFrame([[1, 2, 3], [0, 5, 0]], index=["E1", "E2"], columns=["c1", "c2", "c3"])
    figure = provision_heatmap(counts, CAPTION, row_labels={"E1": "Blackpool", "E2": "Birmingham"},
                               col_labels={"c1": "Housing", "c2": "Skills", "c3": "Parenting"},
                               col_groups={"c1": "structural", "c2": "individual", "c3": "family"},
                               group_order=LEVELS)
    assert trace_json(figure) == heatmap_trace(
        z=[[2.0, 3.0, 1.0], [5.0, None, None]],
        x=[["Individual", "Family", "Structural"], ["Skills", "Parenting", "Housing"]],
        y=["Blackpool", "Birmingham"],
        text=[["2", "3", "1"], ["5", "–", "–"]],
        customdata=[[2, 3, 1], [5, 0, 0]])
    layout = layout_json(figure)
    assert layout["margin"] == drawn_caption(300)["margin"]
    assert (layout["height"], layout["meta"]["axis_margin"]) == (522, 300)  # 26 * 2 + 300 + 170


def test_provision_heatmap_groups_without_order_keep_input_order():
    counts = pd.DataFrame([[1], [2]], index=["d1", "d2"], columns=["t"])
    figure = provision_heatmap(counts, CAPTION, row_labels={}, col_labels={},
                               row_groups={"d1": "structural", "d2": "individual"})
    assert trace_json(figure)["y"] == [["Structural", "Individual"], ["d1", "d2"]]


def test_provision_heatmap_shares_show_shares_in_the_cells_and_counts_in_the_hover():
    figure = draw(two_by_two(((1, 0), (1, 2))), shares=True)  # total 4
    assert trace_json(figure) == heatmap_trace(
        z=[[25.0, None], [25.0, 50.0]], x=["Ex", "y"], y=["Alpha", "Beta"],
        text=[["25%", "–"], ["25%", "50%"]],
        customdata=[[[1.0, 25.0], [0.0, 0.0]], [[1.0, 25.0], [2.0, 50.0]]],
        colorbar="% of all", hover=SHARE_HOVER.replace("TOTAL", "4"))


def test_provision_heatmap_shares_of_a_given_total_one_decimal_under_ten():
    figure = draw(two_by_two(((1, 0), (1, 2))), shares=True, total=40)
    trace = trace_json(figure)
    assert trace["z"] == [[2.5, None], [2.5, 5.0]]
    assert trace["text"] == [["2.5%", "–"], ["2.5%", "5.0%"]]
    assert trace["hovertemplate"] == SHARE_HOVER.replace("TOTAL", "40")
    assert trace["colorbar"]["title"] == {"text": "% of all", "side": "top"}


def test_provision_heatmap_total_without_shares_is_ignored():
    trace = trace_json(draw(two_by_two(), total=100))
    assert trace["z"] == [[2.0, None], [1.0, 3.0]]
    assert trace["colorbar"]["title"]["text"] == "Count"


def test_provision_heatmap_all_zero_shares_are_counts_of_gaps():
    # a total of zero has no shares: the cells say "–" and the hover the counts
    trace = trace_json(draw(two_by_two(((0, 0), (0, 0))), shares=True))
    assert trace == heatmap_trace(
        z=[[None, None], [None, None]], x=["Ex", "y"], y=["Alpha", "Beta"],
        text=[["–", "–"], ["–", "–"]], customdata=[[0, 0], [0, 0]])


def test_provision_heatmap_no_rows():
    counts = pd.DataFrame({"x": pd.Series([], dtype=int), "y": pd.Series([], dtype=int)})
    figure = draw(counts, shares=True)
    assert trace_json(figure) == heatmap_trace(z=[], x=["Ex", "y"], y=[], text=[], customdata=[])
    assert layout_json(figure)["height"] == 400  # 0 + 230 + 170


# count_bars ---------------------------------------------------------------------------------


def test_count_bars_trace_with_a_zero_written_as_none():
    figure = count_bars(["Housing", "Income", "Crime"], [5, 0, 12], CAPTION, value_label="interventions")
    assert trace_json(figure) == {
        "type": "bar", "x": [5, 0, 12], "y": ["Housing", "Income", "Crime"], "orientation": "h",
        "text": ["5", "0 (none)", "12"], "textposition": "outside", "marker": {"color": "#12436D"},
        "cliponaxis": False, "hovertemplate": "%{y}: %{x} interventions<extra></extra>",
    }


def test_count_bars_layout_minimum_height():
    figure = count_bars(["Housing", "Income", "Crime"], [5, 0, 12], CAPTION, value_label="interventions")
    assert layout_json(figure) == {
        "plot_bgcolor": "#ffffff",
        "yaxis": {"autorange": "reversed"},
        "xaxis": {"title": {"text": "interventions"}, "rangemode": "tozero", "gridcolor": "#dddddd"},
        "height": 308,  # max(300, 36 * 3 + 200)
        **drawn_caption(70),
    }


def test_count_bars_height_grows_with_labels():
    figure = count_bars(list("abcde"), (1, 2, 3, 4, 5), CAPTION, value_label="areas")
    assert layout_json(figure)["height"] == 380  # 36 * 5 + 200
    assert trace_json(figure)["x"] == [1, 2, 3, 4, 5]


def test_count_bars_long_labels_wrap_whole_words():
    label = "Older adults + Disabled people and people with long-term conditions"
    figure = count_bars([label, "Men"], [1, 2], CAPTION, value_label="interventions")
    assert BAR_LABEL == 34
    assert trace_json(figure)["y"] == [
        "Older adults + Disabled people and<br>people with long-term conditions", "Men"]


def test_count_bars_all_zero():
    figure = count_bars(["a", "b"], [0, 0], CAPTION, value_label="interventions")
    assert trace_json(figure)["text"] == ["0 (none)", "0 (none)"]


def test_count_bars_empty():
    figure = count_bars([], [], CAPTION, value_label="interventions")
    trace = trace_json(figure)
    assert (trace["x"], trace["y"], trace["text"]) == ([], [], [])
    assert layout_json(figure)["height"] == 300


# class_heatmap ------------------------------------------------------------------------------

CLASS_ORDER = ["gap", "low", "ok"]
CLASS_LABELS = {"gap": "High need, no provision", "low": "High need, low provision",
                "ok": "Provision matches need"}
CLASS_COLOURS = {"gap": "#801650", "low": "#F46A25", "ok": "#28A197"}
LEGEND = [
    {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": label,
     "hoverinfo": "skip",
     "marker": {"size": 13, "symbol": "square", "color": colour,
                "line": {"width": 1, "color": "#505a5f"}}}
    for label, colour in (("High need, no provision", "#801650"),
                          ("High need, low provision", "#F46A25"),
                          ("Provision matches need", "#28A197"))
]


def grid(rows):
    return pd.DataFrame(rows, index=["E1", "E2"][:len(rows)], columns=["d1", "d2"])


def draw_classes(classes, text, hover):
    return class_heatmap(classes, text, hover, CAPTION, class_order=CLASS_ORDER,
                         class_labels=CLASS_LABELS, class_colours=CLASS_COLOURS,
                         row_labels={"E1": "Blackpool"}, col_labels={"d1": "Housing", "d2": "Income"})


def class_trace(name, colour, text_colour, z, text, customdata):
    return {"type": "heatmap", "z": z, "zmin": 0, "zmax": 1, "showscale": False,
            "colorscale": [[0, colour], [1, colour]], "x": ["Housing", "Income"],
            "y": ["Blackpool", "E2"], "name": name, "text": text, "texttemplate": "%{text}",
            "textfont": {"size": 11, "color": text_colour}, "hoverongaps": False,
            "customdata": customdata, "hovertemplate": "%{customdata}<extra></extra>",
            "xgap": 2, "ygap": 2}


def test_class_heatmap_one_trace_per_class_with_text_that_reads_on_it():
    figure = draw_classes(grid([["gap", "ok"], ["ok", None]]), grid([["0", "3"], ["5", ""]]),
                          grid([["a", "b"], ["c", "d"]]))
    assert [trace_json(figure, i) for i in (0, 1)] == [
        # white on the dark class, ink on the light one; other cells are empty gaps
        class_trace("High need, no provision", "#801650", "#ffffff", [[1.0, None], [None, None]],
                    [["0", ""], ["", ""]], [["a", ""], ["", ""]]),
        class_trace("Provision matches need", "#28A197", "#0b0c0c", [[None, 1.0], [1.0, None]],
                    [["", "3"], ["5", ""]], [["", "b"], ["c", ""]]),
    ]
    # "low" is in no cell and still has its legend entry, in class order
    assert [trace_json(figure, i) for i in (2, 3, 4)] == LEGEND


def test_class_heatmap_legend_at_the_right_never_near_the_title():
    figure = draw_classes(grid([["gap", "ok"], ["ok", "low"]]), grid([["", ""], ["", ""]]),
                          grid([["", ""], ["", ""]]))
    caption = drawn_caption(190)
    assert layout_json(figure) == {
        "plot_bgcolor": "#ffffff",
        "yaxis": {"autorange": "reversed"},
        "xaxis": {"tickangle": -40},
        "legend": {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top",
                   "title": {"text": "Gap class"}},
        "showlegend": True,
        "height": 488,  # 34 * 2 + 420
        **caption,
        "meta": {**caption["meta"], "fit": {"order": "first", "rows": "rows", "cols": "columns"}},
    }


def test_class_heatmap_no_rows_still_draws_every_legend_entry():
    empty = grid([]).astype(object)
    figure = draw_classes(empty, empty, empty)
    assert trace_json(figure) == {"type": "heatmap", "z": [], "x": ["Housing", "Income"], "y": [],
                                  "showscale": False}
    assert [trace_json(figure, i) for i in (1, 2, 3)] == LEGEND
    assert layout_json(figure)["height"] == 420


def test_class_heatmap_recaptioned_keeps_its_margins():
    figure = draw_classes(grid([["gap", "ok"]]), grid([["", ""]]), grid([["", ""]]))
    assert layout_json(apply_caption(figure, CAPTION))["margin"] == layout_json(figure)["margin"]


# need_bars ----------------------------------------------------------------------------------


def test_need_bars_dark_at_or_above_the_threshold_with_values_written():
    figure = need_bars(["Housing", "Income"], [85.0, 40.0], CAPTION, threshold=80)
    assert trace_json(figure) == {
        "type": "bar", "x": [85.0, 40.0], "y": ["Housing", "Income"], "orientation": "h",
        "text": ["85", "40"], "textposition": "outside", "cliponaxis": False,
        "marker": {"color": ["#12436D", "#8eb8dc"]},
        "hovertemplate": "%{y}: need percentile %{x:.0f}<extra></extra>",
    }
    layout = layout_json(figure)
    assert layout["shapes"] == [{"type": "line", "x0": 80, "x1": 80, "xref": "x", "y0": 0, "y1": 1,
                                 "yref": "y domain", "line": {"dash": "dash", "color": "#3D3D3D"}}]
    assert layout["xaxis"]["range"] == [0, 108] and layout["height"] == 320


# need_provision_scatter ---------------------------------------------------------------------

DASH = {"dash": "dash", "color": "#3D3D3D"}


def scatter_points(x=(10.0, 4.0), y=(2.0, 6.0)):
    return pd.DataFrame({"x": list(x), "y": list(y), "label": ["Blackpool", "Birmingham"][:len(x)],
                         "hover": ["B1", "B2"][:len(x)]})


def scatter_layout(x_range, y_range, **extra):
    return {"plot_bgcolor": "#ffffff", "height": 520,
            "xaxis": {"title": {"text": "Need"}, "gridcolor": "#e5e5e5", "range": x_range},
            "yaxis": {"title": {"text": "Provision"}, "gridcolor": "#e5e5e5", "range": y_range},
            **extra, **drawn_caption(80)}


def test_need_provision_scatter_points_trace_with_placed_labels():
    figure = need_provision_scatter(scatter_points(), CAPTION, x_title="Need", y_title="Provision")
    assert len(figure.data) == 1
    assert trace_json(figure) == {
        "type": "scatter", "x": [10.0, 4.0], "y": [2.0, 6.0], "mode": "markers+text",
        "text": ["Blackpool", "Birmingham"], "textposition": ["top center", "top center"],
        "textfont": {"size": 11}, "customdata": ["B1", "B2"],
        "hovertemplate": "%{customdata}<extra></extra>",
        "marker": {"size": 10, "color": "#12436D", "line": {"width": 1, "color": "#fff"}},
        "showlegend": False, "meta": {"labels": ["Blackpool", "Birmingham"]}, "cliponaxis": False,
    }
    # ranges from zero past the largest value, so labels are placed against known axes
    assert layout_json(figure) == scatter_layout([0, pytest.approx(10.8)], [0, pytest.approx(6.72)])


def test_need_provision_scatter_leaves_out_labels_that_would_collide():
    points = pd.DataFrame({"x": [50.0, 50.2, 90.0], "y": [1.0, 1.0, 1.0],
                           "label": ["Financial stress", "Food insecurity", "Housing"],
                           "hover": ["a", "b", "c"]})
    trace = need_provision_scatter(points, CAPTION, x_title="Need", y_title="Provision").data[0]
    placed = place_labels(list(points["x"]), list(points["y"]), list(points["label"]),
                          [0, 97.2], [0, 1.12], *SCREEN_PLOT, 11)
    assert list(trace.text) == [label if pos else "" for label, pos in
                                zip(points["label"], placed, strict=True)]
    assert all(placed[i] for i in (0, 2))  # the first comes first; the far one is free


def test_need_provision_scatter_threshold_shapes():
    figure = need_provision_scatter(scatter_points(), CAPTION, x_title="Need", y_title="Provision",
                                    vertical=5, horizontal=3)
    assert layout_json(figure) == scatter_layout(
        [0, pytest.approx(10.8)], [0, pytest.approx(6.72)], shapes=[
            {"type": "line", "x0": 5, "x1": 5, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
             "line": DASH},
            {"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": 3, "y1": 3, "yref": "y",
             "line": DASH},
        ])


def test_need_provision_scatter_thresholds_beyond_the_points_are_in_range():
    figure = need_provision_scatter(scatter_points(), CAPTION, x_title="Need", y_title="Provision",
                                    vertical=80, horizontal=9)
    assert figure.layout.xaxis.range == (0, pytest.approx(86.4))
    assert figure.layout.yaxis.range == (0, pytest.approx(10.08))


def test_need_provision_scatter_zero_threshold_is_drawn():
    figure = need_provision_scatter(scatter_points(), CAPTION, x_title="Need", y_title="Provision",
                                    horizontal=0.0)
    assert layout_json(figure)["shapes"] == [
        {"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": 0.0, "y1": 0.0, "yref": "y",
         "line": DASH}]


def test_need_provision_scatter_parity_line_across_square_axes():
    figure = need_provision_scatter(scatter_points(), CAPTION, x_title="Need", y_title="Provision",
                                    parity=True)
    parity = trace_json(figure, 1)
    assert parity == {"type": "scatter", "x": [0, pytest.approx(10.8)], "y": [0, pytest.approx(10.8)],
                      "mode": "lines", "name": "Parity", "line": {"dash": "dot", "color": "#801650"},
                      "hoverinfo": "skip", "showlegend": False}
    assert figure.layout.xaxis.range == figure.layout.yaxis.range


def test_need_provision_scatter_parity_line_at_least_to_one():
    figure = need_provision_scatter(scatter_points(x=(0.2,), y=(0.5,)), CAPTION, x_title="Need",
                                    y_title="Provision", parity=True)
    assert trace_json(figure, 1)["x"] == [0, pytest.approx(1.08)]


def test_need_provision_scatter_no_points_and_no_parity_line():
    figure = need_provision_scatter(scatter_points(x=(), y=()), CAPTION, x_title="Need",
                                    y_title="Provision", parity=True)
    assert len(figure.data) == 1
    trace = trace_json(figure)
    assert (trace["x"], trace["y"], trace["text"], trace["customdata"]) == ([], [], [], [])
