import pandas as pd
import pytest

from dashboard.figures.caption import Caption, apply_caption
from dashboard.figures.charts import class_heatmap, count_bars, need_provision_scatter, provision_heatmap
from tests.figures.plain import layout_json, trace_json

CAPTION = Caption("T")
TITLE = {"text": "<b>T</b>", "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12},
         "font": {"size": 17}}
PROVISION_SCALE = [[0.0, "#dbe9f6"], [0.5, "#4a8cc4"], [1.0, "#0b2f5b"]]
HEATMAP_HOVER = "%{y}<br>%{x}<br>Interventions: %{customdata} (– = none: a gap)<extra></extra>"
LEVELS = ("individual", "family", "community", "structural")


def heatmap_trace(z, x, y, text, customdata, colorbar="Count"):
    return {"type": "heatmap", "z": z, "x": x, "y": y, "text": text, "texttemplate": "%{text}",
            "textfont": {"size": 11}, "colorscale": PROVISION_SCALE, "zmin": 0, "hoverongaps": True,
            "customdata": customdata, "hovertemplate": HEATMAP_HOVER,
            "colorbar": {"title": {"text": colorbar, "side": "top"}, "thickness": 12},
            "xgap": 1, "ygap": 1}


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
    assert layout_json(draw(two_by_two())) == {
        "plot_bgcolor": "#ececec",
        "yaxis": {"autorange": "reversed", "tickfont": {"size": 11}},
        "xaxis": {"tickangle": -45, "tickfont": {"size": 11}, "side": "bottom"},
        "height": 452,  # 26 * 2 + 230 + 170
        "title": TITLE,
        "margin": {"t": 54, "b": 230, "l": 10, "r": 10},
        "meta": {"axis_margin": 230},
    }


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
    assert layout["margin"] == {"t": 54, "b": 300, "l": 10, "r": 10}
    assert (layout["height"], layout["meta"]) == (522, {"axis_margin": 300})  # 26 * 2 + 300 + 170


def test_provision_heatmap_groups_without_order_keep_input_order():
    counts = pd.DataFrame([[1], [2]], index=["d1", "d2"], columns=["t"])
    figure = provision_heatmap(counts, CAPTION, row_labels={}, col_labels={},
                               row_groups={"d1": "structural", "d2": "individual"})
    assert trace_json(figure)["y"] == [["Structural", "Individual"], ["d1", "d2"]]


def test_provision_heatmap_shares_of_the_table_total():
    figure = draw(two_by_two(((1, 0), (1, 2))), shares=True)  # total 4
    assert trace_json(figure) == heatmap_trace(
        z=[[25.0, None], [25.0, 50.0]], x=["Ex", "y"], y=["Alpha", "Beta"],
        text=[["1", "–"], ["1", "2"]], customdata=[[1, 0], [1, 2]], colorbar="% of all")


def test_provision_heatmap_shares_of_a_given_total():
    figure = draw(two_by_two(((1, 0), (1, 2))), shares=True, total=8)
    trace = trace_json(figure)
    assert trace["z"] == [[12.5, None], [12.5, 25.0]]
    assert trace["text"] == [["1", "–"], ["1", "2"]]
    assert trace["colorbar"]["title"] == {"text": "% of all", "side": "top"}


def test_provision_heatmap_total_without_shares_is_ignored():
    trace = trace_json(draw(two_by_two(), total=100))
    assert trace["z"] == [[2.0, None], [1.0, 3.0]]
    assert trace["colorbar"]["title"]["text"] == "Count"


def test_provision_heatmap_all_zero_shares_are_gaps():
    trace = trace_json(draw(two_by_two(((0, 0), (0, 0))), shares=True))
    assert trace == heatmap_trace(
        z=[[None, None], [None, None]], x=["Ex", "y"], y=["Alpha", "Beta"],
        text=[["–", "–"], ["–", "–"]], customdata=[[0, 0], [0, 0]], colorbar="% of all")


def test_provision_heatmap_no_rows():
    counts = pd.DataFrame({"x": pd.Series([], dtype=int), "y": pd.Series([], dtype=int)})
    figure = draw(counts, shares=True)
    assert trace_json(figure) == heatmap_trace(z=[], x=["Ex", "y"], y=[], text=[], customdata=[],
                                               colorbar="% of all")
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
        "height": 300,  # max(300, 30 * 3 + 200)
        "title": TITLE,
        "margin": {"t": 54, "b": 70, "l": 10, "r": 10},
        "meta": {"axis_margin": 70},
    }


def test_count_bars_height_grows_with_labels():
    figure = count_bars(list("abcde"), (1, 2, 3, 4, 5), CAPTION, value_label="areas")
    assert layout_json(figure)["height"] == 350  # 30 * 5 + 200
    assert trace_json(figure)["x"] == [1, 2, 3, 4, 5]


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
CLASS_SCALE = [[0.0, "#801650"], [1 / 3, "#801650"], [1 / 3, "#F46A25"], [2 / 3, "#F46A25"],
               [2 / 3, "#28A197"], [1.0, "#28A197"]]
LEGEND = [
    {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": "High need, no provision",
     "marker": {"size": 12, "symbol": "square", "color": "#801650"}},
    {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": "High need, low provision",
     "marker": {"size": 12, "symbol": "square", "color": "#F46A25"}},
    {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": "Provision matches need",
     "marker": {"size": 12, "symbol": "square", "color": "#28A197"}},
]


def grid(rows):
    return pd.DataFrame(rows, index=["E1", "E2"][:len(rows)], columns=["d1", "d2"])


def draw_classes(classes, text, hover):
    return class_heatmap(classes, text, hover, CAPTION, class_order=CLASS_ORDER,
                         class_labels=CLASS_LABELS, class_colours=CLASS_COLOURS,
                         row_labels={"E1": "Blackpool"}, col_labels={"d1": "Housing", "d2": "Income"})


def test_class_heatmap_traces_with_a_legend_entry_for_every_class():
    figure = draw_classes(grid([["gap", "ok"], ["ok", None]]), grid([["0", "3"], ["5", ""]]),
                          grid([["a", "b"], ["c", "d"]]))
    assert trace_json(figure) == {
        "type": "heatmap", "z": [[0.0, 2.0], [2.0, None]], "zmin": -0.5, "zmax": 2.5,
        "colorscale": CLASS_SCALE, "showscale": False, "x": ["Housing", "Income"],
        "y": ["Blackpool", "E2"], "text": [["0", "3"], ["5", ""]], "texttemplate": "%{text}",
        "textfont": {"size": 11}, "customdata": [["a", "b"], ["c", "d"]],
        "hovertemplate": "%{customdata}<extra></extra>", "xgap": 2, "ygap": 2,
    }
    # "low" is in no cell and still has its legend entry, in class order
    assert [trace_json(figure, i) for i in (1, 2, 3)] == LEGEND


def test_class_heatmap_layout_keeps_a_row_for_the_legend():
    figure = draw_classes(grid([["gap", "ok"], ["ok", "low"]]), grid([["", ""], ["", ""]]),
                          grid([["", ""], ["", ""]]))
    assert layout_json(figure) == {
        "plot_bgcolor": "#ffffff",
        "yaxis": {"autorange": "reversed"},
        "xaxis": {"tickangle": -40},
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        "showlegend": True,
        "height": 488,  # 34 * 2 + 420
        "title": TITLE,
        "margin": {"t": 84, "b": 190, "l": 10, "r": 10},  # 34 + 20 + 30 (legend row)
        "meta": {"axis_margin": 190},
    }


def test_class_heatmap_no_rows_still_draws_every_legend_entry():
    empty = grid([]).astype(object)
    figure = draw_classes(empty, empty, empty)
    assert trace_json(figure)["z"] == []
    assert [trace_json(figure, i) for i in (1, 2, 3)] == LEGEND
    assert layout_json(figure)["height"] == 420


def test_class_heatmap_recaptioned_keeps_the_legend_row():
    figure = draw_classes(grid([["gap", "ok"]]), grid([["", ""]]), grid([["", ""]]))
    assert layout_json(apply_caption(figure, CAPTION))["margin"] == layout_json(figure)["margin"]


# need_provision_scatter ---------------------------------------------------------------------

SCATTER_LAYOUT = {
    "plot_bgcolor": "#ffffff", "height": 520,
    "xaxis": {"title": {"text": "Need"}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
    "yaxis": {"title": {"text": "Provision"}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
    "title": TITLE, "margin": {"t": 54, "b": 80, "l": 10, "r": 10}, "meta": {"axis_margin": 80},
}
DASH = {"dash": "dash", "color": "#3D3D3D"}


def scatter_points(x=(10.0, 4.0), y=(2.0, 6.0)):
    return pd.DataFrame({"x": list(x), "y": list(y), "label": ["Blackpool", "Birmingham"][:len(x)],
                         "hover": ["B1", "B2"][:len(x)]})


def test_need_provision_scatter_points_trace():
    figure = need_provision_scatter(scatter_points(), CAPTION, x_title="Need", y_title="Provision")
    assert len(figure.data) == 1
    assert trace_json(figure) == {
        "type": "scatter", "x": [10.0, 4.0], "y": [2.0, 6.0], "mode": "markers+text",
        "text": ["Blackpool", "Birmingham"], "textposition": "top center", "textfont": {"size": 10},
        "customdata": ["B1", "B2"], "hovertemplate": "%{customdata}<extra></extra>",
        "marker": {"size": 10, "color": "#12436D", "line": {"width": 1, "color": "#fff"}},
        "showlegend": False,
    }
    assert layout_json(figure) == SCATTER_LAYOUT


def test_need_provision_scatter_threshold_shapes():
    figure = need_provision_scatter(scatter_points(), CAPTION, x_title="Need", y_title="Provision",
                                    vertical=5, horizontal=3)
    assert layout_json(figure) == {**SCATTER_LAYOUT, "shapes": [
        {"type": "line", "x0": 5, "x1": 5, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain", "line": DASH},
        {"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": 3, "y1": 3, "yref": "y", "line": DASH},
    ]}


def test_need_provision_scatter_zero_threshold_is_drawn():
    figure = need_provision_scatter(scatter_points(), CAPTION, x_title="Need", y_title="Provision",
                                    horizontal=0.0)
    assert layout_json(figure)["shapes"] == [
        {"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": 0.0, "y1": 0.0, "yref": "y",
         "line": DASH}]


def test_need_provision_scatter_parity_line_past_the_largest_value():
    figure = need_provision_scatter(scatter_points(), CAPTION, x_title="Need", y_title="Provision",
                                    parity=True)
    parity = trace_json(figure, 1)
    top = parity.pop("x")[1]
    assert top == pytest.approx(11.0)  # max(10, 6, 1) * 1.1
    assert parity == {"type": "scatter", "y": [0, top], "mode": "lines", "name": "Parity",
                      "line": {"dash": "dot", "color": "#801650"}, "hoverinfo": "skip"}
    assert trace_json(figure, 1)["x"][0] == 0


def test_need_provision_scatter_parity_line_at_least_to_one():
    figure = need_provision_scatter(scatter_points(x=(0.2,), y=(0.5,)), CAPTION, x_title="Need",
                                    y_title="Provision", parity=True)
    assert (trace_json(figure, 1)["x"], trace_json(figure, 1)["y"]) == ([0, 1.1], [0, 1.1])


def test_need_provision_scatter_no_points_and_no_parity_line():
    figure = need_provision_scatter(scatter_points(x=(), y=()), CAPTION, x_title="Need",
                                    y_title="Provision", parity=True)
    assert len(figure.data) == 1
    trace = trace_json(figure)
    assert (trace["x"], trace["y"], trace["text"], trace["customdata"]) == ([], [], [], [])
