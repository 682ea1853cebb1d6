"""One search box for districts, NHS areas, wards and services (options come from a callback)."""

from __future__ import annotations

from dash import dcc, html

from layouts.ids import Id


def search_box() -> html.Div:
    """The search box: type two letters or more, move with the arrow keys, Enter opens."""
    return html.Div(
        [
            html.Label("Search districts, NHS areas, wards and services", htmlFor=Id.SEARCH,
                       className="visually-hidden"),
            dcc.Dropdown(id=Id.SEARCH, options=[], searchable=True, clearable=True,
                         placeholder="e.g. Blackpool, Anchorsholme, Lancashire ICB, peer support",
                         optionHeight=44, maxHeight=420, search_order="original",
                         className="search-box"),
        ],
        role="search", className="atlas-search",
    )
