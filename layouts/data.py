"""'Your data', editor sign-in and workshop pages: component trees only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ingest.template import TEMPLATE_CSV_URL, TEMPLATE_XLSX_URL
from dashboard.views.notice import Notice
from layouts.ids import Id

HIDDEN = {"display": "none"}
ISSUE_COLUMNS = (("severity", "Severity", 110), ("row", "Row", 80), ("column", "Column", 150),
                 ("value", "Value", 160), ("message", "Message", 360),
                 ("suggestion", "Suggestion", 160))
PREVIEW_COLUMNS = (("name", "Name"), ("provider", "Provider"), ("locality_code", "Locality"),
                   ("types", "Types"), ("determinants", "Determinants"),
                   ("populations", "Population groups"))
QUEUE_COLUMNS = (("id", "Entry", False), ("submitted_by", "Submitted by", False),
                 ("submitted_at", "When", False), ("name", "Name", True),
                 ("provider", "Provider", True), ("locality", "Locality", True),
                 ("types", "Types", True), ("determinants", "Determinants", True),
                 ("populations", "Population groups", True), ("note", "Note", True))
AUDIT_COLUMNS = (("at", "When"), ("actor", "Who"), ("action", "What"), ("version", "Version"),
                 ("entry", "Entry"), ("changes", "What changed"))


def _field(label: str, control_id: str, control, help_text: str | None = None) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control_id, className="form-label mb-1"), control,
                     html.Div(help_text, className="form-text") if help_text else None],
                    className="mb-2")


def _grid(grid_id: str, columns: list[dict], **options) -> dag.AgGrid:
    return dag.AgGrid(
        id=grid_id, columnDefs=columns, rowData=[],
        defaultColDef={"resizable": True, "wrapText": True, "autoHeight": True, "sortable": True},
        dashGridOptions={"domLayout": "autoHeight", "pagination": True, "paginationPageSize": 20,
                         **options},
        className="ag-theme-quartz",
    )


def data_section(max_mb: float) -> html.Section:
    """Upload a template file, read its report and preview, then use or save it."""
    upload = dcc.Upload(
        id=Id.DATA_UPLOAD,
        children=html.Div(["Drag and drop a file here, or ",
                           html.Span("choose a CSV or XLSX file", className="text-primary "
                                     "text-decoration-underline")]),
        accept=".csv,.xlsx,.xlsm,text/csv",
        max_size=-1,  # the size is checked by the page and by the server, with a clear message
        className="upload-drop p-4 mb-2 text-center border rounded",
    )
    issues = _grid(Id.DATA_ISSUES, [{"field": f, "headerName": h, "minWidth": w, "flex": 1,
                                     "filter": True} for f, h, w in ISSUE_COLUMNS])
    preview = _grid(Id.DATA_PREVIEW, [{"field": f, "headerName": h, "flex": 1, "minWidth": 120}
                                      for f, h in PREVIEW_COLUMNS])
    return html.Section(
        [
            html.H2("Your data", className="h4"),
            html.P(["Upload your own mapping as the exchange template (",
                    html.A("XLSX template", href=TEMPLATE_XLSX_URL), " or ",
                    html.A("CSV template", href=TEMPLATE_CSV_URL),
                    f"; at most {max_mb:g} MB). It is checked row by row; nothing is kept "
                    "unless you choose to use or save it."]),
            upload,
            dcc.Loading(html.Div(id=Id.DATA_STATUS, role="status", **{"aria-live": "polite"}),
                        type="circle", overlay_style={"visibility": "visible"}),
            dcc.Store(id=Id.DATA_REPORT), dcc.Store(id=Id.DATA_FILE),
            dcc.Store(id=Id.DATA_LIMIT, data=int(max_mb * 1024 * 1024)),  # Settings.upload_max_bytes
            html.Div(
                [
                    html.H3("Validation report", className="h5 mt-3"),
                    html.P(id=Id.DATA_SUMMARY),
                    dbc.Button("Download report (CSV)", id=Id.DATA_REPORT_BUTTON,
                               color="secondary", outline=True, size="sm", className="mb-2"),
                    dcc.Download(id=Id.DATA_REPORT_DOWNLOAD),
                    issues,
                    html.H3("Preview of the accepted rows (first 10)", className="h5 mt-3"),
                    preview,
                    html.H3("Use it", className="h5 mt-3"),
                    dbc.Button("Use for this session", id=Id.DATA_USE, color="primary",
                               className="me-2 mb-2"),
                    html.Span("Shows the accepted rows in every view of this browser's link; "
                              "share the link to share them.", className="small"),
                    dbc.Card(dbc.CardBody([
                        html.H4("Save as a named dataset (editors)", className="h6"),
                        dbc.Row([
                            dbc.Col(_field("Dataset name", Id.DATA_SAVE_NAME,
                                           dbc.Input(id=Id.DATA_SAVE_NAME, type="text",
                                                     maxLength=80)), md=5),
                            dbc.Col(_field("Version note", Id.DATA_SAVE_NOTE,
                                           dbc.Input(id=Id.DATA_SAVE_NOTE, type="text",
                                                     maxLength=500)), md=5),
                            dbc.Col(dbc.Button("Save as a named dataset", id=Id.DATA_SAVE,
                                               color="primary", className="mt-4"), md=2),
                        ]),
                    ]), className="mt-2"),
                    html.Div(id=Id.DATA_ACTION_STATUS, role="status", className="mt-2",
                             **{"aria-live": "polite"}),
                ],
                id=Id.DATA_RESULT, style=HIDDEN,
            ),
        ],
        id=Id.DATA_PAGE, style=HIDDEN, **{"aria-label": "Your data"},
    )


def editor_section(writes_enabled: bool) -> html.Section:
    """Editor sign-in: a display name and the editor secret."""
    off = None if writes_enabled else html.P(
        "Editing is off: set ATLAS_EDITOR_SECRET_HASH on the server to allow saving datasets "
        "and approving entries.", className="alert alert-secondary mb-2")
    return html.Section(
        dbc.Card(dbc.CardBody([
            html.H2("Editor", className="h5"),
            off,
            html.P(id=Id.EDITOR_STATUS, className="mb-2", role="status"),
            dbc.Row([
                dbc.Col(_field("Your display name", Id.EDITOR_NAME,
                               dbc.Input(id=Id.EDITOR_NAME, type="text", maxLength=100,
                                         autocomplete="nickname", disabled=not writes_enabled)),
                        md=4),
                dbc.Col(_field("Editor secret", Id.EDITOR_SECRET,
                               dbc.Input(id=Id.EDITOR_SECRET, type="password",
                                         autocomplete="current-password",
                                         disabled=not writes_enabled)), md=4),
                dbc.Col([dbc.Button("Sign in", id=Id.EDITOR_LOGIN, color="primary",
                                    className="mt-4 me-2", disabled=not writes_enabled),
                         dbc.Button("Sign out", id=Id.EDITOR_LOGOUT, color="secondary",
                                    outline=True, className="mt-4")], md=4),
            ]),
            html.Div(id=Id.EDITOR_MESSAGE, role="status", **{"aria-live": "polite"}),
            dcc.Store(id=Id.EDITOR_STATE),
        ]), className="mb-3"),
        id=Id.EDITOR_PANEL, style=HIDDEN, **{"aria-label": "Editor sign-in"},
    )


def workshop_section(*, locality_options: Sequence[dict[str, str]],
                     code_options: Mapping[str, list[dict[str, str]]]) -> html.Section:
    """'Add a service we missed', the facilitator's queue and the audit trail."""

    def codes(label: str, control_id: str, field: str) -> html.Div:
        return _field(label, control_id, dcc.Dropdown(id=control_id, options=code_options[field],
                                                      multi=True, placeholder="Choose one or more"),
                      "The first one you choose is the main one.")

    form = dbc.Card(dbc.CardBody([
        html.H3("Add a service we missed", className="h5"),
        html.P(id=Id.WORKSHOP_TARGET, className="small"),
        dbc.Row([
            dbc.Col(_field("Your name (shown to the facilitator)", Id.WORKSHOP_BY,
                           dbc.Input(id=Id.WORKSHOP_BY, type="text", maxLength=100)), md=6),
            dbc.Col(_field("Service name", Id.WORKSHOP_NAME,
                           dbc.Input(id=Id.WORKSHOP_NAME, type="text", maxLength=200)), md=6),
            dbc.Col(_field("Provider", Id.WORKSHOP_PROVIDER,
                           dbc.Input(id=Id.WORKSHOP_PROVIDER, type="text", maxLength=200)), md=6),
            dbc.Col(_field("Locality", Id.WORKSHOP_LOCALITY,
                           dcc.Dropdown(id=Id.WORKSHOP_LOCALITY, options=list(locality_options),
                                        placeholder="Search districts…")), md=6),
            dbc.Col(codes("Intervention types", Id.WORKSHOP_TYPES, "types"), md=4),
            dbc.Col(codes("Determinants", Id.WORKSHOP_DETERMINANTS, "determinants"), md=4),
            dbc.Col(codes("Population groups", Id.WORKSHOP_POPULATIONS, "populations"), md=4),
        ]),
        _field("Note (optional)", Id.WORKSHOP_NOTE,
               dbc.Textarea(id=Id.WORKSHOP_NOTE, maxLength=1000, rows=2)),
        dbc.Button("Send to the facilitator", id=Id.WORKSHOP_SUBMIT, color="primary"),
        dcc.Store(id=Id.WORKSHOP_CLIENT_ID),
        html.Div(id=Id.WORKSHOP_FEEDBACK, role="status", className="mt-2",
                 **{"aria-live": "polite"}),
    ]), className="mb-3")
    queue = _grid(Id.WORKSHOP_QUEUE,
                  [{"field": f, "headerName": h, "editable": e, "flex": 1, "minWidth": 110}
                   for f, h, e in QUEUE_COLUMNS],
                  rowSelection={"mode": "multiRow"}, stopEditingWhenCellsLoseFocus=True)
    queue.getRowId = "params.data.id"
    facilitator = dbc.Card(dbc.CardBody([
        html.H3("Queue (facilitator)", className="h5"),
        html.P("Select entries, correct any cell by double-clicking it, then approve them into a "
               "new version of the dataset, or reject them with a reason.", className="small"),
        dbc.Row([
            dbc.Col(_field("Start a workshop copy of the bundled dataset named", Id.WORKSHOP_COPY_NAME,
                           dbc.Input(id=Id.WORKSHOP_COPY_NAME, type="text", maxLength=80)), md=6),
            dbc.Col(dbc.Button("Start a workshop copy", id=Id.WORKSHOP_COPY, color="secondary",
                               className="mt-4"), md=6),
        ]),
        queue,
        dbc.Row([
            dbc.Col(dbc.Button("Approve selected", id=Id.WORKSHOP_APPROVE, color="success",
                               className="mt-2 me-2"), md="auto"),
            dbc.Col(_field("Reason for rejecting", Id.WORKSHOP_REASON,
                           dbc.Input(id=Id.WORKSHOP_REASON, type="text", maxLength=500)), md=4),
            dbc.Col(dbc.Button("Reject selected", id=Id.WORKSHOP_REJECT, color="danger",
                               outline=True, className="mt-4"), md="auto"),
        ], className="align-items-start"),
        html.Div(id=Id.WORKSHOP_QUEUE_STATUS, role="status", className="mt-2",
                 **{"aria-live": "polite"}),
        html.H3("Audit trail", className="h5 mt-3"),
        _grid(Id.WORKSHOP_AUDIT, [{"field": f, "headerName": h, "flex": 1, "minWidth": 110}
                                  for f, h in AUDIT_COLUMNS]),
    ]), className="mb-3")
    return html.Section(
        [html.H2("Workshop", className="h4"), form, facilitator],
        id=Id.WORKSHOP_PAGE, style=HIDDEN, **{"aria-label": "Workshop"},
    )


def alert(text, kind: str = "info") -> html.Div:
    """A message box; ``text`` is shown as text (a string or a list of strings)."""
    if isinstance(text, list | tuple):
        text = html.Ul([html.Li(line) for line in text], className="mb-0")
    return html.Div(text, className=f"alert alert-{kind} mb-2")


def link_message(text: str, label: str, href: str) -> html.Div:
    """A success message with a link to what was made."""
    return html.Div([text, " ", dcc.Link(label, href=href)], className="alert alert-success mb-2")


def notice(message: Notice | None) -> html.Div | None:
    """A notice as a message box (its link, when it has one, after the text)."""
    if message is None:
        return None
    if message.link:
        label, href = message.link
        return html.Div([" ".join(message.lines), " ", dcc.Link(label, href=href)],
                        className=f"alert alert-{message.kind} mb-2")
    return alert(message.lines[0] if len(message.lines) == 1 else list(message.lines),
                 message.kind)
