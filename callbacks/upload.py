"""'Your data': read an upload, show its report and preview, use it for a session or save it."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, no_update, set_props

from callbacks.editor import editor_panel
from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState
from dashboard.ingest.uploads import report_csv
from dashboard.views.upload import UploadRead, group_rows, read_upload, save_upload, use_upload
from layouts.components import HIDDEN, notice
from layouts.ids import Id
from layouts.upload import upload_section
from server.editor_session import current_editor

READ_OUTPUTS = {
    "status": Output(Id.DATA_STATUS, "children"), "summary": Output(Id.DATA_SUMMARY, "children"),
    "report": Output(Id.DATA_REPORT, "data"), "issues": Output(Id.DATA_ISSUES, "rowData"),
    "preview": Output(Id.DATA_PREVIEW, "rowData"), "result": Output(Id.DATA_RESULT, "style"),
    "action": Output(Id.DATA_ACTION_STATUS, "children"),
}


def read_values(read: UploadRead) -> dict:
    """Values of the read callback's outputs (keys of ``READ_OUTPUTS``)."""
    return {"status": notice(read.notice), "summary": read.summary, "report": read.report,
            "issues": list(read.issues), "preview": list(read.preview),
            "result": {} if read.report is not None else HIDDEN, "action": None}


def report_download(data: dict | None):
    """The report as a CSV download."""
    if not data:
        return no_update
    stem = str(data.get("filename") or "upload").rsplit(".", 1)[0]
    return dcc.send_string(report_csv(data, str(data.get("filename"))),
                           f"{stem}_validation_report.csv")


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


def render(atlas: AtlasContext, state: ViewState) -> list:
    """The 'Your data' page: the upload, and the editor sign-in that saving needs."""
    panel, can_edit = editor_panel(atlas)
    return [upload_section(atlas.settings.upload_max_mb, can_edit), panel]


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the upload page."""
    app.clientside_callback(SIZE_GATE, Output(Id.DATA_FILE, "data"),
                            Output(Id.DATA_STATUS, "children", allow_duplicate=True),
                            Input(Id.DATA_UPLOAD, "contents"), State(Id.DATA_UPLOAD, "filename"),
                            State(Id.DATA_LIMIT, "data"), prevent_initial_call=True)

    @app.callback(output=READ_OUTPUTS,
                  inputs={"contents": Input(Id.DATA_FILE, "data")},
                  state={"filename": State(Id.DATA_UPLOAD, "filename")},
                  prevent_initial_call=True)
    def on_upload(contents, filename):
        if contents is None:  # over the limit: the page said so and sent nothing
            return {**read_values(UploadRead(notice=None)), "status": no_update}
        return read_values(read_upload(atlas, contents, filename))

    @app.callback(Output(Id.DATA_GROUP_HEADING, "children"), Output(Id.DATA_GROUP_ROWS, "rowData"),
                  Input(Id.DATA_ISSUES, "selectedRows"), State(Id.DATA_REPORT, "data"))
    def on_group(picked, report):
        shown = group_rows(report, picked)
        return shown.heading, list(shown.rows)

    @app.callback(Output(Id.DATA_REPORT_DOWNLOAD, "data"), Input(Id.DATA_REPORT_BUTTON, "n_clicks"),
                  State(Id.DATA_REPORT, "data"), prevent_initial_call=True)
    def on_report(_, data):
        return report_download(data)

    # The URL is set, not declared as an output: a callback with an output outside the page
    # would run (and send a request) each time the page opens.
    @app.callback(Output(Id.DATA_ACTION_STATUS, "children", allow_duplicate=True),
                  Input(Id.DATA_USE, "n_clicks"), State(Id.DATA_FILE, "data"),
                  State(Id.DATA_UPLOAD, "filename"), prevent_initial_call=True,
                  running=[(Output(Id.DATA_USE, "disabled"), True, False)])
    def on_use(_, contents, filename):
        opened = use_upload(atlas, contents, filename)
        if opened.location:
            set_props(Id.URL, dict(zip(("pathname", "search"), opened.location, strict=True)))
        return notice(opened.notice)

    @app.callback(Output(Id.DATA_ACTION_STATUS, "children", allow_duplicate=True),
                  Input(Id.DATA_SAVE, "n_clicks"), State(Id.DATA_FILE, "data"),
                  State(Id.DATA_UPLOAD, "filename"), State(Id.DATA_SAVE_NAME, "value"),
                  State(Id.DATA_SAVE_NOTE, "value"), prevent_initial_call=True)
    def on_save(_, contents, filename, name, note):
        return notice(save_upload(atlas, current_editor(atlas), contents, filename, name,
                                  note).notice)
