import copy

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.caption import Caption
from dashboard.figures.maps import (
    ENGLAND_CENTRE,
    area_customdata,
    deprivation_choropleth,
    fit_view,
    outline_style,
    spherical_winding,
    vector_map,
)
from tests.figures.plain import layout_json, plain, trace_json

NAN = float("nan")
DECILE_SCALE = [
    [0.0, "#67001f"], [0.1, "#67001f"], [0.1, "#b2182b"], [0.2, "#b2182b"],
    [0.2, "#d6604d"], [0.3, "#d6604d"], [0.3, "#f4a582"], [0.4, "#f4a582"],
    [0.4, "#fddbc7"], [0.5, "#fddbc7"], [0.5, "#d1e5f0"], [0.6, "#d1e5f0"],
    [0.6, "#92c5de"], [0.7, "#92c5de"], [0.7, "#4393c3"], [0.8, "#4393c3"],
    [0.8, "#2166ac"], [0.9, "#2166ac"], [0.9, "#053061"], [1.0, "#053061"],
]
HOVER = ("<b>%{text}</b><br>Rank of average IMD score: %{customdata[0]}"
         "<br>Decile %{z} of 10 (1 = most deprived)"
         "<br>Interventions mapped: %{customdata[1]}"
         "<br>Per 10,000 adults: %{customdata[2]}<extra></extra>")
COLORBAR = {"title": {"text": "Decile", "side": "top"}, "tickvals": [1, 10],
            "ticktext": ["1 Most deprived", "10 Least deprived"], "thickness": 14, "len": 0.8}
CAPTION = Caption("Deprivation", sources=("IMD 2019.",))
TITLE = {"text": "<b>Deprivation</b>", "y": 1, "yref": "container", "yanchor": "top",
         "pad": {"t": 12}, "font": {"size": 17}}
SOURCES = {"text": "<span style='font-size:10px'>IMD 2019.</span>", "xref": "paper", "yref": "paper",
           "x": 0, "y": 0, "xanchor": "left", "yanchor": "top", "yshift": -32, "showarrow": False,
           "align": "left", "name": "caption-sources"}

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
        "rank": [1, 150, 296],
        "decile": [1, 6, 10],
        "interventions": [12, 0, 3],
        "per_10k": [0.05, 0.0, NAN],
    })


def points():
    return pd.DataFrame({"latitude": [53.8, 52.5], "longitude": [-3.05, -1.9],
                         "name": ["Drop-in", "Caf&eacute; &amp; co"]})


# area_customdata and outline_style ----------------------------------------------------------


def test_area_customdata_rank_interventions_and_formatted_rate():
    assert area_customdata(areas()) == [
        ["1", 12, "0.05"], ["150", 0, "0.0"], ["296", 3, "not known"]]


def test_area_customdata_rate_one_decimal_above_a_tenth():
    frame = pd.DataFrame({"rank": [7], "interventions": [40], "per_10k": [12.34]})
    assert area_customdata(frame) == [["7", 40, "12.3"]]


def test_area_customdata_empty():
    assert area_customdata(areas().iloc[:0]) == []


def test_outline_style_thick_black_where_mapped_thin_white_else():
    assert outline_style(areas()) == {"width": [2.2, 0.4, 2.2],
                                      "color": ["#000000", "#ffffff", "#000000"]}


def test_outline_style_empty():
    assert outline_style(areas().iloc[:0]) == {"width": [], "color": []}


# deprivation_choropleth ---------------------------------------------------------------------


def test_deprivation_choropleth_trace():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, rank_label="Rank of average IMD score")
    assert len(figure.data) == 1
    assert trace_json(figure) == {
        "type": "choroplethmap",
        "geojson": GEOJSON,
        "locations": ["E06000009", "E08000025", "E06000063"],
        "z": [1, 6, 10],
        "zmin": 0.5,
        "zmax": 10.5,
        "colorscale": DECILE_SCALE,
        "marker": {"line": {"width": [2.2, 0.4, 2.2], "color": ["#000000", "#ffffff", "#000000"]}},
        "customdata": [["1", 12, "0.05"], ["150", 0, "0.0"], ["296", 3, "not known"]],
        "text": ["Blackpool", "Birmingham", "Cumberland"],
        "hovertemplate": HOVER,
        "colorbar": COLORBAR,
        "name": "Deprivation decile",
    }


def test_deprivation_choropleth_layout_defaults_to_england():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, rank_label="Rank of average IMD score")
    assert layout_json(figure) == {
        "map": {"style": "white-bg", "center": {"lat": 52.75, "lon": -1.9}, "zoom": 5.1},
        "showlegend": False,
        "height": 680,
        "title": TITLE,
        "margin": {"t": 54, "b": 54, "l": 10, "r": 10},
        "annotations": [SOURCES],
        "meta": {"axis_margin": 40},
    }


def test_deprivation_choropleth_centre_zoom_height_and_rank_label():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, rank_label="Rank of LSOA",
                                    centre={"lat": 53.8, "lon": -3.0}, zoom=9.5, height=430)
    layout = layout_json(figure)
    assert layout["map"] == {"style": "white-bg", "center": {"lat": 53.8, "lon": -3.0}, "zoom": 9.5}
    assert layout["height"] == 430
    assert figure.data[0].hovertemplate == HOVER.replace("Rank of average IMD score", "Rank of LSOA")


def test_deprivation_choropleth_without_outline():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, rank_label="Rank", outline=False)
    assert trace_json(figure)["marker"] == {"line": {"width": 0.4, "color": "#ffffff"}}


def test_deprivation_choropleth_points_trace():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, rank_label="Rank", points=points())
    assert [trace.type for trace in figure.data] == ["choroplethmap", "scattermap"]
    assert trace_json(figure, 1) == {
        "type": "scattermap",
        "lat": [53.8, 52.5],
        "lon": [-3.05, -1.9],
        "mode": "markers",
        "marker": {"size": 9, "color": "#F46A25", "opacity": 0.95},
        "text": ["Drop-in", "Caf&eacute; &amp; co"],  # names come escaped by the caller
        "hovertemplate": "%{text}<extra>Intervention</extra>",
        "name": "Interventions with a location",
    }


def test_deprivation_choropleth_empty_points_still_draw_a_trace():
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, rank_label="Rank", points=points().iloc[:0])
    assert [trace.type for trace in figure.data] == ["choroplethmap", "scattermap"]
    assert (trace_json(figure, 1)["lat"], trace_json(figure, 1)["lon"]) == ([], [])


def test_deprivation_choropleth_no_areas():
    figure = deprivation_choropleth(areas().iloc[:0], collection(), CAPTION, rank_label="Rank")
    trace = trace_json(figure)
    assert {key: trace[key] for key in ("locations", "z", "customdata", "text", "marker")} == {
        "locations": [], "z": [], "customdata": [], "text": [],
        "marker": {"line": {"width": [], "color": []}}}
    assert trace["geojson"] == {"type": "FeatureCollection", "features": []}


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
    figure = deprivation_choropleth(areas(), GEOJSON, CAPTION, rank_label="Rank of average IMD score",
                                    points=points())
    vector = vector_map(figure)
    choropleth, scatter = trace_json(vector, 0), trace_json(vector, 1)
    assert (choropleth["type"], scatter["type"]) == ("choropleth", "scattergeo")
    assert choropleth["hovertemplate"] == HOVER
    assert choropleth["colorbar"] == COLORBAR
    assert choropleth["locations"] == ["E06000009", "E08000025", "E06000063"]
    assert choropleth["geojson"]["features"][0]["geometry"]["coordinates"] == [
        [[-3.1, 53.7], [-3.1, 53.9], [-3.0, 53.9], [-3.0, 53.7], [-3.1, 53.7]]]
    assert scatter["marker"] == {"size": 9, "color": "#F46A25", "opacity": 0.95}
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


# fit_view -----------------------------------------------------------------------------------


def test_fit_view_square_on_the_equator():
    # 45 degrees each way: log2(512 * 360 / (256 * 45)) = 4, log2(256 * 360 / (256 * 45)) = 3
    centre, zoom = fit_view(collection({"type": "Polygon", "coordinates": [square(10, -22.5, 55, 22.5)]}),
                            width=512, height=256)
    assert centre == {"lat": 0.0, "lon": 32.5}
    assert zoom == pytest.approx(2.7)


def test_fit_view_stretches_latitude_by_its_cosine():
    # centred on 60 N: 22.5 degrees of latitude span 22.5 / cos 60 = 45 on the map
    # width: log2(1024 * 360 / (256 * 45)) = 5; height: log2(512 * 360 / (256 * 45)) = 4
    centre, zoom = fit_view(collection({"type": "Polygon", "coordinates": [square(-20, 48.75, 25, 71.25)]}),
                            width=1024, height=512)
    assert centre == {"lat": 60.0, "lon": 2.5}
    assert zoom == pytest.approx(3.7)


def test_fit_view_bounds_every_feature_and_multipolygon_part():
    geojson = collection(
        {"type": "Polygon", "coordinates": [square(10, -22.5, 20, 0)]},
        {"type": "MultiPolygon", "coordinates": [[square(30, 0, 40, 10)], [square(50, 10, 55, 22.5)]]},
    )
    centre, zoom = fit_view(geojson, width=512, height=256)
    assert centre == {"lat": 0.0, "lon": 32.5}
    assert zoom == pytest.approx(2.7)


def test_fit_view_reads_numpy_coordinates():
    geojson = collection({"type": "Polygon", "coordinates": np.array([square(10, -22.5, 55, 22.5)])})
    centre, zoom = fit_view(geojson, width=512, height=256)
    assert centre == {"lat": 0.0, "lon": 32.5}
    assert zoom == pytest.approx(2.7)


def test_fit_view_default_size_returns_plain_floats():
    centre, zoom = fit_view(collection({"type": "Polygon", "coordinates": [square(10, -22.5, 55, 22.5)]}))
    # log2(430 * 360 / (256 * 45)) = log2(13.4375) = 3.7482 for both spans
    assert zoom == pytest.approx(3.4482, abs=1e-4)
    assert [type(value) for value in (*centre.values(), zoom)] == [float, float, float]


def test_fit_view_single_point_uses_the_minimum_span():
    centre, zoom = fit_view(collection({"type": "Point", "coordinates": [-1.5, 53.0]}))
    # spans clamp to 0.01 degrees: log2(430 * 360 / 2.56) = log2(60468.75) = 15.8839
    assert centre == {"lat": 53.0, "lon": -1.5}
    assert zoom == pytest.approx(15.5839, abs=1e-4)


def test_fit_view_empty_collection_falls_back_to_england():
    assert fit_view({"type": "FeatureCollection", "features": []}) == ({"lat": 52.75, "lon": -1.9}, 5.1)


def test_fit_view_features_without_coordinates_fall_back_to_england():
    geojson = collection({"type": "Polygon", "coordinates": []},
                         {"type": "Polygon", "coordinates": np.empty((0, 2))})
    assert fit_view(geojson) == ({"lat": 52.75, "lon": -1.9}, 5.1)


def test_fit_view_fallback_is_a_copy():
    centre, _ = fit_view({"features": []})
    centre["lat"] = 0
    assert ENGLAND_CENTRE == {"lat": 52.75, "lon": -1.9}
