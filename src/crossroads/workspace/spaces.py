"""Workspaces, their members and the documents they hold.

    ws = create_workspace(engine, "Indonesia–Australia desk", "IDN-AUS", admin_id=nadia.id)
    set_member(engine, ws.id, omar.id, "analyst")
    for doc in workspace_documents(engine, ws.id): ...

A workspace keeps its dyad as given (``IDN-AUS``: the first country is written first in
labels); documents are stored under the sorted key
(:func:`crossroads.store.queries.dyad_key`), which :attr:`Workspace.dyad_key` gives. A
workspace links stored documents (``workspace_documents``); it never copies them. Every
workspace keeps at least one admin: the last one can be neither removed nor demoted.
Every membership change writes an audit entry (``member.add``, ``member.role``,
``member.remove``: who did it, whom, the old and new role) in its own transaction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from crossroads.dyad import parse_dyad
from crossroads.errors import CrossroadsError
from crossroads.store import schema
from crossroads.store.db import retrying
from crossroads.store.queries import dyad_key
from crossroads.workspace import audit
from crossroads.workspace.access import check_role
from crossroads.workspace.accounts import now

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
W, M, U = schema.workspaces, schema.memberships, schema.users


class WorkspaceError(CrossroadsError):
    """A workspace or membership change that cannot be made."""


@dataclass(frozen=True)
class Workspace:
    """A workspace: a team's view of the documents about one dyad."""

    id: int
    slug: str
    name: str
    dyad: str
    allow_private_urls: bool
    created_at: datetime

    @property
    def dyad_key(self) -> str:
        """The dyad as the knowledge base keys documents (codes sorted)."""
        return dyad_key(self.dyad.split("-"))

    def as_json(self) -> dict[str, Any]:
        """The workspace as the API shows it."""
        return {"slug": self.slug, "name": self.name, "dyad": self.dyad}


@dataclass(frozen=True)
class Member:
    """A user's membership of a workspace."""

    user_id: int
    name: str
    role: str


def slugify(name: str) -> str:
    """A URL slug from a workspace name ("Indonesia–Australia desk" -> indonesia-australia-desk)."""
    # Accents go (é -> e); any other mark, dashes included, separates words.
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:80].strip("-")


def create_workspace(
    engine: Engine,
    name: str,
    dyad: str,
    *,
    slug: str | None = None,
    admin_id: int | None = None,
    by: int | None = None,
) -> Workspace:
    """Create a workspace, its creator (if given) becoming its admin.

    Args:
        engine: The knowledge base's engine.
        name: The name shown, any text up to 200 characters.
        dyad: The two countries, as ``--dyad`` takes them ("Indonesia-Australia", "IDN-AUS").
        slug: The URL name; by default made from the name.
        admin_id: The user who becomes the workspace's first admin.
        by: The user creating it, for the audit log (None: the command line).

    Returns:
        The workspace.

    Raises:
        WorkspaceError: an empty name, a malformed or taken slug.
        UnknownCountry: the dyad names no two countries.
    """
    title = " ".join(name.split())
    if not title or len(title) > 200:
        raise WorkspaceError("workspace name", "give a name of 1 to 200 characters")
    pair = parse_dyad(dyad)
    slug = slug if slug is not None else slugify(title)
    if not SLUG.match(slug):
        raise WorkspaceError(
            repr(slug),
            "a slug is lower-case letters, digits and inner hyphens, up to 80; give one",
        )
    created = now()

    def write() -> int:
        with engine.begin() as c:
            if c.execute(select(W.c.id).where(W.c.slug == slug)).first() is not None:
                raise WorkspaceError(slug, "a workspace with this slug exists; choose another")
            result = c.execute(
                insert(W).values(slug=slug, name=title, dyad=pair.label, created_at=created)
            )
            assert result.inserted_primary_key is not None
            workspace_id = int(result.inserted_primary_key[0])
            if admin_id is not None:
                c.execute(
                    insert(M).values(workspace_id=workspace_id, user_id=admin_id, role="admin")
                )
                _audit(c, workspace_id, by, admin_id, None, "admin")
            return workspace_id

    try:
        workspace_id = retrying(write)
    except IntegrityError:  # another process took the slug between our check and insert
        raise WorkspaceError(slug, "a workspace with this slug exists; choose another") from None
    return Workspace(workspace_id, slug, title, pair.label, False, created)


def get_workspace(engine: Engine, slug: str) -> Workspace | None:
    """The workspace with this slug, or None."""
    with engine.connect() as c:
        row = c.execute(select(W).where(W.c.slug == slug)).first()
    return _workspace(row._mapping) if row is not None else None


def workspaces_of(engine: Engine, user_id: int) -> list[tuple[Workspace, str]]:
    """The workspaces a user is a member of, with their role there, by name."""
    with engine.connect() as c:
        rows = c.execute(
            select(W, M.c.role)
            .join(M, M.c.workspace_id == W.c.id)
            .where(M.c.user_id == user_id)
            .order_by(func.lower(W.c.name), W.c.id)
        )
        return [(_workspace(row._mapping), str(row.role)) for row in rows]


def all_workspaces(engine: Engine) -> list[Workspace]:
    """Every workspace, by slug (for the command line, not for the web)."""
    with engine.connect() as c:
        return [_workspace(r._mapping) for r in c.execute(select(W).order_by(W.c.slug))]


def members(engine: Engine, workspace_id: int) -> list[Member]:
    """A workspace's members, by name."""
    with engine.connect() as c:
        rows = c.execute(
            select(U.c.id, U.c.name, M.c.role)
            .join(M, M.c.user_id == U.c.id)
            .where(M.c.workspace_id == workspace_id)
            .order_by(U.c.name)
        )
        return [Member(int(r.id), str(r.name), str(r.role)) for r in rows]


def set_member(
    engine: Engine, workspace_id: int, user_id: int, role: str, *, by: int | None = None
) -> str:
    """Add a user to a workspace with a role, or change their role (with an audit entry).

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace.
        user_id: The member.
        role: Their new role.
        by: Who makes the change, for the audit log (None: the command line or system).

    Returns:
        ``"added"``, ``"changed"`` or ``"unchanged"``.

    Raises:
        UnknownRole: the role is not one of :data:`~crossroads.workspace.access.ROLES`.
        WorkspaceError: the change would leave the workspace without an admin.
    """
    check_role(role)

    def write() -> str:
        with engine.begin() as c:
            old = c.execute(
                select(M.c.role).where(M.c.workspace_id == workspace_id, M.c.user_id == user_id)
            ).scalar_one_or_none()
            if old is None:
                c.execute(insert(M).values(workspace_id=workspace_id, user_id=user_id, role=role))
                _audit(c, workspace_id, by, user_id, None, role)
                return "added"
            if old == role:
                return "unchanged"
            if old == "admin":
                _keep_an_admin(c, workspace_id, user_id)
            c.execute(
                update(M)
                .where(M.c.workspace_id == workspace_id, M.c.user_id == user_id)
                .values(role=role)
            )
            _audit(c, workspace_id, by, user_id, old, role)
            return "changed"

    return retrying(write)


def remove_member(
    engine: Engine, workspace_id: int, user_id: int, *, by: int | None = None
) -> bool:
    """Remove a user from a workspace (with an audit entry); False if they were not a member.

    ``by`` is who removes them, for the audit log (None: the command line or system).

    Raises:
        WorkspaceError: the user is the workspace's last admin.
    """

    def write() -> bool:
        with engine.begin() as c:
            old = c.execute(
                select(M.c.role).where(M.c.workspace_id == workspace_id, M.c.user_id == user_id)
            ).scalar_one_or_none()
            if old is None:
                return False
            if old == "admin":
                _keep_an_admin(c, workspace_id, user_id)
            c.execute(delete(M).where(M.c.workspace_id == workspace_id, M.c.user_id == user_id))
            _audit(c, workspace_id, by, user_id, old, None)
            return True

    return retrying(write)


def _audit(
    c: Any, workspace_id: int, by: int | None, member: int, old: str | None, new: str | None
) -> None:
    """The audit entry of a membership change: ``member.add``, ``member.role`` or ``.remove``."""
    action = "member.add" if old is None else "member.remove" if new is None else "member.role"
    name = c.execute(select(U.c.name).where(U.c.id == member)).scalar_one_or_none()
    detail = {"field": "role", "old": old, "new": new}
    audit.record(c, workspace_id, by, action, str(name or f"user {member}"), detail)


def _keep_an_admin(c: Any, workspace_id: int, leaving: int) -> None:
    # Lock the admin rows on PostgreSQL so that two admins demoting each other at once
    # cannot both succeed; SQLite's write transactions are serial already.
    query = select(M.c.user_id).where(M.c.workspace_id == workspace_id, M.c.role == "admin")
    if c.dialect.name == "postgresql":
        query = query.with_for_update()
    others = [u for u in c.execute(query).scalars() if u != leaving]
    if not others:
        raise WorkspaceError(
            "members", "a workspace needs an admin: make another member admin first"
        )


def add_document(engine: Engine, workspace_id: int, document_id: int, user_id: int | None) -> bool:
    """Link a stored document to a workspace; False if it was linked already."""

    def write() -> bool:
        wd = schema.workspace_documents
        with engine.begin() as c:
            linked = c.execute(
                select(wd.c.document_id).where(
                    wd.c.workspace_id == workspace_id, wd.c.document_id == document_id
                )
            ).first()
            if linked is not None:
                return False
            c.execute(
                insert(wd).values(
                    workspace_id=workspace_id,
                    document_id=document_id,
                    added_by=user_id,
                    added_at=now(),
                )
            )
            return True

    return retrying(write)


def workspace_documents(engine: Engine, workspace_id: int) -> list[dict[str, Any]]:
    """The documents a workspace holds: newest date first, undated last.

    Returns:
        Dicts with ``id``, ``title``, ``date``, ``source``, ``sentences`` (count) and
        ``added_at``.
    """
    d, wd = schema.documents, schema.workspace_documents
    query = (
        select(
            d.c.id, d.c.title, d.c.date, d.c.source,
            d.c.sentence_count.label("sentences"), wd.c.added_at,
        )
        .join(wd, wd.c.document_id == d.c.id)
        .where(wd.c.workspace_id == workspace_id)
        .order_by(d.c.date.is_(None), d.c.date.desc(), d.c.id)
    )  # fmt: skip
    with engine.connect() as c:
        return [dict(row._mapping) for row in c.execute(query)]


def _workspace(row: Any) -> Workspace:
    return Workspace(
        id=int(row["id"]),
        slug=str(row["slug"]),
        name=str(row["name"]),
        dyad=str(row["dyad"]),
        allow_private_urls=bool(row["allow_private_urls"]),
        created_at=row["created_at"],
    )
