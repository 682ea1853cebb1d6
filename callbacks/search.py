"""The search box: options as the user types; choosing one opens its view."""

from __future__ import annotations

from urllib.parse import urlsplit

from dash import Dash, Input, Output, State, no_update

from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import state_from_dict
from dashboard.views.search import search_options
from layouts.ids import Id


def open_result(value: str | None) -> tuple:
    """Path and query string of a chosen result (its link), or nothing when cleared."""
    if not value:
        return no_update, no_update
    parts = urlsplit(value)
    return parts.path, f"?{parts.query}" if parts.query else ""


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the search box."""

    @app.callback(Output(Id.SEARCH, "options"), Input(Id.SEARCH, "search_value"),
                  State(Id.SEARCH, "value"), State(Id.STATE, "data"), prevent_initial_call=True)
    def on_type(query, chosen, data):
        if not query and chosen:
            return no_update  # keep the chosen option's label showing
        state = state_from_dict(data)
        return search_options(scoped(atlas, state), state, query)

    @app.callback(Output(Id.URL, "pathname", allow_duplicate=True),
                  Output(Id.URL, "search", allow_duplicate=True),
                  Input(Id.SEARCH, "value"), prevent_initial_call=True)
    def on_choose(value):
        return open_result(value)
