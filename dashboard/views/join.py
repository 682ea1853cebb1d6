"""The participant page, ``/join?dataset=NAME``: add a service the map is missing, from a phone.

Phone first and in plain English: one form whose pickers offer labels (never codes), a
confirmation with a short reference, and the participant's own entries with their status.
A browser is shown only the entries it sent: it keeps their client ids (unguessable UUIDs), and
the store answers only for those ids. Nothing of anyone else (entries, names, notes, the audit
trail) ever reaches this page.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote

import segno

from dashboard.context import AtlasContext
from dashboard.core.dataset_identity import parse_key
from dashboard.core.limits import DISPLAY_NAME, length_problem
from dashboard.ingest.validation import Issue
from dashboard.security.limits import (
    SUBMISSION_EVENT,
    SUBMISSION_LIMIT,
    SUBMISSION_WINDOW,
    submission_refusal,
)
from dashboard.store.errors import NotFoundError, StoreError
from dashboard.store.records import APPROVED, PENDING, Submission, SubmissionForm

JOIN_PATH = "/join"
MAX_KEPT = 50  # entries a browser keeps listing, newest first
CODED = ("types", "determinants", "populations")
QUESTIONS = {  # form field -> the question the page asks
    "by": "Your name", "name": "Name of the service", "provider": "Who runs it",
    "locality": "Where is it?", "types": "What does it offer?",
    "determinants": "What does it help with?", "populations": "Who is it for?",
    "note": "Anything else the facilitator should know? (optional)",
}
# What to do when a required answer is missing, by template column.
MISSING = {
    "name": "Give the name of the service.",
    "provider": "Say who runs it: an organisation, group or person.",
    "locality_code": "Choose the district where it runs.",
    "types": "Choose at least one thing it offers.",
    "determinants": "Choose at least one thing it helps with.",
    "populations": "Choose who it is for (or 'All adults').",
}
COLUMN_FIELDS = {"locality_code": "locality", "description": "note", "recorded_by": "by"}


def join_href(dataset: str) -> str:
    """Path and query of the participant page of a saved dataset."""
    return f"{JOIN_PATH}?dataset={quote(dataset)}"


def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG data URI (dark modules in the atlas's ink)."""
    return segno.make(url, error="m").svg_data_uri(scale=6, border=2, dark="#0b0c0c")


def reference(client_id: str) -> str:
    """The short reference a participant and the facilitator can read out: 6 characters."""
    return client_id.replace("-", "")[:6].upper()


@dataclass(frozen=True)
class JoinTarget:
    """Where a participant link sends entries.

    Attributes:
        dataset: the saved dataset entries go to, or ``None`` when the link names none.
        line: the one line naming the workshop and its dataset (or what is wrong).
        illustrative: True when the dataset is illustrative (said on the page).
        localities: LAD 2024 codes the dataset covers (offered first in the place picker).
    """

    dataset: str | None
    line: str
    illustrative: bool = False
    localities: tuple[str, ...] = ()


def join_target(atlas: AtlasContext, search: str | None) -> JoinTarget:
    """The workshop a participant link names, checked against the store."""
    value = parse_qs((search or "").lstrip("?")).get("dataset", [None])[-1]
    key, _ = parse_key(value)
    unusable = ("This link does not name a workshop. Ask the facilitator for the link or scan "
                "the QR code on the screen.")
    if key.bundled or key.session or atlas.library is None or atlas.library.store is None:
        return JoinTarget(None, unusable)
    try:
        info = atlas.library.store.versions(key.name)[-1]
    except (NotFoundError, IndexError):
        return JoinTarget(None, f"There is no workshop called {key.name!r}. Check the link, or ask "
                                "the facilitator for it.")
    shown = atlas.library.dataset(parse_key(key.name)[0], info.version)
    codes = tuple(sorted(shown.interventions["locality_code"].unique(),
                         key=lambda c: atlas.geography.lad_names.get(c, c)))
    label = " (illustrative data)" if info.illustrative else ""
    return JoinTarget(key.name, f"Workshop: {key.name}{label}. Add a service the map is missing.",
                      info.illustrative, codes)


def picker_options(atlas: AtlasContext, first: Sequence[str] = ()) -> dict[str, list[dict]]:
    """Options of the page's pickers: labels to choose, codes as values, searchable by words.

    Places list the workshop's districts (``first``) before the rest of England; the coded
    fields can be searched by their definitions too ("loneliness" finds social isolation).
    """
    names = atlas.geography.lad_names
    ordered = [*first, *sorted((c for c in names if c not in set(first)), key=names.get)]
    options = {"locality": [{"label": names[c], "value": c, "search": names[c]}
                            for c in ordered if c in names]}
    for field in CODED:
        table = atlas.codelists[field].table
        options[field] = [{"label": r.label, "value": r.code, "search": f"{r.label} {r.definition}"}
                          for r in table.itertuples()]
    return options


def plain_problems(issues: Sequence[Issue]) -> list[str]:
    """One plain sentence per problem, naming the question rather than a template column."""
    lines = []
    for issue in issues:
        if issue.column in MISSING and not issue.value:
            lines.append(MISSING[issue.column])
            continue
        question = QUESTIONS.get(COLUMN_FIELDS.get(issue.column, issue.column), "This entry")
        lines.append(f"{question.rstrip('?')}: {issue.message}")
    return lines


@dataclass(frozen=True)
class JoinSent:
    """The result of *Send*.

    Attributes:
        stored: True when the entry is in the facilitator's queue.
        problems: what to fix, in plain English (nothing stored).
        reference: the entry's short reference.
        service: the service's name as sent.
        place, place_name: the district chosen (kept for "add another here").
        client_id: the id the entry was stored under (the browser lists it).
        next_client_id: the id of the next entry (``None``: keep this one, so a retry of the
            same entry is stored once).
    """

    stored: bool
    problems: tuple[str, ...] = ()
    reference: str = ""
    service: str = ""
    place: str | None = None
    place_name: str = ""
    client_id: str | None = None
    next_client_id: str | None = None


def send_entry(atlas: AtlasContext, dataset: str | None, by: str | None,
               values: Mapping[str, Any], client_id: str | None,
               client: str | None = None) -> JoinSent:
    """Send the participant's entry to the workshop's queue (validated like a template row).

    ``client`` is the sender's address key when they are not a signed-in editor: such entries
    are counted against ``SUBMISSION_LIMIT`` first.
    """
    if dataset is None or atlas.library is None:
        return JoinSent(False, ("This link does not name a workshop; ask the facilitator for it.",))
    if not (by or "").strip():
        return JoinSent(False, ("Give your name, so the facilitator knows who sent it.",))
    too_long = length_problem("Your name", by.strip(), DISPLAY_NAME)
    if too_long:
        return JoinSent(False, (too_long,))
    wait = None if client is None else atlas.library.store.count_client_event(
        SUBMISSION_EVENT, client, limit=SUBMISSION_LIMIT, window=SUBMISSION_WINDOW)
    if wait is not None:
        return JoinSent(False, (submission_refusal(wait),))
    form = SubmissionForm.of(**{f: values.get(f) for f in QUESTIONS if f != "by"})
    client_id = client_id or str(uuid.uuid4())
    try:
        result = atlas.library.store.submit(dataset, form, client_id=client_id, actor=by.strip())
    except (StoreError, ValueError) as error:
        return JoinSent(False, (str(error),))
    if not result.accepted:
        return JoinSent(False, tuple(plain_problems(result.errors)))
    place = form.locality or None
    return JoinSent(True, reference=reference(client_id), service=form.name, place=place,
                    place_name=atlas.geography.lad_names.get(place or "", place or ""),
                    client_id=client_id, next_client_id=str(uuid.uuid4()))


def kept_ids(kept: object, dataset: str | None, added: str | None = None) -> dict[str, list[str]]:
    """The browser's store of sent entries (dataset -> client ids, newest first), plus one."""
    store = {k: [i for i in v if isinstance(i, str)][:MAX_KEPT]
             for k, v in (kept.items() if isinstance(kept, dict) else ()) if isinstance(v, list)}
    if dataset and added:
        store[dataset] = [added, *[i for i in store.get(dataset, []) if i != added]][:MAX_KEPT]
    return store


@dataclass(frozen=True)
class MyEntry:
    """One of the participant's entries and what became of it."""

    reference: str
    service: str
    place: str
    status: str
    status_text: str
    reason: str | None = None


def _status(entry: Submission) -> tuple[str, str]:
    if entry.status == PENDING:
        return "waiting", "Waiting for the facilitator"
    if entry.status == APPROVED:
        edited = ", with the facilitator's corrections" if entry.edited_form else ""
        return "approved", f"Added to the map (version {entry.version}){edited}"
    return "rejected", "Not added"


def my_entries(atlas: AtlasContext, dataset: str | None, kept: object) -> tuple[MyEntry, ...]:
    """The entries this browser sent to the workshop, newest first, with their status."""
    ids = kept_ids(kept, dataset).get(dataset or "", [])
    if not ids or atlas.library is None or atlas.library.store is None:
        return ()
    try:
        found = {e.client_id: e for e in atlas.library.store.submissions_by_client(dataset, ids)}
    except NotFoundError:
        return ()
    names = atlas.geography.lad_names
    out = []
    for client_id in ids:
        entry = found.get(client_id)
        if entry is None:
            continue
        form = entry.edited_form or entry.form
        status, text = _status(entry)
        out.append(MyEntry(reference(entry.client_id), form.name,
                           names.get(form.locality, form.locality), status, text,
                           entry.decision_note if status == "rejected" else None))
    return tuple(out)
