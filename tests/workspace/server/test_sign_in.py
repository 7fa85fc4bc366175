"""Signing in and staying signed in: cookies, CSRF, the rate limit, expiry, API tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crossroads.store import schema
from crossroads.workspace import accounts
from crossroads.workspace.accounts import LoginLimit
from crossroads.workspace.app import create_app
from crossroads.workspace.deps import COOKIE

from .conftest import CSRF, PASSWORD, SECRET, Server, build_server


def sign_in(client, name: str, password: str = PASSWORD, next: str = "/"):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"name": name, "password": password, "next": next})


def test_signing_in_sets_a_protected_cookie_and_keeps_only_a_hash(server: Server) -> None:
    browser = server.client()
    response = sign_in(browser, "ana", next="/w/desk")
    assert response.status_code == 303 and response.headers["location"] == "/w/desk"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert "Canberra and Jakarta talk trade" in browser.get("/w/desk").text
    signed = browser.cookies[COOKIE]
    with server.engine.connect() as c:
        stored = c.execute(select(schema.sessions.c.token_hash)).scalars().all()
    token = server.app.state.settings.signer().loads(signed)
    assert stored == [accounts.digest(token)] and token not in stored


def test_over_https_the_cookie_is_secure(server: Server) -> None:
    response = sign_in(server.client(base_url="https://testserver"), "ana")
    assert "Secure" in response.headers["set-cookie"]


def test_a_forged_cookie_is_nobody(server: Server) -> None:
    session = accounts.start_session(server.engine, server.users["ada"].id)
    browser = server.client()
    browser.cookies.set(COOKIE, session.token)  # right token, not signed by the server
    assert browser.get("/").headers["location"] == "/login?next=/"


def test_the_next_page_stays_on_this_site(server: Server) -> None:
    response = sign_in(server.client(), "ana", next="//evil.example/steal")
    assert response.headers["location"] == "/"


def test_a_wrong_password_says_so_without_naming_which(server: Server) -> None:
    wrong_password = sign_in(server.client(), "ana", "not it at all")
    wrong_name = sign_in(server.client(), "nobody", "not it at all")
    assert wrong_password.status_code == wrong_name.status_code == 401
    assert "wrong name or password" in wrong_password.text
    assert COOKIE not in wrong_password.headers.get("set-cookie", "")


def test_a_form_post_needs_the_csrf_token(server: Server) -> None:
    browser, csrf = server.browser("sue")
    form = {"name": "Philippines–China desk", "dyad": "Philippines-China"}
    missing = browser.post("/workspaces", data=form)
    wrong = browser.post("/workspaces", data={**form, "csrf_token": csrf[::-1]})
    htmx_wrong = browser.post("/workspaces", data=form, headers={"X-CSRF-Token": "x" + csrf})
    for refused in (missing, wrong, htmx_wrong):
        assert refused.status_code == 403
        assert "CSRF" in refused.text
    assert server.script("sue").get("/api/workspaces").json() == []  # nothing was created
    made = browser.post("/workspaces", data={**form, "csrf_token": csrf})
    assert made.status_code == 303 and made.headers["location"] == "/w/philippines-china-desk"
    page = browser.get("/w/desk")  # sue is a superuser, not a member of desk
    assert page.status_code == 404


def test_htmx_requests_carry_the_csrf_token(server: Server) -> None:
    browser, csrf = server.browser("ada")
    page = browser.get("/w/desk").text
    assert f'hx-headers=\'{{"X-CSRF-Token": "{csrf}"}}\'' in page


def test_an_api_token_needs_no_csrf_token(server: Server) -> None:
    made = server.script("sue").post("/api/workspaces", json={"name": "Desk B", "dyad": "THA-USA"})
    assert made.status_code == 201
    assert made.json() == {"slug": "desk-b", "name": "Desk B", "dyad": "THA-USA", "role": "admin"}


def test_sign_in_is_limited_across_processes(kb_url: str) -> None:
    limit = LoginLimit(failures=3, window=timedelta(minutes=15))
    first = build_server(kb_url, login_limit=limit)
    # a second app on the same database, as a second server process would be
    second = Server(
        create_app(kb_url, secret_key=SECRET, login_limit=limit),
        first.users, first.tokens, first.desk, first.other,
    )  # fmt: skip
    try:
        for _ in range(3):
            assert sign_in(first.client(), "ana", "guessing wrong").status_code == 401
        blocked = sign_in(second.client(), "ana")  # the right password, another process
        assert blocked.status_code == 429
        assert "too many failed sign-ins" in blocked.text
        assert int(blocked.headers["Retry-After"]) > 800
        assert COOKIE not in blocked.headers.get("set-cookie", "")
        # the address is limited too: another name from the same address is refused
        assert sign_in(second.client(), "vic").status_code == 429
        with first.engine.connect() as c:
            recorded = c.execute(select(func.count()).select_from(schema.login_attempts))
            assert recorded.scalar_one() == 3  # refused attempts do not extend the block
    finally:
        second.app.state.kb.close()
        first.app.state.kb.close()


def test_an_idle_session_expires(kb_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A clock of our own: the outcome must not hang on how busy the machine is.
    clock = [accounts.now()]
    monkeypatch.setattr(accounts, "now", lambda: clock[0])
    built = build_server(kb_url, session_idle=timedelta(hours=1))
    try:
        browser = built.client()
        assert sign_in(browser, "vic").status_code == 303
        for _ in range(2):  # use keeps it alive past its first hour
            clock[0] += timedelta(minutes=40)
            assert browser.get("/").status_code == 200
        clock[0] += timedelta(minutes=61)
        assert browser.get("/").headers["location"] == "/login?next=/"
        assert browser.get("/api/workspaces").status_code == 401
        with built.engine.connect() as c:
            left = c.execute(select(func.count()).select_from(schema.sessions)).scalar_one()
        assert left == 0  # the expired session is gone
    finally:
        built.app.state.kb.close()


def test_signing_out_ends_the_session(server: Server) -> None:
    browser = server.client()
    sign_in(browser, "ana")
    csrf = CSRF.search(browser.get("/").text).group(1)  # type: ignore[union-attr]
    stolen = browser.cookies[COOKIE]
    out = browser.post("/logout", data={"csrf_token": csrf})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    thief = server.client()
    thief.cookies.set(COOKIE, stolen)
    assert thief.get("/api/workspaces").status_code == 401


def test_changing_the_password_ends_every_session(server: Server) -> None:
    browser, csrf = server.browser("ana")
    other_device, _ = server.browser("ana")
    changed = browser.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "new": "a new long one",
            "confirm": "a new long one",
            "csrf_token": csrf,
        },
    )
    assert changed.status_code == 303
    assert other_device.get("/").status_code == 303
    assert sign_in(server.client(), "ana").status_code == 401
    assert sign_in(server.client(), "ana", "a new long one").status_code == 303


def test_an_api_token_works_until_revoked(server: Server) -> None:
    browser, csrf = server.browser("ana")
    page = browser.post("/account/tokens", data={"name": "nightly export", "csrf_token": csrf})
    assert page.status_code == 201
    secret = page.text.split('<pre class="secret">')[1].split("</pre>")[0]
    assert secret.startswith("cr_")
    script = server.client(headers={"Authorization": f"Bearer {secret}"})
    listed = script.get("/api/workspaces")
    assert listed.status_code == 200
    assert [w["slug"] for w in listed.json()] == ["desk"]
    assert browser.get("/account").text.count(secret) == 0  # shown once only
    tokens = {t["name"]: t for t in script.get("/api/tokens").json()}
    assert tokens["nightly export"]["last_used_at"] is not None
    revoked = script.delete(f"/api/tokens/{tokens['nightly export']['id']}")
    assert revoked.status_code == 204
    after = script.get("/api/workspaces")
    assert after.status_code == 401
    assert after.json() == {"detail": "unknown or revoked API token"}


def test_an_anonymous_api_call_gets_401(server: Server) -> None:
    response = server.client().get("/api/workspaces")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "Bearer" in response.json()["detail"]
