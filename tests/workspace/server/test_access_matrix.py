"""Every route of the app under every kind of caller, generated from the route table.

A route added to any router is in the matrix at once: anonymous, a signed-in outsider, a
superuser who is not a member, a member of another workspace, and a viewer, analyst and
admin of ``desk``. Pages are called as a browser (session cookie, CSRF header), the
``/api`` twins as a script (Bearer token).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import APIRoute

from crossroads.workspace.access import ACTIONS, ROLES, can
from crossroads.workspace.accounts import User
from crossroads.workspace.deps import DENIED, access_of, api_routes, require, signed_in

from .conftest import Server

CALLERS = ("anonymous", "otto", "sue", "olga", "vic", "ana", "ada")
PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def undeclared(app: FastAPI) -> list[str]:
    """Routes that declare no access, and workspace routes that declare no action."""
    problems = []
    for path, methods, route in api_routes(app):
        access = access_of(route)
        label = f"{'/'.join(sorted(methods))} {path}"
        if access is None:
            problems.append(f"{label}: declares no access")
        elif "{slug}" in path and (access.kind != "workspace" or not access.action):
            problems.append(f"{label}: a workspace route without require(action)")
    return problems


def test_every_route_declares_its_access(server: Server) -> None:
    assert undeclared(server.app) == []
    workspace_routes = [p for p, _, r in api_routes(server.app) if "{slug}" in p]
    assert len(workspace_routes) >= 9  # home, documents, members and their twins at least


def test_a_route_without_a_declaration_is_caught(server: Server) -> None:
    extra = APIRouter()

    @extra.get("/w/{slug}/forgotten")
    def forgotten(slug: str) -> dict[str, str]:
        return {"slug": slug}

    @extra.get("/w/{slug}/only-signed-in")
    def loose(slug: str, user: User = Depends(signed_in)) -> dict[str, str]:  # noqa: B008
        return {"slug": slug}

    @extra.get("/w/{slug}/declared")
    def declared(ctx: Any = Depends(require("read"))) -> dict[str, str]:  # noqa: B008
        return {"slug": ctx.workspace.slug}

    server.app.include_router(extra)
    assert undeclared(server.app) == [
        "GET /w/{slug}/forgotten: declares no access",
        "GET /w/{slug}/only-signed-in: a workspace route without require(action)",
    ]


def test_an_unknown_action_fails_when_the_route_is_declared() -> None:
    with pytest.raises(KeyError, match="unknown action 'delete'"):
        require("delete")


def test_the_action_table() -> None:
    viewer, analyst, admin = ({1: role} for role in ROLES)
    ws = type("W", (), {"id": 1})()
    elsewhere = type("W", (), {"id": 2})()
    table = {
        role: sorted(a for a in ACTIONS if can(User(9, "x", roles=roles), a, ws))
        for role, roles in zip(ROLES, (viewer, analyst, admin), strict=True)
    }
    assert table == {
        "viewer": ["read"],
        "analyst": ["correct", "export", "read", "review", "upload"],
        "admin": ["correct", "export", "manage", "read", "review", "upload"],
    }
    assert not can(None, "read", ws)
    assert not can(User(9, "x", roles=admin), "read", elsewhere)
    assert not can(User(9, "root", is_superuser=True), "read", ws)


def _call(server: Server, caller: str, method: str, path: str, route: APIRoute) -> Any:
    is_api = path.startswith("/api/")
    params = {name: "desk" if name == "slug" else "999999" for name in PARAM.findall(path)}
    url = PARAM.sub(lambda m: params[m.group(1)], path)
    headers = {}
    if caller == "anonymous":
        client = server.client()
    elif is_api:
        client = server.script(caller)
    else:
        client, csrf = server.browser(caller)
        headers["X-CSRF-Token"] = csrf
    return client.request(method, url, headers=headers)


def _expected(server: Server, caller: str, path: str, route: APIRoute) -> str:
    access = access_of(route)
    assert access is not None
    if access.kind == "public":
        return "allowed"
    if caller == "anonymous":
        return "sign-in"
    user = server.users[caller]
    if access.kind == "user":
        return "allowed"
    if access.kind == "superuser":
        return "allowed" if user.is_superuser else "role"
    assert access.action is not None
    if server.desk.id not in user.roles:
        return "not-found"
    return "allowed" if can(user, access.action, server.desk) else "role"


def test_the_route_by_caller_matrix(server: Server) -> None:
    cells = 0
    outcomes: dict[str, int] = {}
    for path, methods, route in api_routes(server.app):
        for method in sorted(methods - {"HEAD"}):
            for caller in CALLERS:
                expected = _expected(server, caller, path, route)
                response = _call(server, caller, method, path, route)
                where = f"{method} {path} as {caller}"
                assert response.status_code < 500, f"{where}: {response.text}"
                denied = response.headers.get(DENIED)
                if expected == "allowed":
                    assert denied is None, f"{where}: refused ({response.status_code} {denied})"
                elif expected == "sign-in" and path.startswith("/api/"):
                    assert (response.status_code, denied) == (401, "sign-in"), where
                    assert response.json()["detail"].startswith("sign in")
                elif expected == "sign-in":
                    assert response.status_code == 303, where
                    assert response.headers["location"].startswith("/login"), where
                elif expected == "not-found":
                    assert (response.status_code, denied) == (404, "not-found"), where
                    assert "desk" not in response.headers.get("location", "")
                else:
                    assert (response.status_code, denied) == (403, "role"), where
                cells += 1
                outcomes[expected] = outcomes.get(expected, 0) + 1
    routes = sum(len(m - {"HEAD"}) for _, m, _ in api_routes(server.app))
    assert cells == routes * len(CALLERS)
    assert set(outcomes) == {"allowed", "sign-in", "not-found", "role"}


def test_a_foreign_workspace_looks_like_no_workspace(server: Server) -> None:
    olga = server.script("olga")
    foreign = olga.get("/api/w/desk/documents")
    missing = olga.get("/api/w/no-such-desk/documents")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["detail"] == "no workspace 'desk'"
    assert missing.json()["detail"] == "no workspace 'no-such-desk'"
    assert olga.get("/api/w/other/documents").json() == []


def test_role_refusals_name_the_role(server: Server) -> None:
    refused = server.script("vic").get("/api/w/desk/members")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "a viewer cannot manage in this workspace"
    members = server.script("ada").get("/api/w/desk/members").json()
    assert {m["name"]: m["role"] for m in members} == {
        "ada": "admin",
        "ana": "analyst",
        "vic": "viewer",
    }
