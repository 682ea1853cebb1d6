import copy
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.caption import Caption
from dashboard.figures.maps import (
    DECILES,
    ENGLAND_BOUNDS,
    SHARE_CLASSES,
    area_customdata,
    area_hovertemplate,
    colour_bar_bottom,
    deprivation_choropleth,
    fit_bounds,
    fit_view,
    geojson_bounds,
    hover_columns,
    map_revision,
    mercator_y,
    outline_style,
    share_class,
    spherical_winding,
    vector_map,
)
from tests.figures.plain import layout_json, plain, trace_json

NAN = float("nan")
DECILE_SCALE = [
    [0.0, "#4c55b0"], [0.1, "#4c55b0"], [0.1, "#496bb7"], [0.2, "#496bb7"],
    [0.2, "#4380bf"], [0.3, "#4380bf"], [0.3, "#4e93c3"], [0.4, "#4e93c3"],
    [0.4, "#5da6c5"], [0.5, "#5da6c5"], [0.5, "#6cb9c8"], [0.6, "#6cb9c8"],
    [0.6, "#8ec8c7"], [0.7, "#8ec8c7"], [0.7, "#acd9c5"], [0.8, "#acd9c5"],
    [0.8, "#c9e9c5"], [0.9, "#c9e9c5"], [0.9, "#eef6d2"], [1.0, "#eef6d2"],
]
HOVER = ("<b>%{text}</b><br>%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}"
         "<br>%{customdata[3]}<extra></extra>")


def colorbar(bottom, title="Decile (1 = most deprived, 10 = least)", labels=None):
    labels = labels or [str(d) for d in range(1, 11)]
    return {"orientation": "h", "x": 0, "xanchor": "left", "xref": "paper", "y": bottom,
            "yref": "container", "yanchor": "bottom", "ypad": 0, "xpad": 0, "thickness": 12,
            "lenmode": "fraction", "len": 1, "outlinewidth": 0, "ticks": "",
            "tickvals": list(range(1, len(labels) + 1)), "ticktext": labels,
            "tickfont": {"size": 12},
            "title": {"text": title, "side": "bottom", "font": {"size": 12}}}


CAPTION = Caption("Deprivation", sources=("IMD 2019.",))
TITLE = {"text": "<b>Deprivation</b>", "x": 0, "xref": "container", "xanchor": "left", "y": 1,
         "yref": "container", "yanchor": "top", "pad": {"t": 44, "l": 10}, "font": {"size": 17}}
SOURCES = {"text": "IMD 2019.", "xref": "paper", "yref": "paper", "x": 0, "y": 0,
           "xanchor": "left", "yanchor": "top", "yshift": -44, "showarrow": False,
           "align": "left", "name": "caption-sources", "font": {"size": 11, "color": "#3d3d3d"}}
# title block 49 + 10 + the legend row 62; the colour bar's foot 6 px above the plot
MARGIN = {"t": 121, "b": 60, "l": 10, "r": 10}
BAR_BOTTOM = 1 - (121 - 6) / 680

CCW_SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # shoelace sum +2
CW_SQUARE = [[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]
CW_HOLE = [[0.25, 0.25], [0.25, 0.75], [0.75, 0.75], [0.75, 0.25], [0.25, 0.25]]  # sum -0.5
CCW_HOLE = [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75], [0.25, 0.25]]


def square(lon0, lat0, lon1, lat1):
    return [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]


def collection(*geometries, ids=None):
    ids = ids or [f"E{i}" for i in range(len(geometries))]
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"code": code}, "geometry": geometry}
        for code, geometry in zip(ids, geometries, strict=True)]}


GEOJSON = collection(
    {"type": "Polygon", "coordinates": [square(-3.1, 53.7, -3.0, 53.9)]},
    {"type": "Polygon", "coordinates": [square(-2.0, 52.4, -1.7, 52.6)]},
    {"type": "Polygon", "coordinates": [square(-3.6, 54.2, -2.6, 55.1)]},
    ids=["E06000009", "E08000025", "E06000063"],
)


def areas():
    return pd.DataFrame({
        "code": ["E06000009", "E08000025", "E06000063"],
        "name": ["Blackpool", "Birmingham", "Cumberland"],
        "colour_class": [1, 6, 10],
        "interventions": [12, 0, 3],
        "hover_0": ["Rank 1", "Rank 150", "Rank 296"],
        "hover_1": ["Decile 1", "Decile 6", "Decile 10"],
        "hover_2": ["12 mapped", "0 mapped", "3 mapped"],
        "hover_3": ["0.05", "0.0", "not known"],
    })


def points():
    return pd.DataFrame({"latitude": [53.8, 52.5], "longitude": [-3.05, -1.9],
                         "name": ["Drop-in", "Caf&eacute; &amp; co"]})


# area_customdata and outline_style ----------------------------------------------------------


def test_area_customdata_is_the_hover_lines_in_order():
    frame = areas()[["hover_1", "hover_0"]].assign(hover_10=["x", "y", "z"])
    assert area_customdata(frame) == [
        ["Rank 1", "Decile 1", "x"], ["Rank 150", "Decile 6", "y"], ["Rank 296", "Decile 10", "z"]]
    assert hover_columns(frame) == ["hover_0", "hover_1", "hover_10"]


def test_area_customdata_empty():
    assert area_customdata(areas().iloc[:0]) == []


def test_area_hovertemplate_bold_name_then_each_line():
    assert area_hovertemplate(2) == "<b>%{text}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>"
    assert area_hovertemplate(4) == HOVER


def test_outline_style_thick_black_where_mapped_thin_white_else():
    assert outline_style(areas()) == {"width": [2.2, 0.4, 2.2],
                                      "color": ["#000000", "#ffffff", "#000000"]}


def test_outline_style_empty():
    assert outline_style(areas().iloc[:0]) == {"width": [], "color": []}


# colour classes -----------------------------------------------------------------------------


@pytest.mark.parametrize(("percent", "expected"), [
    (0.0, 7), (0.01, 6), (4.99, 6), (5.0, 5), (9.99, 5), (10.0, 4), (19.9, 4), (20.0, 3),
    (30.0, 2), (39.99, 2), (40.0, 1), (100.0, 1), (-1.0, 7)])
def test_share_class_lower_bound_included_and_zero_on_its_own(percent, expected):
    assert share_class(percent) == expected
    assert SHARE_CLASSES.labels[expected - 1] == (
        "40%+", "30-40%", "20-30%", "10-20%", "5-10%", "0-5%", "0%")[expected - 1]


def test_colour_classes_trace_style_is_a_stepped_scale_and_a_bar_across_the_top():
    assert DECILES.trace_style(0.8) == {"zmin": 0.5, "zmax": 10.5, "colorscale": DECILE_SCALE,
                                        "colorbar": colorbar(0.8)}
    share = SHARE_CLASSES.trace_style(0.5)
    assert (share["zmin"], share["zmax"]) == (0.5, 7.5)
    assert share["colorbar"] == colorbar(0.5, "% of LSOAs in England's most deprived 10%",
                                         list(SHARE_CLASSES.labels))
    assert share["colorscale"][0] == [0.0, "#4c55b0"] and share["colorscale"][-1] == [1.0, "#eef6d2"]


def test_colour_bar_bottom_sits_just_above_the_plot():
    assert colour_bar_bottom(121, 680) == pytest.approx(BAR_BOTTOM)


def test_map_revision_names_the_bounds():
    assert map_revision((-3.1, 53.7, -2.6, 55.1)) == "map:-3.1000,53.7000,-2.6000,55.1000"


# deprivation_choropleth ---------------------------------------------------------------------


def test_deprivation_choropleth_trace():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION)
    assert len(figure.data) == 1
    assert trace_json(figure) == {
        "type": "choroplethmap",
        "geojson": GEOJSON,
        "locations": ["E06000009", "E08000025", "E06000063"],
        "z": [1, 6, 10],
        "zmin": 0.5,
        "zmax": 10.5,
        "colorscale": DECILE_SCALE,
        "colorbar": colorbar(pytest.approx(BAR_BOTTOM)),
        "marker": {"line": {"width": [2.2, 0.4, 2.2], "color": ["#000000", "#ffffff", "#000000"]}},
        "customdata": [["Rank 1", "Decile 1", "12 mapped", "0.05"],
                       ["Rank 150", "Decile 6", "0 mapped", "0.0"],
                       ["Rank 296", "Decile 10", "3 mapped", "not known"]],
        "text": ["Blackpool", "Birmingham", "Cumberland"],
        "hovertemplate": HOVER,
        "name": "Deprivation class",
    }


def test_deprivation_choropleth_layout_carries_bounds_and_a_first_guess():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION)
    layout = layout_json(figure)
    bounds = [-3.6, 52.4, -1.7, 55.1]
    centre, zoom = fit_bounds(tuple(bounds), 600, 680 - 160)
    assert layout == {
        "map": {"style": "white-bg", "center": centre, "zoom": zoom},
        "uirevision": "map:-3.6000,52.4000,-1.7000,55.1000",
        "showlegend": False,
        "height": 680,
        "title": TITLE,
        "margin": MARGIN,
        "annotations": [SOURCES],
        "meta": {"axis_margin": 40, "legend_row": 62, "bounds": bounds,
                 "caption": layout["meta"]["caption"]},
    }
    assert layout["meta"]["caption"]["row"] == 62


def test_deprivation_choropleth_given_bounds_classes_and_height():
    bounds = (-3.2, 53.7, -2.9, 53.9)
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, bounds=bounds, height=430,
                                    classes=SHARE_CLASSES)
    layout = layout_json(figure)
    assert layout["meta"]["bounds"] == list(bounds) and layout["height"] == 430
    assert (layout["map"]["center"], layout["map"]["zoom"]) == fit_bounds(bounds, 600, 270)
    assert figure.data[0].colorbar.ticktext == SHARE_CLASSES.labels


def test_deprivation_choropleth_without_outline():
    figure = deprivation_choropleth(areas().drop(columns="interventions"), GEOJSON, CAPTION,
                                    outline=False)
    assert trace_json(figure)["marker"] == {"line": {"width": 0.4, "color": "#ffffff"}}


def test_deprivation_choropleth_points_are_black_dots_on_a_white_halo():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, points=points())
    assert [trace.type for trace in figure.data] == ["choroplethmap", "scattermap", "scattermap"]
    common = {"type": "scattermap", "lat": [53.8, 52.5], "lon": [-3.05, -1.9], "mode": "markers",
              "text": ["Drop-in", "Caf&eacute; &amp; co"]}  # names come escaped by the caller
    assert trace_json(figure, 1) == {**common, "marker": {"size": 12, "color": "#ffffff"},
                                     "hoverinfo": "skip", "name": "Intervention point halo",
                                     "showlegend": False}
    assert trace_json(figure, 2) == {**common, "marker": {"size": 8, "color": "#000000"},
                                     "hovertemplate": "%{text}<extra>Intervention</extra>",
                                     "name": "Interventions with a location"}


def test_deprivation_choropleth_empty_points_still_draw_their_traces():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, points=points().iloc[:0])
    assert [trace.type for trace in figure.data] == ["choroplethmap", "scattermap", "scattermap"]
    assert (trace_json(figure, 2)["lat"], trace_json(figure, 2)["lon"]) == ([], [])


def test_deprivation_choropleth_no_areas():
    figure = deprivation_choropleth(areas().iloc[:0], collection(), CAPTION)
    trace = trace_json(figure)
    assert {key: trace[key] for key in ("locations", "z", "customdata", "text", "marker")} == {
        "locations": [], "z": [], "customdata": [], "text": [],
        "marker": {"line": {"width": [], "color": []}}}
    assert trace["geojson"] == {"type": "FeatureCollection", "features": []}
    assert layout_json(figure)["meta"]["bounds"] == list(ENGLAND_BOUNDS)


# vector_map ---------------------------------------------------------------------------------


def map_figure():
    return go.Figure(
        [go.Choroplethmap(geojson=collection({"type": "Polygon", "coordinates": [CCW_SQUARE]}, ids=["A"]),
                          locations=["A"], z=[1], below="", subplot="map",
                          marker={"line": {"width": [2.2], "color": ["#000000"]}}),
         go.Scattermap(lat=[0.5], lon=[0.5], mode="markers", cluster={"enabled": True}, below="",
                       subplot="map", name="points")],
        layout={"map": {"style": "white-bg", "zoom": 5}, "height": 400, "showlegend": False})


def test_vector_map_converts_trace_types_and_drops_map_only_keys():
    figure = vector_map(map_figure())
    assert trace_json(figure, 0) == {
        "type": "choropleth",
        "geojson": collection({"type": "Polygon", "coordinates": [CW_SQUARE]}, ids=["A"]),
        "locations": ["A"], "z": [1],
        "marker": {"line": {"width": [2.2], "color": ["#000000"]}},
    }
    assert trace_json(figure, 1) == {"type": "scattergeo", "lat": [0.5], "lon": [0.5],
                                     "mode": "markers", "name": "points"}


def test_vector_map_geo_layout_fitted_with_no_base_layers():
    assert layout_json(vector_map(map_figure())) == {
        "height": 400,
        "showlegend": False,
        "geo": {"fitbounds": "locations", "projection": {"type": "mercator"},
                "bgcolor": "rgba(0,0,0,0)", "showcoastlines": False, "showcountries": False,
                "showframe": False, "showlakes": False, "showland": False, "showocean": False,
                "showrivers": False, "showsubunits": False},
    }


def test_vector_map_leaves_the_input_untouched():
    figure = map_figure()
    before = plain(figure.to_plotly_json())
    vector_map(figure)
    assert plain(figure.to_plotly_json()) == before


def test_vector_map_of_a_choropleth_keeps_caption_hover_and_points():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, points=points())
    vector = vector_map(figure)
    choropleth, scatter = trace_json(vector, 0), trace_json(vector, 2)
    assert (choropleth["type"], scatter["type"]) == ("choropleth", "scattergeo")
    assert choropleth["hovertemplate"] == HOVER
    assert choropleth["colorbar"] == colorbar(pytest.approx(BAR_BOTTOM))
    assert choropleth["locations"] == ["E06000009", "E08000025", "E06000063"]
    assert choropleth["geojson"]["features"][0]["geometry"]["coordinates"] == [
        [[-3.1, 53.7], [-3.1, 53.9], [-3.0, 53.9], [-3.0, 53.7], [-3.1, 53.7]]]
    assert scatter["marker"] == {"size": 8, "color": "#000000"}
    layout = layout_json(vector)
    assert "map" not in layout
    assert (layout["title"], layout["annotations"], layout["height"]) == (TITLE, [SOURCES], 680)
    assert vector.layout.template.to_plotly_json() == figure.layout.template.to_plotly_json()


def test_vector_map_returns_a_figure_without_a_map_unchanged():
    figure = go.Figure([go.Bar(x=[1], y=["a"])])
    assert vector_map(figure) is figure


# spherical_winding --------------------------------------------------------------------------


def test_spherical_winding_makes_outer_rings_clockwise_and_holes_counter_clockwise():
    source = collection({"type": "Polygon", "coordinates": [CCW_SQUARE, CW_HOLE]})
    assert spherical_winding(source) == collection(
        {"type": "Polygon", "coordinates": [CW_SQUARE, CCW_HOLE]})


def test_spherical_winding_keeps_rings_already_wound():
    source = collection({"type": "Polygon", "coordinates": [CW_SQUARE, CCW_HOLE]})
    assert spherical_winding(source) == source


def test_spherical_winding_of_a_multipolygon():
    source = collection({"type": "MultiPolygon", "coordinates": [
        [CCW_SQUARE], [square(2, 0, 3, 1)[::-1], CW_HOLE]]})
    assert spherical_winding(source) == collection({"type": "MultiPolygon", "coordinates": [
        [CW_SQUARE],
        [[[2.0, 0.0], [2.0, 1.0], [3.0, 1.0], [3.0, 0.0], [2.0, 0.0]], CCW_HOLE]]})


def test_spherical_winding_keeps_ids_properties_and_collection_keys():
    source = {**collection({"type": "Polygon", "coordinates": [CCW_SQUARE]}, ids=["A"]), "name": "lads"}
    source["features"][0]["bbox"] = [0, 0, 1, 1]
    assert spherical_winding(source) == {"type": "FeatureCollection", "name": "lads", "features": [
        {"type": "Feature", "id": "A", "properties": {"code": "A"}, "bbox": [0, 0, 1, 1],
         "geometry": {"type": "Polygon", "coordinates": [CW_SQUARE]}}]}


def test_spherical_winding_leaves_the_input_untouched():
    source = collection({"type": "Polygon", "coordinates": [CCW_SQUARE, CW_HOLE]})
    before = copy.deepcopy(source)
    result = spherical_winding(source)
    assert source == before
    assert result is not source
    assert result["features"][0] is not source["features"][0]


def test_spherical_winding_reads_numpy_rings():
    source = collection({"type": "Polygon", "coordinates": [np.array(CCW_SQUARE)]})
    assert spherical_winding(source)["features"][0]["geometry"]["coordinates"] == [CW_SQUARE]


# fit_bounds, geojson_bounds and fit_view ---------------------------------------------------


def test_fit_bounds_equator_square_in_a_512_px_world():
    # 45 degrees of longitude are 1/8 of the world; 22.5 N to 22.5 S span 0.1284 of the
    # Mercator world's height (ln(tan 22.5 + sec 22.5) / pi), the tighter side. At zoom z the
    # world is 512 * 2**z px; 8% of the 433 px side is padding.
    centre, zoom = fit_bounds((-22.5, -22.5, 22.5, 22.5), 433.3333, 433.3333)
    assert centre["lon"] == 0 and centre["lat"] == pytest.approx(0, abs=1e-9)
    span = math.log(math.tan(math.radians(22.5)) + 1 / math.cos(math.radians(22.5))) / math.pi
    assert span == pytest.approx(0.1284, abs=1e-4)
    assert zoom == pytest.approx(math.log2(433.3333 * 0.92 / (512 * span)))


def test_fit_bounds_takes_the_tighter_side_in_mercator():
    bounds = (-2.04, 52.38, -1.73, 52.61)  # Birmingham: taller than wide on a Mercator map
    centre, zoom = fit_bounds(bounds, 1000, 300)
    y_top, y_bottom = mercator_y(52.61), mercator_y(52.38)
    expected = math.log2((300 - 2 * 12) / (512 * (y_bottom - y_top)))
    assert zoom == pytest.approx(expected)
    assert centre["lon"] == pytest.approx(-1.885)
    assert mercator_y(centre["lat"]) == pytest.approx((y_top + y_bottom) / 2)


def test_mercator_y_of_the_equator_and_the_poles():
    assert mercator_y(0) == pytest.approx(0.5)
    assert mercator_y(90) == pytest.approx(0.0, abs=1e-6)   # clamped at 85.0511
    assert mercator_y(-90) == pytest.approx(1.0, abs=1e-6)


def test_geojson_bounds_every_feature_and_multipolygon_part():
    geojson = collection(
        {"type": "Polygon", "coordinates": [square(10, -22.5, 20, 0)]},
        {"type": "MultiPolygon", "coordinates": [[square(30, 0, 40, 10)], [square(50, 10, 55, 22.5)]]},
    )
    assert geojson_bounds(geojson) == (10, -22.5, 55, 22.5)


def test_geojson_bounds_reads_numpy_coordinates_and_returns_plain_floats():
    geojson = collection({"type": "Polygon", "coordinates": np.array([square(10, -22.5, 55, 22.5)])})
    bounds = geojson_bounds(geojson)
    assert bounds == (10, -22.5, 55, 22.5) and all(type(v) is float for v in bounds)


def test_geojson_bounds_single_point():
    assert geojson_bounds(collection({"type": "Point", "coordinates": [-1.5, 53.0]})) == (
        -1.5, 53.0, -1.5, 53.0)


def test_geojson_bounds_without_coordinates_fall_back_to_england():
    assert geojson_bounds({"type": "FeatureCollection", "features": []}) == ENGLAND_BOUNDS
    geojson = collection({"type": "Polygon", "coordinates": []},
                         {"type": "Polygon", "coordinates": np.empty((0, 2))})
    assert geojson_bounds(geojson) == ENGLAND_BOUNDS


def test_fit_view_is_fit_bounds_of_the_geojson():
    geojson = collection({"type": "Polygon", "coordinates": [square(-3.1, 53.7, -3.0, 53.9)]})
    assert fit_view(geojson, 500, 400) == fit_bounds((-3.1, 53.7, -3.0, 53.9), 500, 400)


def test_fit_bounds_of_a_point_does_not_divide_by_zero():
    centre, zoom = fit_bounds((-1.5, 53.0, -1.5, 53.0), 400, 400)
    assert centre == {"lat": pytest.approx(53.0), "lon": -1.5} and math.isfinite(zoom)
