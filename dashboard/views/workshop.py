"""The facilitator's side of a workshop: the queue, edits kept by entry, decisions, the audit trail.

Participants send entries from their own page (:mod:`dashboard.views.join`). The queue and
the audit trail name people and show their notes, so they are shown to a signed-in editor only.
The facilitator's edits live in their browser, by entry id, apart from the queue's rows: a new
arrival redraws the rows and the edits are laid over them again, never lost.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from dashboard.context import AtlasContext, scoped
from dashboard.core.dataset_identity import check_name, parse_key
from dashboard.core.limits import NOTE, length_problem
from dashboard.core.numbers import parse_int
from dashboard.core.schema import MULTI_SEPARATOR
from dashboard.core.view_state import ViewState, state_to_url
from dashboard.ingest.validation import Issue
from dashboard.store.errors import StoreError
from dashboard.store.records import PENDING, AuditEntry, Submission, SubmissionForm
from dashboard.views.join import join_href, picker_options, qr_data_uri, reference
from dashboard.views.notice import Notice, Opened

QUEUE_FIELDS = ("name", "provider", "locality", "types", "determinants", "populations", "note")
CODED = {"types": "types", "determinants": "determinants", "populations": "populations"}
FIELD_NAMES = {"name": "service", "provider": "who runs it", "locality": "place",
               "types": "offers", "determinants": "helps with", "populations": "for",
               "note": "note"}
ISSUE_FIELDS = {"locality_code": "place", "description": "note", "recorded_by": "sender"}
ACTIONS = {
    "version.save": "Saved a version",
    "version.approve": "New version from approved entries",
    "submission.create": "Submitted an entry",
    "submission.approve": "Approved an entry",
    "submission.reject": "Rejected an entry",
}
SIGN_IN_FIRST = ("Sign in as the facilitator (editor, below) to see the entries people sent: the "
                 "queue and the audit trail show names and notes, so only editors see them.")


def issue_lines(issues: Iterable[Issue]) -> list[str]:
    """One sentence per problem of an (edited) entry, naming the queue's column."""
    lines = []
    for issue in issues:
        field = ISSUE_FIELDS.get(issue.column, FIELD_NAMES.get(issue.column, issue.column))
        hint = f" Did you mean {issue.suggestion}?" if issue.suggestion else ""
        lines.append(f"{(field or 'entry').capitalize()}: {issue.message}{hint}")
    return lines


def _when(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S UTC") if at else ""


# The participant page --------------------------------------------------------------------------

@dataclass(frozen=True)
class Participants:
    """How participants reach the workshop: the page's address and its QR code."""

    href: str
    url: str
    qr: str
    text: str


def participants(atlas: AtlasContext, state: ViewState, origin: str) -> Participants | None:
    """The participant page of the view's saved dataset (``None`` when it has none).

    ``origin`` is the scheme and host the facilitator reached (``https://atlas.example``), so
    the QR code opens the same server.
    """
    name = target_dataset(atlas, state)
    if name is None:
        return None
    href = join_href(name)
    url = origin.rstrip("/") + href
    return Participants(href, url, qr_data_uri(url), f"Participants add services on their phones at {url} "
                                       "(or by scanning the code). They see only their own entries.")


def workshop_places(atlas: AtlasContext, state: ViewState) -> list[dict[str, str]]:
    """Place options of the edit panel: district names, the workshop's districts first."""
    first = ()
    if target_dataset(atlas, state) is not None:
        first = tuple(sorted(scoped_localities(atlas, state), key=atlas.geography.lad_names.get))
    return picker_options(atlas, first)["locality"]


def scoped_localities(atlas: AtlasContext, state: ViewState) -> set[str]:
    """Districts the view's dataset covers."""
    return set(scoped(atlas, state).dataset.interventions["locality_code"].unique())


# The queue -------------------------------------------------------------------------------------

def _labels(atlas: AtlasContext, field: str, text: str) -> str:
    """Codes as the queue shows them: labels, separated by commas (unknown ones as written)."""
    if field == "locality":
        return atlas.geography.lad_names.get(text, text)
    if field not in CODED:
        return text
    names = atlas.codelists[CODED[field]].labels
    return ", ".join(names.get(t.strip(), t.strip()) for t in text.split(MULTI_SEPARATOR) if t.strip())


def _folded(name: str) -> str:
    """A service name as duplicates are compared: case, punctuation and spacing folded."""
    return re.sub(r"[^a-z0-9]+", " ", name.casefold().replace("&", " and ")).strip()


def likely_duplicates(atlas: AtlasContext, dataset: str, forms: Mapping[int, SubmissionForm],
                      entries: Sequence[Submission]) -> dict[int, str]:
    """Entry id -> why it may be a duplicate.

    A duplicate has the same name (case, punctuation and spacing folded) and place as an
    earlier pending entry, or as a service already in the dataset's newest version.
    """
    shown = atlas.library.dataset(parse_key(dataset)[0], atlas.library.latest_version(dataset))
    rows = shown.interventions
    known = dict(zip(zip(rows["name"].map(lambda n: _folded(str(n))), rows["locality_code"],
                         strict=True), rows["name"], strict=True))
    seen: dict[tuple[str, str], Submission] = {}
    flags = {}
    for entry in entries:
        form = forms[entry.id]
        key = (_folded(form.name), form.locality)
        if key in seen:
            flags[entry.id] = f"Same name and place as entry {reference(seen[key].client_id)}"
        elif key in known:
            flags[entry.id] = f"Already in the dataset: {known[key]}"
        seen.setdefault(key, entry)
    return flags


def kept_edits(edits: object, pending: Iterable[int] | None = None) -> dict[int, SubmissionForm]:
    """The facilitator's edits from the browser's store, by entry id (of pending ones only)."""
    wanted = None if pending is None else set(pending)
    out = {}
    for key, values in (edits.items() if isinstance(edits, dict) else ()):
        entry_id = parse_int(key, minimum=1)
        if entry_id is None or not isinstance(values, dict):
            continue
        if wanted is None or entry_id in wanted:
            out[entry_id] = SubmissionForm.of(**{f: values.get(f) for f in QUEUE_FIELDS})
    return out


def edits_data(edits: Mapping[int, SubmissionForm]) -> dict[str, dict[str, str]]:
    """Edits as the browser's store keeps them (JSON: string keys)."""
    return {str(i): form.to_dict() for i, form in edits.items()}


def queue_rows(atlas: AtlasContext, entries: Sequence[Submission],
               edits: Mapping[int, SubmissionForm], flags: Mapping[int, str]) -> list[dict]:
    """Pending entries as the grid shows them: labels, the edits laid over, what was edited."""
    rows = []
    for entry in entries:
        form = edits.get(entry.id, entry.form)
        changed = [f for f in QUEUE_FIELDS if getattr(form, f) != getattr(entry.form, f)]
        rows.append({
            "id": str(entry.id), "ref": reference(entry.client_id), "submitted_by": entry.submitted_by,
            "submitted_at": _when(entry.submitted_at),
            **{f: _labels(atlas, f, getattr(form, f)) for f in QUEUE_FIELDS},
            "edited": changed, "edited_text": ", ".join(FIELD_NAMES[f] for f in changed),
            "duplicate": flags.get(entry.id, ""),
        })
    return rows


@dataclass(frozen=True)
class Queue:
    """What the facilitator's queue shows: rows, the audit trail, and a note above them."""

    rows: tuple[dict, ...]
    audit: tuple[dict, ...]
    note: str


def queue(atlas: AtlasContext, editor: str | None, state: ViewState, edits: object) -> Queue:
    """The view's pending entries with the edits laid over, and its audit trail (editors only)."""
    name = target_dataset(atlas, state)
    if name is None:
        return Queue((), (), "")
    if editor is None:
        return Queue((), (), SIGN_IN_FIRST)
    store = atlas.library.store
    entries = store.submissions(name, PENDING)
    forms = {e.id: e.form for e in entries} | kept_edits(edits, [e.id for e in entries])
    rows = queue_rows(atlas, entries, forms, likely_duplicates(atlas, name, forms, entries))
    note = (f"{len(rows)} entry(ies) waiting." if rows else
            "No entries are waiting. New ones appear here within seconds.")
    return Queue(tuple(rows), tuple(audit_rows(store.audit(name))), note)


def pending_ids(atlas: AtlasContext, editor: str | None, state: ViewState) -> list[str]:
    """Ids of the entries waiting, as the queue's rows hold them (none without an editor)."""
    name = target_dataset(atlas, state)
    if editor is None or name is None:
        return []
    return [str(e.id) for e in atlas.library.store.submissions(name, PENDING)]


# Editing one entry -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Editing:
    """The edit panel: which entry, and the values its fields start from (codes)."""

    entry: int | None
    heading: str
    values: dict[str, Any]


def editing(atlas: AtlasContext, editor: str | None, state: ViewState,
            selected: Sequence[Mapping[str, Any]], edits: object) -> Editing:
    """The entry to edit when exactly one is selected, starting from the kept edit if any."""
    empty = dict.fromkeys(QUEUE_FIELDS)
    name = target_dataset(atlas, state)
    if editor is None or name is None or len(selected) != 1:
        hint = ("Select one entry to correct it here." if len(selected) < 2 else
                f"{len(selected)} entries are selected; select one to correct it.")
        return Editing(None, hint, empty)
    entry_id = parse_int(selected[0].get("id"), minimum=1)
    try:
        if entry_id is None:
            raise StoreError("no entry number")
        entry = atlas.library.store.submission(entry_id)
    except StoreError:
        return Editing(None, "That entry is no longer in the queue.", empty)
    form = kept_edits(edits).get(entry_id, entry.form)
    values = {f: getattr(form, f) for f in QUEUE_FIELDS}
    for field in ("types", "determinants", "populations"):
        values[field] = [t for t in values[field].split(MULTI_SEPARATOR) if t]
    values["locality"] = values["locality"] or None
    return Editing(entry_id, f"Correct entry {reference(entry.client_id)} from "
                             f"{entry.submitted_by}", values)


def keep_edit(atlas: AtlasContext, edits: object, entry_id: int | None,
              values: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """The edits with one entry's panel values kept (or dropped when they equal the entry)."""
    kept = kept_edits(edits)
    if entry_id is None:
        return edits_data(kept)
    try:
        original = atlas.library.store.submission(entry_id).form
    except StoreError:
        return edits_data(kept)
    form = SubmissionForm.of(**{f: (values or {}).get(f) for f in QUEUE_FIELDS})
    kept.pop(entry_id, None)
    if values is not None and form != original:
        kept[entry_id] = form
    return edits_data(kept)


# Decisions -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Decided:
    """After Approve or Reject: what to say, whether the reason box clears, the edits left."""

    notice: Notice
    clear_reason: bool = False
    edits: dict[str, dict[str, str]] | None = None


def decide(atlas: AtlasContext, editor: str | None, state: ViewState, approve: bool,
           selected: Sequence[Mapping[str, Any]], reason: str | None, edits: object) -> Decided:
    """Approve (with the kept edits) or reject with a reason the selected entries (editors only)."""
    name = target_dataset(atlas, state)
    if editor is None:
        return Decided(Notice.of("Only a signed-in editor can approve or reject entries.", "danger"))
    if not selected or name is None:
        return Decided(Notice.of("Select at least one entry first.", "warning"))
    ids = [parse_int(row.get("id"), minimum=1) for row in selected]
    if None in ids:  # the request check refuses such rows first; this keeps the view whole
        return Decided(Notice.of("Every selected entry needs its number; reload the page.", "danger"))
    store = atlas.library.store
    reason = (reason or "").strip()
    too_long = length_problem("The reason", reason, NOTE)
    if too_long:
        return Decided(Notice.of(too_long, "danger"))
    if not approve and not reason:
        return Decided(Notice.of("Give a reason for rejecting: the person who sent the entry "
                                 "sees it on their page.", "warning"))
    kept = kept_edits(edits)
    try:
        if not approve:
            for entry_id in ids:
                store.reject(entry_id, actor=editor, reason=reason)
            return Decided(Notice.of(f"Rejected {len(ids)} entry(ies); the sender sees the "
                                     f"reason: {reason}", "info"), True,
                           edits_data({i: f for i, f in kept.items() if i not in ids}))
        info = store.approve(ids, actor=editor, edits={i: kept[i] for i in ids if i in kept})
    except (StoreError, ValueError) as error:
        return Decided(Notice.of([str(error), *issue_lines(getattr(error, "issues", ()))],
                                 "danger"))
    return Decided(Notice.of(f"Approved {len(ids)} entry(ies): {name} is now version "
                             f"{info.version}.", "success"), False,
                   edits_data({i: f for i, f in kept.items() if i not in ids}))


# The audit trail -------------------------------------------------------------------------------

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


# Which dataset ---------------------------------------------------------------------------------

def target_dataset(atlas: AtlasContext, state: ViewState) -> str | None:
    """The saved dataset entries of this view go to, or ``None`` (bundled or session upload)."""
    key, _ = parse_key(state.dataset)
    if key.bundled or key.session or atlas.library is None:
        return None
    return key.name


def target_text(atlas: AtlasContext, state: ViewState) -> str:
    """Which dataset the workshop runs on, in one sentence."""
    name = target_dataset(atlas, state)
    if name is None:
        return ("This view shows a dataset that cannot take entries (the bundled dataset or an "
                "upload). Choose a saved dataset in the Dataset switcher on the Atlas page; an "
                "editor can start a workshop copy of the bundled dataset below.")
    return (f"Entries go to the dataset {name}; you approve them into a new version, and every "
            "view and slide that follows it updates within seconds.")


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
