"""Coding drafts: a directory imported into the /code workbench while a person codes it.

A draft is private scratch data behind an unguessable token (like a session upload): its rows
are updated one by one as a person accepts or edits the suggested codes, and the whole draft is
deleted when it expires. Saving a draft makes an ordinary, immutable dataset version.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the drafts and their rows."""
    op.create_table(
        "coding_drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("notice", sa.Text, nullable=False),
        sa.Column("report", sa.Text, nullable=False),
        sa.Column("row_count", sa.Integer, nullable=False),
    )
    op.create_table(
        "coding_draft_rows",
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("coding_drafts.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("placed", sa.Boolean, nullable=False),
        sa.Column("duplicate", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Float),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("suggestions", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
        sa.Column("updated_by", sa.String(200)),
        sa.CheckConstraint("status IN ('suggested', 'needs_review', 'confirmed', 'edited', 'unknown')",
                           name="ck_coding_draft_rows_status"),
    )
    op.create_index("ix_coding_draft_rows_status", "coding_draft_rows", ["draft_id", "status"])


def downgrade() -> None:
    """Drop the drafts (work in progress is lost; saved versions are untouched)."""
    op.drop_index("ix_coding_draft_rows_status", table_name="coding_draft_rows")
    op.drop_table("coding_draft_rows")
    op.drop_table("coding_drafts")
