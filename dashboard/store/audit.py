"""The audit trail: who did what, when."""

from __future__ import annotations

import json

import sqlalchemy as sa

from dashboard.store.base import StoreBase
from dashboard.store.records import AuditEntry
from dashboard.store.tables import audit_table, datasets_table, versions_table


class Audit(StoreBase):
    """Reading the audit log (every write concern appends to it in its own transaction)."""

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
