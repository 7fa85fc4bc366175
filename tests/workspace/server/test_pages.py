"""The pages and their JSON twins: lists, a workspace's home, members, escaping, no CDN."""

from __future__ import annotations

import re

from fastapi.routing import APIRoute

from crossroads.workspace import spaces
from crossroads.workspace.deps import api_routes

from .conftest import Server

SCRIPT = "<script>alert(1)</script>"
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.I
)


def test_each_user_sees_only_their_workspaces(server: Server) -> None:
    assert server.script("ana").get("/api/workspaces").json() == [
        {"slug": "desk", "name": "Indonesia–Australia desk", "dyad": "IDN-AUS", "role": "analyst"}
    ]
    assert [w["slug"] for w in server.script("olga").get("/api/workspaces").json()] == ["other"]
    assert server.script("otto").get("/api/workspaces").json() == []
    browser, _ = server.browser("ana")
    page = browser.get("/").text
    assert "Indonesia–Australia desk" in page and "Other desk" not in page
    assert "New workspace" not in page  # only superusers create workspaces


def test_a_workspace_home_lists_its_documents(server: Server) -> None:
    docs = server.script("vic").get("/api/w/desk/documents").json()
    assert [(d["title"], d["date"], d["sentences"]) for d in docs] == [
        ("Canberra and Jakarta talk trade", "2025-03-01", 2)
    ]
    browser, _ = server.browser("vic")
    page = browser.get("/w/desk").text
    assert "Canberra and Jakarta talk trade" in page and "2025-03-01" in page
    assert "you are viewer" in page
    assert "Members" not in page  # the members link is for admins
    assert server.script("olga").get("/api/w/other/documents").json() == []


def test_user_text_is_escaped_on_every_page(server: Server) -> None:
    browser, csrf = server.browser("sue")
    made = browser.post(
        "/workspaces", data={"name": SCRIPT, "dyad": "IDN-AUS", "slug": "xss", "csrf_token": csrf}
    )
    assert made.status_code == 303
    for path in ("/", "/w/xss", "/w/xss/members"):
        page = browser.get(path)
        assert page.status_code == 200, path
        assert SCRIPT not in page.text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, path
    refused = browser.post("/workspaces", data={"name": "x", "dyad": SCRIPT, "csrf_token": csrf})
    assert refused.status_code == 400
    assert SCRIPT not in refused.text and "unknown country" in refused.text


def test_no_page_loads_anything_from_the_network(server: Server) -> None:
    browser, _ = server.browser("ada")
    pages = [
        path.replace("{slug}", "desk")
        for path, methods, route in api_routes(server.app)
        if "GET" in methods and isinstance(route, APIRoute) and "{" not in path.replace("{slug}", "")
        and not path.startswith("/api/") or path == "/api/docs"
    ]  # fmt: skip
    assert {"/", "/w/desk", "/w/desk/members", "/account", "/api/docs"} <= set(pages)
    for path in pages:
        page = browser.get(path, follow_redirects=True)  # /login sends a signed-in user on
        assert page.status_code == 200, path
        assert "text/html" in page.headers["content-type"], path
        assert not EXTERNAL.search(page.text), f"{path} loads from another site"
        assert "script-src 'self'" in page.headers["content-security-policy"]
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
            assert browser.get(asset).status_code == 200, asset
    login = server.client().get("/login")
    assert login.status_code == 200 and not EXTERNAL.search(login.text)


def test_htmx_is_vendored_with_its_licence(server: Server) -> None:
    client = server.client()
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200 and "htmx" in script.text[:2000]
    notice = client.get("/static/NOTICE").text
    assert "htmx 2." in notice and "0BSD" in notice
    assert "Zero-Clause BSD" in client.get("/static/htmx.LICENSE").text


def test_the_api_is_described(server: Server) -> None:
    spec = server.client().get("/api/openapi.json").json()
    assert "/api/workspaces" in spec["paths"] and "/api/w/{slug}/documents" in spec["paths"]
    docs = server.client().get("/api/docs").text
    assert "/api/w/{slug}/members" in docs and "manage" in docs


def test_admins_manage_members_but_never_remove_the_last_admin(server: Server) -> None:
    seen = max(e["id"] for e in server.script("vic").get("/api/w/desk/audit").json())
    browser, csrf = server.browser("ada")
    added = browser.post(
        "/w/desk/members", data={"name": "otto", "role": "viewer", "csrf_token": csrf}
    )
    assert added.status_code == 303
    assert [w["role"] for w in server.script("otto").get("/api/workspaces").json()] == ["viewer"]
    browser.post("/w/desk/members", data={"name": "otto", "role": "analyst", "csrf_token": csrf})
    assert server.script("otto").get("/api/w/desk").json()["role"] == "analyst"
    unknown = browser.post(
        "/w/desk/members", data={"name": "zed", "role": "viewer", "csrf_token": csrf}
    )
    assert unknown.status_code == 404 and "no user &#39;zed&#39;" in unknown.text
    last = browser.post("/w/desk/members/ada/remove", data={"csrf_token": csrf})
    assert last.status_code == 400 and "needs an admin" in last.text
    demote = server.script("ada").put("/api/w/desk/members/ada", json={"role": "analyst"})
    assert demote.status_code == 400 and "needs an admin" in demote.json()["detail"]
    assert (
        server.script("ada").put("/api/w/desk/members/ana", json={"role": "admin"}).status_code
        == 200
    )
    assert server.script("ana").delete("/api/w/desk/members/ada").status_code == 204
    assert server.script("ada").get("/api/w/desk").status_code == 404
    removed = browser.post("/w/desk/members/otto/remove", data={"csrf_token": csrf})
    assert removed.status_code == 404  # ada is no longer a member: nothing to see here
    roles = {m.name: m.role for m in spaces.members(server.engine, server.desk.id)}
    assert roles == {"ana": "admin", "otto": "analyst", "vic": "viewer"}
    # Every change is in the audit log, oldest last: who, whom, the role before and after;
    # the refused ones (the last admin, an unknown user) left no entry.
    log = server.script("vic").get("/api/w/desk/audit").json()
    changes = [
        (e["user"], e["action"], e["target"], e["detail"]["old"], e["detail"]["new"])
        for e in reversed(log)
        if e["id"] > seen
    ]
    assert changes == [
        ("ada", "member.add", "otto", None, "viewer"),
        ("ada", "member.role", "otto", "viewer", "analyst"),
        ("ada", "member.role", "ana", "analyst", "admin"),
        ("ana", "member.remove", "ada", "admin", None),
    ]
    page = server.browser("vic")[0].get("/w/desk/audit").text
    row = re.search(r"<tr>(?:(?!</tr>).)*member\.role(?:(?!</tr>).)*otto.*?</tr>", page, re.S)
    assert row is not None and "role: viewer → analyst" in row.group(0)
    assert "role: admin → not a member" in page and "role: not a member → viewer" in page


def test_a_bad_role_is_one_clear_line(server: Server) -> None:
    response = server.script("ada").put("/api/w/desk/members/otto", json={"role": "owner"})
    assert response.status_code == 400
    assert response.json() == {"detail": "'owner': unknown role: use one of viewer, analyst, admin"}


class Recorder:
    """A background service that notes when the server starts and stops it."""

    def __init__(self, log: list[str], name: str) -> None:
        self.log, self.name = log, name

    def start(self, app: object) -> None:
        self.log.append(f"start {self.name}")

    def stop(self, app: object) -> None:
        self.log.append(f"stop {self.name}")


def test_services_run_for_the_life_of_the_server(kb_url: str) -> None:
    from fastapi.testclient import TestClient

    from crossroads.workspace.app import create_app

    log: list[str] = []
    app = create_app(
        kb_url, secret_key="k", services=[Recorder(log, "worker"), Recorder(log, "sse")]
    )
    with TestClient(app) as client:
        assert log == ["start worker", "start sse"]
        assert client.get("/login").status_code == 200
    assert log == ["start worker", "start sse", "stop sse", "stop worker"]
