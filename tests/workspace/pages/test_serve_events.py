"""``crossroads serve --events-db``: the overview's event data comes from the file named."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from crossroads.store import KnowledgeBase
from crossroads.workspace import accounts, spaces


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_reads_the_events_database_it_is_given(tmp_path: Path, events_db: Path) -> None:
    db = tmp_path / "kb.sqlite"
    with KnowledgeBase.open(str(db), mode="create") as kb:
        user = accounts.create_user(kb.engine, "nadia", "a long passphrase here")
        spaces.create_workspace(kb.engine, "Desk", "Indonesia-Australia", slug="desk",
                                admin_id=user.id)  # fmt: skip
        token, _ = accounts.create_api_token(kb.engine, user.id, "test")
    port = _free_port()
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), HF_HUB_OFFLINE="1")
    env["CROSSROADS_EVENTS_DB"] = str(tmp_path / "not-this-one.duckdb")
    command = [sys.executable, "-c", "from crossroads.cli import main; main()", "serve",
               "--port", str(port), "--db", str(db), "--events-db", str(events_db)]  # fmt: skip
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    headers = {"Authorization": f"Bearer {token}"}
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                got = httpx.get(f"{base}/api/w/desk/events/2024-05", headers=headers, timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "serve did not start"
                time.sleep(0.3)
        assert got.status_code == 200, got.text
        assert len(got.json()["events"]) == 3 and got.json()["note"] is None
        overview = httpx.get(f"{base}/api/w/desk/overview", headers=headers, timeout=30).json()
        assert len(overview["timeline"]["months"]) == 12  # January to December 2024
    finally:
        proc.terminate()
        proc.wait(timeout=20)
