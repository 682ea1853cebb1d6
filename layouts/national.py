"""The national page: the deprivation map first, then the provision heatmaps and intersections."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.views.common import Chart
from layouts.components import graph_card
from layouts.ids import Id


def national_section(map_chart: Chart, map_key: str, areas: html.Section) -> html.Section:
    """The map drawn for the view; the provision figures are filled by their own callback.

    ``map_key``: what the map was drawn for (``callbacks.national.map_key``); ``areas``: the
    areas panel (``layouts.areas.area_section``).
    """
    return html.Section(
        [
            dcc.Store(id=Id.MAP_MODE_SHOWN, data=map_key), dcc.Store(id=Id.PROVISION_SHOWN),
            html.H2("England: deprivation and coded provision", className="page-heading"),
            dbc.Row(
                [
                    # The map first (on a phone too), then the areas it shows: local
                    # authorities, Sub-ICB locations or ICBs, and the ICB drill.
                    dbc.Col([graph_card("Deprivation by area", Id.MAP, Id.MAP_SUMMARY,
                                        map_chart.figure, map_chart.summary, scroll=False),
                             areas], xl=5, className="mb-3 map-column"),
                    dbc.Col(graph_card("Determinant by intervention type", Id.HEATMAP,
                                       Id.HEATMAP_SUMMARY), xl=7, className="mb-3"),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(graph_card("Population group by determinant", Id.POP_HEATMAP,
                                       Id.POP_HEATMAP_SUMMARY), xl=7, className="mb-3"),
                    dbc.Col(graph_card("Intersectional targeting", Id.INTERSECTION,
                                       Id.INTERSECTION_SUMMARY), xl=5, className="mb-3"),
                ]
            ),
            graph_card("Locality by determinant", Id.LOC_HEATMAP, Id.LOC_HEATMAP_SUMMARY),
        ],
        id=Id.NATIONAL_PAGE,
        **{"aria-label": "National view"},
    )
