"""The national page: the deprivation map beside the provision heatmaps and intersections."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import html

from dashboard.views.common import Chart
from layouts.areas import area_section
from layouts.components import graph_card
from layouts.ids import Id


def _shown(chart: Chart) -> tuple[go.Figure, str]:
    return chart.figure, chart.summary


def national_section(figures: Mapping[str, Chart]) -> html.Section:
    """National view: map beside provision heatmaps, then groups, localities and intersections."""
    return html.Section(
        [
            html.H2("England: deprivation and coded provision", className="h4"),
            area_section(),  # local authorities, Sub-ICB locations or ICBs; the ICB drill
            dbc.Row(
                [
                    dbc.Col(graph_card("Deprivation by area", Id.MAP, Id.MAP_SUMMARY,
                                       *_shown(figures["map"])), xl=5, className="mb-3"),
                    dbc.Col(graph_card("Determinant by intervention type", Id.HEATMAP,
                                       Id.HEATMAP_SUMMARY, *_shown(figures["determinant_type"])),
                            xl=7, className="mb-3"),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(graph_card("Population group by determinant", Id.POP_HEATMAP,
                                       Id.POP_HEATMAP_SUMMARY, *_shown(figures["population_determinant"])),
                            xl=7, className="mb-3"),
                    dbc.Col(graph_card("Intersectional targeting", Id.INTERSECTION,
                                       Id.INTERSECTION_SUMMARY, *_shown(figures["intersection"])),
                            xl=5, className="mb-3"),
                ]
            ),
            graph_card("Locality by determinant", Id.LOC_HEATMAP, Id.LOC_HEATMAP_SUMMARY,
                       *_shown(figures["locality_determinant"])),
        ],
        id=Id.NATIONAL_PAGE,
        **{"aria-label": "National view"},
    )
