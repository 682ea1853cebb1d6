"""Need-against-provision page: gap classes, priorities, groups and the evaluation gap."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from callbacks.common import page_controls
from callbacks.exports import export_tools
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.gaps import gaps_page
from layouts.gaps import gaps_section, gaps_values
from layouts.ids import Id, graph_slot

OUTPUTS = {
    "method": Output(Id.GAP_METHOD, "children"),
    "classes": Output(graph_slot(Id.GAP_HEATMAP), "children"),
    "classes_summary": Output(Id.GAP_HEATMAP_SUMMARY, "children"),
    "priorities": Output(Id.GAP_PRIORITIES, "children"),
    "unindicated": Output(Id.GAP_UNINDICATED, "children"),
    "parity": Output(graph_slot(Id.GAP_PARITY), "children"),
    "parity_summary": Output(Id.GAP_PARITY_SUMMARY, "children"),
    "evaluation": Output(Id.GAP_EVALUATION, "children"),
}
# The page's own controls: URL parameter -> its input, and where the state holds its value.
THRESHOLDS = {"need": (Id.GAP_NEED, "state.thresholds[0]"),
              "rate": (Id.GAP_RATE, "state.thresholds[1]"),
              "share": (Id.GAP_SHARE, "state.thresholds[2]")}


def render(atlas: AtlasContext, state: ViewState) -> list:
    """The gaps page for a state: its thresholds; the figures are filled by ``update_gaps``."""
    return [gaps_section(state.thresholds), *export_tools(state)]


def update_gaps(atlas: AtlasContext, state: ViewState) -> dict:
    """Values of the gaps page (keys of ``OUTPUTS``)."""
    return gaps_values(gaps_page(atlas, state))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the gaps page: its figures, and its thresholds into the URL."""

    @app.callback(output=OUTPUTS, inputs={"data": Input(Id.STATE, "data")})
    def on_state(data):
        state = state_from_dict(data)
        return update_gaps(scoped(atlas, state), state)

    app.clientside_callback(page_controls({name: js for name, (_, js) in THRESHOLDS.items()}),
                            Output(Id.PAGE_CONTROLS, "data", allow_duplicate=True),
                            *[Input(control, "value") for control, _ in THRESHOLDS.values()],
                            State(Id.STATE, "data"), prevent_initial_call=True)

