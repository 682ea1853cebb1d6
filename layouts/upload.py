"""'Your data': upload a template file, read its report and preview, use or save it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ingest.template import TEMPLATE_CSV_URL, TEMPLATE_XLSX_URL
from layouts.components import HIDDEN, field, grid
from layouts.ids import Id, editor_only

ISSUE_COLUMNS = (("severity", "Severity", 110), ("rows", "Rows", 150), ("column", "Column", 140),
                 ("value", "Value", 150), ("message", "Message", 360),
                 ("suggestion", "Suggestion", 150))
GROUP_COLUMNS = (("row", "Row", 80), ("value", "Value", 200), ("suggestion", "Suggestion", 200))
PREVIEW_COLUMNS = (("name", "Name"), ("provider", "Provider"), ("locality_code", "Locality"),
                   ("types", "Types"), ("determinants", "Determinants"),
                   ("populations", "Population groups"))


def upload_section(max_mb: float, can_edit: bool) -> html.Section:
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
    issues = grid(Id.DATA_ISSUES, [{"field": f, "headerName": h, "minWidth": w, "flex": 1,
                                     "filter": True} for f, h, w in ISSUE_COLUMNS],
                  rowSelection={"mode": "singleRow", "checkboxes": False, "enableClickSelection": True})
    issues.getRowId = "params.data.key"
    group = grid(Id.DATA_GROUP_ROWS, [{"field": f, "headerName": h, "minWidth": w, "flex": 1}
                                      for f, h, w in GROUP_COLUMNS])
    preview = grid(Id.DATA_PREVIEW, [{"field": f, "headerName": h, "flex": 1, "minWidth": 120}
                                      for f, h in PREVIEW_COLUMNS])
    return html.Section(
        [
            html.H2("Your data", className="page-heading"),
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
                    html.P("Repeated problems are grouped; choose one to list every row it "
                           "concerns. The CSV report lists every row.", className="small mb-1"),
                    issues,
                    html.P(id=Id.DATA_GROUP_HEADING, className="small mt-2 mb-1", role="status"),
                    group,
                    html.H3("Preview of the accepted rows (first 10)", className="h5 mt-3"),
                    preview,
                    html.H3("Use it", className="h5 mt-3"),
                    dbc.Button("Use for this session", id=Id.DATA_USE, color="primary",
                               className="me-2 mb-2"),
                    html.Span("Shows the accepted rows in every view of this browser's link; "
                              "share the link to share them.", className="small"),
                    dbc.Card(dbc.CardBody(html.Fieldset([
                        html.Legend("Save as a named dataset (editors)", className="h6"),
                        dbc.Row([
                            dbc.Col(field("Dataset name", Id.DATA_SAVE_NAME,
                                           dbc.Input(id=Id.DATA_SAVE_NAME, type="text",
                                                     maxLength=80)), md=5),
                            dbc.Col(field("Version note", Id.DATA_SAVE_NOTE,
                                           dbc.Input(id=Id.DATA_SAVE_NOTE, type="text",
                                                     maxLength=500)), md=5),
                            dbc.Col(dbc.Button("Save as a named dataset", id=Id.DATA_SAVE,
                                               color="primary", className="mt-4"), md=2),
                        ]),
                    ], id=editor_only("data-save"), disabled=not can_edit)), className="mt-2"),
                    html.Div(id=Id.DATA_ACTION_STATUS, role="status", className="mt-2",
                             **{"aria-live": "polite"}),
                ],
                id=Id.DATA_RESULT, style=HIDDEN,
            ),
        ],
        id=Id.DATA_PAGE, **{"aria-label": "Your data"},
    )
