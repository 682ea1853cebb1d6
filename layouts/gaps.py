"""The need-against-provision page: component trees, and the values its callback shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.views.gaps import GapsPage
from layouts.components import graph, graph_card, ranked_lists, simple_table
from layouts.ids import Id


def _number(label: str, control_id: str, value: float, step: float, unit: str) -> dbc.Col:
    return dbc.Col(
        html.Div([
            html.Label(label, htmlFor=control_id, className="form-label mb-1"),
            dbc.InputGroup([dcc.Input(id=control_id, type="number", value=value, step=step,
                                      min=0, debounce=True, className="form-control"),
                            dbc.InputGroupText(unit)]),
        ]),
        md=4,
    )


def gaps_section(thresholds: Sequence[float]) -> html.Section:
    """Need against provision for the dataset's localities."""
    need, rate, share = thresholds
    return html.Section(
        [
            html.H2("Need against provision", className="page-heading"),
            graph_card("Gap class by locality and determinant", Id.GAP_HEATMAP,
                       Id.GAP_HEATMAP_SUMMARY),
            dbc.Card(dbc.CardBody([
                html.H3("Thresholds", className="h6"),
                dbc.Row([
                    _number("High need: national percentile at least", Id.GAP_NEED, need, 1,
                            "of 100"),
                    _number("Low provision: fewer than", Id.GAP_RATE, rate, 0.1,
                            "per 10,000 adults"),
                    _number("…or a share of the locality's interventions under", Id.GAP_SHARE,
                            share, 1, "%"),
                ]),
                html.P(id=Id.GAP_METHOD, className="small mt-2 mb-0"),
                dcc.Link("How is this calculated?", href="/methods", className="small"),
            ]), className="my-3 thresholds-card"),
            dbc.Row([
                dbc.Col(dbc.Card(dbc.CardBody([
                    html.H3("Priority gaps", className="h5"),
                    html.Div(id=Id.GAP_PRIORITIES)])), xl=6, className="my-3"),
                dbc.Col(dbc.Card(dbc.CardBody([
                    html.H3("Determinants without a need indicator", className="h5"),
                    html.P("Shown so that their provision, or its absence, stays visible.",
                           className="small text-muted"),
                    html.Div(id=Id.GAP_UNINDICATED)])), xl=6, className="my-3"),
            ]),
            dbc.Row([
                dbc.Col(graph_card("Population groups: need and provision", Id.GAP_PARITY,
                                   Id.GAP_PARITY_SUMMARY), xl=7, className="mb-3"),
                dbc.Col(dbc.Card(dbc.CardBody([
                    html.H3("The evaluation gap (all localities)", className="h5"),
                    html.Div(id=Id.GAP_EVALUATION)])), xl=5, className="mb-3"),
            ]),
        ],
        id=Id.GAPS_PAGE, **{"aria-label": "Need against provision"},
    )


def gaps_values(page: GapsPage) -> dict[str, Any]:
    """The values the gaps callback's outputs show, by output name (see ``callbacks.gaps``)."""
    return {
        "method": page.method, "classes": graph(Id.GAP_HEATMAP, page.classes.figure),
        "classes_summary": page.classes.summary,
        "priorities": ranked_lists(page.priorities, page.listed),
        "unindicated": simple_table(("Determinant", "Level", "Interventions"), page.unindicated),
        "parity": graph(Id.GAP_PARITY, page.parity.figure), "parity_summary": page.parity.summary,
        "evaluation": simple_table(("Measure", "Value"), page.evaluation),
    }
