"""Session uploads expire: the one exception to immutability (migration 0003)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from dashboard.core.dataset_identity import SESSION_PREFIX
from dashboard.store.base import StoreBase, utc_now
from dashboard.store.tables import (
    audit_table,
    datasets_table,
    rows_table,
    submissions_table,
    versions_table,
)


class SessionExpiry(StoreBase):
    """Deleting session uploads older than their keeping time."""

    def expire_sessions(self, older_than: dt.timedelta, *, now: dt.datetime | None = None,
                        batch: int = 20) -> int:
        """Delete up to ``batch`` session uploads created more than ``older_than`` ago.

        Each goes with its versions, rows, submissions and audit entries, in one transaction
        (short, so other writers wait little); one audit entry records how many went. Named
        datasets are never touched (the database refuses to delete their versions). Returns how
        many went: call again while it returns ``batch``.
        """
        now = now or utc_now()
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
