"""Need-against-provision page: gap classes, priorities, groups and the evaluation gap."""

from __future__ import annotations

from dash import Dash, Input, Output, no_update

from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.common import dataset_localities, filtered, readable_localities
from dashboard.views.gaps import (
    evaluation_rows,
    gap_heatmap,
    group_parity,
    method_sentence,
    priorities,
    thresholds_of,
    unindicated,
)
from layouts.analysis import ranked_lists, simple_table
from layouts.ids import Id

OUTPUTS = ((Id.GAP_METHOD, "children"), (Id.GAP_HEATMAP, "figure"),
           (Id.GAP_HEATMAP_SUMMARY, "children"), (Id.GAP_PRIORITIES, "children"),
           (Id.GAP_UNINDICATED, "children"), (Id.GAP_PARITY, "figure"),
           (Id.GAP_PARITY_SUMMARY, "children"), (Id.GAP_EVALUATION, "children"))


def update_gaps(atlas: AtlasContext, state: ViewState) -> tuple:
    """Outputs of the gaps page; nothing is computed while another page is shown."""
    if state.current_page != "gaps":
        return (no_update,) * len(OUTPUTS)
    localities = dataset_localities(atlas)
    classes, gaps = gap_heatmap(atlas, state, localities)
    parity = group_parity(atlas, state, localities)
    listed, note = readable_localities(atlas, localities)
    return (method_sentence(thresholds_of(state)), classes.figure, classes.summary,
            ranked_lists(priorities(atlas, state, gaps, listed), note),
            simple_table(("Determinant", "Level", "Interventions"), unindicated(atlas, state)),
            parity.figure, parity.summary,
            simple_table(("Measure", "Value"), evaluation_rows(atlas, filtered(atlas, state))))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the gaps page callback."""

    @app.callback(*[Output(i, p) for i, p in OUTPUTS], Input(Id.STATE, "data"),
                  prevent_initial_call=True)
    def on_state(data):
        state = state_from_dict(data)
        return update_gaps(scoped(atlas, state), state)
