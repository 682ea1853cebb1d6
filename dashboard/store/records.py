"""What the store hands out: versions, submissions, audit entries, sign-in attempts (frozen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

import pandas as pd

from dashboard.core.dataset_identity import DatasetMeta
from dashboard.core.schema import MULTI_SEPARATOR
from dashboard.ingest.validation import Issue

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
LIVE_ID_PREFIX = "live-"


@dataclass(frozen=True)
class VersionInfo:
    """One saved, immutable version of a dataset.

    Attributes:
        dataset: dataset name.
        version: 1, 2, 3... assigned by the store.
        created_at: when it was committed (UTC).
        created_by: display name of whoever saved or approved it.
        illustrative: True when the rows are synthetic or illustrative.
        notice: text shown with the dataset.
        comment: why this version exists (upload, approved submissions...).
        row_count: number of intervention rows.
    """

    dataset: str
    version: int
    created_at: dt.datetime
    created_by: str
    illustrative: bool
    notice: str
    comment: str
    row_count: int

    @property
    def meta(self) -> DatasetMeta:
        """What screens and exports say about this version."""
        return DatasetMeta(name=self.dataset, version=str(self.version), illustrative=self.illustrative,
                           notice=self.notice)


@dataclass(frozen=True)
class StoredVersion:
    """A version with its rows, exactly as they were accepted by validation."""

    info: VersionInfo
    rows: pd.DataFrame

    @property
    def meta(self) -> DatasetMeta:
        """What screens and exports say about this version."""
        return self.info.meta


def _codes_text(value: str | Sequence[str]) -> str:
    if isinstance(value, str):
        return value.strip()
    return MULTI_SEPARATOR.join(str(v).strip() for v in value)


@dataclass(frozen=True)
class SubmissionForm:
    """'Add a service we missed': the short form anyone in a session can submit.

    Attributes:
        name: name of the service.
        provider: organisation that runs it.
        locality: district code (or name) where it is delivered.
        types: intervention type codes or labels, ``|``-separated or a list; first is primary.
        determinants: determinant codes or labels, as ``types``.
        populations: population group codes or labels, as ``types``.
        note: optional free text; kept as the row's ``description``.
    """

    name: str
    provider: str
    locality: str
    types: str
    determinants: str
    populations: str
    note: str = ""

    @classmethod
    def of(cls, **values: str | Sequence[str] | None) -> SubmissionForm:
        """Build a form from field values; lists are joined with ``|``, missing fields are blank.

        Raises:
            ValueError: for a field the form does not have.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"Unknown form field(s): {', '.join(unknown)}.")
        return cls(**{name: _codes_text(values.get(name) or "") for name in known})

    def to_dict(self) -> dict[str, str]:
        """Field name -> text."""
        return asdict(self)

    def template_cells(self, intervention_id: str, recorded_by: str) -> dict[str, str]:
        """The form as one row of the exchange template."""
        return {
            "intervention_id": intervention_id,
            "name": self.name,
            "provider": self.provider,
            "locality_code": self.locality,
            "types": self.types,
            "determinants": self.determinants,
            "populations": self.populations,
            "description": self.note,
            "recorded_by": recorded_by,
        }


@dataclass(frozen=True)
class Submission:
    """A queued, approved or rejected 'add a service' entry.

    Attributes:
        id: store id.
        client_id: the UUID the submitting client generated (a retry reuses it).
        dataset: dataset it was submitted to.
        intervention_id: the id its row gets (``live-<client_id>``).
        status: ``pending``, ``approved`` or ``rejected``.
        submitted_by: display name of the submitter.
        submitted_at: when it was stored (UTC).
        form: the fields as submitted (never changed).
        edited_form: the fields as the facilitator edited them before approving, if they did.
        decided_by: facilitator who approved or rejected it.
        decided_at: when (UTC).
        decision_note: reason given on rejection or approval.
        version: the dataset version that first includes it, once approved.
    """

    id: int
    client_id: str
    dataset: str
    intervention_id: str
    status: str
    submitted_by: str
    submitted_at: dt.datetime
    form: SubmissionForm
    edited_form: SubmissionForm | None
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str | None
    version: int | None


@dataclass(frozen=True)
class SubmitResult:
    """Outcome of a submission.

    Attributes:
        accepted: True when the entry is in the queue (now or from an earlier try).
        submission: the stored entry when accepted.
        duplicate: True when this client id was already stored; nothing new was written.
        errors: validation errors (exactly those a template row would get; row 2 is the form).
        warnings: validation warnings (the entry is still accepted).
    """

    accepted: bool
    submission: Submission | None
    duplicate: bool
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]


@dataclass(frozen=True)
class SignInAttempt:
    """A counted sign-in attempt (``id``), or how long its client must wait first (``wait``)."""

    id: int | None
    wait: dt.timedelta | None


@dataclass(frozen=True)
class AuditEntry:
    """Who did what, when.

    Attributes:
        at: UTC timestamp of the change (same transaction as the change).
        actor: display name.
        action: ``version.save``, ``submission.create``, ``submission.approve``,
            ``submission.reject``, ``version.approve``.
        dataset: dataset name, when the change concerns one.
        version: dataset version number, when one was created.
        submission_id: store id of the submission concerned.
        details: what changed (JSON object).
    """

    at: dt.datetime
    actor: str
    action: str
    dataset: str | None
    version: int | None
    submission_id: int | None
    details: dict[str, Any]


@dataclass(frozen=True)
class EditorSession:
    """A live editor session: who, under which editor secret, since and last seen when."""

    editor: str
    secret_fingerprint: str
    created_at: dt.datetime
    seen_at: dt.datetime
