"""Durable store of dataset versions, live submissions and the audit trail (SQLAlchemy Core).

SQLite in a file under the instance folder by default (WAL journal, created on first use), or
PostgreSQL when ``DATABASE_URL`` says so. The schema is migrated with Alembic when a store opens,
under a lock, so several gunicorn workers may start at once.

Every write is one transaction: a rejected input or a crash mid-write leaves the store exactly as
it was. A saved dataset version is never updated (the database itself refuses UPDATE and DELETE
on versions, their rows and the audit log); an edit creates a new version and older versions
stay readable. The one exception: session uploads (``session-...`` datasets, private scratch
data) are deleted, rows and audit entries too, when they expire. Submissions from a live session
are validated by the same code as a template row, wait in a queue, and become a new version when
approved.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

from dashboard.analysis.dataset import DatasetMeta, InterventionDataset, dataset_from_rows
from dashboard.core.codelists import CodeLists
from dashboard.core.schema import MULTI_SEPARATOR
from dashboard.ingest.reading import RawTable
from dashboard.ingest.validation import Issue, Localities, ValidationReport, validate_table
from dashboard.store.library import SESSION_PREFIX

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MIGRATE_ATTEMPTS = 5  # SQLite "database is locked" while several processes start at once
# Key of the PostgreSQL advisory lock held while migrating ("atlas" in ASCII).
MIGRATION_LOCK_KEY = 0x61746C6173
INSERT_BATCH = 1000
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
LIVE_ID_PREFIX = "live-"


class UTCDateTime(sa.types.TypeDecorator):
    """Timezone-aware UTC timestamps on every engine (SQLite keeps no zone of its own)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> dt.datetime | None:
        """Store UTC; naive values are refused rather than guessed."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: sa.Dialect) -> dt.datetime | None:
        """Return aware UTC datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


metadata = sa.MetaData()

datasets_table = sa.Table(
    "datasets", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
)

versions_table = sa.Table(
    "dataset_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("illustrative", sa.Boolean, nullable=False),
    sa.Column("notice", sa.Text, nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("columns", sa.Text, nullable=False),
    sa.Column("row_count", sa.Integer, nullable=False),
    sa.UniqueConstraint("dataset_id", "version", name="uq_dataset_versions_dataset_version"),
)

rows_table = sa.Table(
    "version_rows", metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("dataset_versions.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("intervention_id", sa.String(200), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.UniqueConstraint("version_id", "intervention_id", name="uq_version_rows_intervention"),
)

submissions_table = sa.Table(
    "submissions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.String(36), nullable=False, unique=True),
    sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id"), nullable=False),
    sa.Column("submitted_by", sa.String(200), nullable=False),
    sa.Column("submitted_at", UTCDateTime, nullable=False),
    sa.Column("form", sa.Text, nullable=False),
    sa.Column("edited_form", sa.Text),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("decided_by", sa.String(200)),
    sa.Column("decided_at", UTCDateTime),
    sa.Column("decision_note", sa.Text),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("dataset_versions.id")),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="ck_submissions_status"),
)

audit_table = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id")),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("dataset_versions.id")),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id")),
    sa.Column("details", sa.Text, nullable=False),
)

sign_in_attempts_table = sa.Table(
    "sign_in_attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client", sa.String(100), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index("ix_sign_in_attempts_client_at", "client", "at"),
)


class StoreError(Exception):
    """A request the store cannot carry out; the message is one sentence for the user."""


class NotFoundError(StoreError):
    """The named dataset, version or submission does not exist."""


class ConflictError(StoreError):
    """The request clashes with the stored state (already decided, id reused with other content)."""


class InvalidSubmissionError(StoreError):
    """An (edited) submission fails validation; ``issues`` say what to fix."""

    def __init__(self, message: str, issues: Sequence[Issue]) -> None:
        super().__init__(message)
        self.issues = tuple(issues)


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

    def to_dataset(self) -> InterventionDataset:
        """The version as the dataset the atlas shows."""
        return dataset_from_rows(self.meta, self.rows)


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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _check_actor(actor: str) -> str:
    actor = (actor or "").strip()
    if not actor:
        raise ValueError("Every change needs the display name of who makes it.")
    return actor[:200]


# -- engines -----------------------------------------------------------------------------------


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite (WAL, busy timeout, foreign keys) or PostgreSQL (psycopg 3).

    The folder of a SQLite file is created when missing.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": 60})
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if backend in ("postgresql", "postgres"):
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        return sa.create_engine(parsed, pool_pre_ping=True)
    raise StoreError(f"DATABASE_URL must be a sqlite:/// or postgresql:// URL, not {backend}.")


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook emit BEGIN itself, so writes can take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 60000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    # BEGIN IMMEDIATE takes the write lock at once: writers queue on busy_timeout instead of
    # failing to upgrade a read lock halfway through. Readers still run beside the writer (WAL).
    write = conn.get_execution_options().get("atlas_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# -- row (de)serialisation ---------------------------------------------------------------------


def _column_values(series: pd.Series) -> list[Any]:
    """JSON-ready values of one column; NaN stays NaN (Python's json writes it) to reload exactly."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [None if pd.isna(v) else v.isoformat() for v in series]
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_integer_dtype(series.dtype):
        if series.hasnans:
            return [None if pd.isna(v) else _plain(v) for v in series]
        return series.tolist()
    if pd.api.types.is_float_dtype(series.dtype):
        return series.tolist()
    return [_plain(v) for v in series.astype(object)]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, list | tuple | np.ndarray):
        return [_plain(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, pd.Timestamp | dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _encode_rows(rows: pd.DataFrame) -> tuple[list[list[str]], list[str]]:
    """Column spec ``[[name, dtype], ...]`` and one JSON text per row."""
    spec = [[str(name), str(rows[name].dtype)] for name in rows.columns]
    names = [str(name) for name in rows.columns]
    columns = [_column_values(rows[name]) for name in rows.columns]
    texts = [json.dumps(dict(zip(names, values, strict=True)), ensure_ascii=False, separators=(",", ":"))
             for values in zip(*columns, strict=True)] if len(rows) else []
    return spec, texts


def _decode_rows(spec: list[list[str]], texts: Sequence[str]) -> pd.DataFrame:
    records = [json.loads(text) for text in texts]
    frame = {}
    for name, dtype in spec:
        values = [record.get(name) for record in records]
        frame[name] = _typed(values, dtype)
    return pd.DataFrame(frame, columns=[name for name, _ in spec])


def _typed(values: list[Any], dtype: str) -> pd.Series:
    if dtype == "object":
        cells = np.empty(len(values), dtype=object)
        for position, value in enumerate(values):  # element-wise: lists must stay list cells
            cells[position] = value
        return pd.Series(cells, dtype=object)
    if dtype.startswith("datetime64"):
        return pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601").astype(dtype)
    return pd.Series(values, dtype=dtype)


# -- the store ---------------------------------------------------------------------------------


class Store:
    """Dataset versions, the submissions queue and the audit log in one database.

    Build it with :meth:`open` (which migrates the schema to the newest version). It holds no
    state besides its engine and the read-only code lists, so any number of processes may use
    the same database at once.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        codelists: CodeLists | None = None,
        localities: Localities | None = None,
    ) -> None:
        self.engine = engine
        self.codelists = codelists
        self.localities = localities

    @classmethod
    def open(
        cls,
        url: str,
        *,
        codelists: CodeLists | None = None,
        localities: Localities | None = None,
        migrate: bool = True,
    ) -> Store:
        """Connect to ``url`` and, unless ``migrate`` is False, upgrade the schema to head."""
        store = cls(create_store_engine(url), codelists=codelists, localities=localities)
        if migrate:
            store.migrate()
        return store

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()

    # transactions

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(atlas_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # migrations

    def migrate(self) -> None:
        """Upgrade the schema to the newest migration, once, whatever else starts at the same time.

        The upgrade runs in one transaction holding a lock (SQLite: ``BEGIN IMMEDIATE``;
        PostgreSQL: a transaction-scoped advisory lock), so a second process waits and then
        finds nothing left to do.
        """
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        for attempt in range(1, MIGRATE_ATTEMPTS + 1):
            try:
                with self._write() as conn:
                    if self.dialect == "postgresql":
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                     {"key": MIGRATION_LOCK_KEY})
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
                return
            except sa.exc.OperationalError as error:
                # SQLite can answer "database is locked" at once, without waiting its busy
                # timeout, while several processes create the file and switch it to WAL
                # together (seen once in CI with four workers starting). The upgrade is one
                # transaction, so trying again is safe.
                if self.dialect != "sqlite" or "locked" not in str(error) \
                        or attempt == MIGRATE_ATTEMPTS:
                    raise
                self.engine.dispose()
                time.sleep(0.25 * attempt)

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (``None`` before the first migration)."""
        from alembic.runtime.migration import MigrationContext

        with self._read() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @staticmethod
    def head_revision() -> str:
        """The newest migration shipped with this code."""
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        return str(ScriptDirectory.from_config(config).get_current_head())

    # datasets and versions

    def datasets(self) -> list[str]:
        """Names of the stored datasets, alphabetically."""
        with self._read() as conn:
            return list(conn.scalars(sa.select(datasets_table.c.name).order_by(datasets_table.c.name)))

    def versions(self, dataset: str) -> list[VersionInfo]:
        """Every version of ``dataset``, oldest first.

        Raises:
            NotFoundError: when there is no such dataset.
        """
        with self._read() as conn:
            dataset_id = self._dataset_id(conn, dataset)
            rows = conn.execute(
                sa.select(versions_table).where(versions_table.c.dataset_id == dataset_id)
                .order_by(versions_table.c.version)
            ).mappings()
            return [self._version_info(dataset, row) for row in rows]

    def recent_versions(self, per_dataset: int) -> dict[str, list[VersionInfo]]:
        """The newest ``per_dataset`` versions of each named dataset, in one query.

        Session uploads are left out; datasets come alphabetically, versions newest first.
        """
        d, v = datasets_table, versions_table
        query = (sa.select(v, d.c.name.label("dataset_name"))
                 .join(d, v.c.dataset_id == d.c.id)
                 .where(sa.func.substr(d.c.name, 1, len(SESSION_PREFIX)) != SESSION_PREFIX)
                 .order_by(d.c.name, v.c.version.desc()))
        recent: dict[str, list[VersionInfo]] = {}
        with self._read() as conn:
            for row in conn.execute(query).mappings():
                versions = recent.setdefault(row["dataset_name"], [])
                if len(versions) < per_dataset:
                    versions.append(self._version_info(row["dataset_name"], row))
        return recent

    def latest_version(self, dataset: str) -> int | None:
        """Newest version number of ``dataset`` (``None`` when there is no such dataset).

        One indexed query, cheap enough to poll every few seconds for live updates.
        """
        d, v = datasets_table, versions_table
        with self._read() as conn:
            found = conn.scalar(sa.select(sa.func.max(v.c.version))
                                .select_from(v.join(d, v.c.dataset_id == d.c.id))
                                .where(d.c.name == dataset))
        return None if found is None else int(found)

    def load(self, dataset: str, version: int | None = None) -> StoredVersion:
        """The rows of one version (the newest when ``version`` is None), as validation gave them.

        Raises:
            NotFoundError: when the dataset or version does not exist.
        """
        with self._read() as conn:
            dataset_id = self._dataset_id(conn, dataset)
            query = sa.select(versions_table).where(versions_table.c.dataset_id == dataset_id)
            if version is None:
                query = query.order_by(versions_table.c.version.desc()).limit(1)
            else:
                query = query.where(versions_table.c.version == version)
            row = conn.execute(query).mappings().first()
            if row is None:
                raise NotFoundError(f"Dataset '{dataset}' has no version {version}.")
            texts = conn.scalars(
                sa.select(rows_table.c.data).where(rows_table.c.version_id == row["id"])
                .order_by(rows_table.c.position)
            ).all()
        rows = _decode_rows(json.loads(row["columns"]), texts)
        return StoredVersion(self._version_info(dataset, row), rows)

    def save_version(
        self,
        dataset: str,
        rows: pd.DataFrame,
        *,
        actor: str,
        illustrative: bool = False,
        notice: str = "",
        comment: str = "",
        progress: Callable[[int, int], None] | None = None,
    ) -> VersionInfo:
        """Save ``rows`` (``ValidationReport.accepted``) as the next version of ``dataset``.

        The dataset is created on its first save. Everything, audit entry included, is written in
        one transaction: on any failure nothing is kept.

        Args:
            dataset: dataset name.
            rows: validated rows; needs a unique ``intervention_id`` column.
            actor: display name of who saves it.
            illustrative: True when the rows are synthetic or illustrative.
            notice: text shown with the dataset.
            comment: why this version exists.
            progress: called as ``progress(rows_written, rows_total)`` after each batch of rows,
                inside the transaction (for progress bars).

        Returns:
            The new version.
        """
        actor = _check_actor(actor)
        if "intervention_id" not in rows.columns:
            raise ValueError("Rows to save need an intervention_id column.")
        spec, texts = _encode_rows(rows.reset_index(drop=True))
        ids = [str(v) for v in rows["intervention_id"]]
        with self._write() as conn:
            now = _now()
            dataset_id = self._lock_dataset(conn, dataset, actor=actor, now=now, create=True)
            previous = self._latest(conn, dataset_id)
            number = previous["version"] + 1 if previous else 1
            version_id = self._insert_version(
                conn, dataset_id, number, now=now, actor=actor, illustrative=illustrative,
                notice=notice, comment=comment, spec=spec, row_count=len(texts),
            )
            for start in range(0, len(texts), INSERT_BATCH):
                conn.execute(rows_table.insert(), [
                    {"version_id": version_id, "position": position, "intervention_id": ids[position],
                     "data": texts[position]}
                    for position in range(start, min(start + INSERT_BATCH, len(texts)))
                ])
                if progress is not None:
                    progress(min(start + INSERT_BATCH, len(texts)), len(texts))
            details = {"rows": len(texts), "comment": comment, "illustrative": illustrative}
            if previous is not None:
                details["based_on"] = previous["version"]
                details.update(self._row_changes(conn, previous["id"], ids, texts))
            self._audit(conn, now, actor, "version.save", dataset_id=dataset_id, version_id=version_id,
                        details=details)
            info_row = conn.execute(sa.select(versions_table).where(versions_table.c.id == version_id))
            return self._version_info(dataset, info_row.mappings().one())

    # submissions

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
        actor = _check_actor(actor)
        client_id = str(uuid.UUID(str(client_id)))
        report = self._validate(form, client_id, actor, today=today)
        if report.errors:
            return SubmitResult(False, None, False, report.errors, report.warnings)
        with self._write() as conn:
            dataset_id = self._dataset_id(conn, dataset)
            now = _now()
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
        actor = _check_actor(actor)
        edits = dict(edits or {})
        ids = list(dict.fromkeys(int(i) for i in submission_ids))
        if not ids:
            raise ValueError("Name at least one entry to approve.")
        if set(edits) - set(ids):
            raise ValueError("Edits were given for entries that are not being approved.")
        entries = [self.submission(i) for i in ids]
        datasets = {e.dataset for e in entries}
        if len(datasets) != 1:
            raise ConflictError("Entries of different datasets cannot be approved together.")
        dataset = datasets.pop()
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

        with self._write() as conn:
            now = _now()
            dataset_id = self._lock_dataset(conn, dataset, actor=actor, now=now, create=False)
            claimed = conn.execute(
                submissions_table.update()
                .where(submissions_table.c.id.in_(ids) & (submissions_table.c.status == PENDING))
                .values(status=APPROVED, decided_by=actor, decided_at=now, decision_note=note or None)
            ).rowcount
            if claimed != len(ids):
                raise ConflictError("Some of these entries were already approved or rejected.")
            previous = self._latest(conn, dataset_id)
            if previous is None:
                raise NotFoundError(f"Dataset '{dataset}' has no version to add entries to.")
            spec = json.loads(previous["columns"])
            new_rows = pd.concat([accepted for _, _, accepted in validated], ignore_index=True)
            known = {name for name, _ in spec}
            spec += [[str(c), str(new_rows[c].dtype)] for c in new_rows.columns if c not in known]
            start = previous["row_count"]
            if "source_row" in new_rows.columns:
                # Live entries come from no file: give each the row it has when this version is exported.
                new_rows["source_row"] = np.arange(start + 2, start + 2 + len(new_rows))
            _, texts = _encode_rows(new_rows)
            number = previous["version"] + 1
            version_id = self._insert_version(
                conn, dataset_id, number, now=now, actor=actor, illustrative=previous["illustrative"],
                notice=previous["notice"], comment=note or f"{len(ids)} live entry(ies) approved",
                spec=spec, row_count=start + len(texts),
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
            conn.execute(
                submissions_table.update().where(submissions_table.c.id.in_(ids)).values(version_id=version_id)
            )
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
            self._audit(conn, now, actor, "version.approve", dataset_id=dataset_id, version_id=version_id,
                        details={"based_on": previous["version"], "rows": start + len(texts),
                                 "added": [e.intervention_id for e, _, _ in validated], "note": note})
            info_row = conn.execute(sa.select(versions_table).where(versions_table.c.id == version_id))
            return self._version_info(dataset, info_row.mappings().one())

    def reject(self, submission_id: int, *, actor: str, reason: str = "") -> Submission:
        """Reject a pending entry; it stays in the store, marked rejected, with the reason.

        Raises:
            ConflictError: when the entry is no longer pending.
            NotFoundError: when there is no such entry.
        """
        actor = _check_actor(actor)
        with self._write() as conn:
            now = _now()
            entry = self._submission_row(conn, submissions_table.c.id == submission_id)
            changed = conn.execute(
                submissions_table.update()
                .where((submissions_table.c.id == submission_id) & (submissions_table.c.status == PENDING))
                .values(status=REJECTED, decided_by=actor, decided_at=now, decision_note=reason or None)
            ).rowcount
            if changed != 1:
                raise ConflictError(f"The entry '{entry.form.name}' was already {entry.status}.")
            dataset_id = self._dataset_id(conn, entry.dataset)
            self._audit(conn, now, actor, "submission.reject", dataset_id=dataset_id,
                        submission_id=submission_id,
                        details={"client_id": entry.client_id, "reason": reason})
            return self._submission_row(conn, submissions_table.c.id == submission_id)

    # audit

    def audit(self, dataset: str | None = None) -> list[AuditEntry]:
        """The audit trail, oldest first (of one dataset when ``dataset`` is given)."""
        d, v = datasets_table, versions_table
        query = (
            sa.select(audit_table, d.c.name.label("dataset_name"), v.c.version.label("version_number"))
            .select_from(audit_table.outerjoin(d, audit_table.c.dataset_id == d.c.id)
                         .outerjoin(v, audit_table.c.version_id == v.c.id))
            .order_by(audit_table.c.id)
        )
        if dataset is not None:
            query = query.where(d.c.name == dataset)
        with self._read() as conn:
            return [
                AuditEntry(at=r["at"], actor=r["actor"], action=r["action"], dataset=r["dataset_name"],
                           version=r["version_number"], submission_id=r["submission_id"],
                           details=json.loads(r["details"]))
                for r in conn.execute(query).mappings()
            ]

    def expire_sessions(self, older_than: dt.timedelta, *, now: dt.datetime | None = None,
                        batch: int = 20) -> int:
        """Delete up to ``batch`` session uploads created more than ``older_than`` ago.

        Each goes with its versions, rows, submissions and audit entries, in one transaction
        (short, so other writers wait little); one audit entry records how many went. Named
        datasets are never touched (the database refuses to delete their versions). Returns how
        many went: call again while it returns ``batch``.
        """
        now = now or _now()
        d, v = datasets_table, versions_table
        with self._write() as conn:
            ids = list(conn.scalars(sa.select(d.c.id).where(
                sa.func.substr(d.c.name, 1, len(SESSION_PREFIX)) == SESSION_PREFIX,
                d.c.created_at < now - older_than).order_by(d.c.id).limit(batch)))
            if not ids:
                return 0
            conn.execute(sa.delete(audit_table).where(audit_table.c.dataset_id.in_(ids)))
            conn.execute(sa.delete(submissions_table).where(submissions_table.c.dataset_id.in_(ids)))
            conn.execute(sa.delete(rows_table).where(
                rows_table.c.version_id.in_(sa.select(v.c.id).where(v.c.dataset_id.in_(ids)))))
            conn.execute(sa.delete(v).where(v.c.dataset_id.in_(ids)))
            # Two workers starting together may both pick the same uploads; the second deletes
            # nothing once the first commits, and records nothing.
            deleted = conn.execute(sa.delete(d).where(d.c.id.in_(ids))).rowcount
            if deleted:
                self._audit(conn, now, "atlas", "session.expire",
                            details={"datasets": deleted,
                                     "older_than_days": older_than / dt.timedelta(days=1)})
        return deleted

    # sign-in attempts

    def sign_in_attempt(self, client: str, *, limit: int, window: dt.timedelta,
                        now: dt.datetime | None = None) -> SignInAttempt:
        """Count an attempt by ``client`` before its guess is checked, or say how long to wait.

        Counting and recording are one transaction under a per-client lock, so guesses sent in
        parallel are counted one after the other: a client with ``limit`` attempts within the
        last ``window`` is refused until the oldest of them is ``window`` old. Attempts older
        than the window are forgotten. A right guess is taken back with
        :meth:`forget_sign_in_attempt`, so only wrong ones keep counting.
        """
        now = now or _now()
        client = client[:100]
        a = sign_in_attempts_table
        with self._write() as conn:
            if self.dialect == "postgresql":  # SQLite: BEGIN IMMEDIATE already serialises
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:client))"),
                             {"client": client})
            conn.execute(sa.delete(a).where(a.c.at <= now - window))
            recent = list(conn.scalars(sa.select(a.c.at).where(a.c.client == client)
                                       .order_by(a.c.at.desc()).limit(limit)))
            if len(recent) >= limit:
                return SignInAttempt(None, recent[-1] + window - now)
            attempt = conn.execute(sa.insert(a).values(client=client, at=now).returning(a.c.id))
            return SignInAttempt(int(attempt.scalar_one()), None)

    def forget_sign_in_attempt(self, attempt_id: int) -> None:
        """Take back an attempt that turned out to be right."""
        a = sign_in_attempts_table
        with self._write() as conn:
            conn.execute(sa.delete(a).where(a.c.id == attempt_id))

    # helpers

    def _validate(self, form: SubmissionForm, client_id: str, actor: str, today: dt.date | None
                  ) -> ValidationReport:
        if self.codelists is None or self.localities is None:
            raise StoreError("This store was opened without code lists; it cannot check submissions.")
        cells = form.template_cells(LIVE_ID_PREFIX + client_id, actor)
        table = RawTable(cells=pd.DataFrame([cells], dtype=object), rows=(2,),
                         source_columns={name: name for name in cells})
        return validate_table(table, self.codelists, self.localities, today=today)

    def _insert_ignore(self, table: sa.Table) -> Any:
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    def _dataset_id(self, conn: Connection, name: str) -> int:
        found = conn.scalar(sa.select(datasets_table.c.id).where(datasets_table.c.name == name))
        if found is None:
            raise NotFoundError(f"There is no dataset called '{name}'.")
        return int(found)

    def _lock_dataset(
        self, conn: Connection, name: str, *, actor: str, now: dt.datetime, create: bool
    ) -> int:
        """Id of dataset ``name``, locked until the transaction ends (SQLite: already locked)."""
        if create:
            conn.execute(
                self._insert_ignore(datasets_table).values(name=name, created_at=now, created_by=actor)
                .on_conflict_do_nothing(index_elements=["name"])
            )
        found = conn.scalar(
            sa.select(datasets_table.c.id).where(datasets_table.c.name == name).with_for_update()
        )
        if found is None:
            raise NotFoundError(f"There is no dataset called '{name}'.")
        return int(found)

    @staticmethod
    def _latest(conn: Connection, dataset_id: int) -> sa.RowMapping | None:
        return conn.execute(
            sa.select(versions_table).where(versions_table.c.dataset_id == dataset_id)
            .order_by(versions_table.c.version.desc()).limit(1)
        ).mappings().first()

    @staticmethod
    def _insert_version(conn: Connection, dataset_id: int, number: int, *, now: dt.datetime, actor: str,
                        illustrative: bool, notice: str, comment: str, spec: list[list[str]],
                        row_count: int) -> int:
        return int(conn.execute(
            versions_table.insert().values(
                dataset_id=dataset_id, version=number, created_at=now, created_by=actor,
                illustrative=bool(illustrative), notice=notice, comment=comment,
                columns=json.dumps(spec), row_count=row_count,
            ).returning(versions_table.c.id)
        ).scalar_one())

    @staticmethod
    def _row_changes(conn: Connection, previous_id: int, ids: list[str], texts: list[str]) -> dict[str, Any]:
        def content(text: str) -> dict[str, Any]:
            record = json.loads(text)
            record.pop("source_row", None)
            return record

        before = {
            row.intervention_id: row.data
            for row in conn.execute(sa.select(rows_table.c.intervention_id, rows_table.c.data)
                                    .where(rows_table.c.version_id == previous_id))
        }
        after = dict(zip(ids, texts, strict=True))
        added = [i for i in ids if i not in before]
        removed = [i for i in before if i not in after]
        changed = [i for i in ids if i in before and before[i] != after[i]
                   and content(before[i]) != content(after[i])]
        limit = 200
        return {
            "added": added[:limit], "removed": removed[:limit], "changed": changed[:limit],
            "counts": {"added": len(added), "removed": len(removed), "changed": len(changed)},
        }

    @staticmethod
    def _audit(conn: Connection, at: dt.datetime, actor: str, action: str, *, dataset_id: int | None = None,
               version_id: int | None = None, submission_id: int | None = None,
               details: Mapping[str, Any]) -> None:
        conn.execute(audit_table.insert().values(
            at=at, actor=actor, action=action, dataset_id=dataset_id, version_id=version_id,
            submission_id=submission_id, details=json.dumps(details, ensure_ascii=False, default=str),
        ))

    @staticmethod
    def _version_info(dataset: str, row: sa.RowMapping) -> VersionInfo:
        return VersionInfo(
            dataset=dataset, version=row["version"], created_at=row["created_at"],
            created_by=row["created_by"], illustrative=bool(row["illustrative"]), notice=row["notice"],
            comment=row["comment"], row_count=row["row_count"],
        )

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
