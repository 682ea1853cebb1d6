"""'Your data': a file read and checked, used for a session, or saved as a named dataset."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote

from dashboard.context import AtlasContext
from dashboard.core.dataset_identity import check_name, new_session_name
from dashboard.core.limits import NOTE, length_problem
from dashboard.core.view_state import DEFAULT, state_to_url
from dashboard.ingest.uploads import (
    UploadError,
    group_issues,
    issue_groups,
    preview_rows,
    summary,
    validate_upload,
)
from dashboard.ingest.validation import ValidationReport
from dashboard.views.notice import Notice, Opened


@dataclass(frozen=True)
class UploadRead:
    """What the page shows after a file is read.

    Attributes:
        notice: the result in one sentence (danger when the file could not be read).
        summary: rows accepted and rejected, errors and warnings.
        report: the validation report (``ValidationReport.to_dict()`` plus ``filename``), kept
            in the page for the report download; ``None`` when the file could not be read.
        issues: one row per kind of problem (repeated ones grouped), errors first.
        preview: the first accepted rows, codes shown as labels.
    """

    notice: Notice
    summary: str = ""
    report: dict | None = None
    issues: tuple[dict, ...] = ()
    preview: tuple[dict, ...] = ()


def _validate(atlas: AtlasContext, contents: str | None, filename: str | None
              ) -> ValidationReport:
    if atlas.library is None or atlas.library.store is None:
        raise UploadError("Uploads need the database, which is not available on this server.")
    return validate_upload(contents, filename, atlas.codelists, atlas.library.store.localities,
                           max_bytes=atlas.settings.upload_max_bytes,
                           stale_after_days=atlas.settings.stale_after_days)


def read_upload(atlas: AtlasContext, contents: str | None, filename: str | None) -> UploadRead:
    """Read and check an uploaded file exactly as the command line does."""
    try:
        report = _validate(atlas, contents, filename)
    except UploadError as error:
        return UploadRead(Notice.of(str(error), "danger"))
    data = {**report.to_dict(), "filename": filename}
    return UploadRead(
        notice=Notice.of(f"Read {filename}: {summary(data)}", "success" if report.ok else "warning"),
        summary=summary(data), report=data, issues=tuple(issue_groups(data)),
        preview=tuple(preview_rows(report.accepted, preview_labels(atlas))))


def preview_labels(atlas: AtlasContext) -> dict[str, dict[str, str]]:
    """Code -> label of every coded column the preview shows (districts by name)."""
    return {"locality_code": dict(atlas.geography.lad_names),
            **{f: atlas.codelists[f].labels for f in ("types", "determinants", "populations")}}


@dataclass(frozen=True)
class GroupRows:
    """The rows of one kind of problem, shown when the user picks it in the report."""

    heading: str
    rows: tuple[dict, ...]


def group_rows(report: dict | None, picked: list[dict] | None) -> GroupRows:
    """Every row of the problem picked in the report (nothing picked: a hint)."""
    if not report or not picked:
        return GroupRows("Choose a problem in the report to list every row it concerns.", ())
    group = picked[0]
    rows = group_issues(report, int(group["group"]))
    return GroupRows(f"{group['severity']}: {group['message']} ({group['rows']})", tuple(rows))


def use_upload(atlas: AtlasContext, contents: str | None, filename: str | None) -> Opened:
    """Store the accepted rows as an unlisted session dataset and open the atlas on it."""
    try:
        report = _validate(atlas, contents, filename)
    except UploadError as error:
        return Opened(Notice.of(str(error), "danger"))
    if report.rows_accepted == 0:
        return Opened(Notice.of("No row was accepted; fix the errors and upload the file again.",
                                "danger"))
    atlas.library.expire_sessions()
    name = new_session_name()
    atlas.library.store.save_version(name, report.accepted, actor="session upload",
                                     comment=filename or "", notice=f"Uploaded from {filename}.")
    return Opened(Notice.of(f"Showing {filename} in every view of this link, for "
                            f"{atlas.library.session_days:g} days.", "success"),
                  state_to_url(replace(DEFAULT, dataset=name)))


def save_upload(atlas: AtlasContext, editor: str | None, contents: str | None,
                filename: str | None, name: str | None, note: str | None) -> Opened:
    """Save the accepted rows as the next version of a named dataset (editors only)."""
    if editor is None:
        return Opened(Notice.of("Only a signed-in editor can save datasets.", "danger"))
    name = (name or "").strip()
    problem = check_name(name) or length_problem("The version note", (note or "").strip(), NOTE)
    if problem:
        return Opened(Notice.of(problem, "danger"))
    try:
        report = _validate(atlas, contents, filename)
    except UploadError as error:
        return Opened(Notice.of(str(error), "danger"))
    if report.rows_accepted == 0:
        return Opened(Notice.of("No row was accepted; nothing to save.", "danger"))
    info = atlas.library.store.save_version(name, report.accepted, actor=editor,
                                            comment=(note or "").strip() or f"Uploaded {filename}")
    return Opened(Notice.of(f"Saved {info.row_count} rows as {name}, version {info.version}.",
                            "success", (f"View {name}", f"/?dataset={quote(name)}")))


@dataclass(frozen=True)
class EditorStatus:
    """Who may edit: the status line and whether editor-only buttons work."""

    text: str
    can_edit: bool


def editor_status(atlas: AtlasContext, editor: str | None) -> EditorStatus:
    """The editor status of this browser session."""
    if atlas.settings.editor_secret_hash is None:
        text = "Editing is off: set ATLAS_EDITOR_SECRET_HASH on the server."
    elif editor:
        text = f"Signed in as editor: {editor}."
    else:
        text = "Not signed in: you can read, upload for this session and send entries."
    return EditorStatus(text, editor is not None)
