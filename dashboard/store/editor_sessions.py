"""Editor sessions kept in the database every worker and host shares (migration 0004).

The browser's signed cookie holds a random token; the store keeps only its SHA-256 digest, so
neither a copied database nor a leaked log lets anyone sign in. A session ends when its editor
signs out, after ``idle`` without use, or ``absolute`` after sign-in, whichever comes first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from dashboard.store.base import StoreBase, check_actor, utc_now
from dashboard.store.records import EditorSession
from dashboard.store.tables import editor_sessions_table

# A session's ``seen_at`` is written at most this often: idle expiry is this coarse, and a
# burst of callbacks costs one write, not one each.
SEEN_EVERY = dt.timedelta(minutes=1)


def token_hash(token: str) -> str:
    """The key a session token is stored under."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class EditorSessions(StoreBase):
    """Starting, checking and ending editor sessions."""

    def start_editor_session(self, editor: str, fingerprint: str, *,
                             now: dt.datetime | None = None) -> str:
        """Record a new session for ``editor``; returns the token for the cookie (only copy)."""
        now = now or utc_now()
        token = secrets.token_urlsafe(32)
        with self._write() as conn:
            conn.execute(editor_sessions_table.insert().values(
                token_hash=token_hash(token), editor=check_actor(editor),
                secret_fingerprint=fingerprint[:16], created_at=now, seen_at=now))
        return token

    def editor_session(self, token: str, *, idle: dt.timedelta, absolute: dt.timedelta,
                       now: dt.datetime | None = None) -> EditorSession | None:
        """The live session of ``token``, marked as seen now; ``None`` when ended or expired."""
        if not isinstance(token, str) or not 0 < len(token) <= 100:
            return None
        now = now or utc_now()
        s = editor_sessions_table
        key = token_hash(token)
        with self._read() as conn:
            row = conn.execute(sa.select(s).where(s.c.token_hash == key)).mappings().first()
        if row is None or row["ended_at"] is not None or now - row["seen_at"] > idle \
                or now - row["created_at"] > absolute:
            return None
        if now - row["seen_at"] >= SEEN_EVERY:
            with self._write() as conn:
                conn.execute(s.update().where((s.c.token_hash == key) & s.c.ended_at.is_(None))
                             .values(seen_at=now))
        return EditorSession(row["editor"], row["secret_fingerprint"], row["created_at"], now)

    def end_editor_session(self, token: str, *, now: dt.datetime | None = None) -> bool:
        """End a session (sign-out); True when a live one was ended."""
        if not isinstance(token, str) or not token:
            return False
        s = editor_sessions_table
        with self._write() as conn:
            ended = conn.execute(s.update().where((s.c.token_hash == token_hash(token))
                                                  & s.c.ended_at.is_(None))
                                 .values(ended_at=now or utc_now())).rowcount
        return bool(ended)

    def forget_editor_sessions(self, older_than: dt.timedelta, *,
                               now: dt.datetime | None = None) -> int:
        """Delete sessions started more than ``older_than`` ago (all long expired); how many."""
        s = editor_sessions_table
        with self._write() as conn:
            return conn.execute(sa.delete(s).where(s.c.created_at < (now or utc_now()) - older_than)
                                ).rowcount
