"""The dataset named on screen, and live updates of a followed dataset.

The switcher itself is one of the controls the URL callback reads (``callbacks/state_sync.py``),
which also names the dataset in the header, banner and footer when the view's dataset changes.
The live poll checks, every few seconds, whether a followed dataset has a newer version, and
then gives the page the new version (its callbacks redraw) and names it.
"""

from __future__ import annotations

from dataclasses import replace

from dash import Dash, Input, Output, State, no_update

from dashboard.context import AtlasContext
from dashboard.core.dataset_identity import parse_key
from dashboard.core.view_state import ViewState, state_from_dict, state_to_dict
from dashboard.views.switcher import dataset_panel
from layouts.controls import dataset_fact_items
from layouts.ids import Id
from layouts.page import coverage_banner, illustrative_banner

OUTPUTS = {
    "options": Output(Id.DATASET_PICKER, "options"), "value": Output(Id.DATASET_PICKER, "value"),
    "label": Output(Id.DATASET_LABEL, "children"), "banner": Output(Id.BANNER_SLOT, "children"),
    "caption": Output(Id.FOOTER_DATASET, "children"),
    "poll_off": Output(Id.LIVE_INTERVAL, "disabled"), "shown": Output(Id.DATASET_SHOWN, "data"),
    "facts": Output(Id.DATASET_FACTS, "children"),
}


def dataset_key(state: ViewState) -> list:
    """What the dataset lines show: the view's dataset and version (JSON-ready)."""
    return [state.dataset, state.revision]


def dataset_outputs(atlas: AtlasContext, data: dict | None) -> dict:
    """Switcher options and value, header label, banner, footer, polling off, key shown, facts."""
    state = state_from_dict(data)
    panel = dataset_panel(atlas, state)
    return {"options": panel.options, "value": panel.value, "label": panel.label,
            "banner": illustrative_banner(panel.notice) if panel.notice is not None
            else coverage_banner(panel.coverage) if panel.coverage else None,
            "caption": panel.caption, "poll_off": not panel.live, "shown": dataset_key(state),
            "facts": dataset_fact_items(panel.facts)}


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
    """Wire the live poll: a newer version reaches the page and its dataset lines."""

    @app.callback(output={"state": Output(Id.STATE, "data", allow_duplicate=True),
                          "dataset": {name: Output(output.component_id, output.component_property,
                                                   allow_duplicate=True)
                                      for name, output in OUTPUTS.items()}},
                  inputs={"tick": Input(Id.LIVE_INTERVAL, "n_intervals")},
                  state={"data": State(Id.STATE, "data")}, prevent_initial_call=True)
    def on_tick(tick, data):
        newer = poll(atlas, data)
        if newer is no_update:
            return {"state": no_update, "dataset": {name: no_update for name in OUTPUTS}}
        return {"state": newer, "dataset": dataset_outputs(atlas, newer)}
