"""Who may do what: the one place where the workspace decides permissions.

Roles are per workspace and ordered: ``viewer`` < ``analyst`` < ``admin``. Each action
needs a lowest role (:data:`ACTIONS`):

==========  =====================================================  ============
action      what it covers                                         lowest role
==========  =====================================================  ============
read        documents, overview, timeline, search, job status      viewer
upload      upload files, import URLs                              analyst
correct     change a label in force                                analyst
review      mark a document reviewed                               analyst
export      exports and labelled data out                          analyst
manage      members and workspace settings                         admin
==========  =====================================================  ============

A user outside a workspace can do nothing in it, whatever else they are: being a
superuser lets one create workspaces (and so become their admin), not enter others'.
"""

from __future__ import annotations

from typing import Protocol

from crossroads.errors import CrossroadsError
from crossroads.workspace.accounts import User

ROLES = ("viewer", "analyst", "admin")
ACTIONS = {
    "read": "viewer",
    "upload": "analyst",
    "correct": "analyst",
    "review": "analyst",
    "export": "analyst",
    "manage": "admin",
}


class UnknownRole(CrossroadsError):
    """A role name that is not one of :data:`ROLES`."""


class HasId(Protocol):
    """Anything that names a workspace by id (a :class:`~crossroads.workspace.spaces.Workspace`)."""

    @property
    def id(self) -> int: ...  # noqa: D102


def role_rank(role: str | None) -> int:
    """A role's rank (viewer 1, analyst 2, admin 3); 0 for no role or an unknown one."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def role_of(user: User | None, workspace: HasId) -> str | None:
    """The user's role in the workspace, or None (anonymous, or not a member)."""
    if user is None:
        return None
    return user.roles.get(workspace.id)


def can(user: User | None, action: str, workspace: HasId) -> bool:
    """Whether a user may do an action in a workspace.

    Args:
        user: The signed-in user (with their roles), or None for an anonymous caller.
        action: One of :data:`ACTIONS`.
        workspace: The workspace.

    Returns:
        True when the user's role in the workspace reaches the action's lowest role.

    Raises:
        KeyError: an unknown action (a programming error, not a refusal).
    """
    needed = ACTIONS[action]
    return role_rank(role_of(user, workspace)) >= role_rank(needed)


def can_create_workspaces(user: User | None) -> bool:
    """Whether a user may create workspaces: superusers only."""
    return user is not None and user.is_superuser


def check_role(role: str) -> str:
    """A role name as stored, or :class:`UnknownRole` naming the roles there are."""
    if role not in ROLES:
        raise UnknownRole(repr(role), f"unknown role: use one of {', '.join(ROLES)}")
    return role
