"""The compare page and the methods page: component trees only."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.views.compare import ComparePage
from layouts.components import card_list, figure_with_text
from layouts.ids import Id


def compare_section(options: Sequence[dict[str, str]], chosen: Sequence[str]) -> html.Section:
    """Two to six localities side by side; the comparison is filled by its callback."""
    return html.Section(
        [
            html.H2("Compare localities", className="page-heading"),
            html.Div([
                html.Label("Localities to compare (two to six)", htmlFor=Id.COMPARE_PICKER,
                           className="form-label"),
                dcc.Dropdown(id=Id.COMPARE_PICKER, options=list(options), value=list(chosen),
                             multi=True, placeholder="Choose up to six districts…"),
            ], className="mb-3 compare-picker"),
            html.Div(id=Id.COMPARE_CONTENT),
        ],
        id=Id.COMPARE_PAGE, **{"aria-label": "Compare localities"},
    )


def comparison_view(page: ComparePage) -> list:
    """The compare page's content: gap classes first, then cards side by side and provision."""
    if page.message:
        return [html.Div(page.message, className="alert alert-info", role="status")]
    columns = dbc.Row([dbc.Col([html.H3(title, className="h6"), card_list(cards)],
                               md=6, xl=12 // len(page.columns), className="mb-3")
                       for title, cards in page.columns])
    return [figure_with_text("Gap class by determinant", page.gaps.figure, page.gaps.summary),
            columns,
            figure_with_text("Provision by determinant", page.provision.figure,
                             page.provision.summary)]


def methods_section(markdown: str) -> html.Section:
    """The method page (docs/methods.md)."""
    return html.Section(dbc.Card(dbc.CardBody(dcc.Markdown(markdown, className="methods"))),
                        id=Id.METHODS_PAGE, **{"aria-label": "How is this calculated?"})
