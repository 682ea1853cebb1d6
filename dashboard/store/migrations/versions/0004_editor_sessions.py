"""Editor sessions kept on the server, and anonymous submissions counted per client.

An editor's sign-in now creates a row in ``editor_sessions``; the signed cookie holds only a
random token whose SHA-256 digest is the row's key. Every worker and host reads the same rows,
so signing out (``ended_at``) ends the session everywhere, and idle and absolute expiry are
checked on the server. ``client_events`` counts anonymous workshop entries per client so one
address cannot flood a session (rows older than the counting window are pruned).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the editor sessions and the per-client event counts."""
    op.create_table(
        "editor_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("editor", sa.String(200), nullable=False),
        sa.Column("secret_fingerprint", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_editor_sessions_created_at", "editor_sessions", ["created_at"])
    op.create_table(
        "client_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("client", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_client_events_kind_client_at", "client_events", ["kind", "client", "at"])


def downgrade() -> None:
    """Drop both tables (every editor is signed out; the counts are lost)."""
    op.drop_index("ix_client_events_kind_client_at", table_name="client_events")
    op.drop_table("client_events")
    op.drop_index("ix_editor_sessions_created_at", table_name="editor_sessions")
    op.drop_table("editor_sessions")
