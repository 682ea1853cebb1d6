"""The store's tables (SQLAlchemy Core); Alembic migrations in ``migrations/`` create them."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa


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

editor_sessions_table = sa.Table(
    "editor_sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("editor", sa.String(200), nullable=False),
    sa.Column("secret_fingerprint", sa.String(16), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False),
    sa.Column("ended_at", UTCDateTime),
    sa.Index("ix_editor_sessions_created_at", "created_at"),
)

client_events_table = sa.Table(
    "client_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("client", sa.String(100), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index("ix_client_events_kind_client_at", "kind", "client", "at"),
)

# Coding drafts (migration 0005): a directory imported into the /code workbench, its rows being
# coded by a person. Private scratch data behind an unguessable token, updated row by row and
# deleted when it expires; saving one makes an immutable dataset version.
drafts_table = sa.Table(
    "coding_drafts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("notice", sa.Text, nullable=False),
    sa.Column("report", sa.Text, nullable=False),
    sa.Column("row_count", sa.Integer, nullable=False),
)

draft_rows_table = sa.Table(
    "coding_draft_rows", metadata,
    sa.Column("draft_id", sa.Integer, sa.ForeignKey("coding_drafts.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("placed", sa.Boolean, nullable=False),
    sa.Column("duplicate", sa.Boolean, nullable=False),
    sa.Column("confidence", sa.Float),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("suggestions", sa.Text, nullable=False),
    sa.Column("updated_at", UTCDateTime),
    sa.Column("updated_by", sa.String(200)),
    sa.CheckConstraint("status IN ('suggested', 'needs_review', 'confirmed', 'edited', 'unknown')",
                       name="ck_coding_draft_rows_status"),
    sa.Index("ix_coding_draft_rows_status", "draft_id", "status"),
)
