"""One palette and one plotly template for every figure."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# UK Government Analysis Function categorical palette.
CATEGORICAL = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
# 10-class diverging red (decile 1, most deprived) to blue (decile 10, least deprived).
DEPRIVATION_DECILES = (
    "#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7",
    "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061",
)
# Sequential blues for counts of provision; gaps are drawn in GAP_COLOUR, outside this scale.
PROVISION_SCALE = ((0.0, "#dbe9f6"), (0.5, "#4a8cc4"), (1.0, "#0b2f5b"))
GAP_COLOUR = "#ececec"
HIGHLIGHT = "#000000"
FONT = "Arial, Helvetica, sans-serif"


def decile_colorscale() -> list[tuple[float, str]]:
    """Stepped colour scale for z in 1..10 with zmin=0.5 and zmax=10.5."""
    scale: list[tuple[float, str]] = []
    for index, colour in enumerate(DEPRIVATION_DECILES):
        scale.append((index / 10, colour))
        scale.append(((index + 1) / 10, colour))
    return scale


# Trace types the atlas draws, and layout parts of the template they read (others are dropped).
TEMPLATE_TRACES = ("bar", "choroplethmap", "heatmap", "scatter", "scattermap")
# Every trace here sets its own colour scale, so the template's default scales are dropped too.
TEMPLATE_UNUSED_LAYOUT = ("geo", "polar", "scene", "ternary", "mapbox", "colorscale")


def _template() -> go.layout.Template:
    """The atlas template, trimmed to the trace types and layout parts the atlas draws.

    plotly_white with the atlas font, colours and title placement; dropping the parts no atlas
    figure reads (other trace types, geo, polar, default colour scales) halves the bytes of
    each figure sent and takes a third off the time plotly spends validating it.
    """
    base = pio.templates["plotly_white"].to_plotly_json()
    layout = {k: v for k, v in base["layout"].items() if k not in TEMPLATE_UNUSED_LAYOUT}
    layout.update(
        font={"family": FONT, "size": 13, "color": "#0b0c0c"}, colorway=list(CATEGORICAL),
        title={"x": 0.0, "xanchor": "left", "font": {"size": 17}}, paper_bgcolor="#ffffff",
        plot_bgcolor=GAP_COLOUR, hoverlabel={"font": {"family": FONT, "size": 13}},
    )
    data = {kind: [{k: v for k, v in trace.items() if k != "colorscale"} for trace in traces]
            for kind, traces in base["data"].items() if kind in TEMPLATE_TRACES}
    return go.layout.Template({"layout": layout, "data": data})


# Shared and never modified: plotly copies a template into each figure it is assigned to.
FIGURE_TEMPLATE = _template()
