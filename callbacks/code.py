"""The coding workbench: import, move, accept, edit, check, download and save."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx

from callbacks.editor import editor_panel
from callbacks.upload import SIZE_GATE
from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.store.drafts import DRAFT_FILTERS
from dashboard.views import code_actions as act
from dashboard.views.code import CodeState, code_page
from dashboard.views.notice import Notice
from dashboard.views.page import code_options
from layouts.code import code_section, code_values
from layouts.components import notice
from layouts.ids import CODE_FILTER_TYPE, CODE_PICKERS, CODE_ROW_TYPE, Id
from server.editor_session import current_editor

RENDER = {
    "workbench": Output(Id.CODE_WORKBENCH, "style"), "title": Output(Id.CODE_TITLE, "children"),
    "progress": Output(Id.CODE_PROGRESS, "value"), "progress_text": Output(Id.CODE_PROGRESS_TEXT, "children"),
    "counts": Output(Id.CODE_COUNTS, "children"), "report": Output(Id.CODE_REPORT, "children"),
    "list": Output(Id.CODE_LIST, "children"), "page_text": Output(Id.CODE_PAGE_TEXT, "children"),
    "page_previous": Output(Id.CODE_PAGE_PREVIOUS, "disabled"),
    "page_next": Output(Id.CODE_PAGE_NEXT, "disabled"), "editor": Output(Id.CODE_EDITOR, "children"),
    "picks": {name: Output(picker, "value") for name, picker in CODE_PICKERS.items()},
    "filters": Output({"type": CODE_FILTER_TYPE, "index": ALL}, "className"),
}
ACTIONS = {
    "rows": Input({"type": CODE_ROW_TYPE, "index": ALL}, "n_clicks"),
    "filters": Input({"type": CODE_FILTER_TYPE, "index": ALL}, "n_clicks"),
    "buttons": {key: Input(button, "n_clicks") for key, button in (
        ("next", Id.CODE_NEXT), ("previous", Id.CODE_PREVIOUS), ("accept", Id.CODE_ACCEPT),
        ("save", Id.CODE_SAVE_ROW), ("above", Id.CODE_ACCEPT_ABOVE),
        ("page_next", Id.CODE_PAGE_NEXT), ("page_previous", Id.CODE_PAGE_PREVIOUS))},
}


def act_on(atlas: AtlasContext, trigger, data: dict | None, picks: dict, threshold: float | None,
           editor: str | None) -> tuple[CodeState, Notice | None]:
    """The new workbench state after ``trigger`` (a button id or a pattern id dict)."""
    state = CodeState.of(data)
    if isinstance(trigger, dict) and trigger.get("type") == CODE_ROW_TYPE:
        return CodeState(state.token, state.filter, state.page, int(trigger["index"])), None
    if isinstance(trigger, dict) and trigger.get("type") == CODE_FILTER_TYPE:
        return act.set_filter(atlas, state, str(trigger["index"])), None
    moves = {Id.CODE_NEXT: 1, Id.CODE_PREVIOUS: -1}
    if trigger in moves:
        return act.move(atlas, state, moves[trigger]), None
    if trigger in (Id.CODE_PAGE_NEXT, Id.CODE_PAGE_PREVIOUS):
        return act.set_page(atlas, state, state.page + (1 if trigger == Id.CODE_PAGE_NEXT else -1)), None
    if trigger == Id.CODE_ACCEPT:
        return act.accept(atlas, state, editor)
    if trigger == Id.CODE_SAVE_ROW:
        return act.save_codes(atlas, state, picks, editor)
    if trigger == Id.CODE_ACCEPT_ABOVE:
        return act.accept_above(atlas, state, threshold, editor)
    return state, None


def render(atlas: AtlasContext, state: ViewState) -> list:
    """The /code page: the import form and the workbench, and the editor sign-in saving needs."""
    panel, _ = editor_panel(atlas)
    return [code_section(atlas.settings.upload_max_mb, code_options(atlas)), panel]


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the workbench."""
    app.clientside_callback(SIZE_GATE, Output(Id.CODE_FILE, "data"),
                            Output(Id.CODE_STATUS, "children", allow_duplicate=True),
                            Input(Id.CODE_UPLOAD, "contents"), State(Id.CODE_UPLOAD, "filename"),
                            State(Id.CODE_LIMIT, "data"), prevent_initial_call=True)

    @app.callback(Output(Id.CODE_STATE, "data", allow_duplicate=True),
                  Output(Id.CODE_STATUS, "children", allow_duplicate=True),
                  Input(Id.CODE_IMPORT, "n_clicks"), State(Id.CODE_FILE, "data"),
                  State(Id.CODE_UPLOAD, "filename"), State(Id.CODE_FORMAT, "value"),
                  State(Id.CODE_MAPPING, "value"), State(Id.CODE_CONTEXT, "value"),
                  prevent_initial_call=True, running=[(Output(Id.CODE_IMPORT, "disabled"), True, False)])
    def on_import(_, contents, filename, kind, mapping, context):
        state, message = act.start_import(atlas, contents, filename, kind, mapping, current_editor(atlas),
                                          context)
        return (state.to_dict() if state.token else no_update), notice(message)

    @app.callback(Output(Id.CODE_STATE, "data", allow_duplicate=True),
                  Output(Id.CODE_STATUS, "children", allow_duplicate=True),
                  Input(Id.CODE_REVIEW, "n_clicks"), State(Id.STATE, "data"), prevent_initial_call=True,
                  running=[(Output(Id.CODE_REVIEW, "disabled"), True, False)])
    def on_review(_, view):
        state, message = act.start_review(atlas, state_from_dict(view), current_editor(atlas))
        return (state.to_dict() if state.token else no_update), notice(message)

    @app.callback(output=[Output(Id.CODE_STATE, "data", allow_duplicate=True),
                          Output(Id.CODE_ROW_STATUS, "children")],
                  inputs=ACTIONS, state={"data": State(Id.CODE_STATE, "data"),
                                         "picks": {n: State(p, "value") for n, p in CODE_PICKERS.items()},
                                         "threshold": State(Id.CODE_THRESHOLD, "value")},
                  prevent_initial_call=True)
    def on_action(rows, filters, buttons, data, picks, threshold):
        if not dash_ctx.triggered or not dash_ctx.triggered[0].get("value"):
            return no_update, no_update  # a list re-drawn, not a click
        state, message = act_on(atlas, dash_ctx.triggered_id, data, picks, threshold, current_editor(atlas))
        return state.to_dict(), notice(message)

    @app.callback(output=RENDER, inputs={"data": Input(Id.CODE_STATE, "data")})
    def on_state(data):
        return code_values(code_page(atlas, CodeState.of(data)), DRAFT_FILTERS)

    @app.callback(Output(Id.CODE_CHECK_RESULT, "children"), Input(Id.CODE_CHECK, "n_clicks"),
                  State(Id.CODE_STATE, "data"), prevent_initial_call=True)
    def on_check(_, data):
        return notice(act.check(atlas, CodeState.of(data))[1])

    @app.callback(Output(Id.CODE_DOWNLOAD, "data"), Input(Id.CODE_DOWNLOAD_BUTTON, "n_clicks"),
                  State(Id.CODE_STATE, "data"), prevent_initial_call=True)
    def on_download(_, data):
        found = act.download(atlas, CodeState.of(data))
        return dcc.send_string(*found) if found else no_update

    @app.callback(Output(Id.CODE_SAVE_STATUS, "children"), Input(Id.CODE_SAVE, "n_clicks"),
                  State(Id.CODE_STATE, "data"), State(Id.CODE_SAVE_NAME, "value"),
                  State(Id.CODE_SAVE_NOTE, "value"), prevent_initial_call=True)
    def on_save(_, data, name, note):
        return notice(act.save_draft(atlas, CodeState.of(data), current_editor(atlas), name, note).notice)
