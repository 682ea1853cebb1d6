"""One palette and one registered plotly template for every figure."""

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
TEMPLATE_NAME = "atlas"


def register_template() -> str:
    """Register the atlas plotly template (idempotent) and return its name."""
    if TEMPLATE_NAME not in pio.templates:
        template = go.layout.Template(pio.templates["plotly_white"])
        template.layout.font = {"family": FONT, "size": 13, "color": "#0b0c0c"}
        template.layout.colorway = list(CATEGORICAL)
        template.layout.title = {"x": 0.0, "xanchor": "left", "font": {"size": 17}}
        template.layout.paper_bgcolor = "#ffffff"
        template.layout.plot_bgcolor = GAP_COLOUR
        template.layout.hoverlabel = {"font": {"family": FONT, "size": 13}}
        pio.templates[TEMPLATE_NAME] = template
    return TEMPLATE_NAME


def decile_colorscale() -> list[tuple[float, str]]:
    """Stepped colour scale for z in 1..10 with zmin=0.5 and zmax=10.5."""
    scale: list[tuple[float, str]] = []
    for index, colour in enumerate(DEPRIVATION_DECILES):
        scale.append((index / 10, colour))
        scale.append(((index + 1) / 10, colour))
    return scale
