"""Alembic environment: migrations run on the connection the knowledge base hands over.

:func:`crossroads.store.db.migrate` opens a transaction (holding the write lock on SQLite,
an advisory lock on PostgreSQL) and passes its connection in
``config.attributes["connection"]``; every migration runs inside that one transaction.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from the alembic command line
    raise RuntimeError("run migrations through crossroads.store.db.migrate")

context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
