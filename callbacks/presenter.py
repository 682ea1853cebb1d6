"""Presenter mode: show the step the link names, step with keys and buttons, edit the playlist.

The playlist lives in the presenter's link and in a browser store; nothing is kept on the server.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx

from callbacks.common import unchanged
from dashboard.context import AtlasContext
from dashboard.core.view_state import state_from_dict
from dashboard.views.playlist import parse_playlist, slides_to_data
from dashboard.views.presenter import edit_builder, live_version, presenter_view, view_reader
from layouts.ids import Id
from layouts.presenter import builder_values, presenter_values
from server.join import public_origin

PRESENT_OUTPUTS = {
    "root": Output(Id.PAGE_ROOT, "className"), "nav": Output(Id.NAV_PRESENT, "className"),
    "page": Output(Id.PRESENT_PAGE, "style"), "stage": Output(Id.PRESENT_STAGE, "style"),
    "builder": Output(Id.BUILDER, "style"), "graph": Output(Id.PRESENT_GRAPH, "figure"),
    "counter": Output(Id.PRESENT_COUNTER, "children"),
    "heading": Output(Id.PRESENT_HEADING, "children"),
    "summary": Output(Id.PRESENT_SUMMARY, "children"),
    "notes": Output(Id.PRESENT_NOTES, "children"), "exit": Output(Id.PRESENT_EXIT, "href"),
    "outline": Output(Id.PRESENT_OUTLINE, "children"),
    # The number of steps, which the step buttons and keys move within (assets/presenter.js
    # moves the URL fragment in the page, so quick presses add up).
    "total": Output(Id.PRESENT_TOTAL, "children"),
    "graph_style": Output(Id.PRESENT_GRAPH, "style"), "join": Output(Id.PRESENT_JOIN, "style"),
    "join_url": Output(Id.PRESENT_JOIN_URL, "children"),
    "join_qr": Output(Id.PRESENT_JOIN_QR, "src"),
    "badge": Output(Id.PRESENT_BADGE, "children"),
    "illustrative": Output(Id.PRESENT_ILLUSTRATIVE, "children"),
    "updated": Output(Id.PRESENT_UPDATED, "children"),
    # A slide of a saved dataset polls its newest version and is redrawn when it changes.
    "poll_off": Output(Id.PRESENT_POLL, "disabled"), "live": Output(Id.PRESENT_LIVE, "data"),
}
BUILDER_OUTPUTS = {
    "playlist": Output(Id.PLAYLIST, "data"), "slides": Output(Id.BUILDER_LIST, "options"),
    "selected": Output(Id.BUILDER_LIST, "value"), "parts": Output(Id.BUILDER_PART, "options"),
    "part": Output(Id.BUILDER_PART, "value"), "reveal": Output(Id.BUILDER_REVEAL, "value"),
    "reveal_disabled": Output(Id.BUILDER_REVEAL, "disabled"),
    "start": Output(Id.BUILDER_START, "href"), "empty": Output(Id.BUILDER_EMPTY, "children"),
    "status": Output(Id.PLAYLIST_ADD_STATUS, "children"),
}
BUTTONS = {Id.PLAYLIST_ADD: "add", Id.BUILDER_UP: "up", Id.BUILDER_DOWN: "down",
           Id.BUILDER_REMOVE: "remove", Id.BUILDER_EXAMPLE: "replace"}
EDITS = {**BUTTONS, Id.BUILDER_PART: "part", Id.BUILDER_REVEAL: "reveal"}


def present(atlas: AtlasContext, pathname: str | None, search: str | None,
            fragment: str | None, origin: str = "", tick: bool = False,
            shown: list | None = None) -> dict:
    """Values of the presenter's outputs (keys of ``PRESENT_OUTPUTS``) for a location.

    A poll ``tick`` redraws the slide only when its dataset has a newer version than the one
    ``shown``, and marks it "updated"; otherwise it sends nothing (one small query).
    """
    updated = None
    if tick:
        live = live_version(atlas, search, fragment)
        if live is None or list(live) == list(shown or []):
            return unchanged(PRESENT_OUTPUTS)
        updated = f"Updated: {live[0]} is now version {live[1]}"
    values = presenter_values(presenter_view(atlas, pathname, search, fragment, origin), updated)
    return {**unchanged(PRESENT_OUTPUTS), **values}


def edit(atlas: AtlasContext, action: str | None, data, selected, value, state_data) -> dict:
    """Values of the builder's outputs (keys of ``BUILDER_OUTPUTS``) after one edit."""
    change = edit_builder(atlas, action, data, selected, value, state_from_dict(state_data))
    values = builder_values(change, slides_to_data(change.builder.slides))
    return values if change.status is not None else {**values, "status": no_update}


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the presenter's callbacks."""

    @app.callback(output=PRESENT_OUTPUTS,
                  inputs={"pathname": Input(Id.URL, "pathname"), "search": Input(Id.URL, "search"),
                          "fragment": Input(Id.URL, "hash"),
                          "tick": Input(Id.PRESENT_POLL, "n_intervals")},
                  state={"shown": State(Id.PRESENT_LIVE, "data")})
    def on_location(pathname, search, fragment, tick, shown):
        only_tick = set(dash_ctx.triggered_prop_ids.values()) == {Id.PRESENT_POLL}
        return present(atlas, pathname, search, fragment, public_origin(), only_tick, shown)

    @app.callback(
        output=BUILDER_OUTPUTS,
        inputs={"clicks": {str(button): Input(button, "n_clicks") for button in BUTTONS},
                "part": Input(Id.BUILDER_PART, "value"),
                "reveal": Input(Id.BUILDER_REVEAL, "value"),
                "selected": Input(Id.BUILDER_LIST, "value"), "data": Input(Id.PLAYLIST, "data")},
        state={"state_data": State(Id.STATE, "data")},
    )
    def on_edit(clicks, part, reveal, selected, data, state_data):
        action = EDITS.get(dash_ctx.triggered_id)
        value = {"part": part, "reveal": reveal}.get(action)
        return edit(atlas, action, data, selected, value, state_data)

    @app.callback(
        Output(Id.PLAYLIST, "data", allow_duplicate=True),
        Output(Id.URL, "search", allow_duplicate=True),
        Output(Id.URL, "hash", allow_duplicate=True),
        Input(Id.PRESENT_EDIT, "n_clicks"), State(Id.URL, "search"),
        prevent_initial_call=True,
    )
    def on_edit_playlist(n_clicks, search):
        slides, _ = parse_playlist(search, view_reader(atlas))
        return slides_to_data(slides), "", ""

    app.clientside_callback(
        "function(href) { return href && href.indexOf('?') > 0 ? "
        "window.location.origin + href : ''; }",
        Output(Id.BUILDER_LINK, "value"), Input(Id.BUILDER_START, "href"),
    )
    app.clientside_callback(
        """async function(n, link) {
            if (!link) { return "Add a slide first."; }
            try { await navigator.clipboard.writeText(link); return "Playlist link copied."; }
            catch (e) { return "Select the link below and copy it (Ctrl+C)."; }
        }""",
        Output(Id.BUILDER_STATUS, "children"),
        Input(Id.BUILDER_COPY, "n_clicks"), State(Id.BUILDER_LINK, "value"),
        prevent_initial_call=True,
    )
