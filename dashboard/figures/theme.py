"""One palette and one plotly template for every figure."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# UK Government Analysis Function categorical palette.
CATEGORICAL = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
# 10-class sequential blue to pale green, decile 1 (most deprived) darkest: lightness (CIELAB L*)
# rises evenly from 40 to 95, so the order reads in greyscale and with any colour vision. The
# darkest class keeps 3.2:1 against black, so the black outline of districts with interventions
# and the black intervention points show on every class (tests/figures/test_theme.py).
DEPRIVATION_DECILES = (
    "#4c55b0", "#496bb7", "#4380bf", "#4e93c3", "#5da6c5",
    "#6cb9c8", "#8ec8c7", "#acd9c5", "#c9e9c5", "#eef6d2",
)
# The same ramp in seven steps (darkest first) for classes of a share.
SHARE_CLASS_COLOURS = ("#4c55b0", "#4775bb", "#4e93c3", "#63afc7", "#8ec8c7", "#bbe1c5", "#eef6d2")
# Sequential blues for counts of provision, light enough everywhere for INK text at 4.5:1 or
# more; gaps are drawn in GAP_COLOUR, outside this scale.
PROVISION_SCALE = ((0.0, "#eaf2fa"), (0.5, "#a9cbe8"), (1.0, "#5b95cf"))
GAP_COLOUR = "#ececec"
HIGHLIGHT = "#000000"
HALO = "#ffffff"
INK = "#0b0c0c"
FONT = "Arial, Helvetica, sans-serif"


def stepped_colorscale(colours: tuple[str, ...]) -> list[tuple[float, str]]:
    """Stepped colour scale for z in 1..n (n colours) with zmin=0.5 and zmax=n+0.5."""
    scale: list[tuple[float, str]] = []
    n = len(colours)
    for index, colour in enumerate(colours):
        scale.append((index / n, colour))
        scale.append(((index + 1) / n, colour))
    return scale


def decile_colorscale() -> list[tuple[float, str]]:
    """Stepped colour scale for z in 1..10 with zmin=0.5 and zmax=10.5."""
    return stepped_colorscale(DEPRIVATION_DECILES)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour (0 black to 1 white)."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(fill: str) -> str:
    """White or ink, whichever has the higher contrast on ``fill`` (text inside a cell)."""
    return "#ffffff" if contrast_ratio(fill, "#ffffff") >= contrast_ratio(fill, INK) else INK


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
