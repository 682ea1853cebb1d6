"""The coding workbench (``/code``): import a directory, then code it service by service."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.views.code import FIELD_LABELS, FILTER_LABELS, PICK_FIELDS, Chip, CodePage, ListRow, RowEditor
from dashboard.views.code_actions import FORMAT_CHOICES
from layouts.components import HIDDEN, field
from layouts.ids import CODE_PICKERS, Id, code_filter, code_row

KEYS = "Keys: J next, K previous, A accept, E edit, S save the codes."


def code_section(max_mb: float, code_options: Mapping[str, list[dict[str, str]]]) -> html.Section:
    """The workbench: the import form, then (once a draft is open) the list and the editor."""
    return html.Section(
        [
            html.H2("Code a service directory", className="page-heading"),
            html.P("Import a published directory of services: an HSDS 3.0 / Open Referral UK feed "
                   "(JSON file or zip), the HSDS CSV package (zip), a 360Giving grants file, or any "
                   "spreadsheet of services. The atlas places each service on the map and suggests "
                   "codes with their evidence; you confirm or correct each one. Nothing reaches the "
                   "atlas until an editor saves it."),
            _import_card(max_mb),
            dcc.Store(id=Id.CODE_STATE, storage_type="session"),
            html.Div([_progress(), _toolbar(), dbc.Row([
                dbc.Col([html.Div(id=Id.CODE_LIST), _pager()], lg=7),
                # On a phone the selected service comes first, the list below it.
                dbc.Col(_editor(code_options), lg=5, className="order-first order-lg-last"),
            ]), _finish_card()], id=Id.CODE_WORKBENCH, style=HIDDEN),
        ],
        id=Id.CODE_PAGE, **{"aria-label": "Code a service directory"},
    )


def _import_card(max_mb: float) -> dbc.Card:
    upload = dcc.Upload(
        id=Id.CODE_UPLOAD, max_size=-1, accept=".csv,.xlsx,.xlsm,.json,.zip,text/csv,application/json",
        children=html.Div(["Drag and drop a file here, or ",
                           html.Span("choose a file", className="text-primary text-decoration-underline"),
                           f" (CSV, XLSX, JSON or ZIP; at most {max_mb:g} MB)"]),
        className="upload-drop p-3 mb-2 text-center border rounded")
    formats = dcc.Dropdown(id=Id.CODE_FORMAT, value="auto", clearable=False, searchable=False,
                           options=[{"label": v, "value": k} for k, v in FORMAT_CHOICES.items()])
    mapping = dbc.Textarea(id=Id.CODE_MAPPING, rows=2, placeholder="name=Service title\npostcode=Post code")
    return dbc.Card(dbc.CardBody([
        html.H3("1. Import", className="h5"),
        upload, dcc.Store(id=Id.CODE_FILE), dcc.Store(id=Id.CODE_LIMIT, data=int(max_mb * 1024 * 1024)),
        dbc.Row([
            dbc.Col([field("Format", Id.CODE_FORMAT, formats),
                     field("What every service in the file is (optional)", Id.CODE_CONTEXT,
                           dbc.Input(id=Id.CODE_CONTEXT, maxLength=200,
                                     placeholder="e.g. Food bank or pantry"),
                           "When the file's title says it and its rows do not; the coder reads it.")],
                    md=5),
            dbc.Col(field("Columns (spreadsheets; optional)", Id.CODE_MAPPING, mapping,
                          "One field=Column per line, to override the columns found (fields: name, "
                          "provider, description, address, postcode, latitude, longitude, url, "
                          "area_code, area_name, id, status, start_date, end_date, text)."), md=7),
        ]),
        dbc.Button("Import and suggest codes", id=Id.CODE_IMPORT, color="primary", className="me-2 mb-2"),
        dbc.Button("Review the codes of the dataset shown", id=Id.CODE_REVIEW, color="secondary",
                   outline=True, className="mb-2"),
        dcc.Loading(html.Div(id=Id.CODE_STATUS, role="status", **{"aria-live": "polite"}),
                    type="circle", overlay_style={"visibility": "visible"}),
    ]), className="mb-3")


def _progress() -> html.Div:
    return html.Div([
        html.H3(id=Id.CODE_TITLE, className="h5 mb-1"),
        html.Div([html.Span(id=Id.CODE_PROGRESS_TEXT, className="fw-bold me-2"),
                  html.Span(id=Id.CODE_COUNTS, className="small")], className="mb-1"),
        html.Progress(id=Id.CODE_PROGRESS, value=0, max=100, className="mb-2 code-progress",
                      **{"aria-label": "Services coded"}),
        html.Details([html.Summary("Import report"), html.Div(id=Id.CODE_REPORT)], className="small mb-2"),
    ])


def _toolbar() -> html.Div:
    # Plain buttons: the callback sets their whole class (the chosen filter is solid).
    filters = html.Div([html.Button(label, id=code_filter(name), type="button",
                                    className="btn btn-sm me-1 mb-1 btn-outline-secondary")
                        for name, label in FILTER_LABELS.items()],
                       role="group", **{"aria-label": "Show"}, className="mb-2")
    threshold = dcc.Dropdown(id=Id.CODE_THRESHOLD, value=0.9, clearable=False, searchable=False,
                             options=[{"label": f"{v}% or more", "value": v / 100}
                                      for v in range(50, 101, 5)])
    return html.Div([
        filters,
        dbc.Row([
            dbc.Col(field("Confirm every suggestion at or above this confidence", Id.CODE_THRESHOLD,
                          threshold), md=8),
            dbc.Col(dbc.Button("Confirm them", id=Id.CODE_ACCEPT_ABOVE, color="secondary", size="sm",
                               className="mt-md-4"), md=4),
        ], className="align-items-center"),
    ], className="code-toolbar mb-2")


def _pager() -> html.Div:
    return html.Div([
        dbc.Button("Previous page", id=Id.CODE_PAGE_PREVIOUS, color="secondary", outline=True, size="sm"),
        html.Span(id=Id.CODE_PAGE_TEXT, className="mx-2 small", role="status"),
        dbc.Button("Next page", id=Id.CODE_PAGE_NEXT, color="secondary", outline=True, size="sm"),
    ], className="d-flex align-items-center my-2")


def _editor(code_options: Mapping[str, list[dict[str, str]]]) -> dbc.Card:
    pickers = [field(FIELD_LABELS[name], CODE_PICKERS[name], dcc.Dropdown(
        id=CODE_PICKERS[name], options=code_options.get(name, []), multi=name != "provider_type",
        placeholder="None chosen")) for name in PICK_FIELDS]
    buttons = html.Div([
        dbc.Button("Previous (K)", id=Id.CODE_PREVIOUS, color="secondary", outline=True, size="sm",
                   className="me-1 mb-1"),
        dbc.Button("Accept (A)", id=Id.CODE_ACCEPT, color="primary", size="sm", className="me-1 mb-1"),
        dbc.Button("Edit (E)", id=Id.CODE_EDIT, color="secondary", outline=True, size="sm",
                   className="me-1 mb-1"),
        dbc.Button("Save codes (S)", id=Id.CODE_SAVE_ROW, color="primary", outline=True, size="sm",
                   className="me-1 mb-1"),
        dbc.Button("Next (J)", id=Id.CODE_NEXT, color="secondary", outline=True, size="sm", className="mb-1"),
    ])
    return dbc.Card(dbc.CardBody([
        html.Div(id=Id.CODE_EDITOR), html.Div(pickers, className="code-pickers"), buttons,
        html.P(KEYS, className="small text-muted mb-1"),
        html.Div(id=Id.CODE_ROW_STATUS, role="status", **{"aria-live": "polite"}),
    ]), className="code-editor mb-3")


def _finish_card() -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H3("3. Check, download or save", className="h5"),
        dbc.Button("Check with the validator", id=Id.CODE_CHECK, color="secondary", className="me-2 mb-2"),
        dbc.Button("Download the coded file (exchange template, CSV)", id=Id.CODE_DOWNLOAD_BUTTON,
                   color="secondary", outline=True, className="mb-2"),
        dcc.Download(id=Id.CODE_DOWNLOAD),
        dcc.Loading(html.Div(id=Id.CODE_CHECK_RESULT, role="status", **{"aria-live": "polite"}),
                    type="circle"),
        html.H4("Save as a named dataset (editors)", className="h6 mt-2"),
        dbc.Row([
            dbc.Col(field("Dataset name", Id.CODE_SAVE_NAME, dbc.Input(id=Id.CODE_SAVE_NAME, maxLength=80)),
                    md=5),
            dbc.Col(field("Version note", Id.CODE_SAVE_NOTE, dbc.Input(id=Id.CODE_SAVE_NOTE, maxLength=500)),
                    md=5),
            dbc.Col(dbc.Button("Save", id=Id.CODE_SAVE, color="primary", className="mt-md-4"), md=2),
        ]),
        html.Div(id=Id.CODE_SAVE_STATUS, role="status", **{"aria-live": "polite"}),
    ]), className="mb-3")


def chip(item: Chip) -> html.Span:
    """A code as a labelled chip, its confidence in its text and its evidence on hover.

    Filled dark when sure, light when less so, dashed when only possible, with a tick when a
    person chose it: the band reads without colour too.
    """
    mark = "✓ " if item.band == "person" else ""
    confidence = "" if item.confidence is None else f"; confidence {item.confidence:.0%}"
    title = f"{FIELD_LABELS.get(item.field, item.field)}: {item.label}{confidence}. Why: {item.evidence}"
    return html.Span(mark + item.text, title=title, className=f"code-chip code-chip-{item.band}")


def _list_row(row: ListRow) -> html.Li:
    chips_by_field = {}
    for item in row.chips:
        chips_by_field.setdefault(item.field, []).append(chip(item))
    lines = [html.Div([html.Span(f"{FIELD_LABELS[name]}: ", className="code-field-label"),
                       *(chips_by_field.get(name) or [html.Span("none yet", className="text-muted")])],
                      className="code-chip-line") for name in ("types", "determinants", "populations")]
    badges = [html.Span(row.status_label, className=f"badge code-status code-status-{row.status} me-1"),
              *[html.Span(flag, className="badge text-bg-light border me-1") for flag in row.flags]]
    return html.Li(html.Button([
        html.Div([html.Span(row.name, className="fw-semibold me-2"), *badges]),
        html.Div(row.detail, className="small text-muted"), *lines,
    ], id=code_row(row.position), className="code-row" + (" code-row-selected" if row.selected else ""),
        **{"aria-current": "true" if row.selected else "false"}), className="code-list-item")


def _editor_body(editor: RowEditor | None) -> list:
    if editor is None:
        return [html.P("Choose a service in the list.", className="text-muted")]
    facts = html.Dl([part for label, text in editor.facts for part in (html.Dt(label), html.Dd(text))],
                    className="code-facts small")
    possible = [html.Li([html.Span(f"{FIELD_LABELS[name]}: ", className="code-field-label"),
                         *[chip(item) for item in items]])
                for name, items in editor.possible.items() if items]
    return [
        html.H4(editor.title, className="h6 mb-1"),
        html.P(f"Coding status: {editor.status_label}", className="small mb-2"),
        facts,
        html.Details([html.Summary("Why these codes (the evidence)"),
                      html.Ul([html.Li(line) for line in editor.evidence] or [html.Li("No evidence: "
                              "the coder found nothing confident.")], className="small")],
                     open=True, className="mb-2"),
        html.Div([html.P("Possible codes the coder was less sure of:", className="small mb-1"),
                  html.Ul(possible, className="list-unstyled small")] if possible else []),
    ]


def code_values(page: CodePage, filters: Sequence[str]) -> dict[str, Any]:
    """Values of the workbench's outputs for one page."""
    shown = bool(page.state.token)
    counts = page.counts
    count_text = " · ".join(f"{counts.get(k, 0):,} {label}" for k, label in (
        ("needs_review", "need review"), ("suggested", "suggested"), ("not_placed", "not placed"),
        ("duplicate", "possible duplicates")))
    editor = page.editor
    return {
        "workbench": {} if shown else HIDDEN, "title": page.title,
        "progress": round(100 * page.coded / page.total) if page.total else 0,
        "progress_text": page.progress_text if shown else "", "counts": count_text if shown else "",
        "report": html.Ul([html.Li(line) for line in page.report], className="mb-0") if page.report else None,
        "list": html.Ol([_list_row(r) for r in page.rows], className="code-list list-unstyled mb-0")
        if page.rows else html.P("No service in this view.", className="text-muted"),
        "page_text": f"Page {page.state.page + 1} of {page.pages} ({page.matching:,} services)",
        "page_previous": page.state.page <= 0, "page_next": page.state.page + 1 >= page.pages,
        "editor": _editor_body(editor),
        "picks": {name: (editor.picks.get(name) if editor else None) for name in PICK_FIELDS},
        "filters": [("btn btn-sm me-1 mb-1 " + ("btn-primary" if name == page.state.filter
                                                 else "btn-outline-secondary")) for name in filters],
    }
