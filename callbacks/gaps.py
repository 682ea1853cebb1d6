"""Need-against-provision page: gap classes, priorities, groups and the evaluation gap."""

from __future__ import annotations

from dash import Dash, Input, Output

from callbacks.common import unchanged
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.gaps import gaps_page
from layouts.gaps import gaps_values
from layouts.ids import Id

OUTPUTS = {
    "method": Output(Id.GAP_METHOD, "children"), "classes": Output(Id.GAP_HEATMAP, "figure"),
    "classes_summary": Output(Id.GAP_HEATMAP_SUMMARY, "children"),
    "priorities": Output(Id.GAP_PRIORITIES, "children"),
    "unindicated": Output(Id.GAP_UNINDICATED, "children"),
    "parity": Output(Id.GAP_PARITY, "figure"),
    "parity_summary": Output(Id.GAP_PARITY_SUMMARY, "children"),
    "evaluation": Output(Id.GAP_EVALUATION, "children"),
}


def update_gaps(atlas: AtlasContext, state: ViewState) -> dict:
    """Values of the gaps page (keys of ``OUTPUTS``); nothing is computed on other pages."""
    if state.current_page != "gaps":
        return unchanged(OUTPUTS)
    return gaps_values(gaps_page(atlas, state))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the gaps page callback."""

    @app.callback(output=OUTPUTS, inputs={"data": Input(Id.STATE, "data")},
                  prevent_initial_call=True)
    def on_state(data):
        state = state_from_dict(data)
        return update_gaps(scoped(atlas, state), state)
