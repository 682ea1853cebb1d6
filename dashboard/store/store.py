"""Durable store of dataset versions, live submissions and the audit trail (SQLAlchemy Core).

SQLite in a file under the instance folder by default (WAL journal, created on first use), or
PostgreSQL when ``DATABASE_URL`` says so. The schema is migrated with Alembic when a store opens,
under a lock, so several gunicorn workers may start at once.

Every write is one transaction: a rejected input or a crash mid-write leaves the store exactly as
it was. A saved dataset version is never updated (the database itself refuses UPDATE and DELETE
on versions, their rows and the audit log); an edit creates a new version and older versions
stay readable. The one exception: session uploads (``session-...`` datasets, private scratch
data) are deleted, rows and audit entries too, when they expire. Submissions from a live session
are validated by the same code as a template row, wait in a queue, and become a new version when
approved. Editor sessions and per-client counts (sign-in attempts, anonymous entries) live
here too, so every worker and host sees the same ones.
"""

from __future__ import annotations

from dashboard.store.audit import Audit
from dashboard.store.drafts import Drafts
from dashboard.store.editor_sessions import EditorSessions
from dashboard.store.rate_limits import RateLimits
from dashboard.store.sessions import SessionExpiry
from dashboard.store.sign_in import SignInLimits
from dashboard.store.submissions import Submissions
from dashboard.store.versions import Versions


class Store(Versions, Submissions, Audit, SessionExpiry, SignInLimits, EditorSessions, RateLimits,
            Drafts):
    """Versions, submissions, audit, session expiry, editor sessions, per-client limits, coding drafts.

    Build it with :meth:`open` (which migrates the schema to the newest version). Each concern
    lives in its own module; they share the engine and transactions of
    :class:`~dashboard.store.base.StoreBase`.
    """
