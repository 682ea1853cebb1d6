"""A locality's context: similar areas, change since 2019, mental-health need, over time."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update, set_props

from callbacks.common import page_controls, state_key
from dashboard.context import AtlasContext, scoped
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.locality_context import locality_context
from dashboard.views.monitoring import versions_query
from layouts.ids import Id
from layouts.locality_context import context_values

OUTPUTS = {
    "style": Output(Id.CONTEXT_SECTION, "style"), "similar": Output(Id.SIMILAR_PANEL, "children"),
    "change": Output(Id.CHANGE_PANEL, "children"), "health": Output(Id.HEALTH_PANEL, "children"),
    "history": Output(Id.HISTORY_PANEL, "children"),
    "choice": Output(Id.HISTORY_CHOICE, "style"),
    "from_options": Output(Id.HISTORY_FROM, "options"),
    "to_options": Output(Id.HISTORY_TO, "options"),
    "from": Output(Id.HISTORY_FROM, "value"), "to": Output(Id.HISTORY_TO, "value"),
}

# What the section depends on (fields of the state store; the locality is the page's).
CONTEXT_FIELDS = ("filters", "shares", "thresholds", "dataset", "revision", "similar", "versions")


def update_context(atlas: AtlasContext, state: ViewState) -> dict:
    """Values of the context section (keys of ``OUTPUTS``); hidden off locality pages."""
    if not state.locality:
        return context_values(None)
    return context_values(locality_context(atlas, state))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the context section, and the version pickers (they change the URL's from/to)."""
    app.clientside_callback(state_key(CONTEXT_FIELDS), Output(Id.CONTEXT_KEY, "data"),
                            Input(Id.STATE, "data"), State(Id.CONTEXT_KEY, "data"))

    @app.callback(output=OUTPUTS, inputs={"key": Input(Id.CONTEXT_KEY, "data")},
                  state={"data": State(Id.STATE, "data")}, prevent_initial_call=True)
    def on_state(key, data):
        state = state_from_dict(data)
        return update_context(scoped(atlas, state), state)

    app.clientside_callback(page_controls({"similar": "state.similar"}),
                            Output(Id.PAGE_CONTROLS, "data", allow_duplicate=True),
                            Input(Id.SIMILAR_KIND, "value"), State(Id.STATE, "data"),
                            prevent_initial_call=True)

    # The URL is set, not declared as an output: a callback with an output outside the page
    # would run (and send a request) each time the page opens. Its output, in the section, is
    # the query asked for.
    # Only two chosen versions go to the server (a dataset without versions sends nothing).
    app.clientside_callback(
        "function(a, b) { return a && b ? [a, b] : window.dash_clientside.no_update; }",
        Output(Id.HISTORY_PICKED, "data"), Input(Id.HISTORY_FROM, "value"),
        Input(Id.HISTORY_TO, "value"), prevent_initial_call=True)

    @app.callback(Output(Id.HISTORY_ASKED, "data"), Input(Id.HISTORY_PICKED, "data"),
                  State(Id.STATE, "data"), prevent_initial_call=True)
    def on_versions(picked, data):
        if not isinstance(picked, list) or len(picked) != 2 or \
                not all(isinstance(v, int) and not isinstance(v, bool) for v in picked):
            return no_update  # not what the pickers send
        first, second = picked
        query = versions_query(atlas, state_from_dict(data), first, second)
        if query is None:
            return no_update
        set_props(Id.URL, {"search": query})
        return query
