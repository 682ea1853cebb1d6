import plotly.graph_objects as go

from dashboard.figures.theme import (
    CATEGORICAL,
    DEPRIVATION_DECILES,
    FIGURE_TEMPLATE,
    FONT,
    GAP_COLOUR,
    HIGHLIGHT,
    PROVISION_SCALE,
    TEMPLATE_UNUSED_LAYOUT,
    decile_colorscale,
)


def test_palettes_are_the_documented_colours():
    assert CATEGORICAL == ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
    assert DEPRIVATION_DECILES == (
        "#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7",
        "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061",
    )
    assert PROVISION_SCALE == ((0.0, "#dbe9f6"), (0.5, "#4a8cc4"), (1.0, "#0b2f5b"))
    assert (GAP_COLOUR, HIGHLIGHT, FONT) == ("#ececec", "#000000", "Arial, Helvetica, sans-serif")


def test_decile_colorscale_is_stepped_one_band_per_decile():
    assert decile_colorscale() == [
        (0.0, "#67001f"), (0.1, "#67001f"),
        (0.1, "#b2182b"), (0.2, "#b2182b"),
        (0.2, "#d6604d"), (0.3, "#d6604d"),
        (0.3, "#f4a582"), (0.4, "#f4a582"),
        (0.4, "#fddbc7"), (0.5, "#fddbc7"),
        (0.5, "#d1e5f0"), (0.6, "#d1e5f0"),
        (0.6, "#92c5de"), (0.7, "#92c5de"),
        (0.7, "#4393c3"), (0.8, "#4393c3"),
        (0.8, "#2166ac"), (0.9, "#2166ac"),
        (0.9, "#053061"), (1.0, "#053061"),
    ]


def test_decile_colorscale_is_a_new_list_each_call():
    first = decile_colorscale()
    first.clear()
    assert len(decile_colorscale()) == 20


def test_decile_colorscale_is_accepted_by_plotly():
    trace = go.Heatmap(z=[[1, 10]], colorscale=decile_colorscale())
    assert trace.to_plotly_json()["colorscale"][:3] == [
        [0.0, "#67001f"], [0.1, "#67001f"], [0.1, "#b2182b"]]


def test_figure_template_layout_has_the_atlas_font_colours_and_title():
    layout = FIGURE_TEMPLATE.to_plotly_json()["layout"]
    assert layout["font"] == {"family": "Arial, Helvetica, sans-serif", "size": 13, "color": "#0b0c0c"}
    assert layout["colorway"] == ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
    assert layout["title"] == {"x": 0.0, "xanchor": "left", "font": {"size": 17}}
    assert layout["paper_bgcolor"] == "#ffffff"
    assert layout["plot_bgcolor"] == "#ececec"
    assert layout["hoverlabel"] == {"font": {"family": "Arial, Helvetica, sans-serif", "size": 13}}


def test_figure_template_drops_unused_layout_parts():
    assert TEMPLATE_UNUSED_LAYOUT == ("geo", "polar", "scene", "ternary", "mapbox", "colorscale")
    layout = FIGURE_TEMPLATE.to_plotly_json()["layout"]
    assert not set(layout) & {"geo", "polar", "scene", "ternary", "mapbox", "colorscale"}
    assert {"xaxis", "yaxis", "hovermode"} <= set(layout)  # kept from plotly_white


def test_figure_template_keeps_only_drawn_trace_types_without_colour_scales():
    data = FIGURE_TEMPLATE.to_plotly_json()["data"]
    # choroplethmap is listed but plotly_white has no defaults for it
    assert set(data) <= {"bar", "choroplethmap", "heatmap", "scatter", "scattermap"}
    assert {"bar", "heatmap", "scatter"} <= set(data)
    assert not {"choropleth", "contour", "histogram2d", "surface", "scattergeo"} & set(data)
    assert [kind for kind, traces in data.items() for trace in traces if "colorscale" in trace] == []
    assert data["heatmap"] == [{"type": "heatmap", "colorbar": {"outlinewidth": 0, "ticks": ""}}]
