"""The national map coloured by change in rank since 2019 (a deprivation choropleth, recoloured)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.caption import Caption
from dashboard.figures.maps import ColourClasses, deprivation_choropleth
from dashboard.figures.theme import DEPRIVATION_DECILES, HIGHLIGHT

# Diverging, from the deprivation scale's ends: dark = relatively more deprived, light = less.
CHANGE_COLOURS = (DEPRIVATION_DECILES[1], DEPRIVATION_DECILES[3], "#e8e8e8",
                  DEPRIVATION_DECILES[6], DEPRIVATION_DECILES[8])


def change_choropleth(areas: pd.DataFrame, geojson: dict, caption: Caption,
                      class_labels: Sequence[str], **kwargs) -> go.Figure:
    """Districts coloured by change class (``areas["colour_class"]`` holds 1-5), watched outlined.

    Args:
        areas: as :func:`figures.maps.deprivation_choropleth` takes, with ``colour_class`` the
            change class (1: most "more deprived") and ``watch`` (bool) the districts to outline.
        geojson: FeatureCollection of the districts.
        caption: title, subtitle and source lines.
        class_labels: the five class labels, class 1 first (the legend's ends).
        **kwargs: passed to ``deprivation_choropleth`` (bounds, height).
    """
    classes = ColourClasses("Rank since 2019", CHANGE_COLOURS, tuple(class_labels))
    figure = deprivation_choropleth(areas, geojson, caption, classes=classes, outline=False,
                                    **kwargs)
    watch = areas["watch"].to_numpy(dtype=bool)
    figure.update_traces(
        selector={"type": "choroplethmap"},
        marker={"line": {"width": np.where(watch, 2.4, 0.4).tolist(),
                         "color": np.where(watch, HIGHLIGHT, "#ffffff").tolist()}})
    return figure
