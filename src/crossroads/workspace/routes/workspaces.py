"""Workspaces: the caller's list, creating one, a workspace's home and its members.

Also the API's own description page, ``/api/docs``, which lists every route with the
access it declares (the machine-readable description is ``/api/openapi.json``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from crossroads.errors import CrossroadsError
from crossroads.workspace import spaces
from crossroads.workspace.access import ROLES, can_create_workspaces
from crossroads.workspace.accounts import User, find_user
from crossroads.workspace.deps import (
    WorkspaceContext,
    engine,
    public,
    render,
    require,
    route_table,
    signed_in,
    superuser,
)

router = APIRouter()
SignedIn = Annotated[User, Depends(signed_in)]
Superuser = Annotated[User, Depends(superuser)]
Reader = Annotated[WorkspaceContext, Depends(require("read"))]
Manager = Annotated[WorkspaceContext, Depends(require("manage"))]


class NewWorkspace(BaseModel):
    """The body of ``POST /api/workspaces``."""

    name: str
    dyad: str
    slug: str | None = None


class RoleChange(BaseModel):
    """The body of ``PUT /api/w/{slug}/members/{name}``."""

    role: str


def _listing(request: Request, user: User) -> list[dict[str, Any]]:
    return [
        ws.as_json() | {"role": role} for ws, role in spaces.workspaces_of(engine(request), user.id)
    ]


def _document_rows(request: Request, ctx: WorkspaceContext) -> list[dict[str, Any]]:
    rows = spaces.workspace_documents(engine(request), ctx.workspace.id)
    return [dict(r, added_at=r["added_at"].isoformat()) for r in rows]


# ----------------------------------------------------------------------------- list, create


@router.get("/", name="workspaces_page")
def workspaces_page(request: Request, user: SignedIn) -> HTMLResponse:
    """The caller's workspaces (and, for a superuser, the form to create one)."""
    return render(
        request,
        "workspaces.html",
        {"workspaces": _listing(request, user), "can_create": can_create_workspaces(user)},
    )


@router.get("/api/workspaces")
def list_workspaces(request: Request, user: SignedIn) -> list[dict[str, Any]]:
    """The caller's workspaces with their role in each."""
    return _listing(request, user)


@router.post("/workspaces")
def create_workspace_page(
    request: Request,
    user: Superuser,
    name: Annotated[str, Form()] = "",
    dyad: Annotated[str, Form()] = "",
    slug: Annotated[str, Form()] = "",
) -> Response:
    """Create a workspace from the form; its creator becomes its admin."""
    try:
        ws = spaces.create_workspace(
            engine(request), name, dyad, slug=slug.strip() or None, admin_id=user.id, by=user.id
        )
    except CrossroadsError as exc:
        context = {
            "workspaces": _listing(request, user),
            "can_create": True,
            "error": str(exc),
            "form": {"name": name, "dyad": dyad, "slug": slug},
        }
        return render(request, "workspaces.html", context, 400)
    return RedirectResponse(request.app.url_path_for("workspace_page", slug=ws.slug), 303)


@router.post("/api/workspaces", status_code=201)
def create_workspace(request: Request, user: Superuser, body: NewWorkspace) -> dict[str, Any]:
    """Create a workspace; the caller becomes its admin."""
    ws = spaces.create_workspace(
        engine(request), body.name, body.dyad, slug=body.slug, admin_id=user.id, by=user.id
    )
    return ws.as_json() | {"role": "admin"}


# ----------------------------------------------------------------------------- home


@router.get("/w/{slug}", name="workspace_page")
def workspace_page(request: Request, ctx: Reader) -> HTMLResponse:
    """A workspace's home: its documents (title, date, sentences)."""
    return render(
        request, "workspace.html", {"documents": _document_rows(request, ctx), "role": ctx.role}
    )


@router.get("/api/w/{slug}")
def workspace_info(ctx: Reader) -> dict[str, Any]:
    """The workspace, and the caller's role in it."""
    return ctx.workspace.as_json() | {"role": ctx.role}


@router.get("/api/w/{slug}/documents")
def workspace_documents(request: Request, ctx: Reader) -> list[dict[str, Any]]:
    """The workspace's documents, newest first: id, title, date, source, sentences."""
    return _document_rows(request, ctx)


# ----------------------------------------------------------------------------- members


def _members_page(
    request: Request, ctx: WorkspaceContext, status: int = 200, error: str | None = None
) -> HTMLResponse:
    listed = spaces.members(engine(request), ctx.workspace.id)
    return render(
        request, "members.html", {"members": listed, "roles": ROLES, "error": error}, status
    )


def _member_json(request: Request, ctx: WorkspaceContext) -> list[dict[str, Any]]:
    return [
        {"name": m.name, "role": m.role} for m in spaces.members(engine(request), ctx.workspace.id)
    ]


def _user_named(request: Request, name: str) -> User:
    user = find_user(engine(request), name.strip())
    if user is None:
        raise HTTPException(404, f"no user {name.strip()!r}: add them with `crossroads users add`")
    return user


@router.get("/w/{slug}/members", name="members_page")
def members_page(request: Request, ctx: Manager) -> HTMLResponse:
    """The members and their roles, with forms to add, change and remove (admins)."""
    return _members_page(request, ctx)


@router.post("/w/{slug}/members")
def set_member_page(
    request: Request,
    ctx: Manager,
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
) -> Response:
    """Add an existing user with a role, or change a member's role."""
    try:
        user = _user_named(request, name)
        spaces.set_member(engine(request), ctx.workspace.id, user.id, role, by=ctx.user.id)
    except HTTPException as exc:
        return _members_page(request, ctx, exc.status_code, str(exc.detail))
    except CrossroadsError as exc:
        return _members_page(request, ctx, 400, str(exc))
    return RedirectResponse(request.app.url_path_for("members_page", slug=ctx.workspace.slug), 303)


@router.post("/w/{slug}/members/{name}/remove")
def remove_member_page(request: Request, ctx: Manager, name: str) -> Response:
    """Remove a member (never the last admin)."""
    user = _user_named(request, name)
    try:
        removed = spaces.remove_member(engine(request), ctx.workspace.id, user.id, by=ctx.user.id)
    except CrossroadsError as exc:
        return _members_page(request, ctx, 400, str(exc))
    if not removed:
        return _members_page(request, ctx, 404, f"{name} is not a member")
    return RedirectResponse(request.app.url_path_for("members_page", slug=ctx.workspace.slug), 303)


@router.get("/api/w/{slug}/members")
def list_members(request: Request, ctx: Manager) -> list[dict[str, Any]]:
    """The members and their roles."""
    return _member_json(request, ctx)


@router.put("/api/w/{slug}/members/{name}")
def set_member(request: Request, ctx: Manager, name: str, body: RoleChange) -> list[dict[str, Any]]:
    """Add a user with a role or change a member's role; returns the members."""
    user = _user_named(request, name)
    spaces.set_member(engine(request), ctx.workspace.id, user.id, body.role, by=ctx.user.id)
    return _member_json(request, ctx)


@router.delete("/api/w/{slug}/members/{name}", status_code=204)
def remove_member(request: Request, ctx: Manager, name: str) -> Response:
    """Remove a member (never the last admin)."""
    user = _user_named(request, name)
    if not spaces.remove_member(engine(request), ctx.workspace.id, user.id, by=ctx.user.id):
        raise HTTPException(404, f"{name} is not a member")
    return Response(status_code=204)


# ----------------------------------------------------------------------------- API docs


@router.get("/api/docs", dependencies=[Depends(public)], include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    """Every route of the API with the access it needs, served without any CDN."""
    routes = [r for r in route_table(request.app) if r["path"] != "/api/docs"]
    return render(request, "api_docs.html", {"routes": routes})
