"""Editor sign-in attempts, counted per client address so guessing the secret is rate limited.

A row is written before a guess is checked (in the same transaction as the count, so parallel
guesses cannot slip past the limit) and removed again when the guess was right.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table of sign-in attempts (rows older than the counting window are pruned)."""
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sign_in_attempts_client_at", "sign_in_attempts", ["client", "at"])


def downgrade() -> None:
    """Drop the table (the counts are lost, which only lifts any current lock-out)."""
    op.drop_index("ix_sign_in_attempts_client_at", table_name="sign_in_attempts")
    op.drop_table("sign_in_attempts")
