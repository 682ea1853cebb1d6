"""Shared building blocks of the atlas pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

GRAPH_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"scale": 2}}


def graph_card(title: str, graph_id: str, summary_id: str, figure: go.Figure | None = None,
               summary: str = "") -> dbc.Card:
    """A figure with a heading and its text alternative."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(title, className="h6 text-uppercase text-muted mb-1"),
                dcc.Loading(
                    dcc.Graph(id=graph_id, figure=figure or go.Figure(), config=GRAPH_CONFIG,
                              className="atlas-graph"),
                    type="default", delay_show=300,
                ),
                html.Details(
                    [html.Summary("Text alternative"), html.P(summary, id=summary_id)],
                    className="mt-2 small",
                ),
            ]
        ),
        className="h-100",
    )


def card_list(cards: Sequence[Any]) -> html.Div:
    """Headline cards stacked in one column (for side-by-side comparison)."""
    return html.Div([
        dbc.Card(dbc.CardBody([
            html.P(card.label, className="small text-muted mb-1"),
            html.P(card.value, className="h5 mb-1"),
            html.P(f"Dataset: {card.dataset}. England: {card.england}.", className="small mb-0"),
        ]), className="mb-2")
        for card in cards
    ])


def radio_group(control_id: str, options: Mapping[str, str], value: str, label: str) -> html.Fieldset:
    """Inline radio buttons in a fieldset whose legend names them."""
    return html.Fieldset(
        [
            html.Legend(label, className="form-label fs-6 mb-1"),
            dbc.RadioItems(id=control_id, options=[{"label": v, "value": k}
                                                   for k, v in options.items()],
                           value=value, inline=True),
        ],
        className="mb-2",
    )
