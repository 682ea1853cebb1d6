"""Presenter mode: show the step the link names, step with keys and buttons, edit the playlist.

The playlist lives in the presenter's link and in a browser store; nothing is kept on the server.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx

from dashboard.context import AtlasContext
from dashboard.core.view_state import state_from_dict
from dashboard.views.playlist import (
    PRESENT_PATH,
    current_slide,
    edit_playlist,
    parse_playlist,
    slides_from_data,
    slides_to_data,
)
from dashboard.views.presenter import builder, example_playlist, slide_label, stage, view_reader
from layouts.ids import Id
from layouts.presenter import empty_playlist, notes_list, outline

HIDDEN = {"display": "none"}
SHOWN: dict = {}
ACTIVE = "nav-link active"
STAGE_OUTPUTS = ((Id.PRESENT_GRAPH, "figure"), (Id.PRESENT_COUNTER, "children"),
                 (Id.PRESENT_HEADING, "children"), (Id.PRESENT_SUMMARY, "children"),
                 (Id.PRESENT_NOTES, "children"), (Id.PRESENT_EXIT, "href"),
                 (Id.PRESENT_OUTLINE, "children"))
EDITS = {Id.PLAYLIST_ADD: "add", Id.BUILDER_UP: "up", Id.BUILDER_DOWN: "down",
         Id.BUILDER_REMOVE: "remove", Id.BUILDER_EXAMPLE: "replace",
         Id.BUILDER_PART: "part", Id.BUILDER_REVEAL: "reveal"}


def present(atlas: AtlasContext, pathname: str | None, search: str | None,
            fragment: str | None) -> tuple:
    """Page mode (root and nav link classes; section, stage, builder styles), then the stage.

    The last output is the number of steps, which the step buttons and keys move within
    (``assets/presenter.js`` moves the URL fragment in the page: quick presses add up).
    """
    if (pathname or "/").rstrip("/") != PRESENT_PATH:
        return ("", "nav-link", HIDDEN, HIDDEN, HIDDEN, *[no_update] * (len(STAGE_OUTPUTS) + 1))
    if not search:
        return ("presenter-building", ACTIVE, SHOWN, HIDDEN, SHOWN,
                *[no_update] * (len(STAGE_OUTPUTS) + 1))
    slides, notes = parse_playlist(search, view_reader(atlas))
    shown = stage(atlas, slides, fragment)
    if shown is None:
        return ("presenter-presenting", ACTIVE, SHOWN, SHOWN, HIDDEN, {}, "No slides to show",
                "This playlist has no slides that can be shown.", "", notes_list(notes),
                "/present", [], "0")
    return ("presenter-presenting", ACTIVE, SHOWN, SHOWN, HIDDEN, shown.part.figure, shown.counter,
            shown.label, shown.part.summary, notes_list(notes), shown.exit_href,
            outline(shown.outline), str(shown.total_steps))



def edit(atlas: AtlasContext, action: str | None, data, selected, value, state_data) -> tuple:
    """Outputs of the builder callback for one edit (order as in ``register``)."""
    read = view_reader(atlas)
    slides = slides_from_data(data, read)
    status = no_update
    if action == "add":
        value = current_slide(state_from_dict(state_data))
        status = ("This page has no figure to present." if value is None else
                  f"Added slide {len(slides) + 1}: {slide_label(atlas, value, read)}.")
    elif action == "replace":
        value = example_playlist(atlas)
    slides, selected = edit_playlist(slides, action, selected, value)
    view = builder(atlas, slides, selected)
    empty = None if slides else empty_playlist()
    return (slides_to_data(slides), [{"label": label, "value": i}
                                     for i, label in enumerate(view.labels)],
            view.selected, [{"label": label, "value": key} for key, label in view.parts],
            view.part, view.reveal, not view.can_reveal, view.href, empty, status)


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the presenter's callbacks."""

    @app.callback(
        Output(Id.PAGE_ROOT, "className"), Output(Id.NAV_PRESENT, "className"),
        Output(Id.PRESENT_PAGE, "style"),
        Output(Id.PRESENT_STAGE, "style"), Output(Id.BUILDER, "style"),
        *[Output(i, p) for i, p in STAGE_OUTPUTS], Output(Id.PRESENT_TOTAL, "children"),
        Input(Id.URL, "pathname"), Input(Id.URL, "search"), Input(Id.URL, "hash"),
    )
    def on_location(pathname, search, fragment):
        return present(atlas, pathname, search, fragment)


    @app.callback(
        Output(Id.PLAYLIST, "data"), Output(Id.BUILDER_LIST, "options"),
        Output(Id.BUILDER_LIST, "value"), Output(Id.BUILDER_PART, "options"),
        Output(Id.BUILDER_PART, "value"), Output(Id.BUILDER_REVEAL, "value"),
        Output(Id.BUILDER_REVEAL, "disabled"), Output(Id.BUILDER_START, "href"),
        Output(Id.BUILDER_EMPTY, "children"), Output(Id.PLAYLIST_ADD_STATUS, "children"),
        *[Input(i, "n_clicks") for i in (Id.PLAYLIST_ADD, Id.BUILDER_UP, Id.BUILDER_DOWN,
                                         Id.BUILDER_REMOVE, Id.BUILDER_EXAMPLE)],
        Input(Id.BUILDER_PART, "value"), Input(Id.BUILDER_REVEAL, "value"),
        Input(Id.BUILDER_LIST, "value"), Input(Id.PLAYLIST, "data"),
        State(Id.STATE, "data"),
    )
    def on_edit(*args):
        part, reveal, selected, data, state_data = args[5:]
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
