"""Knowledge bases, workspaces and light worker settings for the job tests.

Each test gets an empty knowledge base on SQLite and, when CROSSROADS_TEST_PG names a
server, on a fresh PostgreSQL database (the storage tests' pattern). Users and workspaces
are inserted with the schema's tables, as the web layer would create them.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert

from crossroads.store import KnowledgeBase, schema
from crossroads.workspace.jobs import JobSettings

from ...store.conftest import LIGHT_STAGES

# Fast polling and beats so that a test waits fractions of a second, not minutes.
LIGHT = JobSettings(
    stages=LIGHT_STAGES, embed=False, poll_seconds=0.05, heartbeat_seconds=0.2, stale_seconds=30
)


@pytest.fixture
def engine(kb_url: str) -> Iterator[Engine]:
    """The engine of an empty knowledge base, migrated to the head revision."""
    kb = KnowledgeBase.open(kb_url)
    yield kb.engine
    kb.close()


_COUNT = {"n": 0}


def add_workspace(
    engine: Engine, dyad: str = "KHM-USA", allow_private_urls: bool = False
) -> tuple[int, int]:
    """Insert a user and a workspace where the user is an analyst; their ids."""
    _COUNT["n"] += 1
    n, now = _COUNT["n"], datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as c:
        user = c.execute(
            insert(schema.users).values(name=f"analyst{n}", password_hash="x", created_at=now)
        ).inserted_primary_key
        space = c.execute(
            insert(schema.workspaces).values(
                slug=f"desk-{n}",
                name=f"Desk {n}",
                dyad=dyad,
                allow_private_urls=allow_private_urls,
                created_at=now,
            )
        ).inserted_primary_key
        assert user is not None and space is not None
        c.execute(
            insert(schema.memberships).values(
                workspace_id=space[0], user_id=user[0], role="analyst"
            )
        )
    return int(space[0]), int(user[0])


class Site(http.server.BaseHTTPRequestHandler):
    """A tiny web site: ``/page.txt`` is a short article, ``/to?url=U`` redirects to U."""

    body = (
        b"Phnom Penh and Washington resumed talks on demining. Cambodian officials welcomed "
        b"the new funding. Both governments should expand cooperation on disaster relief."
    )

    def do_GET(self) -> None:  # noqa: N802 (the handler's name is http.server's)
        if self.path.startswith("/to?url="):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        """Keep the test output clean."""


@pytest.fixture
def site() -> Iterator[Callable[[str], str]]:
    """A local HTTP server on 127.0.0.1; gives the URL of a path on it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield lambda path: f"http://127.0.0.1:{server.server_port}{path}"
    server.shutdown()
    server.server_close()
