"""Presenter mode: show the step the link names, step with keys and buttons, edit the playlist.

The playlist lives in the presenter's link and in a browser store; nothing is kept on the server.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update, set_props
from dash import ctx as dash_ctx

from callbacks.common import unchanged
from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.playlist import parse_playlist, slides_to_data
from dashboard.views.presenter import edit_builder, live_version, presenter_view, view_reader
from layouts.ids import Id
from layouts.presenter import builder_values, presenter_section, presenter_values
from server.join import public_origin

PRESENT_OUTPUTS = {
    "stage": Output(Id.PRESENT_STAGE, "style"),
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
    "shown": Output(Id.BUILDER_SHOWN, "data"),
}
BUTTONS = {Id.BUILDER_UP: "up", Id.BUILDER_DOWN: "down", Id.BUILDER_REMOVE: "remove",
           Id.BUILDER_EXAMPLE: "replace"}
EDITS = {**BUTTONS, Id.BUILDER_PART: "part", Id.BUILDER_REVEAL: "reveal"}


def render(atlas: AtlasContext, state: ViewState) -> list:
    """The presenter page: the stage and the builder; its callbacks show the one the URL asks for."""
    return [presenter_section(int(atlas.settings.live_poll_seconds * 1000))]


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
    """Values of the builder's outputs (keys of ``BUILDER_OUTPUTS``) after one edit.

    An ``add`` also says what it added (``status``). Opened with a saved playlist and nothing
    chosen, the builder chooses the last slide: the one the atlas page added last.
    """
    if action is None and selected is None and data:
        selected = len(data) - 1
    change = edit_builder(atlas, action, data, selected, value, state_from_dict(state_data))
    playlist = slides_to_data(change.builder.slides)
    values = {**builder_values(change, playlist), "shown": playlist}
    return values if change.status is not None else {**values, "status": no_update}


def add(atlas: AtlasContext, data, state_data) -> tuple:
    """The playlist with the view added, and the sentence that says so (the atlas pages' button)."""
    values = edit(atlas, "add", data, None, None, state_data)
    return values["playlist"], values["status"]


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

    # The builder reads the playlist the browser saved when its store brings it (a key of it,
    # computed in the page, changes), and after each edit; an edit writes it back, which the
    # key then finds unchanged: one request per edit. Built with the page in its empty state.
    app.clientside_callback(
        "function(data, shown) { return JSON.stringify(data || []) === JSON.stringify(shown || [])"
        " ? window.dash_clientside.no_update : Date.now(); }",
        Output(Id.BUILDER_REFRESH, "data"), Input(Id.PLAYLIST, "data"),
        State(Id.BUILDER_SHOWN, "data"))

    @app.callback(
        output=BUILDER_OUTPUTS,
        inputs={"clicks": {str(button): Input(button, "n_clicks") for button in BUTTONS},
                "part": Input(Id.BUILDER_PART, "value"),
                "reveal": Input(Id.BUILDER_REVEAL, "value"),
                "selected": Input(Id.BUILDER_LIST, "value"),
                "refresh": Input(Id.BUILDER_REFRESH, "data")},
        state={"data": State(Id.PLAYLIST, "data"), "state_data": State(Id.STATE, "data")},
        prevent_initial_call=True,
    )
    def on_edit(clicks, part, reveal, selected, refresh, data, state_data):
        action = EDITS.get(dash_ctx.triggered_id)
        value = {"part": part, "reveal": reveal}.get(action)
        return {key: value for key, value in edit(atlas, action, data, selected, value,
                                                  state_data).items() if key in BUILDER_OUTPUTS}

    @app.callback(Output(Id.PLAYLIST, "data", allow_duplicate=True),
                  Output(Id.PLAYLIST_ADD_STATUS, "children"),
                  Input(Id.PLAYLIST_ADD, "n_clicks"), State(Id.PLAYLIST, "data"),
                  State(Id.STATE, "data"), prevent_initial_call=True)
    def on_add(_, data, state_data):
        return add(atlas, data, state_data)

    # The URL is set, not declared as an output: a callback with an output outside the page
    # would run (and send a request) each time the page opens.
    @app.callback(Output(Id.PLAYLIST, "data", allow_duplicate=True),
                  Input(Id.PRESENT_EDIT, "n_clicks"), State(Id.URL, "search"),
                  prevent_initial_call=True)
    def on_edit_playlist(n_clicks, search):
        slides, _ = parse_playlist(search, view_reader(atlas))
        set_props(Id.URL, {"search": "", "hash": ""})
        return slides_to_data(slides)

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
