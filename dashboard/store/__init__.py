"""Store.

The database of saved dataset versions, live submissions, the audit trail, session expiry and
sign-in limits (SQLAlchemy Core, Alembic migrations), and the dataset library.

The store is split by concern (``versions``, ``submissions``, ``audit``, ``sessions``,
``sign_in``) over shared ``tables``, ``records``, ``codec`` and ``engine``. May import
``dashboard.core``, ``dashboard.ingest`` and ``dashboard.analysis``.
"""
