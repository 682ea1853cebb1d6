import plotly.graph_objects as go
import pytest

from dashboard.figures.theme import (
    CATEGORICAL,
    DEPRIVATION_DECILES,
    FIGURE_TEMPLATE,
    FONT,
    GAP_COLOUR,
    HALO,
    HIGHLIGHT,
    INK,
    PROVISION_SCALE,
    SHARE_CLASS_COLOURS,
    TEMPLATE_UNUSED_LAYOUT,
    contrast_ratio,
    decile_colorscale,
    relative_luminance,
    stepped_colorscale,
    text_colour_on,
)
from dashboard.views.gaps import GAP_COLOURS


def test_palettes_are_the_documented_colours():
    assert CATEGORICAL == ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
    assert DEPRIVATION_DECILES == (
        "#4c55b0", "#496bb7", "#4380bf", "#4e93c3", "#5da6c5",
        "#6cb9c8", "#8ec8c7", "#acd9c5", "#c9e9c5", "#eef6d2",
    )
    assert SHARE_CLASS_COLOURS == (
        "#4c55b0", "#4775bb", "#4e93c3", "#63afc7", "#8ec8c7", "#bbe1c5", "#eef6d2")
    assert PROVISION_SCALE == ((0.0, "#eaf2fa"), (0.5, "#a9cbe8"), (1.0, "#5b95cf"))
    assert (GAP_COLOUR, HIGHLIGHT, HALO, INK, FONT) == (
        "#ececec", "#000000", "#ffffff", "#0b0c0c", "Arial, Helvetica, sans-serif")


def test_deprivation_deciles_are_sequential_with_decile_1_darkest():
    # lightness rises with the decile, so the order reads in greyscale and with any colour
    # vision (a single dark-to-light ramp, not a diverging red-blue one)
    luminance = [relative_luminance(c) for c in DEPRIVATION_DECILES]
    assert luminance == sorted(luminance) and luminance[0] < luminance[-1]
    assert all(b / a > 1.1 for a, b in zip(luminance, luminance[1:], strict=False))
    share = [relative_luminance(c) for c in SHARE_CLASS_COLOURS]
    assert share == sorted(share)


def test_outline_and_points_stand_out_on_every_class_colour():
    # the black outline of districts with interventions and the black intervention dots
    for fill in (*DEPRIVATION_DECILES, *SHARE_CLASS_COLOURS):
        assert contrast_ratio(HIGHLIGHT, fill) >= 3, fill


def test_heatmap_cell_text_reads_on_every_fill():
    ends = [colour for _, colour in PROVISION_SCALE] + [GAP_COLOUR]
    for fill in ends:
        assert contrast_ratio(INK, fill) >= 4.5, fill
    for fill in GAP_COLOURS.values():
        assert contrast_ratio(text_colour_on(fill), fill) >= 4.5, fill
    assert text_colour_on("#801650") == "#ffffff"
    assert text_colour_on("#F46A25") == INK and text_colour_on("#28A197") == INK


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == 1


def test_decile_colorscale_is_stepped_one_band_per_decile():
    assert decile_colorscale() == [
        (0.0, "#4c55b0"), (0.1, "#4c55b0"),
        (0.1, "#496bb7"), (0.2, "#496bb7"),
        (0.2, "#4380bf"), (0.3, "#4380bf"),
        (0.3, "#4e93c3"), (0.4, "#4e93c3"),
        (0.4, "#5da6c5"), (0.5, "#5da6c5"),
        (0.5, "#6cb9c8"), (0.6, "#6cb9c8"),
        (0.6, "#8ec8c7"), (0.7, "#8ec8c7"),
        (0.7, "#acd9c5"), (0.8, "#acd9c5"),
        (0.8, "#c9e9c5"), (0.9, "#c9e9c5"),
        (0.9, "#eef6d2"), (1.0, "#eef6d2"),
    ]
    assert stepped_colorscale(("#000000", "#ffffff")) == [
        (0.0, "#000000"), (0.5, "#000000"), (0.5, "#ffffff"), (1.0, "#ffffff")]


def test_decile_colorscale_is_a_new_list_each_call():
    first = decile_colorscale()
    first.clear()
    assert len(decile_colorscale()) == 20


def test_decile_colorscale_is_accepted_by_plotly():
    trace = go.Heatmap(z=[[1, 10]], colorscale=decile_colorscale())
    assert trace.to_plotly_json()["colorscale"][:3] == [
        [0.0, "#4c55b0"], [0.1, "#4c55b0"], [0.1, "#496bb7"]]


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
