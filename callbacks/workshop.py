"""Workshop capture: anyone sends an entry; a signed-in editor approves, edits or rejects it."""

from __future__ import annotations

import uuid
from dataclasses import replace

from dash import Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx

from dashboard.context import AtlasContext
from dashboard.core.dataset_identity import check_name, parse_key
from dashboard.core.view_state import ViewState, state_from_dict, state_to_url
from dashboard.store.errors import StoreError
from dashboard.store.records import PENDING
from dashboard.views.workshop import audit_rows, edits_from_rows, form_of, issue_lines, queue_rows
from layouts.data import alert, link_message
from layouts.ids import Id
from server.editor_session import current_editor

FORM_INPUTS = (Id.WORKSHOP_NAME, Id.WORKSHOP_PROVIDER, Id.WORKSHOP_LOCALITY, Id.WORKSHOP_TYPES,
               Id.WORKSHOP_DETERMINANTS, Id.WORKSHOP_POPULATIONS, Id.WORKSHOP_NOTE)


def target_dataset(atlas: AtlasContext, state: ViewState) -> str | None:
    """The saved dataset entries of this view go to, or ``None`` (bundled or session upload)."""
    key, _ = parse_key(state.dataset)
    if key.bundled or key.session or atlas.library is None:
        return None
    return key.name


def target_text(atlas: AtlasContext, state: ViewState) -> str:
    """Which dataset entries go to, in one sentence."""
    name = target_dataset(atlas, state)
    if name is None:
        return ("This view shows a dataset that cannot take entries (the bundled dataset or an "
                "upload). Choose a saved dataset in the Dataset switcher on the Atlas page; an "
                "editor can start a workshop copy of the bundled dataset below.")
    return (f"Entries go to the dataset {name}; the facilitator approves them into a new "
            "version, and every view that follows it updates within seconds.")


def submit_entry(atlas: AtlasContext, state: ViewState, by: str | None, values: dict,
                 client_id: str | None) -> tuple:
    """Feedback, the client id for the next entry, and the name/provider/note fields."""
    keep = (no_update, no_update, no_update, no_update)
    name = target_dataset(atlas, state)
    if name is None:
        return (alert(target_text(atlas, state), "warning"), *keep)
    if not (by or "").strip():
        return (alert("Give your name so the facilitator knows who sent the entry.", "danger"),
                *keep)
    client_id = client_id or str(uuid.uuid4())
    try:
        result = atlas.library.store.submit(name, form_of(values), client_id=client_id,
                                            actor=by.strip())
    except StoreError as error:
        return (alert(str(error), "danger"), *keep)
    if not result.accepted:
        return (alert(["The entry was not sent; please fix:", *issue_lines(result.errors)],
                      "danger"), *keep)
    warnings = issue_lines(result.warnings)
    text = f"Thank you: '{result.submission.form.name}' is waiting for the facilitator."
    return (alert([text, *warnings] if warnings else text, "success"),
            str(uuid.uuid4()), "", "", "")


def queue_view(atlas: AtlasContext, editor: str | None, trigger: str | None, state: ViewState,
               selected: list | None, shown: list | None, reason: str | None) -> tuple:
    """Queue rows, audit rows and a status message after a refresh, approval or rejection."""
    name = target_dataset(atlas, state)
    if state.current_page != "workshop":
        return no_update, no_update, no_update  # the live poll ticks on every page
    if name is None:
        return [], [], None
    store = atlas.library.store
    message = None
    if trigger in (Id.WORKSHOP_APPROVE, Id.WORKSHOP_REJECT):
        message = decide(store, editor, trigger, name, selected or [], reason)
    pending = store.submissions(name, PENDING)
    rows = queue_rows(pending)
    if trigger == Id.LIVE_INTERVAL and [r["id"] for r in rows] == [r.get("id") for r in shown or []]:
        return no_update, no_update, no_update  # keep the facilitator's unsaved cell edits
    return rows, audit_rows(store.audit(name)), message


def decide(store, editor: str | None, trigger: str, name: str, selected: list,
           reason: str | None):
    """Approve (with the grid's edits) or reject the selected entries; a message."""
    if editor is None:
        return alert("Only a signed-in editor can approve or reject entries.", "danger")
    if not selected:
        return alert("Select at least one entry first.", "warning")
    try:
        if trigger == Id.WORKSHOP_REJECT:
            for row in selected:
                store.reject(int(row["id"]), actor=editor, reason=(reason or "").strip())
            return alert(f"Rejected {len(selected)} entry(ies).", "info")
        pending = store.submissions(name, PENDING)
        info = store.approve([int(r["id"]) for r in selected], actor=editor,
                             edits=edits_from_rows(selected, pending))
    except StoreError as error:
        issues = issue_lines(getattr(error, "issues", ()))
        return alert([str(error), *issues] if issues else str(error), "danger")
    return alert(f"Approved {len(selected)} entry(ies): {name} is now version {info.version}.",
                 "success")


def start_copy(atlas: AtlasContext, editor: str | None, name: str | None, state: ViewState):
    """Save the bundled rows as a named dataset (editors only) and open the workshop on it."""
    if editor is None:
        return no_update, no_update, alert("Only a signed-in editor can start a workshop copy.",
                                           "danger")
    name = (name or "").strip()
    problem = check_name(name) or (None if atlas.library else "Saving needs the database.")
    if problem:
        return no_update, no_update, alert(problem, "danger")
    bundled = atlas.library.bundled
    if name in atlas.library.listed():
        return no_update, no_update, alert(f"A dataset called {name} exists; choose it in the "
                                           "switcher or pick another name.", "danger")
    atlas.library.store.save_version(name, bundled.interventions, actor=editor,
                                     illustrative=bundled.meta.illustrative,
                                     notice=bundled.meta.notice,
                                     comment=f"Workshop copy of {bundled.meta.name} "
                                             f"version {bundled.meta.version}")
    path, search = state_to_url(replace(state, dataset=name, page="workshop", locality=None))
    return path, search, link_message(f"Started {name}.", "Open the atlas on it",
                                      f"/{search}")


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the entry form, the queue and the workshop copy."""

    @app.callback(Output(Id.WORKSHOP_TARGET, "children"), Input(Id.STATE, "data"))
    def on_state(data):
        return target_text(atlas, state_from_dict(data))

    @app.callback(Output(Id.WORKSHOP_FEEDBACK, "children"), Output(Id.WORKSHOP_CLIENT_ID, "data"),
                  Output(Id.WORKSHOP_NAME, "value"), Output(Id.WORKSHOP_PROVIDER, "value"),
                  Output(Id.WORKSHOP_NOTE, "value"),
                  Input(Id.WORKSHOP_SUBMIT, "n_clicks"), State(Id.STATE, "data"),
                  State(Id.WORKSHOP_BY, "value"), *[State(i, "value") for i in FORM_INPUTS],
                  State(Id.WORKSHOP_CLIENT_ID, "data"), prevent_initial_call=True,
                  running=[(Output(Id.WORKSHOP_SUBMIT, "disabled"), True, False)])
    def on_submit(_, data, by, *rest):
        values = dict(zip(("name", "provider", "locality", "types", "determinants",
                           "populations", "note"), rest[:-1], strict=True))
        return submit_entry(atlas, state_from_dict(data), by, values, rest[-1])

    # Refreshes (a view change, a live-poll tick) and decisions are separate callbacks: Dash runs
    # one callback's triggers together and keeps its newest answer, so in one callback a tick
    # could swallow an Approve click or its message.
    @app.callback(Output(Id.WORKSHOP_QUEUE, "rowData"), Output(Id.WORKSHOP_AUDIT, "rowData"),
                  Input(Id.STATE, "data"), Input(Id.LIVE_INTERVAL, "n_intervals"),
                  State(Id.WORKSHOP_QUEUE, "rowData"), prevent_initial_call=True)
    def on_queue(data, _, shown):
        return queue_view(atlas, current_editor(atlas), dash_ctx.triggered_id,
                          state_from_dict(data), None, shown, None)[:2]

    @app.callback(Output(Id.WORKSHOP_QUEUE, "rowData", allow_duplicate=True),
                  Output(Id.WORKSHOP_AUDIT, "rowData", allow_duplicate=True),
                  Output(Id.WORKSHOP_QUEUE_STATUS, "children"),
                  Input(Id.WORKSHOP_APPROVE, "n_clicks"), Input(Id.WORKSHOP_REJECT, "n_clicks"),
                  State(Id.STATE, "data"), State(Id.WORKSHOP_QUEUE, "selectedRows"),
                  State(Id.WORKSHOP_QUEUE, "rowData"), State(Id.WORKSHOP_REASON, "value"),
                  prevent_initial_call=True)
    def on_decide(_, __, data, selected, shown, reason):
        return queue_view(atlas, current_editor(atlas), dash_ctx.triggered_id,
                          state_from_dict(data), selected, shown, reason)

    @app.callback(Output(Id.URL, "pathname", allow_duplicate=True),
                  Output(Id.URL, "search", allow_duplicate=True),
                  Output(Id.WORKSHOP_QUEUE_STATUS, "children", allow_duplicate=True),
                  Input(Id.WORKSHOP_COPY, "n_clicks"), State(Id.WORKSHOP_COPY_NAME, "value"),
                  State(Id.STATE, "data"), prevent_initial_call=True)
    def on_copy(_, name, data):
        return start_copy(atlas, current_editor(atlas), name, state_from_dict(data))
