"""'Your data': read an upload, show its report and preview, use it for a session or save it."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

from dash import Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx

from dashboard.context import AtlasContext
from dashboard.core.dataset_identity import check_name, new_session_name
from dashboard.core.view_state import DEFAULT, state_to_url
from dashboard.ingest.uploads import (
    UploadError,
    preview_rows,
    report_csv,
    report_rows,
    summary,
    validate_upload,
)
from layouts.data import HIDDEN, alert, link_message
from layouts.ids import Id
from server.editor_session import current_editor, sign_in, sign_out


def _validate(atlas: AtlasContext, contents: str | None, filename: str | None):
    if atlas.library is None or atlas.library.store is None:
        raise UploadError("Uploads need the database, which is not available on this server.")
    return validate_upload(contents, filename, atlas.codelists, atlas.library.store.localities,
                           max_bytes=atlas.settings.upload_max_bytes,
                           stale_after_days=atlas.settings.stale_after_days)


def read_upload(atlas: AtlasContext, contents: str | None, filename: str | None) -> tuple:
    """Status, summary, report store, issue rows, preview rows, result style, action status."""
    try:
        report = _validate(atlas, contents, filename)
    except UploadError as error:
        return alert(str(error), "danger"), "", None, [], [], HIDDEN, None
    data = {**report.to_dict(), "filename": filename}
    kind = "success" if report.ok else "warning"
    return (alert(f"Read {filename}: {summary(data)}", kind), summary(data), data,
            report_rows(data), preview_rows(report.accepted), {}, None)


def report_download(data: dict | None):
    """The report as a CSV download."""
    if not data:
        return no_update
    stem = str(data.get("filename") or "upload").rsplit(".", 1)[0]
    return dcc.send_string(report_csv(data, str(data.get("filename"))),
                           f"{stem}_validation_report.csv")


def use_upload(atlas: AtlasContext, contents: str | None, filename: str | None) -> tuple:
    """Store the accepted rows as an unlisted session dataset and open the atlas on it."""
    try:
        report = _validate(atlas, contents, filename)
    except UploadError as error:
        return no_update, no_update, alert(str(error), "danger")
    if report.rows_accepted == 0:
        return no_update, no_update, alert("No row was accepted; fix the errors and upload "
                                           "the file again.", "danger")
    atlas.library.expire_sessions()
    name = new_session_name()
    atlas.library.store.save_version(name, report.accepted, actor="session upload",
                                     comment=filename or "", notice=f"Uploaded from {filename}.")
    path, search = state_to_url(replace(DEFAULT, dataset=name))
    return path, search, alert(f"Showing {filename} in every view of this link, for "
                               f"{atlas.library.session_days:g} days.", "success")


def save_upload(atlas: AtlasContext, editor: str | None, contents: str | None,
                filename: str | None, name: str | None, note: str | None):
    """Save the accepted rows as the next version of a named dataset (editors only)."""
    if editor is None:
        return alert("Only a signed-in editor can save datasets.", "danger")
    name = (name or "").strip()
    problem = check_name(name)
    if problem:
        return alert(problem, "danger")
    try:
        report = _validate(atlas, contents, filename)
    except UploadError as error:
        return alert(str(error), "danger")
    if report.rows_accepted == 0:
        return alert("No row was accepted; nothing to save.", "danger")
    info = atlas.library.store.save_version(name, report.accepted, actor=editor,
                                            comment=(note or "").strip() or f"Uploaded {filename}")
    return link_message(f"Saved {info.row_count} rows as {name}, version {info.version}.",
                        f"View {name}", f"/?dataset={quote(name)}")


def editor_status(atlas: AtlasContext, editor: str | None) -> tuple:
    """Status line and whether editor-only buttons are disabled."""
    if atlas.settings.editor_secret_hash is None:
        text = "Editing is off: set ATLAS_EDITOR_SECRET_HASH on the server."
    elif editor:
        text = f"Signed in as editor: {editor}."
    else:
        text = "Not signed in: you can read, upload for this session and send entries."
    disabled = editor is None
    return (text, *([disabled] * 4))


# A file over the limit is refused in the page, before it is sent: the server would refuse a
# request of more than about four times the limit with a bare 413. Same test and sentence as
# ``uploads.decode_upload`` and ``uploads.too_large_message``.
SIZE_GATE = """
function(contents, filename, maxBytes) {
    if (!contents) {
        return [window.dash_clientside.no_update, window.dash_clientside.no_update];
    }
    const encoded = contents.length - contents.indexOf(",") - 1;
    if (Math.floor(encoded * 3 / 4) <= maxBytes + 3) {
        return [contents, window.dash_clientside.no_update];
    }
    const mb = parseFloat((maxBytes / 1024 / 1024).toPrecision(3)).toString();
    const text = filename + " is larger than the upload limit of " + mb + " MB; split it " +
        "into smaller files or ask the site's administrator to raise the limit.";
    return [null, {namespace: "dash_html_components", type: "Div",
                   props: {children: text, className: "alert alert-danger mb-2"}}];
}
"""


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the upload page and the editor sign-in."""
    app.clientside_callback(SIZE_GATE, Output(Id.DATA_FILE, "data"),
                            Output(Id.DATA_STATUS, "children", allow_duplicate=True),
                            Input(Id.DATA_UPLOAD, "contents"), State(Id.DATA_UPLOAD, "filename"),
                            State(Id.DATA_LIMIT, "data"), prevent_initial_call=True)

    @app.callback(Output(Id.DATA_STATUS, "children"), Output(Id.DATA_SUMMARY, "children"),
                  Output(Id.DATA_REPORT, "data"), Output(Id.DATA_ISSUES, "rowData"),
                  Output(Id.DATA_PREVIEW, "rowData"), Output(Id.DATA_RESULT, "style"),
                  Output(Id.DATA_ACTION_STATUS, "children"),
                  Input(Id.DATA_FILE, "data"), State(Id.DATA_UPLOAD, "filename"),
                  prevent_initial_call=True)
    def on_upload(contents, filename):
        if contents is None:  # over the limit: the page said so and sent nothing
            return no_update, "", None, [], [], HIDDEN, None
        return read_upload(atlas, contents, filename)

    @app.callback(Output(Id.DATA_REPORT_DOWNLOAD, "data"), Input(Id.DATA_REPORT_BUTTON, "n_clicks"),
                  State(Id.DATA_REPORT, "data"), prevent_initial_call=True)
    def on_report(_, data):
        return report_download(data)

    @app.callback(Output(Id.URL, "pathname", allow_duplicate=True),
                  Output(Id.URL, "search", allow_duplicate=True),
                  Output(Id.DATA_ACTION_STATUS, "children", allow_duplicate=True),
                  Input(Id.DATA_USE, "n_clicks"), State(Id.DATA_FILE, "data"),
                  State(Id.DATA_UPLOAD, "filename"), prevent_initial_call=True,
                  running=[(Output(Id.DATA_USE, "disabled"), True, False)])
    def on_use(_, contents, filename):
        return use_upload(atlas, contents, filename)

    @app.callback(Output(Id.DATA_ACTION_STATUS, "children", allow_duplicate=True),
                  Input(Id.DATA_SAVE, "n_clicks"), State(Id.DATA_FILE, "data"),
                  State(Id.DATA_UPLOAD, "filename"), State(Id.DATA_SAVE_NAME, "value"),
                  State(Id.DATA_SAVE_NOTE, "value"), prevent_initial_call=True)
    def on_save(_, contents, filename, name, note):
        return save_upload(atlas, current_editor(atlas), contents, filename, name, note)

    @app.callback(Output(Id.EDITOR_STATE, "data"), Output(Id.EDITOR_MESSAGE, "children"),
                  Output(Id.EDITOR_SECRET, "value"),
                  Input(Id.EDITOR_LOGIN, "n_clicks"), Input(Id.EDITOR_LOGOUT, "n_clicks"),
                  State(Id.EDITOR_NAME, "value"), State(Id.EDITOR_SECRET, "value"),
                  prevent_initial_call=True)
    def on_login(_, __, name, secret):
        if dash_ctx.triggered_id == Id.EDITOR_LOGOUT:
            sign_out()
            return None, alert("Signed out.", "info"), ""
        problem = sign_in(atlas, name, secret)
        return (None if problem else name), alert(problem or "Signed in.",
                                                  "danger" if problem else "success"), ""

    @app.callback(Output(Id.EDITOR_STATUS, "children"), Output(Id.DATA_SAVE, "disabled"),
                  Output(Id.WORKSHOP_APPROVE, "disabled"), Output(Id.WORKSHOP_REJECT, "disabled"),
                  Output(Id.WORKSHOP_COPY, "disabled"),
                  Input(Id.EDITOR_STATE, "data"), Input(Id.URL, "pathname"))
    def on_editor(_, __):
        return editor_status(atlas, current_editor(atlas))
