"""The atlas page: component trees only, built from values computed elsewhere."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from layouts.ids import Id

TEMPLATE_XLSX_URL = "/download/template.xlsx"
TEMPLATE_CSV_URL = "/download/template.csv"


def illustrative_banner(notice: str) -> html.Div:
    """Banner shown on every page when the loaded dataset is illustrative."""
    return html.Div(
        [html.Strong("Illustrative data. "), notice],
        id=Id.BANNER,
        className="alert alert-warning mb-3 illustrative-banner",
        role="status",
    )


def _graph_card(title: str, graph_id: str, figure: go.Figure, summary_id: str, summary: str):
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(title, className="h5"),
                dcc.Graph(
                    id=graph_id,
                    figure=figure,
                    config={"displaylogo": False, "toImageButtonOptions": {"scale": 2}},
                    className="atlas-graph",
                ),
                html.Details(
                    [html.Summary("Text alternative"), html.P(summary, id=summary_id)],
                    open=False,
                    className="mt-2 small",
                ),
            ]
        ),
        className="h-100",
    )


def build_layout(
    *,
    title: str,
    dataset_label: str,
    notice: str | None,
    domain_options: Sequence[dict[str, str]],
    domain: str,
    map_figure: go.Figure,
    map_summary: str,
    heatmap_figure: go.Figure,
    heatmap_summary: str,
    dataset_facts: Sequence[tuple[str, str]],
    sources: Sequence[str],
) -> html.Div:
    """Whole page: header, banner, controls, map beside heatmap, dataset card, sources."""
    header = html.Header(
        dbc.Container(
            [
                html.H1(title, className="h3 mb-0"),
                html.P(dataset_label, className="mb-0 small"),
            ],
            fluid=True,
        ),
        className="atlas-header py-3 mb-3",
    )
    controls = dbc.Row(
        dbc.Col(
            [
                html.Label("Deprivation domain (IoD2025)", htmlFor=Id.DOMAIN, className="form-label"),
                dcc.Dropdown(
                    id=Id.DOMAIN,
                    options=list(domain_options),
                    value=domain,
                    clearable=False,
                    searchable=False,
                ),
            ],
            md=6,
            lg=4,
        ),
        className="mb-3",
    )
    facts = html.Dl(
        [item for label, value in dataset_facts for item in (html.Dt(label), html.Dd(value))],
        className="dataset-facts mb-2",
    )
    dataset_card = dbc.Card(
        dbc.CardBody(
            [
                html.H2("Dataset", className="h5"),
                facts,
                html.P("Add your own mapping with the exchange template:", className="mb-1"),
                html.Ul(
                    [
                        html.Li(html.A("Blank template (XLSX, with code-list dropdowns)",
                                       href=TEMPLATE_XLSX_URL)),
                        html.Li(html.A("Blank template (CSV)", href=TEMPLATE_CSV_URL)),
                    ]
                ),
            ]
        ),
        id=Id.DATASET_PANEL,
        className="mb-3",
    )
    main = html.Main(
        dbc.Container(
            [
                illustrative_banner(notice) if notice is not None else None,
                controls,
                dbc.Row(
                    [
                        dbc.Col(
                            _graph_card("Deprivation by district", Id.MAP, map_figure,
                                        Id.MAP_SUMMARY, map_summary),
                            xl=5, className="mb-3",
                        ),
                        dbc.Col(
                            _graph_card("Provision: determinant by intervention type", Id.HEATMAP,
                                        heatmap_figure, Id.HEATMAP_SUMMARY, heatmap_summary),
                            xl=7, className="mb-3",
                        ),
                    ]
                ),
                dataset_card,
            ],
            fluid=True,
        )
    )
    footer = html.Footer(
        dbc.Container([html.P(s, className="small mb-1") for s in sources], fluid=True),
        className="atlas-footer py-3 mt-3",
    )
    return html.Div([dcc.Location(id=Id.URL), header, main, footer])
