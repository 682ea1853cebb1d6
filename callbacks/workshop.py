"""The facilitator's workshop page: the join card, the queue, corrections and decisions.

Participants send entries from their own page (``callbacks/join.py``); everything here but the
join card is for a signed-in editor.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update, set_props
from dash import ctx as dash_ctx

from callbacks.editor import editor_panel
from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState, state_from_dict
from dashboard.views.page import code_options
from dashboard.views.workshop import (
    decide,
    editing,
    keep_edit,
    participants,
    pending_ids,
    queue,
    start_copy,
    target_text,
    workshop_places,
)
from layouts.components import notice
from layouts.ids import Id
from layouts.workshop import EDIT_IDS, editing_values, join_values, workshop_section
from server.editor_session import current_editor
from server.join import public_origin

JOIN_OUTPUTS = {"target": Output(Id.WORKSHOP_TARGET, "children"),
                "card": Output(Id.WORKSHOP_JOIN, "style"),
                "text": Output(Id.WORKSHOP_JOIN_TEXT, "children"),
                "href": Output(Id.WORKSHOP_JOIN_LINK, "href"),
                "qr": Output(Id.WORKSHOP_JOIN_QR, "src"),
                "places": Output(Id.WORKSHOP_EDIT_LOCALITY, "options")}
EDITING_OUTPUTS = {"heading": Output(Id.WORKSHOP_EDIT_HEADING, "children"),
                   "form": Output(Id.WORKSHOP_EDIT_FORM, "style"),
                   "target": Output(Id.WORKSHOP_EDIT_TARGET, "data"),
                   "fields": {f: Output(i, "value") for f, i in EDIT_IDS.items()}}
PANEL = {f: State(i, "value") for f, i in EDIT_IDS.items()}


def join_card(atlas: AtlasContext, state: ViewState, origin: str) -> dict:
    """Where entries go, the participant card and the place options (keys of ``JOIN_OUTPUTS``)."""
    if state.current_page != "workshop":
        return {key: no_update for key in JOIN_OUTPUTS}
    return {"target": target_text(atlas, state),
            **join_values(participants(atlas, state, origin), workshop_places(atlas, state))}


def render(atlas: AtlasContext, state: ViewState) -> list:
    """The workshop page for a view: where entries go, the join card, the queue, the sign-in."""
    panel, can_edit = editor_panel(atlas)
    join = join_values(participants(atlas, state, public_origin()), workshop_places(atlas, state))
    return [workshop_section(code_options=code_options(atlas), target=target_text(atlas, state),
                             join=join, can_edit=can_edit), panel]


def refresh(atlas: AtlasContext, editor: str | None, state: ViewState, tick: bool, edits,
            shown: list | None) -> tuple:
    """Queue rows, audit trail and note for a view change, sign-in, kept edit or poll tick.

    A tick that finds the same pending entries sends nothing; any change redraws the rows with
    the facilitator's edits (kept by entry id in the browser) laid over them again.
    """
    if state.current_page != "workshop":
        return no_update, no_update, no_update  # the live poll ticks on every page
    if tick and pending_ids(atlas, editor, state) == [r.get("id") for r in shown or []]:
        return no_update, no_update, no_update
    shown_queue = queue(atlas, editor, state, edits)
    return list(shown_queue.rows), list(shown_queue.audit), shown_queue.note


def select(atlas: AtlasContext, editor: str | None, state: ViewState, selected: list | None,
           edits, target: int | None) -> dict:
    """The edit panel for the selected entry.

    Nothing changes when it is the entry already open, so what the facilitator is typing
    survives a redraw of the rows.
    """
    shown = editing(atlas, editor, state, selected or [], edits)
    if shown.entry is not None and shown.entry == target:
        return {key: no_update for key in ("heading", "form", "target")} | {
            "fields": {f: no_update for f in EDIT_IDS}}
    return editing_values(shown)


def correct(atlas: AtlasContext, editor: str | None, state: ViewState, edits, target: int | None,
            panel: dict, undo: bool) -> dict:
    """Keep the panel's corrections of the open entry, or undo them (the panel shows it as sent)."""
    kept = keep_edit(atlas, edits, target, None if undo else panel)
    if not undo or target is None:
        return {"edits": kept, "fields": {f: no_update for f in EDIT_IDS}}
    shown = editing(atlas, editor, state, [{"id": target}], kept)
    return {"edits": kept, "fields": dict(shown.values)}


def decision(atlas: AtlasContext, editor: str | None, state: ViewState, approve: bool,
             selected: list | None, reason: str | None, edits, target: int | None,
             panel: dict) -> dict:
    """Approve or reject the selected entries, counting what is typed in the open panel too."""
    if target is not None:
        edits = keep_edit(atlas, edits, target, panel)
    decided = decide(atlas, editor, state, approve, selected or [], reason, edits)
    return {"status": notice(decided.notice),
            "reason": "" if decided.clear_reason else no_update,
            "edits": no_update if decided.edits is None else decided.edits}


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the join card, the queue, the edit panel, decisions and the workshop copy."""

    @app.callback(output=JOIN_OUTPUTS, inputs={"data": Input(Id.STATE, "data")},
                  prevent_initial_call=True)  # the page arrives with them
    def on_state(data):
        return join_card(atlas, state_from_dict(data), public_origin())

    # Refreshes and decisions are separate callbacks: Dash runs one callback's triggers together
    # and keeps its newest answer, so in one callback a tick could swallow an Approve click.
    @app.callback(Output(Id.WORKSHOP_QUEUE, "rowData"), Output(Id.WORKSHOP_AUDIT, "rowData"),
                  Output(Id.WORKSHOP_QUEUE_NOTE, "children"),
                  Input(Id.STATE, "data"), Input(Id.LIVE_INTERVAL, "n_intervals"),
                  Input(Id.EDITOR_STATE, "data"), Input(Id.WORKSHOP_EDITS, "data"),
                  State(Id.WORKSHOP_QUEUE, "rowData"))  # also when the page opens
    def on_queue(data, _, __, edits, shown):
        # only a tick alone may skip work: a kept edit arriving with a tick must redraw
        tick = set(dash_ctx.triggered_prop_ids.values()) == {Id.LIVE_INTERVAL}
        return refresh(atlas, current_editor(atlas), state_from_dict(data), tick, edits, shown)

    @app.callback(output=EDITING_OUTPUTS,
                  inputs={"selected": Input(Id.WORKSHOP_QUEUE, "selectedRows")},
                  state={"data": State(Id.STATE, "data"), "edits": State(Id.WORKSHOP_EDITS, "data"),
                         "target": State(Id.WORKSHOP_EDIT_TARGET, "data")},
                  prevent_initial_call=True)  # the page opens with no entry chosen
    def on_select(selected, data, edits, target):
        return select(atlas, current_editor(atlas), state_from_dict(data), selected, edits, target)

    @app.callback(output={"edits": Output(Id.WORKSHOP_EDITS, "data"),
                          "fields": {f: Output(i, "value", allow_duplicate=True)
                                     for f, i in EDIT_IDS.items()}},
                  inputs={"keep": Input(Id.WORKSHOP_EDIT_KEEP, "n_clicks"),
                          "undo": Input(Id.WORKSHOP_EDIT_UNDO, "n_clicks")},
                  state={"data": State(Id.STATE, "data"), "edits": State(Id.WORKSHOP_EDITS, "data"),
                         "target": State(Id.WORKSHOP_EDIT_TARGET, "data"), "panel": PANEL},
                  prevent_initial_call=True)
    def on_keep(keep, undo, data, edits, target, panel):
        return correct(atlas, current_editor(atlas), state_from_dict(data), edits, target, panel,
                       dash_ctx.triggered_id == Id.WORKSHOP_EDIT_UNDO)

    @app.callback(output={"status": Output(Id.WORKSHOP_QUEUE_STATUS, "children"),
                          "reason": Output(Id.WORKSHOP_REASON, "value"),
                          "edits": Output(Id.WORKSHOP_EDITS, "data", allow_duplicate=True)},
                  inputs={"approve": Input(Id.WORKSHOP_APPROVE, "n_clicks"),
                          "reject": Input(Id.WORKSHOP_REJECT, "n_clicks")},
                  state={"data": State(Id.STATE, "data"),
                         "selected": State(Id.WORKSHOP_QUEUE, "selectedRows"),
                         "reason": State(Id.WORKSHOP_REASON, "value"),
                         "edits": State(Id.WORKSHOP_EDITS, "data"),
                         "target": State(Id.WORKSHOP_EDIT_TARGET, "data"), "panel": PANEL},
                  prevent_initial_call=True)
    def on_decide(approve, reject, data, selected, reason, edits, target, panel):
        return decision(atlas, current_editor(atlas), state_from_dict(data),
                        dash_ctx.triggered_id == Id.WORKSHOP_APPROVE, selected, reason, edits,
                        target, panel)

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
