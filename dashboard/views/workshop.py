"""Live workshop capture: the 'add a service we missed' form, the queue and the audit trail.

Plain functions between the store and the page; the page shows every value as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dashboard.ingest.validation import Issue
from dashboard.store.records import AuditEntry, Submission, SubmissionForm

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
        entry = by_id.get(int(row["id"]))
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
