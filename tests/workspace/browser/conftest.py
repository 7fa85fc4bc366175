"""A real workspace server for a real browser: uvicorn on a free port, with its worker.

The server is what ``crossroads serve`` runs (the app with its analysis worker, the full
pipeline and its models), on SQLite and on PostgreSQL, with one superuser made through
the accounts API and the overview tests' event data. The browser is Debian's
``/usr/bin/chromium`` (``.ci/run`` installs it; ``playwright install`` cannot download
browsers here), driven by pytest-playwright. Screenshots go under the test's tmp dir, or
to ``$CROSSROADS_SCREENSHOTS`` on the SQLite run (``CROSSROADS_SCREENSHOTS=docs/screenshots``
refreshes the README's images).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from crossroads.workspace import accounts
from crossroads.workspace.app import create_app
from crossroads.workspace.routes.jobs import WorkerService

from ..overview.conftest import events_db  # noqa: F401  (fixture)

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS_ENV = "CROSSROADS_SCREENSHOTS"
SECRET = "a test key that signs nothing outside the browser tests"
ADMIN, PASSWORD = "nadia", "correct horse battery staple"
VIEWPORT = {"width": 1280, "height": 900}


@dataclass
class LiveServer:
    """A running server: its base URL, its app and the superuser who may sign in."""

    url: str
    app: FastAPI
    name: str = ADMIN
    password: str = PASSWORD


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options, with Debian's Chromium (CI runs as root)."""
    if not CHROMIUM.is_file():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (.ci/run installs it)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": ["--no-sandbox"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """The README's screenshots' window, and downloads kept for the test to open."""
    return {**browser_context_args, "viewport": VIEWPORT, "accept_downloads": True}


@pytest.fixture
def live_server(kb_url: str, events_db: Path) -> Iterator[LiveServer]:  # noqa: F811
    """``crossroads serve`` on a fresh knowledge base, at http://127.0.0.1:<free port>/."""
    app = create_app(kb_url, secret_key=SECRET, services=[WorkerService()])
    app.state.events_db = events_db
    accounts.create_user(app.state.kb.engine, ADMIN, PASSWORD, superuser=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the workspace server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True  # the lifespan stops the worker, then closes the store
        thread.join(timeout=120)
        sock.close()


@pytest.fixture
def screenshots(kb_url: str, tmp_path: Path) -> Path:
    """Where the flow saves its screenshots: $CROSSROADS_SCREENSHOTS on SQLite, else tmp."""
    chosen = os.environ.get(SCREENSHOTS_ENV)
    folder = Path(chosen) if chosen and "://" not in kb_url else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
