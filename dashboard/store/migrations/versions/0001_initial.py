"""Initial schema: datasets, immutable versions and rows, submissions queue, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Saved versions, their rows and the audit log are append-only: the database refuses changes.
IMMUTABLE = ("dataset_versions", "version_rows", "audit_log")


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the tables and the triggers that keep versions and the audit log immutable."""
    op.create_table(
        "datasets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "dataset_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("illustrative", sa.Boolean, nullable=False),
        sa.Column("notice", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("columns", sa.Text, nullable=False),
        sa.Column("row_count", sa.Integer, nullable=False),
        sa.UniqueConstraint("dataset_id", "version", name="uq_dataset_versions_dataset_version"),
    )
    op.create_table(
        "version_rows",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("dataset_versions.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("intervention_id", sa.String(200), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("version_id", "intervention_id", name="uq_version_rows_intervention"),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.String(36), nullable=False, unique=True),
        sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id"), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("submitted_at", _utc(), nullable=False),
        sa.Column("form", sa.Text, nullable=False),
        sa.Column("edited_form", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("decided_at", _utc()),
        sa.Column("decision_note", sa.Text),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("dataset_versions.id")),
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="ck_submissions_status"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", _utc(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id")),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("dataset_versions.id")),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id")),
        sa.Column("details", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION atlas_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'rows of % are immutable; save a new version instead', TG_TABLE_NAME; "
            "END $$"
        )
        for table in IMMUTABLE:
            op.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION atlas_refuse_change()"
            )
    else:
        for table in IMMUTABLE:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, 'rows of {table} are immutable; save a new version instead'); END"
                )


def downgrade() -> None:
    """Drop everything (the data is lost)."""
    for table in ("audit_log", "submissions", "version_rows", "dataset_versions", "datasets"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS atlas_refuse_change()")
