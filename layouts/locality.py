"""The locality page: component trees, and the values its callback shows (no pandas work)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html, no_update

from dashboard.views.common import Chart
from dashboard.views.locality import Card, LocalityPage
from layouts.components import HIDDEN, graph, graph_card, ranked_lists, simple_table
from layouts.ids import Id

TABLE_COLUMNS = (
    ("name", "Name"), ("provider", "Provider"), ("types", "Types"),
    ("determinants", "Determinants"), ("populations", "Population groups"),
    ("provider_type", "Provider type"), ("delivery_mode", "Delivery"),
    ("evaluation_level", "Evaluation"), ("last_verified", "Last verified"),
)
# Shown when the dataset has the column (the service directories' assisted coding adds it).
OPTIONAL_COLUMNS = (("coding_status", "Coding status"),)
LINK_COLUMN = {"field": "url", "headerName": "Link", "cellRenderer": "ServiceLink",
               "sortable": False, "minWidth": 90}


def locality_section(code: str, title: str, map_chart: Chart) -> html.Section:
    """A locality's page: its map drawn for the view; the rest is filled by its callback."""
    grid = dag.AgGrid(
        id=Id.LOCALITY_TABLE,
        columnDefs=table_columns(has_coding_status=False),
        rowData=[],
        defaultColDef={"resizable": True, "minWidth": 120, "flex": 1},
        dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False,
                                          "enableClickSelection": True},
                         "pagination": True, "paginationPageSize": 20,
                         "domLayout": "autoHeight"},
        getRowId="params.data.intervention_id",
        className="ag-theme-quartz",
    )
    return html.Section(
        [
            dcc.Store(id=Id.LOCALITY_MAP_SHOWN, data=code), dcc.Store(id=Id.LOCALITY_KEY),
            dcc.Link("← Back to the national view", id=Id.LOCALITY_BACK, href="/",
                     className="back-link"),
            html.H2(title, id=Id.LOCALITY_TITLE, className="page-heading"),
            html.Div(id=Id.LOCALITY_EMPTY),
            dbc.Row(
                [
                    dbc.Col(graph_card("Deprivation by neighbourhood", Id.LOCALITY_MAP,
                                       Id.LOCALITY_MAP_SUMMARY, map_chart.figure,
                                       map_chart.summary, scroll=False), xl=5, className="mb-3"),
                    dbc.Col([dbc.Row(id=Id.LOCALITY_CARDS, className="mb-3 g-2"),
                             html.Div(graph_card("Determinant by intervention type",
                                                 Id.LOCALITY_HEATMAP, Id.LOCALITY_HEATMAP_SUMMARY),
                                      id=Id.LOCALITY_HEATMAP_COLUMN)], xl=7, className="mb-3"),
                ]
            ),
            dbc.Row(
                id=Id.LOCALITY_PROVISION,
                children=[
                    dbc.Col(graph_card("Population group by determinant", Id.LOCALITY_POP_HEATMAP,
                                       Id.LOCALITY_POP_HEATMAP_SUMMARY), xl=7, className="mb-3"),
                    dbc.Col(graph_card("Locality by determinant", Id.LOCALITY_LOC_HEATMAP,
                                       Id.LOCALITY_LOC_HEATMAP_SUMMARY), xl=5, className="mb-3"),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(graph_card("Need against provision", Id.LOCALITY_QUADRANT,
                                       Id.LOCALITY_QUADRANT_SUMMARY), xl=6, className="mb-3"),
                    dbc.Col(dbc.Card(dbc.CardBody([
                        html.H3("Priority gaps", className="h5"),
                        html.Div(id=Id.LOCALITY_PRIORITIES),
                        html.H3("The evaluation gap", className="h5 mt-3"),
                        html.Div(id=Id.LOCALITY_EVALUATION)])), xl=6, className="mb-3"),
                ]
            ),
            html.H3("Interventions", className="h5"),
            dbc.Row(
                [
                    dbc.Col(html.Div(grid, className="grid-wide"), xl=8, className="mb-3"),
                    dbc.Col(html.Div(html.P("Select a row to see its details.",
                                            className="text-muted"),
                                     id=Id.LOCALITY_DETAIL, className="detail-panel grid-wide",
                                     **{"aria-live": "polite"}), xl=4),
                ]
            ),
            html.Div([html.Div(id=Id.LOCALITY_LIST, className="intervention-list"),
                      dbc.Button("Show more interventions", id=Id.LOCALITY_LIST_MORE, n_clicks=0,
                                 color="secondary", outline=True, className="bar-button mb-3",
                                 style={"display": "none"})],
                     className="list-narrow"),
        ],
        id=Id.LOCALITY_PAGE,
        **{"aria-label": "Locality view"},
    )


def table_columns(*, has_coding_status: bool) -> list[dict[str, Any]]:
    """Column definitions of the interventions grid (the link opens in a new tab)."""
    columns = [*TABLE_COLUMNS, *(OPTIONAL_COLUMNS if has_coding_status else ())]
    return [*({"field": f, "headerName": h, "filter": True, "sortable": True, "wrapText": True,
               "autoHeight": True} for f, h in columns), LINK_COLUMN]


def card_row(cards: Sequence[Card]) -> list[dbc.Col]:
    """Headline cards in a row."""
    return [
        dbc.Col(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.P(card.label, className="small text-muted mb-1"),
                        html.P(card.value, className="h4 mb-1"),
                        html.P([html.Span("Dataset: "), card.dataset], className="small mb-0"),
                        html.P([html.Span("England: "), card.england], className="small mb-0"),
                    ]
                ),
                className="h-100",
            ),
            md=4, xl=True,
        )
        for card in cards
    ]


def detail_panel(fields: Sequence[tuple[str, str]]) -> html.Dl:
    """Definition list of one intervention's fields (text only, never HTML; a link as a link)."""
    def shown(label: str, value: str):
        if label == "Link" and value:
            return html.A(value, href=value, target="_blank", rel="noopener noreferrer")
        return value or "not recorded"

    return html.Dl([item for label, value in fields
                    for item in (html.Dt(label), html.Dd(shown(label, value)))],
                   className="dataset-facts")


def empty_state(message: str) -> html.Div:
    """A clear, visible empty state."""
    return html.Div(message, className="alert alert-info", role="status")


GRAPHS = (Id.LOCALITY_HEATMAP, Id.LOCALITY_POP_HEATMAP, Id.LOCALITY_LOC_HEATMAP)


def locality_values(page: LocalityPage) -> dict[str, Any]:
    """The values the locality callback's outputs show, by output name (see ``callbacks``).

    With no provision to show, the provision heatmaps are hidden (one message says why).
    """
    heatmaps = {f"heatmap_{i}": graph(graph_id, chart.figure)
                for i, (graph_id, chart) in enumerate(zip(GRAPHS, page.heatmaps, strict=True))}
    summaries = {f"heatmap_{i}_summary": chart.summary for i, chart in enumerate(page.heatmaps)}
    shown = HIDDEN if page.empty else {}
    return {
        "provision_row": shown, "provision_column": shown,
        "empty": empty_state(page.empty) if page.empty else None,
        "cards": card_row(page.cards), "table": list(page.rows),
        # only a service the view opens: an empty selection would send the detail callback a
        # request for nothing
        "selected": {"ids": [page.selected]} if page.selected else no_update,
        "columns": table_columns(has_coding_status=bool(page.rows)
                                 and "coding_status" in page.rows[0]),
        **heatmaps, **summaries, "need": graph(Id.LOCALITY_QUADRANT, page.need.figure),
        "need_summary": page.need.summary,
        "priorities": ranked_lists(page.priorities),
        "evaluation": simple_table(("Measure", "Value"), page.evaluation),
    }

