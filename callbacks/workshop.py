"""Workshop capture: anyone sends an entry; a signed-in editor approves, edits or rejects it."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update, set_props
from dash import ctx as dash_ctx

from callbacks.editor import editor_panel
from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.common import locality_options
from dashboard.views.page import code_options
from dashboard.views.workshop import decide, queue, start_copy, submit_entry, target_text
from layouts.components import notice
from layouts.ids import Id
from layouts.workshop import workshop_section
from server.editor_session import current_editor

FORM = {"name": Id.WORKSHOP_NAME, "provider": Id.WORKSHOP_PROVIDER,
        "locality": Id.WORKSHOP_LOCALITY, "types": Id.WORKSHOP_TYPES,
        "determinants": Id.WORKSHOP_DETERMINANTS, "populations": Id.WORKSHOP_POPULATIONS,
        "note": Id.WORKSHOP_NOTE}
CLEARED_AFTER_SENDING = ("name", "provider", "note")
SUBMIT_OUTPUTS = {
    "feedback": Output(Id.WORKSHOP_FEEDBACK, "children"),
    "client_id": Output(Id.WORKSHOP_CLIENT_ID, "data"),
    "cleared": {field: Output(FORM[field], "value") for field in CLEARED_AFTER_SENDING},
}


def send(atlas: AtlasContext, state: ViewState, by: str | None, form: dict,
         client_id: str | None) -> dict:
    """Values of the submit callback: feedback, the next entry's id, the fields to clear."""
    sent = submit_entry(atlas, state, by, form, client_id)
    stored = sent.next_client_id is not None
    return {"feedback": notice(sent.notice),
            "client_id": sent.next_client_id if stored else no_update,
            "cleared": {field: "" if stored else no_update for field in CLEARED_AFTER_SENDING}}


def refresh(atlas: AtlasContext, state: ViewState, tick: bool, shown: list | None) -> tuple:
    """Queue and audit rows for a view change or a live-poll tick (nothing on other pages).

    A tick that finds the same pending entries sends nothing, so the facilitator's unsaved
    cell edits stay.
    """
    if state.current_page != "workshop":
        return no_update, no_update  # the live poll ticks on every page
    rows, audit = queue(atlas, state)
    if tick and [r["id"] for r in rows] == [r.get("id") for r in shown or []]:
        return no_update, no_update
    return rows, audit


def render(atlas: AtlasContext, state: ViewState) -> list:
    """The workshop page: the entry form (for the view's dataset), the queue, the sign-in."""
    panel, can_edit = editor_panel(atlas)
    return [workshop_section(locality_options=locality_options(atlas),
                             code_options=code_options(atlas),
                             target=target_text(atlas, state), can_edit=can_edit), panel]


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the entry form, the queue and the workshop copy."""

    @app.callback(output=SUBMIT_OUTPUTS, inputs={"clicks": Input(Id.WORKSHOP_SUBMIT, "n_clicks")},
                  state={"data": State(Id.STATE, "data"), "by": State(Id.WORKSHOP_BY, "value"),
                         "form": {field: State(i, "value") for field, i in FORM.items()},
                         "client_id": State(Id.WORKSHOP_CLIENT_ID, "data")},
                  prevent_initial_call=True,
                  running=[(Output(Id.WORKSHOP_SUBMIT, "disabled"), True, False)])
    def on_submit(clicks, data, by, form, client_id):
        return send(atlas, state_from_dict(data), by, form, client_id)

    # Refreshes (a view change, a live-poll tick) and decisions are separate callbacks: Dash runs
    # one callback's triggers together and keeps its newest answer, so in one callback a tick
    # could swallow an Approve click or its message.
    @app.callback(Output(Id.WORKSHOP_QUEUE, "rowData"), Output(Id.WORKSHOP_AUDIT, "rowData"),
                  Input(Id.STATE, "data"), Input(Id.LIVE_INTERVAL, "n_intervals"),
                  State(Id.WORKSHOP_QUEUE, "rowData"))  # also when the page opens
    def on_queue(data, _, shown):
        return refresh(atlas, state_from_dict(data), dash_ctx.triggered_id == Id.LIVE_INTERVAL,
                       shown)

    @app.callback(Output(Id.WORKSHOP_QUEUE, "rowData", allow_duplicate=True),
                  Output(Id.WORKSHOP_AUDIT, "rowData", allow_duplicate=True),
                  Output(Id.WORKSHOP_QUEUE_STATUS, "children"),
                  Input(Id.WORKSHOP_APPROVE, "n_clicks"), Input(Id.WORKSHOP_REJECT, "n_clicks"),
                  State(Id.STATE, "data"), State(Id.WORKSHOP_QUEUE, "selectedRows"),
                  State(Id.WORKSHOP_REASON, "value"), prevent_initial_call=True)
    def on_decide(_, __, data, selected, reason):
        state = state_from_dict(data)
        message = decide(atlas, current_editor(atlas), state,
                         dash_ctx.triggered_id == Id.WORKSHOP_APPROVE, selected or [], reason)
        return (*queue(atlas, state), notice(message))

    # The URL is set, not declared as an output: a callback with an output outside the page
    # would run (and send a request) each time the page opens.
    @app.callback(Output(Id.WORKSHOP_QUEUE_STATUS, "children", allow_duplicate=True),
                  Input(Id.WORKSHOP_COPY, "n_clicks"), State(Id.WORKSHOP_COPY_NAME, "value"),
                  State(Id.STATE, "data"), prevent_initial_call=True)
    def on_copy(_, name, data):
        opened = start_copy(atlas, current_editor(atlas), name, state_from_dict(data))
        if opened.location:
            set_props(Id.URL, dict(zip(("pathname", "search"), opened.location, strict=True)))
        return notice(opened.notice)
