"""A workspace server on SQLite and on PostgreSQL, with a cast of users in two workspaces.

``desk`` (Indonesia–Australia) has an admin (ada), an analyst (ana) and a viewer (vic);
``other`` has its own admin (olga); otto belongs nowhere; sue is a superuser who is a
member of neither. Each test gets a fresh knowledge base (PostgreSQL: a database of its
own on the server CROSSROADS_TEST_PG names, created and dropped around the test).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from crossroads.store.kb import RunInfo
from crossroads.workspace import accounts, spaces
from crossroads.workspace.app import create_app
from crossroads.workspace.deps import COOKIE

from ...store.conftest import make_record

SECRET = "a test key that signs nothing outside these tests"
PASSWORD = "correct horse battery"
CAST = {  # name -> (superuser, {workspace slug: role})
    "ada": (False, {"desk": "admin"}),
    "ana": (False, {"desk": "analyst"}),
    "vic": (False, {"desk": "viewer"}),
    "olga": (False, {"other": "admin"}),
    "otto": (False, {}),
    "sue": (True, {}),
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Server:
    """The app, its users by name and an API token for each."""

    app: FastAPI
    users: dict[str, accounts.User]
    tokens: dict[str, str]
    desk: spaces.Workspace
    other: spaces.Workspace

    @property
    def engine(self) -> Any:
        """The knowledge base's engine."""
        return self.app.state.kb.engine

    def client(self, **kwargs: Any) -> TestClient:
        """An anonymous browser (redirects not followed)."""
        return TestClient(self.app, follow_redirects=False, **kwargs)

    def browser(self, name: str) -> tuple[TestClient, str]:
        """A browser with a fresh session of ``name``, and the CSRF token its pages carry."""
        session = accounts.start_session(self.engine, self.users[name].id)
        client = self.client()
        client.cookies.set(COOKIE, self.app.state.settings.signer().dumps(session.token))
        page = client.get("/")
        assert page.status_code == 200, page.text
        match = CSRF.search(page.text)
        assert match is not None
        return client, match.group(1)

    def script(self, name: str) -> TestClient:
        """A script calling the API with ``name``'s token."""
        return self.client(headers={"Authorization": f"Bearer {self.tokens[name]}"})


def build_server(url: str, **options: Any) -> Server:
    """A server on ``url`` with the cast, and one stored document linked to ``desk``."""
    app = create_app(url, secret_key=SECRET, **options)
    engine = app.state.kb.engine
    users = {
        name: accounts.create_user(engine, name, PASSWORD, superuser=su)
        for name, (su, _) in CAST.items()
    }
    desk = spaces.create_workspace(
        engine, "Indonesia–Australia desk", "Indonesia-Australia", slug="desk"
    )
    other = spaces.create_workspace(engine, "Other desk", "Vietnam-China", slug="other")
    by_slug = {"desk": desk, "other": other}
    for name, (_, roles) in CAST.items():
        for slug, role in roles.items():
            spaces.set_member(engine, by_slug[slug].id, users[name].id, role)
    record = make_record(
        "2025-03-01",
        "talks.md",
        [("AUS", "economy", "cooperative", []), ("IDN", "economy", "neutral", [])],
    )
    record = dict(record, title="Canberra and Jakarta talk trade", dyad=desk.dyad_key)
    app.state.kb.store(record, RunInfo("test", ("crossroads.segment.v1",), "default"))
    doc_id = app.state.kb.stale_documents(None, None)[0]["id"]
    spaces.add_document(engine, desk.id, doc_id, users["ana"].id)
    users = {name: accounts.load_user(engine, u.id) for name, u in users.items()}  # with roles
    tokens = {
        name: accounts.create_api_token(engine, u.id, "tests")[0] for name, u in users.items()
    }
    return Server(app, users, tokens, desk, other)  # type: ignore[arg-type]


@pytest.fixture
def server(kb_url: str) -> Iterator[Server]:
    """The cast's server on a fresh knowledge base (SQLite and PostgreSQL)."""
    built = build_server(kb_url, session_idle=timedelta(hours=1))
    yield built
    built.app.state.kb.close()
