"""'Add a service we missed': the queue of live entries, approved into new versions."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dashboard.ingest.reading import RawTable
from dashboard.ingest.validation import ValidationReport, validate_table
from dashboard.store.base import StoreBase, check_actor, utc_now
from dashboard.store.codec import encode_rows
from dashboard.store.errors import (
    ConflictError,
    InvalidSubmissionError,
    NotFoundError,
    StoreError,
)
from dashboard.store.records import (
    APPROVED,
    LIVE_ID_PREFIX,
    PENDING,
    REJECTED,
    Submission,
    SubmissionForm,
    SubmitResult,
    VersionInfo,
)
from dashboard.store.tables import datasets_table, rows_table, submissions_table, versions_table


def _decided_sentence(entry: Submission) -> str:
    """"'Name' was already approved by Fay on 2026-12-01 at 10:31:05 UTC (in version 3)."."""
    when = f" on {entry.decided_at:%Y-%m-%d at %H:%M:%S} UTC" if entry.decided_at else ""
    version = f" (in version {entry.version})" if entry.version else ""
    return f"'{entry.form.name}' was already {entry.status} by {entry.decided_by}{when}{version}."


class Submissions(StoreBase):
    """Submit, list, approve and reject live entries."""

    def submit(
        self,
        dataset: str,
        form: SubmissionForm,
        *,
        client_id: str,
        actor: str,
        today: dt.date | None = None,
    ) -> SubmitResult:
        """Queue an 'add a service' entry after validating it exactly like a template row.

        A rejected entry writes nothing. A retry with the same ``client_id`` is stored once and
        answered with the stored entry (``duplicate=True``).

        Raises:
            ValueError: when ``client_id`` is not a UUID.
            NotFoundError: when the dataset does not exist.
            ConflictError: when ``client_id`` was already used for different content.
        """
        actor = check_actor(actor)
        client_id = str(uuid.UUID(str(client_id)))
        report = self._validate(form, client_id, actor, today=today)
        if report.errors:
            return SubmitResult(False, None, False, report.errors, report.warnings)
        with self._write() as conn:
            dataset_id = self._dataset_id(conn, dataset)
            now = utc_now()
            insert = self._insert_ignore(submissions_table).values(
                client_id=client_id, dataset_id=dataset_id, submitted_by=actor, submitted_at=now,
                form=json.dumps(form.to_dict(), ensure_ascii=False), status=PENDING,
            ).on_conflict_do_nothing(index_elements=["client_id"]).returning(submissions_table.c.id)
            created = conn.execute(insert).first() is not None
            stored = self._submission_row(conn, submissions_table.c.client_id == client_id)
            if created:
                self._audit(conn, now, actor, "submission.create", dataset_id=dataset_id,
                            submission_id=stored.id,
                            details={"client_id": client_id, "form": form.to_dict()})
        if not created and (stored.dataset != dataset or stored.form != form):
            raise ConflictError(f"The entry id {client_id} was already used for a different entry.")
        return SubmitResult(True, stored, not created, (), report.warnings)

    def submissions(self, dataset: str, status: str | None = None) -> list[Submission]:
        """Entries submitted to ``dataset`` (optionally only one status), oldest first."""
        with self._read() as conn:
            dataset_id = self._dataset_id(conn, dataset)
            condition = submissions_table.c.dataset_id == dataset_id
            if status is not None:
                condition = condition & (submissions_table.c.status == status)
            return self._submission_rows(conn, condition)

    def submissions_by_client(self, dataset: str, client_ids: Sequence[str]) -> list[Submission]:
        """The entries of ``dataset`` sent with these client ids (what one browser sent).

        A client id is an unguessable UUID the sending browser keeps, so holding it is what
        entitles a participant to see an entry; ids that are not UUIDs are ignored.
        """
        wanted = []
        for client_id in client_ids:
            try:
                wanted.append(str(uuid.UUID(str(client_id))))
            except ValueError:
                continue
        if not wanted:
            return []
        with self._read() as conn:
            dataset_id = self._dataset_id(conn, dataset)
            return self._submission_rows(conn, (submissions_table.c.dataset_id == dataset_id)
                                         & submissions_table.c.client_id.in_(wanted))

    def submission(self, submission_id: int) -> Submission:
        """One entry by store id.

        Raises:
            NotFoundError: when there is no such entry.
        """
        with self._read() as conn:
            return self._submission_row(conn, submissions_table.c.id == submission_id)

    def approve(
        self,
        submission_ids: Sequence[int],
        *,
        actor: str,
        edits: Mapping[int, SubmissionForm] | None = None,
        note: str = "",
        today: dt.date | None = None,
    ) -> VersionInfo:
        """Approve pending entries (edited first where ``edits`` says so) into a new version.

        The new version holds the newest version's rows followed by the approved rows; it, the
        status changes and the audit entries are written in one transaction.

        Raises:
            InvalidSubmissionError: when an edited (or re-checked) entry fails validation.
            ConflictError: when an entry is no longer pending or belongs to another dataset.
            NotFoundError: when an entry does not exist.
        """
        actor = check_actor(actor)
        dataset, validated = self._approvable(submission_ids, edits or {}, today)
        ids = [entry.id for entry, _, _ in validated]
        with self._write() as conn:
            now = utc_now()
            dataset_id = self._lock_dataset(conn, dataset, actor=actor, now=now, create=False)
            claimed = conn.execute(
                submissions_table.update()
                .where(submissions_table.c.id.in_(ids) & (submissions_table.c.status == PENDING))
                .values(status=APPROVED, decided_by=actor, decided_at=now, decision_note=note or None)
            ).rowcount
            if claimed != len(ids):
                raise ConflictError(self._decided_message(conn, ids, now))
            previous = self._latest(conn, dataset_id)
            if previous is None:
                raise NotFoundError(f"Dataset '{dataset}' has no version to add entries to.")
            version_id, rows = self._version_with(conn, dataset_id, previous, validated, now=now,
                                                  actor=actor, note=note)
            self._audit_approval(conn, dataset_id, version_id, validated, now=now, actor=actor,
                                 note=note)
            self._audit(conn, now, actor, "version.approve", dataset_id=dataset_id, version_id=version_id,
                        details={"based_on": previous["version"], "rows": rows,
                                 "added": [e.intervention_id for e, _, _ in validated], "note": note})
            info_row = conn.execute(sa.select(versions_table).where(versions_table.c.id == version_id))
            return self._version_info(dataset, info_row.mappings().one())

    def _decided_message(self, conn: Connection, ids: Sequence[int], now: dt.datetime) -> str:
        """Who already decided which of ``ids``, and when (a retried approval that went through).

        Rows this transaction has just claimed (decided ``now``) are left out.
        """
        s = submissions_table
        decided = self._submission_rows(conn, s.c.id.in_(ids) & (s.c.status != PENDING)
                                        & (s.c.decided_at != now))
        return " ".join(map(_decided_sentence, decided)) \
            or "Some of these entries were already approved or rejected."

    def _approvable(self, submission_ids: Sequence[int], edits: Mapping[int, SubmissionForm],
                    today: dt.date | None) -> tuple[str, list[tuple[Submission, SubmissionForm,
                                                                    pd.DataFrame]]]:
        """The dataset and, per entry, the entry, its (edited) form and its validated row.

        Raises:
            ValueError: no entry named, or edits for entries not being approved.
            ConflictError: entries of several datasets.
            InvalidSubmissionError: an (edited) entry fails validation.
        """
        ids = list(dict.fromkeys(int(i) for i in submission_ids))
        if not ids:
            raise ValueError("Name at least one entry to approve.")
        if set(edits) - set(ids):
            raise ValueError("Edits were given for entries that are not being approved.")
        entries = [self.submission(i) for i in ids]
        datasets = {e.dataset for e in entries}
        if len(datasets) != 1:
            raise ConflictError("Entries of different datasets cannot be approved together.")
        validated = []
        for entry in entries:
            form = edits.get(entry.id, entry.form)
            report = self._validate(form, entry.client_id, entry.submitted_by, today=today)
            if report.errors:
                raise InvalidSubmissionError(
                    f"The entry '{form.name}' cannot be approved as it is; fix the problems listed.",
                    report.errors,
                )
            validated.append((entry, form, report.accepted))
        return datasets.pop(), validated

    def _version_with(self, conn: Connection, dataset_id: int, previous: sa.RowMapping,
                      validated: list, *, now: dt.datetime, actor: str, note: str
                      ) -> tuple[int, int]:
        """Insert the next version: the previous rows, then the approved ones; id and row count."""
        spec = json.loads(previous["columns"])
        new_rows = pd.concat([accepted for _, _, accepted in validated], ignore_index=True)
        known = {name for name, _ in spec}
        spec += [[str(c), str(new_rows[c].dtype)] for c in new_rows.columns if c not in known]
        start = previous["row_count"]
        if "source_row" in new_rows.columns:
            # Live entries come from no file: give each the row it has when this version is exported.
            new_rows["source_row"] = np.arange(start + 2, start + 2 + len(new_rows))
        _, texts = encode_rows(new_rows)
        version_id = self._insert_version(
            conn, dataset_id, previous["version"] + 1, now=now, actor=actor,
            illustrative=previous["illustrative"], notice=previous["notice"],
            comment=note or f"{len(validated)} live entry(ies) approved", spec=spec,
            row_count=start + len(texts),
        )
        conn.execute(rows_table.insert().from_select(
            ["version_id", "position", "intervention_id", "data"],
            sa.select(sa.literal(version_id), rows_table.c.position, rows_table.c.intervention_id,
                      rows_table.c.data).where(rows_table.c.version_id == previous["id"]),
        ))
        conn.execute(rows_table.insert(), [
            {"version_id": version_id, "position": start + i, "intervention_id": entry.intervention_id,
             "data": text}
            for i, ((entry, _, _), text) in enumerate(zip(validated, texts, strict=True))
        ])
        conn.execute(submissions_table.update()
                     .where(submissions_table.c.id.in_([e.id for e, _, _ in validated]))
                     .values(version_id=version_id))
        return version_id, start + len(texts)

    def _audit_approval(self, conn: Connection, dataset_id: int, version_id: int, validated: list,
                        *, now: dt.datetime, actor: str, note: str) -> None:
        """One audit entry per approved entry, with what the facilitator changed in it."""
        for entry, form, _ in validated:
            changes = {k: [v, form.to_dict()[k]] for k, v in entry.form.to_dict().items()
                       if form.to_dict()[k] != v}
            if changes:
                conn.execute(submissions_table.update().where(submissions_table.c.id == entry.id)
                             .values(edited_form=json.dumps(form.to_dict(), ensure_ascii=False)))
            self._audit(conn, now, actor, "submission.approve", dataset_id=dataset_id,
                        version_id=version_id, submission_id=entry.id,
                        details={"client_id": entry.client_id, "intervention_id": entry.intervention_id,
                                 "edited": bool(changes), "changes": changes, "note": note})

    def reject(self, submission_id: int, *, actor: str, reason: str) -> Submission:
        """Reject a pending entry; it stays in the store, marked rejected, with the reason.

        The reason is required: the participant who sent the entry is shown it.

        Raises:
            ValueError: when the reason is blank.
            ConflictError: when the entry is no longer pending.
            NotFoundError: when there is no such entry.
        """
        actor = check_actor(actor)
        reason = (reason or "").strip()
        if not reason:
            raise ValueError("A rejection needs a reason; the person who sent the entry sees it.")
        with self._write() as conn:
            now = utc_now()
            entry = self._submission_row(conn, submissions_table.c.id == submission_id)
            changed = conn.execute(
                submissions_table.update()
                .where((submissions_table.c.id == submission_id) & (submissions_table.c.status == PENDING))
                .values(status=REJECTED, decided_by=actor, decided_at=now, decision_note=reason or None)
            ).rowcount
            if changed != 1:
                raise ConflictError(_decided_sentence(entry))
            dataset_id = self._dataset_id(conn, entry.dataset)
            self._audit(conn, now, actor, "submission.reject", dataset_id=dataset_id,
                        submission_id=submission_id,
                        details={"client_id": entry.client_id, "reason": reason})
            return self._submission_row(conn, submissions_table.c.id == submission_id)

    def _validate(self, form: SubmissionForm, client_id: str, actor: str, today: dt.date | None
                  ) -> ValidationReport:
        if self.codelists is None or self.localities is None:
            raise StoreError("This store was opened without code lists; it cannot check submissions.")
        cells = form.template_cells(LIVE_ID_PREFIX + client_id, actor)
        table = RawTable(cells=pd.DataFrame([cells], dtype=object), rows=(2,),
                         source_columns={name: name for name in cells})
        return validate_table(table, self.codelists, self.localities, today=today)

    def _submission_rows(self, conn: Connection, condition: sa.ColumnElement[bool]) -> list[Submission]:
        s, d, v = submissions_table, datasets_table, versions_table
        query = (
            sa.select(s, d.c.name.label("dataset_name"), v.c.version.label("version_number"))
            .select_from(s.join(d, s.c.dataset_id == d.c.id).outerjoin(v, s.c.version_id == v.c.id))
            .where(condition).order_by(s.c.id)
        )
        return [
            Submission(
                id=r["id"], client_id=r["client_id"], dataset=r["dataset_name"],
                intervention_id=LIVE_ID_PREFIX + r["client_id"], status=r["status"],
                submitted_by=r["submitted_by"], submitted_at=r["submitted_at"],
                form=SubmissionForm(**json.loads(r["form"])),
                edited_form=SubmissionForm(**json.loads(r["edited_form"])) if r["edited_form"] else None,
                decided_by=r["decided_by"],
                decided_at=r["decided_at"], decision_note=r["decision_note"], version=r["version_number"],
            )
            for r in conn.execute(query).mappings()
        ]

    def _submission_row(self, conn: Connection, condition: sa.ColumnElement[bool]) -> Submission:
        found = self._submission_rows(conn, condition)
        if not found:
            raise NotFoundError("There is no such entry.")
        return found[0]
