"""Session uploads may be deleted when they expire; everything else stays immutable.

A session upload (a dataset named ``session-...``, made by "use for this session") is private
scratch data behind an unguessable link. Keeping every one for ever lets any visitor grow the
database without bound, so the store deletes them after a configured number of days. The
immutability triggers of 0001 now let a DELETE through only for rows of such a dataset; UPDATE
stays refused everywhere, and so does DELETE for every other dataset. Since a dataset's name now
decides whether its versions may be deleted, the ``datasets`` table refuses UPDATE too (nothing
renames a dataset), so renaming one to ``session-...`` cannot unlock it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

IMMUTABLE = ("dataset_versions", "version_rows", "audit_log")
PREFIX = "session-"
# The name of the dataset a row of each table belongs to (SQLite trigger expressions).
OWNER = {
    "dataset_versions": "(SELECT name FROM datasets WHERE id = OLD.dataset_id)",
    "version_rows": "(SELECT d.name FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id "
                    "WHERE v.id = OLD.version_id)",
    "audit_log": "(SELECT name FROM datasets WHERE id = OLD.dataset_id)",
}


def _message(table: str) -> str:
    return f"rows of {table} are immutable; save a new version instead"


def _postgres_function(allow_session_delete: bool) -> str:
    allow = f"""
    IF TG_OP = 'DELETE' THEN
        IF TG_TABLE_NAME = 'version_rows' THEN
            SELECT d.name INTO owner FROM datasets d
                JOIN dataset_versions v ON v.dataset_id = d.id WHERE v.id = OLD.version_id;
        ELSE
            SELECT name INTO owner FROM datasets WHERE id = OLD.dataset_id;
        END IF;
        IF substr(coalesce(owner, ''), 1, {len(PREFIX)}) = '{PREFIX}' THEN
            RETURN OLD;
        END IF;
    END IF;""" if allow_session_delete else ""
    return (
        "CREATE OR REPLACE FUNCTION atlas_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"DECLARE owner text; BEGIN {allow} "
        "RAISE EXCEPTION 'rows of % are immutable; save a new version instead', TG_TABLE_NAME; "
        "END $$"
    )


def _sqlite_delete_triggers(allow_session_delete: bool) -> None:
    for table in IMMUTABLE:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        when = (f"WHEN substr(coalesce({OWNER[table]}, ''), 1, {len(PREFIX)}) <> '{PREFIX}' "
                if allow_session_delete else "")
        op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} {when}"
                   f"BEGIN SELECT RAISE(ABORT, '{_message(table)}'); END")


def upgrade() -> None:
    """Let DELETE through for rows of session uploads only; refuse renaming a dataset."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_postgres_function(allow_session_delete=True))
        op.execute("CREATE TRIGGER datasets_immutable BEFORE UPDATE ON datasets "
                   "FOR EACH ROW EXECUTE FUNCTION atlas_refuse_change()")
    else:
        _sqlite_delete_triggers(allow_session_delete=True)
        op.execute("CREATE TRIGGER datasets_no_update BEFORE UPDATE ON datasets "
                   f"BEGIN SELECT RAISE(ABORT, '{_message('datasets')}'); END")


def downgrade() -> None:
    """Refuse every DELETE again and allow updating datasets, as 0001 did."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER datasets_immutable ON datasets")
        op.execute(_postgres_function(allow_session_delete=False))
    else:
        op.execute("DROP TRIGGER datasets_no_update")
        _sqlite_delete_triggers(allow_session_delete=False)
