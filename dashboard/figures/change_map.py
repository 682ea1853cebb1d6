"""The national map coloured by change in rank since 2019 (a deprivation choropleth, recoloured)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.caption import Caption
from dashboard.figures.maps import deprivation_choropleth
from dashboard.figures.theme import DEPRIVATION_DECILES, HIGHLIGHT

# Diverging, from the deprivation scale's ends: red = relatively more deprived, blue = less.
CHANGE_COLOURS = (DEPRIVATION_DECILES[1], DEPRIVATION_DECILES[3], "#e8e8e8",
                  DEPRIVATION_DECILES[6], DEPRIVATION_DECILES[8])
CHANGE_HOVER = ("<b>%{text}</b><br>%{customdata[0]}<br>Interventions mapped: %{customdata[1]}"
                "<br>Per 10,000 adults: %{customdata[2]}<extra></extra>")


def _stepped(colours: Sequence[str]) -> list[tuple[float, str]]:
    n = len(colours)
    scale: list[tuple[float, str]] = []
    for index, colour in enumerate(colours):
        scale += [(index / n, colour), ((index + 1) / n, colour)]
    return scale


def change_choropleth(areas: pd.DataFrame, geojson: dict, caption: Caption,
                      class_labels: Sequence[str], **kwargs) -> go.Figure:
    """Districts coloured by change class (``areas["decile"]`` holds 1-5), watched ones outlined.

    Args:
        areas: as :func:`figures.maps.deprivation_choropleth` takes, with ``decile`` the change
            class (1: most "more deprived") and ``watch`` (bool) the districts to outline.
        geojson: FeatureCollection of the districts.
        caption: title, subtitle and source lines.
        class_labels: the five class labels, class 1 first (the legend's ends).
        **kwargs: passed to ``deprivation_choropleth`` (centre, zoom, height).
    """
    figure = deprivation_choropleth(areas, geojson, caption, rank_label="Change",
                                    outline=False, **kwargs)
    watch = areas["watch"].to_numpy(dtype=bool)
    n = len(CHANGE_COLOURS)
    figure.update_traces(
        selector={"type": "choroplethmap"}, colorscale=_stepped(CHANGE_COLOURS), zmin=0.5,
        zmax=n + 0.5, hovertemplate=CHANGE_HOVER,
        colorbar={"title": {"text": "Rank since 2019", "side": "top"},
                  "tickvals": list(range(1, n + 1)), "ticktext": list(class_labels),
                  "thickness": 14, "len": 0.8},
        marker={"line": {"width": np.where(watch, 2.4, 0.4).tolist(),
                         "color": np.where(watch, HIGHLIGHT, "#ffffff").tolist()}})
    return figure
