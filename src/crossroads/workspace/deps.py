"""FastAPI dependencies: who is calling, CSRF, and the access every route declares.

The route convention (every router of the workspace follows it)
---------------------------------------------------------------

Each route declares its access through exactly one of these dependencies, and the
declaration is what both the server and the tests read (:func:`access_of`):

* ``ctx: Annotated[WorkspaceContext, Depends(require("correct"))]`` for anything under a
  workspace (path parameter ``{slug}``): the action is one of
  :data:`crossroads.workspace.access.ACTIONS`. An anonymous caller gets 401 (``/api/...``)
  or a redirect to ``/login`` (pages); a non-member, or a slug that does not exist, gets
  the same 404, so a workspace's existence does not leak; a role too low gets 403.
* ``user: Annotated[User, Depends(signed_in)]`` for a signed-in user's own things (their
  workspace list, their API tokens); ``Depends(superuser)`` for creating workspaces.
* ``dependencies=[Depends(public)]`` for the few routes anyone may call (the sign-in page).

A workspace route without ``require(...)`` fails ``tests/workspace/server``, and the
access matrix there is generated from the app's route table, so a new route is checked
under every role as soon as it is added. Pages and their JSON twins pair up by path:
``/w/{slug}/members`` and ``/api/w/{slug}/members``. Pages render with :func:`render`,
which gives templates ``user``, ``csrf_token`` and ``workspace``.

Who is calling: ``Authorization: Bearer <api token>`` (scripts) or the session cookie
(browsers). Every unsafe request (POST, PUT, PATCH, DELETE) authenticated by the cookie
must carry the session's CSRF token, as form field ``csrf_token`` or header
``X-CSRF-Token`` (``base.html`` makes htmx send the header with every request); token
calls need none, a browser does not add them on its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Engine

from crossroads.workspace.access import ACTIONS, can, can_create_workspaces, role_of
from crossroads.workspace.accounts import LoginLimit, SessionPolicy, User, resume_session
from crossroads.workspace.accounts import token_user as _token_user
from crossroads.workspace.spaces import Workspace, get_workspace

COOKIE = "crossroads_session"
DENIED = "X-Crossroads-Denied"  # why a request was refused: sign-in | not-found | role | csrf
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
Kind = Literal["public", "user", "superuser", "workspace"]


@dataclass(frozen=True)
class Settings:
    """The server's settings, in ``app.state.settings``."""

    secret_key: str
    sessions: SessionPolicy
    login_limit: LoginLimit

    def signer(self) -> URLSafeSerializer:
        """Signs the session token that the cookie carries."""
        return URLSafeSerializer(self.secret_key, salt="crossroads.session")


@dataclass(frozen=True)
class Auth:
    """Who sent a request and how: ``via`` is ``"cookie"``, ``"token"`` or None."""

    user: User | None
    via: Literal["cookie", "token"] | None = None
    csrf_token: str | None = None
    session_token: str | None = None


@dataclass(frozen=True)
class WorkspaceContext:
    """What a workspace route gets: the workspace, the caller and their role there."""

    workspace: Workspace
    user: User
    role: str


@dataclass(frozen=True)
class Access:
    """The access a route declares: who may call it, and for workspace routes the action."""

    kind: Kind
    action: str | None = None


class SignInRequired(Exception):
    """An anonymous caller reached a route that needs a user (401 or a redirect)."""


def engine(request: Request) -> Engine:
    """The knowledge base's engine (opened once by :func:`~crossroads.workspace.app.create_app`)."""
    return request.app.state.kb.engine  # type: ignore[no-any-return]


def settings(request: Request) -> Settings:
    """The server's :class:`Settings`."""
    return request.app.state.settings  # type: ignore[no-any-return]


def authenticate(request: Request) -> Auth:
    """Resolve the caller from a Bearer token or the session cookie (run for every request).

    A Bearer header that names no live token is refused (401), not taken as anonymous, so a
    script with a revoked token learns it at once.
    """
    kb_engine, conf = engine(request), settings(request)
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        user = _token_user(kb_engine, header[7:].strip())
        if user is None:
            raise HTTPException(
                401,
                "unknown or revoked API token",
                headers={"WWW-Authenticate": "Bearer", DENIED: "sign-in"},
            )
        auth = Auth(user, via="token")
    else:
        auth = Auth(None)
        cookie = request.cookies.get(COOKIE)
        if cookie:
            try:
                token = str(conf.signer().loads(cookie))
            except BadSignature:
                token = ""
            live = resume_session(kb_engine, token, conf.sessions) if token else None
            if live is not None:
                auth = Auth(live[0], via="cookie", csrf_token=live[1], session_token=token)
    request.state.auth = auth
    return auth


async def csrf_protect(request: Request, auth: Annotated[Auth, Depends(authenticate)]) -> None:
    """Refuse (403) an unsafe cookie-authenticated request without the session's CSRF token.

    Installed on the whole app, so that no route can forget it.
    """
    if request.method not in UNSAFE or auth.via != "cookie":
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get("csrf_token")
            sent = value if isinstance(value, str) else None
    if not sent or not secrets.compare_digest(sent, auth.csrf_token or ""):
        raise HTTPException(
            403, "missing or wrong CSRF token: reload the page and try again", {DENIED: "csrf"}
        )


def _mark(dependency: Callable[..., Any], access: Access) -> Callable[..., Any]:
    dependency.__crossroads_access__ = access  # type: ignore[attr-defined]
    return dependency


def public() -> None:
    """The declaration of a route anyone may call (``dependencies=[Depends(public)]``)."""


_mark(public, Access("public"))


def signed_in(auth: Annotated[Auth, Depends(authenticate)]) -> User:
    """The signed-in user; an anonymous caller gets 401 (API) or the sign-in page."""
    if auth.user is None:
        raise SignInRequired()
    return auth.user


_mark(signed_in, Access("user"))


def superuser(user: Annotated[User, Depends(signed_in)]) -> User:
    """A signed-in user who may create workspaces; anyone else signed in gets 403."""
    if not can_create_workspaces(user):
        raise HTTPException(403, "only a superuser can create workspaces", {DENIED: "role"})
    return user


_mark(superuser, Access("superuser"))


@cache
def require(action: str) -> Callable[..., WorkspaceContext]:
    """The dependency of a workspace route: the ``{slug}`` workspace, if the caller may act.

    Args:
        action: One of :data:`crossroads.workspace.access.ACTIONS`.

    Returns:
        A dependency giving a :class:`WorkspaceContext` (one per action, cached).

    Raises:
        KeyError: an unknown action, when the route is declared.
    """
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}: use one of {', '.join(ACTIONS)}")

    def dependency(
        slug: str, request: Request, auth: Annotated[Auth, Depends(authenticate)]
    ) -> WorkspaceContext:
        if auth.user is None:
            raise SignInRequired()
        workspace = get_workspace(engine(request), slug)
        role = role_of(auth.user, workspace) if workspace is not None else None
        if workspace is None or role is None:
            raise HTTPException(404, f"no workspace {slug!r}", {DENIED: "not-found"})
        if not can(auth.user, action, workspace):
            raise HTTPException(
                403, f"a {role} cannot {action} in this workspace", {DENIED: "role"}
            )
        request.state.workspace = workspace
        return WorkspaceContext(workspace, auth.user, role)

    dependency.__name__ = f"require_{action}"
    return _mark(dependency, Access("workspace", action))  # type: ignore[return-value]


def access_of(route: APIRoute) -> Access | None:
    """The access a route declares (see the module docstring), or None if it declares none."""
    found: list[Access] = []

    def walk(dependant: Dependant) -> None:
        access = getattr(dependant.call, "__crossroads_access__", None)
        if isinstance(access, Access):
            found.append(access)
        for sub in dependant.dependencies:
            walk(sub)

    walk(route.dependant)
    ranked = [
        a for kind in ("workspace", "superuser", "user", "public") for a in found if a.kind == kind
    ]
    return ranked[0] if ranked else None


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render a page (autoescaped) with the caller, their CSRF token and the workspace.

    Args:
        request: The request.
        template: A template name in ``crossroads/workspace/templates``.
        context: The page's own variables.
        status_code: The response status.

    Returns:
        The HTML response.
    """
    auth: Auth = getattr(request.state, "auth", None) or Auth(None)
    values: dict[str, Any] = {
        "user": auth.user,
        "csrf_token": auth.csrf_token or "",
        "workspace": getattr(request.state, "workspace", None),
    }
    values.update(context or {})
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, values, status_code=status_code
    )
    return response


def is_api(request: Request) -> bool:
    """Whether a request is for the JSON API (``/api/...``) rather than a page."""
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def safe_next(target: str | None) -> str:
    """A local path to go to after signing in; anything else (another site) becomes ``/``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def api_routes(app: FastAPI) -> list[tuple[str, frozenset[str], APIRoute]]:
    """Every API route of the app as ``(path, methods, route)``, included routers flattened."""
    try:  # FastAPI >= 0.16x keeps included routers as branches of the route tree
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI copies included routes into app.routes
        flat = [
            (str(getattr(r, "path", "")), frozenset(getattr(r, "methods", None) or ()), r)
            for r in app.routes
        ]
    else:
        flat = [
            (str(c.path), frozenset(c.methods or ()), c.original_route)
            for c in iter_route_contexts(app.routes)
        ]
    return [(path, methods, r) for path, methods, r in flat if isinstance(r, APIRoute)]


def route_table(app: FastAPI) -> list[dict[str, Any]]:
    """Every API route of the app with its methods and declared access (for docs and tests)."""
    out = []
    for path, methods, route in api_routes(app):
        access = access_of(route)
        out.append(
            {
                "path": path,
                "methods": sorted(methods),
                "name": route.name,
                "summary": (route.description or "").strip().split("\n")[0],
                "access": access.kind if access else None,
                "action": access.action if access else None,
            }
        )
    return out
