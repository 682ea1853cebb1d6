"""Workshop capture: the entry form, the facilitator's queue and the audit trail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts.components import field, grid
from layouts.ids import Id, editor_only

QUEUE_COLUMNS = (("id", "Entry", False), ("submitted_by", "Submitted by", False),
                 ("submitted_at", "When", False), ("name", "Name", True),
                 ("provider", "Provider", True), ("locality", "Locality", True),
                 ("types", "Types", True), ("determinants", "Determinants", True),
                 ("populations", "Population groups", True), ("note", "Note", True))
AUDIT_COLUMNS = (("at", "When"), ("actor", "Who"), ("action", "What"), ("version", "Version"),
                 ("entry", "Entry"), ("changes", "What changed"))


def workshop_section(*, locality_options: Sequence[dict[str, str]],
                     code_options: Mapping[str, list[dict[str, str]]], target: str,
                     can_edit: bool) -> html.Section:
    """'Add a service we missed', the facilitator's queue and the audit trail.

    ``target`` says which dataset entries go to; ``can_edit``: an editor is signed in.
    """

    def codes(label: str, control_id: str, code_field: str) -> html.Div:
        return field(label, control_id, dcc.Dropdown(id=control_id,
                                                     options=code_options[code_field], multi=True,
                                                     placeholder="Choose one or more"),
                     "The first one you choose is the main one.")

    form = dbc.Card(dbc.CardBody([
        html.H3("Add a service we missed", className="h5"),
        html.P(target, id=Id.WORKSHOP_TARGET, className="small"),
        dbc.Row([
            dbc.Col(field("Your name (shown to the facilitator)", Id.WORKSHOP_BY,
                           dbc.Input(id=Id.WORKSHOP_BY, type="text", maxLength=100)), md=6),
            dbc.Col(field("Service name", Id.WORKSHOP_NAME,
                           dbc.Input(id=Id.WORKSHOP_NAME, type="text", maxLength=200)), md=6),
            dbc.Col(field("Provider", Id.WORKSHOP_PROVIDER,
                           dbc.Input(id=Id.WORKSHOP_PROVIDER, type="text", maxLength=200)), md=6),
            dbc.Col(field("Locality", Id.WORKSHOP_LOCALITY,
                           dcc.Dropdown(id=Id.WORKSHOP_LOCALITY, options=list(locality_options),
                                        placeholder="Search districts…")), md=6),
            dbc.Col(codes("Intervention types", Id.WORKSHOP_TYPES, "types"), md=4),
            dbc.Col(codes("Determinants", Id.WORKSHOP_DETERMINANTS, "determinants"), md=4),
            dbc.Col(codes("Population groups", Id.WORKSHOP_POPULATIONS, "populations"), md=4),
        ]),
        field("Note (optional)", Id.WORKSHOP_NOTE,
               dbc.Textarea(id=Id.WORKSHOP_NOTE, maxLength=1000, rows=2)),
        dbc.Button("Send to the facilitator", id=Id.WORKSHOP_SUBMIT, color="primary"),
        dcc.Store(id=Id.WORKSHOP_CLIENT_ID),
        html.Div(id=Id.WORKSHOP_FEEDBACK, role="status", className="mt-2",
                 **{"aria-live": "polite"}),
    ]), className="mb-3")
    queue = grid(Id.WORKSHOP_QUEUE,
                  [{"field": f, "headerName": h, "editable": e, "flex": 1, "minWidth": 110}
                   for f, h, e in QUEUE_COLUMNS],
                  rowSelection={"mode": "multiRow"}, stopEditingWhenCellsLoseFocus=True)
    queue.getRowId = "params.data.id"
    facilitator = dbc.Card(dbc.CardBody([
        html.H3("Queue (facilitator)", className="h5"),
        html.P("Select entries, correct any cell by double-clicking it, then approve them into a "
               "new version of the dataset, or reject them with a reason.", className="small"),
        html.Fieldset(dbc.Row([
            dbc.Col(field("Start a workshop copy of the bundled dataset named", Id.WORKSHOP_COPY_NAME,
                           dbc.Input(id=Id.WORKSHOP_COPY_NAME, type="text", maxLength=80)), md=6),
            dbc.Col(dbc.Button("Start a workshop copy", id=Id.WORKSHOP_COPY, color="secondary",
                               className="mt-4"), md=6),
        ]), id=editor_only("workshop-copy"), disabled=not can_edit),
        queue,
        html.Fieldset(dbc.Row([
            dbc.Col(dbc.Button("Approve selected", id=Id.WORKSHOP_APPROVE, color="success",
                               className="mt-2 me-2"), md="auto"),
            dbc.Col(field("Reason for rejecting", Id.WORKSHOP_REASON,
                           dbc.Input(id=Id.WORKSHOP_REASON, type="text", maxLength=500)), md=4),
            dbc.Col(dbc.Button("Reject selected", id=Id.WORKSHOP_REJECT, color="danger",
                               outline=True, className="mt-4"), md="auto"),
        ], className="align-items-start"), id=editor_only("workshop-decide"),
            disabled=not can_edit),
        html.Div(id=Id.WORKSHOP_QUEUE_STATUS, role="status", className="mt-2",
                 **{"aria-live": "polite"}),
        html.H3("Audit trail", className="h5 mt-3"),
        grid(Id.WORKSHOP_AUDIT, [{"field": f, "headerName": h, "flex": 1, "minWidth": 110}
                                  for f, h in AUDIT_COLUMNS]),
    ]), className="mb-3")
    return html.Section(
        [html.H2("Workshop", className="page-heading"), form, facilitator],
        id=Id.WORKSHOP_PAGE, **{"aria-label": "Workshop"},
    )
