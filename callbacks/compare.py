"""Compare two to six localities side by side."""

from __future__ import annotations

from dash import Dash, Input, Output, no_update

from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.compare import compare_page
from layouts.compare import comparison_view
from layouts.ids import Id


def update_compare(atlas: AtlasContext, state: ViewState):
    """Content of the compare page for the state's localities."""
    if state.current_page != "compare":
        return no_update
    return comparison_view(compare_page(atlas, state))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the compare page callback."""

    @app.callback(Output(Id.COMPARE_CONTENT, "children"), Input(Id.STATE, "data"),
                  prevent_initial_call=True)
    def on_state(data):
        state = state_from_dict(data)
        return update_compare(scoped(atlas, state), state)
