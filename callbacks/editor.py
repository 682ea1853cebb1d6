"""Editor sign-in and sign-out, and what editor-only controls allow."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State
from dash import ctx as dash_ctx

from dashboard.context import AtlasContext
from dashboard.views.notice import Notice
from dashboard.views.upload import editor_status
from layouts.components import notice
from layouts.editor import editor_section
from layouts.ids import Id, editor_only
from server.editor_session import current_editor, sign_in, sign_out


def status_values(atlas: AtlasContext, editor: str | None, groups: int = 0) -> tuple[str, list]:
    """The status line, and the page's ``groups`` editor-only fieldsets disabled unless signed in.

    The fieldsets are those with an ``ids.editor_only`` id.
    """
    status = editor_status(atlas, editor)
    return status.text, [not status.can_edit] * groups


def editor_panel(atlas: AtlasContext):
    """The sign-in panel as this session sees it, and whether editor-only controls are open.

    For a page with editor-only controls: they are open when an editor is signed in.
    """
    status = editor_status(atlas, current_editor(atlas))
    return editor_section(atlas.settings.editor_secret_hash is not None, status.text), \
        status.can_edit


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

    @app.callback(Output(Id.EDITOR_STATUS, "children"), Output(editor_only(ALL), "disabled"),
                  Input(Id.EDITOR_STATE, "data"),
                  prevent_initial_call=True)  # the page opens with the session's status
    def on_editor(signed_in):
        return status_values(atlas, current_editor(atlas), len(dash_ctx.outputs_list[1]))
