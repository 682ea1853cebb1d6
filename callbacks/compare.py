"""Compare two to six localities side by side."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from callbacks.common import page_controls
from callbacks.exports import export_tools, export_tools_panel
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.common import locality_options
from dashboard.views.compare import compare_page
from layouts.compare import compare_section, comparison_view
from layouts.ids import Id


def render(atlas: AtlasContext, state: ViewState) -> list:
    """The compare page for a state: the picker; the comparison is filled by ``update_compare``."""
    return [compare_section(locality_options(atlas), state.compare),
            *export_tools(state, panel=False)]


def update_compare(atlas: AtlasContext, state: ViewState) -> list:
    """The comparison of the state's localities, then the export panel of its figures."""
    return [*comparison_view(compare_page(atlas, state)), export_tools_panel(state)]


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the compare page: the comparison, and its localities into the URL."""

    @app.callback(Output(Id.COMPARE_CONTENT, "children"), Input(Id.STATE, "data"))
    def on_state(data):
        state = state_from_dict(data)
        return update_compare(scoped(atlas, state), state)

    app.clientside_callback(page_controls({"compare": "state.compare"}),
                            Output(Id.PAGE_CONTROLS, "data", allow_duplicate=True),
                            Input(Id.COMPARE_PICKER, "value"), State(Id.STATE, "data"),
                            prevent_initial_call=True)
