"""Keep the URL and the controls in step: the URL is the single source of the view state."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs

from dash import Dash, Input, Output, no_update
from dash import ctx as dash_ctx

from dashboard.context import AtlasContext, check_state, view_of_url
from dashboard.core.context_state import map_click
from dashboard.core.view_state import (
    CONTROLS,
    FILTER_FIELDS,
    PAGES,
    control_values,
    state_from_controls,
    state_to_dict,
    state_to_url,
)
from layouts.ids import CONTROL_IDS, Id
from layouts.page import notes_alert

OUTPUTS = {
    "pathname": Output(Id.URL, "pathname"), "search": Output(Id.URL, "search"),
    "controls": {name: Output(control, "value") for name, control in CONTROL_IDS.items()},
    "state": Output(Id.STATE, "data"), "notes": Output(Id.NOTES, "children"),
}
INPUTS = {
    "pathname": Input(Id.URL, "pathname"), "search": Input(Id.URL, "search"),
    "controls": {name: Input(control, "value") for name, control in CONTROL_IDS.items()},
    "clear": Input(Id.CLEAR_FILTERS, "n_clicks"), "click": Input(Id.MAP, "clickData"),
}


def dataset_param(search: str | None) -> str | None:
    """The ``dataset=`` value of a query string (a control change keeps the view's dataset)."""
    return parse_qs((search or "").lstrip("?")).get("dataset", [None])[-1]


def resolve(atlas: AtlasContext, trigger: str | None, pathname: str, search: str,
            controls: Mapping[str, object], click_location: str | None) -> dict:
    """Values of the sync callback for one trigger (keys of ``OUTPUTS``).

    The URL (a link opened, back or forward) sets the controls; a control, the map or *Clear
    filters* sets the URL, and only the controls the trigger changed are written back.
    """
    if trigger in (None, Id.URL):
        state, notes = view_of_url(atlas, pathname, search)
        state, dataset_notes = check_state(atlas, state)
        return {"pathname": no_update, "search": no_update, "controls": control_values(state),
                "state": state_to_dict(state), "notes": notes_alert([*notes, *dataset_notes])}
    changed: dict[str, object] = {}
    if trigger == Id.CLEAR_FILTERS:
        changed = {param: [] for param in FILTER_FIELDS}
    if trigger == Id.MAP and click_location:
        changed = map_click(click_location)
    path = (pathname or "/").rstrip("/") or "/"
    page = next((name for name, page_path in PAGES.items() if page_path == path), "national")
    kept, _ = view_of_url(atlas, pathname, search)  # what no control holds (focus, ward...)
    state = state_from_controls({**controls, **changed}, page=page,
                                dataset=dataset_param(search), kept=kept)
    state, notes = check_state(atlas, state)
    return {"pathname": state_to_url(state)[0], "search": state_to_url(state)[1],
            "controls": {name: changed.get(name, no_update) for name in CONTROLS},
            "state": state_to_dict(state), "notes": notes_alert(notes)}


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the URL <-> controls callback and the copy-link button."""

    @app.callback(output=OUTPUTS, inputs=INPUTS)
    def sync(pathname, search, controls, clear, click):
        location = click["points"][0].get("location") if click else None
        return resolve(atlas, dash_ctx.triggered_id, pathname, search, controls, location)

    app.clientside_callback(
        "function(path, search) { return window.location.href; }",
        Output(Id.LINK_TEXT, "value"),
        Input(Id.URL, "pathname"), Input(Id.URL, "search"),
    )
    app.clientside_callback(
        """async function(n) {
            const link = window.location.href;
            try { await navigator.clipboard.writeText(link); return "Link copied."; }
            catch (e) { return "Select the link above and copy it (Ctrl+C)."; }
        }""",
        Output(Id.LINK_STATUS, "children"),
        Input(Id.COPY_LINK, "n_clicks"),
        prevent_initial_call=True,
    )
