"""The audit log: one entry per change in a workspace (who, when, what, on what).

Every change a workspace module makes writes an entry in the same transaction as the
change, by passing its open connection to :func:`record`: corrections
(``label.correct``), reviews (``document.review``, ``document.unreview``), and the members,
uploads and settings that the other workspace modules change. :func:`entries` pages
through a workspace's log, newest first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from crossroads.store import schema

A, U = schema.audit_log, schema.users
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class AuditEntry:
    """One change: when, by whom (None for the system), the action, its target and detail."""

    id: int
    workspace_id: int | None
    user_id: int | None
    user: str | None
    at: datetime
    action: str
    target: str
    detail: dict[str, Any]


def now() -> datetime:
    """The current UTC time as the store keeps it (naive, whole seconds kept)."""
    return datetime.now(UTC).replace(tzinfo=None)


def record(
    target_db: Connection | Engine,
    workspace_id: int | None,
    user_id: int | None,
    action: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> int:
    """Write one audit entry.

    Args:
        target_db: An open connection, to write inside the caller's transaction (the
            change and its entry commit together), or an engine for a transaction of its own.
        workspace_id: The workspace changed (None for a change outside any workspace,
            such as a new user).
        user_id: Who made the change (None for the system).
        action: A dotted name, e.g. ``label.correct``, ``member.add``, ``document.upload``.
        target: What was changed, e.g. ``d12:s4`` or a user name.
        detail: Plain JSON-able values (old and new values, a role, a file name).

    Returns:
        The entry's id.
    """
    values = {
        "workspace_id": workspace_id,
        "user_id": user_id,
        "at": now(),
        "action": action,
        "target": target,
        "detail": json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
    }
    if isinstance(target_db, Engine):
        with target_db.begin() as c:
            return _insert(c, values)
    return _insert(target_db, values)


def _insert(c: Connection, values: dict[str, Any]) -> int:
    key = c.execute(insert(A).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def entries(
    engine: Engine, workspace_id: int, limit: int = DEFAULT_LIMIT, before: int | None = None
) -> list[AuditEntry]:
    """A workspace's audit entries, newest first.

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace.
        limit: At most this many entries.
        before: Only entries older than the entry with this id (the next page after it).

    Returns:
        The entries, with the user's name where the user still exists.
    """
    stmt = (
        select(A, U.c.name.label("user"))
        .select_from(A.outerjoin(U, A.c.user_id == U.c.id))
        .where(A.c.workspace_id == workspace_id)
        .order_by(A.c.id.desc())
        .limit(limit)
    )
    if before is not None:
        stmt = stmt.where(A.c.id < before)
    with engine.connect() as c:
        return [
            AuditEntry(
                id=r.id,
                workspace_id=r.workspace_id,
                user_id=r.user_id,
                user=r.user,
                at=r.at,
                action=r.action,
                target=r.target,
                detail=json.loads(r.detail or "{}"),
            )
            for r in c.execute(stmt)
        ]
