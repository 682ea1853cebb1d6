"""The dataset switcher, the dataset named on screen, and live updates of a followed dataset."""

from __future__ import annotations

from dataclasses import replace

from dash import Dash, Input, Output, State, no_update

from dashboard.context import AtlasContext
from dashboard.core.dataset_identity import parse_key
from dashboard.core.view_state import state_from_dict, state_to_dict, state_to_url
from dashboard.views.switcher import dataset_panel
from layouts.ids import Id
from layouts.page import coverage_banner, dataset_fact_items, illustrative_banner

OUTPUTS = {
    "options": Output(Id.DATASET_PICKER, "options"), "value": Output(Id.DATASET_PICKER, "value"),
    "label": Output(Id.DATASET_LABEL, "children"), "banner": Output(Id.BANNER_SLOT, "children"),
    "caption": Output(Id.FOOTER_DATASET, "children"),
    "poll_off": Output(Id.LIVE_INTERVAL, "disabled"),
    "facts": Output(Id.DATASET_FACTS, "children"),
}


def dataset_outputs(atlas: AtlasContext, data: dict | None) -> dict:
    """Switcher options and value, header label, banner, footer caption, polling off, facts."""
    panel = dataset_panel(atlas, state_from_dict(data))
    return {"options": panel.options, "value": panel.value, "label": panel.label,
            "banner": illustrative_banner(panel.notice) if panel.notice is not None
            else coverage_banner(panel.coverage) if panel.coverage else None,
            "caption": panel.caption, "poll_off": not panel.live,
            "facts": dataset_fact_items(panel.facts)}


def switch(chosen: str | None, data: dict | None):
    """Path and query of the current view on the chosen dataset (nothing when unchanged)."""
    state = state_from_dict(data)
    if not chosen or not data or chosen == state.dataset:
        return no_update, no_update
    return state_to_url(replace(state, dataset=chosen, revision=None))


def poll(atlas: AtlasContext, data: dict | None):
    """A new state when the followed dataset has a newer version (one small query), else nothing."""
    state = state_from_dict(data)
    key, _ = parse_key(state.dataset)
    if not data or not key.follows_latest or atlas.library is None:
        return no_update
    latest = atlas.library.latest_version(key.name)
    if latest is None or latest == state.revision:
        return no_update
    return state_to_dict(replace(state, revision=latest))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the switcher, dataset labels and the live poll."""

    @app.callback(output=OUTPUTS, inputs={"data": Input(Id.STATE, "data")},
                  prevent_initial_call=True)
    def on_state(data):
        return dataset_outputs(atlas, data)

    @app.callback(Output(Id.URL, "pathname", allow_duplicate=True),
                  Output(Id.URL, "search", allow_duplicate=True),
                  Input(Id.DATASET_PICKER, "value"), State(Id.STATE, "data"),
                  prevent_initial_call=True)
    def on_pick(chosen, data):
        return switch(chosen, data)

    @app.callback(Output(Id.STATE, "data", allow_duplicate=True),
                  Input(Id.LIVE_INTERVAL, "n_intervals"), State(Id.STATE, "data"),
                  prevent_initial_call=True)
    def on_tick(_, data):
        return poll(atlas, data)
