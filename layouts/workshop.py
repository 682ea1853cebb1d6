"""The facilitator's workshop page: how participants join, the queue, corrections, the audit trail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.views.workshop import QUEUE_FIELDS, Editing, Participants
from layouts.components import HIDDEN, field, grid
from layouts.ids import Id, editor_only

QUEUE_COLUMNS = (("ref", "Ref", 80), ("submitted_by", "From", 80), ("name", "Service", 130),
                 ("provider", "Who runs it", 110), ("locality", "Where", 100),
                 ("duplicate", "Check", 140), ("types", "Offers", 130),
                 ("determinants", "Helps with", 130), ("populations", "For", 100),
                 ("note", "Note", 100), ("edited_text", "Edited", 80))
AUDIT_COLUMNS = (("at", "When"), ("actor", "Who"), ("action", "What"), ("version", "Version"),
                 ("entry", "Entry"), ("changes", "What changed"))
EDIT_IDS = {"name": Id.WORKSHOP_EDIT_NAME, "provider": Id.WORKSHOP_EDIT_PROVIDER,
            "locality": Id.WORKSHOP_EDIT_LOCALITY, "types": Id.WORKSHOP_EDIT_TYPES,
            "determinants": Id.WORKSHOP_EDIT_DETERMINANTS,
            "populations": Id.WORKSHOP_EDIT_POPULATIONS, "note": Id.WORKSHOP_EDIT_NOTE}
EDIT_LABELS = {"name": "Service", "provider": "Who runs it", "locality": "Where",
               "types": "Offers (first: main)", "determinants": "Helps with (first: main)",
               "populations": "For (first: main)", "note": "Note"}


def _column(key: str, header: str, width: int) -> dict:
    column = {"field": key, "headerName": header, "minWidth": width, "flex": 1}
    if key in QUEUE_FIELDS:  # an edited cell is highlighted (and named in "Edited")
        column["cellClassRules"] = {"queue-cell-edited": f"params.data.edited.includes('{key}')"}
    if key == "duplicate":
        column["cellClassRules"] = {"queue-cell-duplicate": "params.value"}
    return column


def _join_card(join: Mapping[str, Any]) -> dbc.Card:
    """Where participants go: the link and its QR code (shown when the view has a workshop).

    ``join``: :func:`join_values` of the view the page opens with.
    """
    return dbc.Card(dbc.CardBody(dbc.Row([
        dbc.Col([html.H3("Participants join here", className="h5"),
                 html.P(join["text"], id=Id.WORKSHOP_JOIN_TEXT, className="mb-2"),
                 html.A("Open the participant page", id=Id.WORKSHOP_JOIN_LINK, href=join["href"],
                        target="_blank", rel="noopener", className="btn btn-outline-primary me-2"),
                 html.Span("On the playlist, “Add this view to the playlist” adds a slide with "
                           "this code.", className="small")], md=8),
        dbc.Col(html.Img(src=join["qr"], id=Id.WORKSHOP_JOIN_QR,
                         alt="QR code of the participant page",
                         className="workshop-qr"), md=4, className="text-md-end"),
    ])), id=Id.WORKSHOP_JOIN, className="mb-3", style=join["card"])


def _editor(code_options: Mapping[str, list[dict[str, str]]],
            places: Sequence[dict[str, str]]) -> html.Div:
    """Correct one entry: text boxes and pickers of labels, kept by entry until approved.

    The place picker's options (district names, the workshop's first) follow the view.
    """

    def control(key: str) -> Any:
        if key in ("name", "provider"):
            return dbc.Input(id=EDIT_IDS[key], type="text", maxLength=200)
        if key == "note":
            return dbc.Textarea(id=EDIT_IDS[key], maxLength=1000, rows=2)
        options = places if key == "locality" else code_options.get(key, [])
        return dcc.Dropdown(id=EDIT_IDS[key], options=list(options),
                            multi=key != "locality",
                            placeholder="Search…")

    return html.Div([
        html.H4(id=Id.WORKSHOP_EDIT_HEADING, className="h6 mt-3"),
        html.Div([
            dbc.Row([dbc.Col(field(EDIT_LABELS[k], EDIT_IDS[k], control(k)), md=6, xl=4)
                     for k in QUEUE_FIELDS]),
            dbc.Button("Keep these corrections", id=Id.WORKSHOP_EDIT_KEEP, color="primary",
                       outline=True, className="me-2"),
            dbc.Button("Undo my corrections", id=Id.WORKSHOP_EDIT_UNDO, color="secondary",
                       outline=True, className="me-2"),
            html.Span("Approving an entry applies its corrections, kept or still in these boxes.",
                      className="small"),
        ], id=Id.WORKSHOP_EDIT_FORM, style=HIDDEN),
        dcc.Store(id=Id.WORKSHOP_EDIT_TARGET), dcc.Store(id=Id.WORKSHOP_EDITS, data={}),
    ], className="workshop-editor")


def workshop_section(*, code_options: Mapping[str, list[dict[str, str]]], target: str,
                     join: Mapping[str, Any], can_edit: bool) -> html.Section:
    """How participants join, the facilitator's queue with corrections, the audit trail.

    ``target`` says which dataset entries go to; ``join``: :func:`join_values` of the view;
    ``can_edit``: an editor is signed in (the decisions and the workshop copy are open).
    """
    queue = grid(Id.WORKSHOP_QUEUE, [_column(*c) for c in QUEUE_COLUMNS],
                 rowSelection={"mode": "multiRow", "enableClickSelection": True})
    queue.getRowId = "params.data.id"
    facilitator = dbc.Card(dbc.CardBody([
        html.H3("Queue (facilitator)", className="h5"),
        html.P("Click an entry to correct it below (pickers offer labels); select several with "
               "their boxes, then approve them into a new version of the dataset or reject them "
               "with a reason the sender sees. Corrected cells are highlighted and named under "
               "Edited; Check flags a likely duplicate.", className="small"),
        html.P(id=Id.WORKSHOP_QUEUE_NOTE, className="mb-2", role="status"),
        queue,
        _editor(code_options, join["places"]),
        html.Fieldset(dbc.Row([
            dbc.Col(dbc.Button("Approve selected", id=Id.WORKSHOP_APPROVE, color="success",
                               className="mt-4 me-2"), md="auto"),
            dbc.Col(field("Reason for rejecting (the sender sees it)", Id.WORKSHOP_REASON,
                          dbc.Input(id=Id.WORKSHOP_REASON, type="text", maxLength=500)), md=5),
            dbc.Col(dbc.Button("Reject selected", id=Id.WORKSHOP_REJECT, color="danger",
                               outline=True, className="mt-4"), md="auto"),
        ], className="align-items-start mt-3"), id=editor_only("workshop-decide"),
            disabled=not can_edit),
        html.Div(id=Id.WORKSHOP_QUEUE_STATUS, role="status", className="mt-2",
                 **{"aria-live": "polite"}),
        html.H3("Audit trail", className="h5 mt-3"),
        grid(Id.WORKSHOP_AUDIT, [{"field": f, "headerName": h, "flex": 1, "minWidth": 110}
                                 for f, h in AUDIT_COLUMNS]),
        html.Fieldset(dbc.Row([
            dbc.Col(field("Start a workshop copy of the bundled dataset named",
                          Id.WORKSHOP_COPY_NAME,
                          dbc.Input(id=Id.WORKSHOP_COPY_NAME, type="text", maxLength=80)), md=6),
            dbc.Col(dbc.Button("Start a workshop copy", id=Id.WORKSHOP_COPY, color="secondary",
                               className="mt-4"), md=6),
        ], className="mt-3"), id=editor_only("workshop-copy"), disabled=not can_edit),
    ]), className="mb-3")
    return html.Section(
        [html.H2("Workshop", className="page-heading"),
         html.P(target, id=Id.WORKSHOP_TARGET, className="small"), _join_card(join), facilitator],
        id=Id.WORKSHOP_PAGE, **{"aria-label": "Workshop"},
    )


def join_values(shown: Participants | None, places: Sequence[dict[str, str]]) -> dict[str, Any]:
    """The participant card (hidden without a workshop) and the edit panel's place options."""
    if shown is None:
        return {"card": HIDDEN, "text": "", "href": "/join", "qr": None, "places": list(places)}
    return {"card": {}, "text": shown.text, "href": shown.href, "qr": shown.qr,
            "places": list(places)}


def editing_values(shown: Editing) -> dict[str, Any]:
    """The edit panel: its heading, shown for one entry, the fields' starting values."""
    return {"heading": shown.heading, "form": {} if shown.entry is not None else HIDDEN,
            "target": shown.entry, "fields": dict(shown.values)}
