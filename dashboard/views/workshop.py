"""Live workshop capture: the 'add a service we missed' form, the queue and the audit trail.

Plain functions between the store and the page; the page shows every value as text.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from dashboard.context import AtlasContext
from dashboard.core.dataset_identity import check_name, parse_key
from dashboard.core.limits import DISPLAY_NAME, NOTE, length_problem
from dashboard.core.numbers import parse_int
from dashboard.core.view_state import ViewState, state_to_url
from dashboard.ingest.validation import Issue
from dashboard.security.limits import (
    SUBMISSION_EVENT,
    SUBMISSION_LIMIT,
    SUBMISSION_WINDOW,
    submission_refusal,
)
from dashboard.store.errors import StoreError
from dashboard.store.records import PENDING, AuditEntry, Submission, SubmissionForm
from dashboard.views.notice import Notice, Opened

FORM_FIELDS: dict[str, str] = {
    "name": "Service name", "provider": "Provider", "locality": "Locality",
    "types": "Intervention types", "determinants": "Determinants",
    "populations": "Population groups", "note": "Note",
}
# Template column an issue names -> form field.
ISSUE_FIELDS = {"locality_code": "locality", "description": "note", "recorded_by": "display name",
                "intervention_id": "entry"}
QUEUE_FIELDS = ("name", "provider", "locality", "types", "determinants", "populations", "note")
ACTIONS = {
    "version.save": "Saved a version",
    "version.approve": "New version from approved entries",
    "submission.create": "Submitted an entry",
    "submission.approve": "Approved an entry",
    "submission.reject": "Rejected an entry",
}


def form_of(values: Mapping[str, Any]) -> SubmissionForm:
    """A submission form from the page's field values (lists of codes or text)."""
    return SubmissionForm.of(**{name: values.get(name) for name in FORM_FIELDS})


def issue_lines(issues: Iterable[Issue]) -> list[str]:
    """One sentence per problem, naming the form field rather than the template column."""
    lines = []
    for issue in issues:
        field = ISSUE_FIELDS.get(issue.column, issue.column)
        label = FORM_FIELDS.get(field, field.capitalize() if field else "Entry")
        hint = f" Did you mean {issue.suggestion}?" if issue.suggestion else ""
        lines.append(f"{label}: {issue.message}{hint}")
    return lines


def _when(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S UTC") if at else ""


def queue_rows(entries: Sequence[Submission]) -> list[dict[str, Any]]:
    """Pending entries as editable grid rows (codes joined with ``|``)."""
    return [{"id": e.id, "submitted_by": e.submitted_by, "submitted_at": _when(e.submitted_at),
             **e.form.to_dict()} for e in entries]


def edits_from_rows(rows: Sequence[Mapping[str, Any]], entries: Sequence[Submission]
                    ) -> dict[int, SubmissionForm]:
    """Forms the facilitator changed in the queue grid, by submission id."""
    by_id = {e.id: e for e in entries}
    edits = {}
    for row in rows:
        entry = by_id.get(parse_int(row.get("id")))
        if entry is None:
            continue
        form = SubmissionForm.of(**{f: str(row.get(f) or "") for f in QUEUE_FIELDS})
        if form != entry.form:
            edits[entry.id] = form
    return edits


def _changes(entry: AuditEntry) -> str:
    details = entry.details
    if entry.action == "submission.create":
        form = details.get("form", {})
        return f"{form.get('name', '')} ({form.get('provider', '')}, {form.get('locality', '')})"
    if entry.action == "submission.approve":
        changes = details.get("changes") or {}
        edited = "; ".join(f"{k}: {old!r} -> {new!r}" for k, (old, new) in changes.items())
        return f"Edited: {edited}" if edited else "Approved as submitted"
    if entry.action == "submission.reject":
        return f"Reason: {details.get('reason') or 'none given'}"
    if entry.action == "version.approve":
        return f"{len(details.get('added', []))} entry(ies) added; {details.get('rows')} rows"
    if entry.action == "version.save":
        counts = details.get("counts")
        base = f"{details.get('rows')} rows"
        if counts:
            base += (f"; {counts['added']} added, {counts['removed']} removed, "
                     f"{counts['changed']} changed")
        comment = details.get("comment")
        return f"{base}; {comment}" if comment else base
    return ""


def audit_rows(entries: Sequence[AuditEntry]) -> list[dict[str, Any]]:
    """The audit trail, newest first: when, who, what, which version, what changed."""
    return [{"at": _when(e.at), "actor": e.actor, "action": ACTIONS.get(e.action, e.action),
             "version": "" if e.version is None else str(e.version),
             "entry": "" if e.submission_id is None else str(e.submission_id),
             "changes": _changes(e)} for e in reversed(entries)]


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


@dataclass(frozen=True)
class Sent:
    """The result of sending an entry: what to tell the sender, and the next entry's id.

    ``next_client_id`` is ``None`` when nothing was stored: the form keeps its values and its
    id, so sending it again cannot store it twice.
    """

    notice: Notice
    next_client_id: str | None = None


def submit_entry(atlas: AtlasContext, state: ViewState, by: str | None,
                 values: Mapping[str, Any], client_id: str | None,
                 client: str | None = None) -> Sent:
    """Send an 'add a service we missed' entry to the view's saved dataset.

    ``client`` is the sender's address key when they are not a signed-in editor: such entries
    are counted against ``SUBMISSION_LIMIT`` first.
    """
    name = target_dataset(atlas, state)
    if name is None:
        return Sent(Notice.of(target_text(atlas, state), "warning"))
    if not (by or "").strip():
        return Sent(Notice.of("Give your name so the facilitator knows who sent the entry.",
                              "danger"))
    too_long = length_problem("Your name", by.strip(), DISPLAY_NAME)
    if too_long:
        return Sent(Notice.of(too_long, "danger"))
    wait = None if client is None else atlas.library.store.count_client_event(
        SUBMISSION_EVENT, client, limit=SUBMISSION_LIMIT, window=SUBMISSION_WINDOW)
    if wait is not None:
        return Sent(Notice.of(submission_refusal(wait), "warning"))
    try:
        result = atlas.library.store.submit(name, form_of(values),
                                            client_id=client_id or str(uuid.uuid4()),
                                            actor=by.strip())
    except StoreError as error:
        return Sent(Notice.of(str(error), "danger"))
    if not result.accepted:
        return Sent(Notice.of(["The entry was not sent; please fix:",
                               *issue_lines(result.errors)], "danger"))
    text = f"Thank you: '{result.submission.form.name}' is waiting for the facilitator."
    return Sent(Notice.of([text, *issue_lines(result.warnings)], "success"), str(uuid.uuid4()))


def queue(atlas: AtlasContext, state: ViewState) -> tuple[list[dict], list[dict]]:
    """The pending entries (as editable rows) and the audit trail of the view's dataset."""
    name = target_dataset(atlas, state)
    if name is None:
        return [], []
    store = atlas.library.store
    return queue_rows(store.submissions(name, PENDING)), audit_rows(store.audit(name))


def decide(atlas: AtlasContext, editor: str | None, state: ViewState, approve: bool,
           selected: Sequence[Mapping[str, Any]], reason: str | None) -> Notice:
    """Approve (with the grid's edits) or reject the selected entries (editors only)."""
    name = target_dataset(atlas, state)
    if editor is None:
        return Notice.of("Only a signed-in editor can approve or reject entries.", "danger")
    if not selected or name is None:
        return Notice.of("Select at least one entry first.", "warning")
    ids = [parse_int(row.get("id"), minimum=1) for row in selected]
    if None in ids:  # the request check refuses such rows first; this keeps the view whole
        return Notice.of("Every selected entry needs its number; reload the page.", "danger")
    too_long = length_problem("The reason", (reason or "").strip(), NOTE)
    if too_long:
        return Notice.of(too_long, "danger")
    store = atlas.library.store
    try:
        if not approve:
            for entry_id in ids:
                store.reject(entry_id, actor=editor, reason=(reason or "").strip())
            return Notice.of(f"Rejected {len(selected)} entry(ies).", "info")
        info = store.approve(ids, actor=editor,
                             edits=edits_from_rows(selected, store.submissions(name, PENDING)))
    except StoreError as error:
        return Notice.of([str(error), *issue_lines(getattr(error, "issues", ()))], "danger")
    return Notice.of(f"Approved {len(selected)} entry(ies): {name} is now version "
                     f"{info.version}.", "success")


def start_copy(atlas: AtlasContext, editor: str | None, name: str | None,
               state: ViewState) -> Opened:
    """Save the bundled rows as a named dataset (editors only) and open the workshop on it."""
    if editor is None:
        return Opened(Notice.of("Only a signed-in editor can start a workshop copy.", "danger"))
    name = (name or "").strip()
    problem = check_name(name) or (None if atlas.library else "Saving needs the database.")
    if problem:
        return Opened(Notice.of(problem, "danger"))
    if name in atlas.library.listed():
        return Opened(Notice.of(f"A dataset called {name} exists; choose it in the switcher or "
                                "pick another name.", "danger"))
    bundled = atlas.library.bundled
    atlas.library.store.save_version(
        name, bundled.interventions, actor=editor, illustrative=bundled.meta.illustrative,
        notice=bundled.meta.notice,
        comment=f"Workshop copy of {bundled.meta.name} version {bundled.meta.version}")
    path, search = state_to_url(replace(state, dataset=name, page="workshop", locality=None))
    return Opened(Notice.of(f"Started {name}.", "success", ("Open the atlas on it", f"/{search}")),
                  (path, search))
