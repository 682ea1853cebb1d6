"""Events counted per client in a sliding window, shared by every worker (migration 0004)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from dashboard.store.base import StoreBase, utc_now
from dashboard.store.tables import client_events_table


class RateLimits(StoreBase):
    """Counting what a client does (such as anonymous workshop entries) against a limit."""

    def count_client_event(self, kind: str, client: str, *, limit: int, window: dt.timedelta,
                           now: dt.datetime | None = None) -> dt.timedelta | None:
        """Count one ``kind`` event by ``client``, or say how long it must wait (not counted).

        Counting and recording are one transaction under a per-client lock, so requests sent in
        parallel are counted one after the other. Events older than ``window`` are forgotten.
        """
        now = now or utc_now()
        kind, client = kind[:20], client[:100]
        e = client_events_table
        with self._write() as conn:
            if self.dialect == "postgresql":  # SQLite: BEGIN IMMEDIATE already serialises
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                             {"key": f"{kind}:{client}"})
            conn.execute(sa.delete(e).where((e.c.kind == kind) & (e.c.at <= now - window)))
            recent = list(conn.scalars(sa.select(e.c.at).where((e.c.kind == kind)
                                                               & (e.c.client == client))
                                       .order_by(e.c.at.desc()).limit(limit)))
            if len(recent) >= limit:
                return recent[-1] + window - now
            conn.execute(sa.insert(e).values(kind=kind, client=client, at=now))
            return None
