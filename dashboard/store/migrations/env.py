"""Alembic environment: migrations run on the connection the store hands over, in its transaction.

``Store.migrate()`` opens the transaction and takes the migration lock first; this file only
runs the scripts on that connection. Run migrations with ``python -m dashboard migrate``.
"""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Run migrations through the store: 'python -m dashboard migrate' (it reads DATABASE_URL)."
    )
context.configure(connection=connection, transactional_ddl=True, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
