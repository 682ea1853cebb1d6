"""The participant page: open a workshop link, send an entry, choose what comes next, follow it."""

from __future__ import annotations

import uuid

from dash import Dash, Input, Output, State
from dash import ctx as dash_ctx

from callbacks.common import unchanged
from callbacks.request_checks import join_checks
from dashboard.context import AtlasContext
from dashboard.views.join import join_target, kept_ids, my_entries, picker_options, send_entry
from layouts.ids import JoinId
from layouts.join import FORM_IDS, mine_items, problems_box, sent_values, target_values
from server import callback_requests
from server.editor_session import current_editor, request_client

TARGET_OUTPUTS = {
    "line": Output(JoinId.LINE, "children"), "dataset": Output(JoinId.DATASET, "data"),
    "form": Output(JoinId.FORM, "hidden"), "client_id": Output(JoinId.CLIENT_ID, "data"),
    "options": {field: Output(FORM_IDS[field], "options")
                for field in ("locality", "types", "determinants", "populations")},
}
SEND_OUTPUTS = {
    "feedback": Output(JoinId.FEEDBACK, "children"), "form": Output(JoinId.FORM, "hidden",
                                                                    allow_duplicate=True),
    "done": Output(JoinId.DONE, "hidden"), "text": Output(JoinId.DONE_TEXT, "children"),
    "keep": Output(JoinId.KEEP_PLACE, "children"), "keep_hidden": Output(JoinId.KEEP_PLACE, "hidden"),
    "client_id": Output(JoinId.CLIENT_ID, "data", allow_duplicate=True),
    "kept": Output(JoinId.KEPT, "data"), "place": Output(JoinId.PLACE, "data"),
    "cleared": {field: Output(control, "value") for field, control in FORM_IDS.items()},
}
# Moves focus where the eye goes next: the confirmation after Send, the service's name after a
# choice (and back to the top of the page, which a phone keyboard scrolled away).
FOCUS = """
function(doneHidden) {
    const target = doneHidden ? document.getElementById("join-name-input")
                              : document.querySelector("#join-done-div h1");
    if (target) {
        window.scrollTo(0, 0);
        target.focus({preventScroll: true});
    }
    return window.dash_clientside.no_update;
}
"""


def open_link(atlas: AtlasContext, search: str | None, client_id: str | None) -> dict:
    """The page for a link (keys of ``TARGET_OUTPUTS``); a client id for the first entry."""
    target = join_target(atlas, search)
    options = picker_options(atlas, target.localities)
    return target_values(target, options, client_id or str(uuid.uuid4()))


def send(atlas: AtlasContext, dataset: str | None, by: str | None, form: dict,
         client_id: str | None, kept: object, client: str | None = None) -> dict:
    """After *Send* (keys of ``SEND_OUTPUTS``): the confirmation, or what to fix.

    ``client`` is the sender's address key when they are not a signed-in editor (rate limited).
    """
    sent = send_entry(atlas, dataset, by, form, client_id, client)
    if not sent.stored:
        return {**unchanged(SEND_OUTPUTS), "feedback": problems_box(sent.problems),
                "cleared": unchanged(FORM_IDS)}
    return sent_values(sent, kept_ids(kept, dataset, sent.client_id))


def register(app: Dash, atlas: AtlasContext) -> None:
    """Wire the participant page (an app of its own; see ``app.create_join_app``)."""

    @app.callback(output=TARGET_OUTPUTS, inputs={"search": Input(JoinId.URL, "search")},
                  state={"client_id": State(JoinId.CLIENT_ID, "data")})
    def on_link(search, client_id):
        return open_link(atlas, search, client_id)

    @app.callback(output=SEND_OUTPUTS, inputs={"clicks": Input(JoinId.SEND, "n_clicks")},
                  state={"dataset": State(JoinId.DATASET, "data"), "by": State(JoinId.BY, "value"),
                         "form": {f: State(i, "value") for f, i in FORM_IDS.items()},
                         "client_id": State(JoinId.CLIENT_ID, "data"),
                         "kept": State(JoinId.KEPT, "data")},
                  prevent_initial_call=True,
                  running=[(Output(JoinId.SEND, "disabled"), True, False)])
    def on_send(clicks, dataset, by, form, client_id, kept):
        anonymous = None if current_editor(atlas) else request_client()
        return send(atlas, dataset, by, form, client_id, kept, anonymous)

    @app.callback(Output(JoinId.FORM, "hidden", allow_duplicate=True),
                  Output(JoinId.DONE, "hidden", allow_duplicate=True),
                  Output(JoinId.LOCALITY, "value", allow_duplicate=True),
                  Input(JoinId.KEEP_PLACE, "n_clicks"), Input(JoinId.FRESH, "n_clicks"),
                  State(JoinId.PLACE, "data"), prevent_initial_call=True)
    def on_choice(keep, fresh, place):
        return False, True, place if dash_ctx.triggered_id == JoinId.KEEP_PLACE else None

    @app.callback(Output(JoinId.MINE, "children"), Output(JoinId.MINE_SECTION, "hidden"),
                  Output(JoinId.POLL, "disabled"),
                  Input(JoinId.KEPT, "data"), Input(JoinId.DATASET, "data"),
                  Input(JoinId.POLL, "n_intervals"))
    def on_mine(kept, dataset, _):
        entries = my_entries(atlas, dataset, kept)
        return (mine_items(entries), not entries,
                not any(e.status == "waiting" for e in entries))

    app.clientside_callback(FOCUS, Output(JoinId.FOCUS, "data"), Input(JoinId.DONE, "hidden"),
                            prevent_initial_call=True)
    callback_requests.register(app, join_checks())
