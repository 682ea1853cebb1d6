"""Editor sign-in and sign-out, and what editor-only controls allow."""

from __future__ import annotations

from dash import Dash, Input, Output, State
from dash import ctx as dash_ctx

from dashboard.context import AtlasContext
from dashboard.views.notice import Notice
from dashboard.views.upload import editor_status
from layouts.components import notice
from layouts.ids import Id
from server.editor_session import current_editor, sign_in, sign_out

EDITOR_BUTTONS = (Id.DATA_SAVE, Id.WORKSHOP_APPROVE, Id.WORKSHOP_REJECT, Id.WORKSHOP_COPY)
STATUS_OUTPUTS = {"status": Output(Id.EDITOR_STATUS, "children"),
                  "disabled": {str(button): Output(button, "disabled")
                               for button in EDITOR_BUTTONS}}


def status_values(atlas: AtlasContext, editor: str | None) -> dict:
    """The status line, and every editor-only button disabled unless an editor is signed in."""
    status = editor_status(atlas, editor)
    return {"status": status.text,
            "disabled": {str(button): not status.can_edit for button in EDITOR_BUTTONS}}


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the editor sign-in."""

    @app.callback(Output(Id.EDITOR_STATE, "data"), Output(Id.EDITOR_MESSAGE, "children"),
                  Output(Id.EDITOR_SECRET, "value"),
                  Input(Id.EDITOR_LOGIN, "n_clicks"), Input(Id.EDITOR_LOGOUT, "n_clicks"),
                  State(Id.EDITOR_NAME, "value"), State(Id.EDITOR_SECRET, "value"),
                  prevent_initial_call=True)
    def on_login(_, __, name, secret):
        if dash_ctx.triggered_id == Id.EDITOR_LOGOUT:
            sign_out(atlas)
            return None, notice(Notice.of("Signed out.")), ""
        problem = sign_in(atlas, name, secret)
        message = Notice.of(problem, "danger") if problem else Notice.of("Signed in.", "success")
        return (None if problem else name), notice(message), ""

    @app.callback(output=STATUS_OUTPUTS,
                  inputs={"signed_in": Input(Id.EDITOR_STATE, "data"),
                          "pathname": Input(Id.URL, "pathname")})
    def on_editor(signed_in, pathname):
        return status_values(atlas, current_editor(atlas))
