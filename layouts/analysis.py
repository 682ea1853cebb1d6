"""Need-against-provision, compare and methods pages: component trees only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.views.gaps import GapsPage
from layouts.components import card_list, graph_card
from layouts.ids import Id

NAV = ((Id.NAV_ATLAS, "Atlas", "/"), (Id.NAV_GAPS, "Need against provision", "/gaps"),
       (Id.NAV_COMPARE, "Compare localities", "/compare"),
       (Id.NAV_METHODS, "How is this calculated?", "/methods"),
       (Id.NAV_DATA, "Your data", "/data"), (Id.NAV_WORKSHOP, "Workshop", "/workshop"),
       (Id.NAV_PRESENT, "Present", "/present"))


def navigation() -> html.Nav:
    """Links between the pages; their hrefs keep the current filters (set by a callback)."""
    return html.Nav(
        html.Ul([html.Li(dcc.Link(label, id=link_id, href=href, className="nav-link"),
                         className="nav-item") for link_id, label, href in NAV],
                className="nav nav-pills mb-3"),
        **{"aria-label": "Pages"},
    )


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
            html.H2("Need against provision", className="h4"),
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
            ]), className="mb-3"),
            graph_card("Gap class by locality and determinant", Id.GAP_HEATMAP,
                       Id.GAP_HEATMAP_SUMMARY),
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
        id=Id.GAPS_PAGE, style={"display": "none"}, **{"aria-label": "Need against provision"},
    )


def gaps_values(page: GapsPage) -> dict[str, Any]:
    """The values the gaps callback's outputs show, by output name (see ``callbacks.gaps``)."""
    return {
        "method": page.method, "classes": page.classes.figure,
        "classes_summary": page.classes.summary,
        "priorities": ranked_lists(page.priorities, page.listed),
        "unindicated": simple_table(("Determinant", "Level", "Interventions"), page.unindicated),
        "parity": page.parity.figure, "parity_summary": page.parity.summary,
        "evaluation": simple_table(("Measure", "Value"), page.evaluation),
    }


def compare_section(options: Sequence[dict[str, str]]) -> html.Section:
    """Two to four localities side by side."""
    return html.Section(
        [
            html.H2("Compare localities", className="h4"),
            html.Div([
                html.Label("Localities to compare (two to four)", htmlFor=Id.COMPARE_PICKER,
                           className="form-label"),
                dcc.Dropdown(id=Id.COMPARE_PICKER, options=list(options), multi=True,
                             placeholder="Choose up to four districts…"),
            ], className="mb-3"),
            html.Div(id=Id.COMPARE_CONTENT),
        ],
        id=Id.COMPARE_PAGE, style={"display": "none"}, **{"aria-label": "Compare localities"},
    )


def methods_section(markdown: str) -> html.Section:
    """The method page (docs/methods.md)."""
    return html.Section(dbc.Card(dbc.CardBody(dcc.Markdown(markdown, className="methods"))),
                        id=Id.METHODS_PAGE, style={"display": "none"},
                        **{"aria-label": "How is this calculated?"})


def ranked_lists(items: Sequence[tuple[str, Sequence[str], str | None]],
                 note: str = "") -> list:
    """Per locality: a heading, its ranked sentences (or 'none') and a coverage note.

    ``note`` (e.g. which localities are listed) goes first.
    """
    out: list = [html.P(note, className="small text-muted mb-1")] if note else []
    for name, sentences, note in items:
        out.append(html.H4(name, className="h6 mt-2"))
        if note:
            out.append(html.P(note, className="small alert alert-info py-1 mb-1", role="note"))
        out.append(html.Ol([html.Li(s) for s in sentences], className="small mb-1")
                   if sentences else html.P("No high-need gaps at these thresholds.",
                                            className="small"))
    return out


def simple_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> dbc.Table:
    """A small accessible table."""
    return dbc.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                      html.Tbody([html.Tr([html.Td(str(c)) for c in row]) for row in rows])],
                     size="sm", striped=True, className="mb-0")


def comparison_view(data: dict) -> list:
    """Compare page content from ``dashboard.views.compare.comparison``."""
    if "message" in data:
        return [html.Div(data["message"], className="alert alert-info", role="status")]
    columns = dbc.Row([dbc.Col([html.H3(title, className="h6"), card_list(cards)],
                               md=6, xl=12 // len(data["columns"]), className="mb-3")
                       for title, cards in data["columns"]])
    return [columns,
            figure_with_text("Gap class by determinant", *data["gaps"]),
            figure_with_text("Provision by determinant", *data["heatmap"])]


def figure_with_text(title: str, figure, summary: str) -> dbc.Card:
    """A computed figure with its heading and text alternative (no callback target)."""
    return dbc.Card(dbc.CardBody([
        html.H3(title, className="h6 text-uppercase text-muted mb-1"),
        dcc.Graph(figure=figure, config={"displaylogo": False}),
        html.Details([html.Summary("Text alternative"), html.P(summary)], className="small"),
    ]), className="mb-3")
