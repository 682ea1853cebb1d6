"""Sign-in attempts counted per client, shared by every worker (migration 0002)."""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from dashboard.store.base import StoreBase, utc_now
from dashboard.store.records import SignInAttempt
from dashboard.store.tables import sign_in_attempts_table


class SignInLimits(StoreBase):
    """Counting sign-in attempts before their guess is checked."""

    def sign_in_attempt(self, client: str, *, limit: int, window: dt.timedelta,
                        now: dt.datetime | None = None) -> SignInAttempt:
        """Count an attempt by ``client`` before its guess is checked, or say how long to wait.

        Counting and recording are one transaction under a per-client lock, so guesses sent in
        parallel are counted one after the other: a client with ``limit`` attempts within the
        last ``window`` is refused until the oldest of them is ``window`` old. Attempts older
        than the window are forgotten. A right guess is taken back with
        :meth:`forget_sign_in_attempt`, so only wrong ones keep counting.
        """
        now = now or utc_now()
        client = client[:100]
        a = sign_in_attempts_table
        with self._write() as conn:
            if self.dialect == "postgresql":  # SQLite: BEGIN IMMEDIATE already serialises
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:client))"),
                             {"client": client})
            conn.execute(sa.delete(a).where(a.c.at <= now - window))
            recent = list(conn.scalars(sa.select(a.c.at).where(a.c.client == client)
                                       .order_by(a.c.at.desc()).limit(limit)))
            if len(recent) >= limit:
                wait = recent[-1] + window - now
                logging.getLogger(__name__).warning(
                    "Editor sign-in from %s refused for %d more second(s) after %d wrong secrets; "
                    "`python -m dashboard unlock` on the server lets it try again now.",
                    client, wait.total_seconds(), limit)
                return SignInAttempt(None, wait)
            attempt = conn.execute(sa.insert(a).values(client=client, at=now).returning(a.c.id))
            return SignInAttempt(int(attempt.scalar_one()), None)

    def forget_sign_in_attempt(self, attempt_id: int) -> None:
        """Take back an attempt that turned out to be right."""
        a = sign_in_attempts_table
        with self._write() as conn:
            conn.execute(sa.delete(a).where(a.c.id == attempt_id))

    def clear_sign_in_attempts(self, client: str | None = None) -> int:
        """Forget the counted attempts of ``client`` (or of every client); returns how many.

        The way through a lockout at a venue where everyone shares one address: the facilitator
        (or whoever runs the server) runs ``python -m dashboard unlock``.
        """
        a = sign_in_attempts_table
        with self._write() as conn:
            query = sa.delete(a) if client is None else sa.delete(a).where(a.c.client == client[:100])
            return int(conn.execute(query).rowcount or 0)
