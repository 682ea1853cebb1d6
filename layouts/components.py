"""Shared building blocks of the atlas pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.views.notice import Notice
from layouts.ids import graph_slot

HIDDEN = {"display": "none"}  # the style of an element not shown
# Plotly's toolbar appears on hover only (the page's CSS keeps it above the chart, off its title).
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": "hover", "responsive": True,
                "toImageButtonOptions": {"scale": 2}}


def graph(graph_id: str, figure: go.Figure | dict) -> dcc.Graph:
    """A chart as the page draws it."""
    return dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG, className="atlas-graph")


def graph_card(title: str, graph_id: str, summary_id: str, figure: go.Figure | None = None,
               summary: str = "", scroll: bool = True) -> dbc.Card:
    """A figure with a heading and its text alternative.

    Without a figure the card holds a placeholder (``ids.graph_slot``) that a callback fills
    with :func:`graph`: nothing is drawn, on the main thread, before the figure arrives.
    ``scroll``: on a narrow screen the chart keeps a readable width and scrolls sideways.
    """
    shown = graph(graph_id, figure) if figure is not None else \
        html.Div(html.P("Loading…", className="graph-placeholder-text"),
                 className="graph-placeholder")
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(title, className="card-heading"),
                dcc.Loading(html.Div(shown, id=graph_slot(graph_id),
                                     className="graph-scroll" if scroll else "graph-fit"),
                            type="default", delay_show=300),
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


def figure_with_text(title: str, figure, summary: str) -> dbc.Card:
    """A computed figure with its heading and text alternative (no callback target)."""
    return dbc.Card(dbc.CardBody([
        html.H3(title, className="card-heading"),
        html.Div(dcc.Graph(figure=figure, config=GRAPH_CONFIG, className="atlas-graph"),
                 className="graph-scroll"),
        html.Details([html.Summary("Text alternative"), html.P(summary)], className="small"),
    ]), className="mb-3")


def field(label: str, control_id: str, control, help_text: str | None = None) -> html.Div:
    """A control with its label above it and, optionally, help text below."""
    return html.Div([html.Label(label, htmlFor=control_id, className="form-label mb-1"), control,
                     html.Div(help_text, className="form-text") if help_text else None],
                    className="mb-2")


def grid(grid_id: str, columns: list[dict], **options) -> dag.AgGrid:
    """A paged, auto-height table whose cells wrap, with ``options`` for the grid."""
    return dag.AgGrid(
        id=grid_id, columnDefs=columns, rowData=[],
        defaultColDef={"resizable": True, "wrapText": True, "autoHeight": True, "sortable": True},
        dashGridOptions={"domLayout": "autoHeight", "pagination": True, "paginationPageSize": 20,
                         **options},
        className="ag-theme-quartz",
    )


def alert(text, kind: str = "info") -> html.Div:
    """A message box; ``text`` is shown as text (a string or a list of strings)."""
    if isinstance(text, list | tuple):
        text = html.Ul([html.Li(line) for line in text], className="mb-0")
    return html.Div(text, className=f"alert alert-{kind} mb-2")


def notice(message: Notice | None) -> html.Div | None:
    """A notice as a message box (its link, when it has one, after the text)."""
    if message is None:
        return None
    if message.link:
        label, href = message.link
        return html.Div([" ".join(message.lines), " ", dcc.Link(label, href=href)],
                        className=f"alert alert-{message.kind} mb-2")
    return alert(message.lines[0] if len(message.lines) == 1 else list(message.lines),
                 message.kind)
