"""Coding drafts: an imported directory's rows while a person codes them (migration 0005).

A draft is created in one transaction with all its rows; each accept or edit then updates one
row (or, for "accept every suggestion above a confidence", the rows it names) in one
transaction. Rows are read a page at a time, filtered by coding status or flag, so the
workbench stays quick at 10,000 services. Drafts expire like session uploads.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from dashboard.store.base import StoreBase, check_actor, utc_now
from dashboard.store.errors import NotFoundError
from dashboard.store.tables import draft_rows_table, drafts_table

DRAFT_FILTERS = ("all", "needs_review", "suggested", "coded", "not_placed", "duplicate")
PERSON_STATUSES = ("confirmed", "edited")
INSERT_BATCH = 1000


@dataclass(frozen=True)
class DraftRow:
    """One row of a draft: the template cells (text), the suggestions and its flags."""

    position: int
    status: str
    placed: bool
    duplicate: bool
    confidence: float | None
    data: Mapping[str, Any]
    suggestions: Mapping[str, Any]


@dataclass(frozen=True)
class DraftInfo:
    """A draft: what was imported, by whom, its report and its rows counted by status and flag."""

    token: str
    name: str
    created_at: dt.datetime
    created_by: str
    notice: str
    report: Mapping[str, Any]
    row_count: int
    counts: Mapping[str, int]

    @property
    def coded(self) -> int:
        """Rows a person confirmed or edited."""
        return sum(self.counts.get(s, 0) for s in PERSON_STATUSES)


def _condition(filter_name: str):
    rows = draft_rows_table
    return {"all": sa.true(), "needs_review": rows.c.status == "needs_review",
            "suggested": rows.c.status == "suggested",
            "coded": rows.c.status.in_(PERSON_STATUSES), "not_placed": ~rows.c.placed,
            "duplicate": rows.c.duplicate}[filter_name]


class Drafts(StoreBase):
    """Create, read a page of, update and expire coding drafts."""

    def create_draft(self, name: str, rows: Sequence[Mapping[str, Any]], *, report: Mapping[str, Any],
                     notice: str = "", actor: str = "anonymous") -> str:
        """Store a new draft with its rows; returns its unguessable token.

        Each row has ``status``, ``placed``, ``duplicate``, ``confidence``, ``data`` (the
        template cells) and ``suggestions``.
        """
        token, now = secrets.token_urlsafe(24), utc_now()
        with self._write() as conn:
            draft_id = int(conn.execute(drafts_table.insert().values(
                token=token, name=name[:200], created_at=now, created_by=check_actor(actor),
                notice=notice, report=json.dumps(report, ensure_ascii=False, default=str),
                row_count=len(rows)).returning(drafts_table.c.id)).scalar_one())
            values = [{"draft_id": draft_id, "position": position, "status": row["status"],
                       "placed": bool(row["placed"]), "duplicate": bool(row["duplicate"]),
                       "confidence": row.get("confidence"),
                       "data": json.dumps(row["data"], ensure_ascii=False, default=str),
                       "suggestions": json.dumps(row["suggestions"], ensure_ascii=False)}
                      for position, row in enumerate(rows)]
            for start in range(0, len(values), INSERT_BATCH):
                conn.execute(draft_rows_table.insert(), values[start:start + INSERT_BATCH])
        return token

    def _draft_id(self, conn, token: str) -> sa.RowMapping:
        found = conn.execute(sa.select(drafts_table).where(drafts_table.c.token == token)).mappings().first()
        if found is None:
            raise NotFoundError("That coding draft has expired or never existed.")
        return found

    def draft(self, token: str) -> DraftInfo:
        """A draft with its rows counted by status and flag (NotFoundError when unknown)."""
        rows = draft_rows_table
        with self._read() as conn:
            found = self._draft_id(conn, token)
            counts = {status: int(n) for status, n in conn.execute(
                sa.select(rows.c.status, sa.func.count()).where(rows.c.draft_id == found["id"])
                .group_by(rows.c.status))}
            for flag in ("not_placed", "duplicate"):
                counts[flag] = int(conn.scalar(sa.select(sa.func.count()).where(
                    rows.c.draft_id == found["id"], _condition(flag))))
        return DraftInfo(token, found["name"], found["created_at"], found["created_by"],
                         found["notice"], json.loads(found["report"]), found["row_count"], counts)

    def draft_page(self, token: str, filter_name: str, offset: int, limit: int) -> tuple[int, list[DraftRow]]:
        """How many rows pass ``filter_name`` (``DRAFT_FILTERS``), and those from ``offset``."""
        rows = draft_rows_table
        with self._read() as conn:
            draft_id = self._draft_id(conn, token)["id"]
            where = (rows.c.draft_id == draft_id, _condition(filter_name))
            total = int(conn.scalar(sa.select(sa.func.count()).where(*where)))
            found = conn.execute(sa.select(rows).where(*where).order_by(rows.c.position)
                                 .offset(offset).limit(limit)).mappings().all()
        return total, [_row(r) for r in found]

    def draft_neighbour(self, token: str, filter_name: str, position: int | None,
                        step: int) -> int | None:
        """The next (``step`` 1) or previous (-1) row's position among those passing the filter.

        With ``position`` None: the first (or last) one. None when there is none.
        """
        rows = draft_rows_table
        with self._read() as conn:
            draft_id = self._draft_id(conn, token)["id"]
            where = [rows.c.draft_id == draft_id, _condition(filter_name)]
            if position is not None:
                where.append(rows.c.position > position if step > 0 else rows.c.position < position)
            edge = sa.func.min if step > 0 else sa.func.max
            found = conn.scalar(sa.select(edge(rows.c.position)).where(*where))
        return None if found is None else int(found)

    def draft_rank(self, token: str, filter_name: str, position: int) -> int:
        """How many rows passing the filter come before ``position``."""
        rows = draft_rows_table
        with self._read() as conn:
            draft_id = self._draft_id(conn, token)["id"]
            return int(conn.scalar(sa.select(sa.func.count()).where(
                rows.c.draft_id == draft_id, _condition(filter_name), rows.c.position < position)))

    def draft_rows(self, token: str, positions: Sequence[int] | None = None, *,
                   status: str | None = None, min_confidence: float | None = None) -> list[DraftRow]:
        """Rows of a draft in order: all, or only some.

        Only those at ``positions``, of a ``status``, or whose lowest suggested confidence is at
        or above ``min_confidence``, when given.
        """
        rows = draft_rows_table
        with self._read() as conn:
            draft_id = self._draft_id(conn, token)["id"]
            query = sa.select(rows).where(rows.c.draft_id == draft_id)
            if positions is not None:
                query = query.where(rows.c.position.in_(list(positions)))
            if status is not None:
                query = query.where(rows.c.status == status)
            if min_confidence is not None:
                query = query.where(rows.c.confidence >= min_confidence)
            return [_row(r) for r in conn.execute(query.order_by(rows.c.position)).mappings()]

    def update_draft_rows(self, token: str, updates: Mapping[int, tuple[Mapping[str, Any], str]],
                          *, actor: str = "anonymous") -> int:
        """Replace the cells and status of rows (position -> (data, status)) in one transaction."""
        rows, now = draft_rows_table, utc_now()
        with self._write() as conn:
            draft_id = self._draft_id(conn, token)["id"]
            for position, (data, status) in updates.items():
                conn.execute(rows.update().where(rows.c.draft_id == draft_id, rows.c.position == position)
                             .values(data=json.dumps(data, ensure_ascii=False, default=str),
                                     status=status, updated_at=now, updated_by=check_actor(actor)))
        return len(updates)

    def expire_drafts(self, older_than: dt.timedelta, *, now: dt.datetime | None = None) -> int:
        """Delete drafts created more than ``older_than`` ago, with their rows; how many went."""
        cutoff = (now or utc_now()) - older_than
        with self._write() as conn:
            ids = list(conn.scalars(sa.select(drafts_table.c.id).where(drafts_table.c.created_at < cutoff)))
            if not ids:
                return 0
            conn.execute(sa.delete(draft_rows_table).where(draft_rows_table.c.draft_id.in_(ids)))
            return conn.execute(sa.delete(drafts_table).where(drafts_table.c.id.in_(ids))).rowcount


def _row(found: Mapping[str, Any]) -> DraftRow:
    return DraftRow(position=found["position"], status=found["status"], placed=bool(found["placed"]),
                    duplicate=bool(found["duplicate"]), confidence=found["confidence"],
                    data=json.loads(found["data"]), suggestions=json.loads(found["suggestions"]))
