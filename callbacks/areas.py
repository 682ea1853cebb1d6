"""The areas panel: level of geography (local authorities, Sub-ICB locations, ICBs) and drill."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import state_from_dict
from dashboard.views.areas import area_panel
from layouts.areas import area_values
from layouts.ids import Id

OUTPUTS = {"style": Output(Id.AREA_PANEL, "style"), "focus": Output(Id.AREA_FOCUS, "children")}


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the areas panel to the view state (the level itself is a URL control)."""

    @app.callback(output=OUTPUTS, inputs={"data": Input(Id.STATE, "data")},
                  prevent_initial_call=True)
    def on_state(data):
        state = state_from_dict(data)
        return area_values(area_panel(scoped(atlas, state), state))
