"""``crossroads users``, ``crossroads workspaces`` and ``crossroads serve`` from a terminal."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from crossroads.cli import main
from crossroads.store import KnowledgeBase
from crossroads.workspace import accounts, audit, spaces


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input)


def test_an_admin_sets_up_a_team(kb_url: str) -> None:
    db = ("--db", kb_url)
    made = run(
        "users", "add", "nadia", "--superuser", "--password-stdin", *db, input="a long passphrase\n"
    )
    assert made.exit_code == 0, made.output
    assert "added superuser nadia" in made.output
    desk = run(
        "workspaces",
        "add",
        "Indonesia–Australia desk",
        "--dyad",
        "Indonesia-Australia",
        "--admin",
        "nadia",
        *db,
    )
    assert desk.exit_code == 0, desk.output
    assert "indonesia-australia-desk" in desk.output
    # prompted twice, hidden
    omar = run("users", "add", "omar", "--workspace", "indonesia-australia-desk", "--role", "viewer", *db,
               input="omar's passphrase\nomar's passphrase\n")  # fmt: skip
    assert omar.exit_code == 0, omar.output
    assert "Repeat the password" in omar.output and "omar's passphrase" not in omar.output
    listed = run("users", "list", *db)
    assert listed.exit_code == 0
    assert listed.output.splitlines() == [
        "nadia\tsuperuser\tindonesia-australia-desk:admin",
        "omar\t-\tindonesia-australia-desk:viewer",
    ]
    workspaces = run("workspaces", "list", *db)
    assert workspaces.output.splitlines() == [
        "indonesia-australia-desk\tIDN-AUS\tIndonesia–Australia desk"
    ]
    with KnowledgeBase.open(kb_url) as kb:
        user = accounts.sign_in(kb.engine, "omar", "omar's passphrase", "127.0.0.1")
        ws = spaces.get_workspace(kb.engine, "indonesia-australia-desk")
        assert ws is not None and user.roles == {ws.id: "viewer"}
        assert not user.is_superuser
        # The command line's membership changes are in the audit log, made by no user.
        log = [(e.user_id, e.action, e.target, e.detail) for e in audit.entries(kb.engine, ws.id)]
        assert log == [
            (None, "member.add", "omar", {"field": "role", "old": None, "new": "viewer"}),
            (None, "member.add", "nadia", {"field": "role", "old": None, "new": "admin"}),
        ]


def test_mistakes_are_one_line_and_fail(tmp_path: Path) -> None:
    db = ("--db", str(tmp_path / "kb.sqlite"))
    assert (
        run("users", "add", "nadia", "--password-stdin", *db, input="a long passphrase\n").exit_code
        == 0
    )
    cases = {
        ("users", "add", "nadia", "--password-stdin"): "nadia: a user of that name exists",
        (
            "users",
            "add",
            "bo",
            "--password-stdin",
        ): "password: too short: use at least 8 characters",
        ("users", "add", "bad name!", "--password-stdin"): "a user name is 1 to 80 letters",
        (
            "users",
            "add",
            "bo",
            "--workspace",
            "nowhere",
            "--password-stdin",
        ): "no workspace 'nowhere'",
        ("users", "add", "bo", "--role", "admin", "--password-stdin"): "--role needs --workspace",
        ("workspaces", "add", "Desk", "--dyad", "Atlantis-US"): "unknown country 'Atlantis'",
        ("workspaces", "add", "Desk", "--dyad", "IDN-AUS", "--admin", "zed"): "no user 'zed'",
        ("workspaces", "add", "国境", "--dyad", "CHN-VNM"): "give one",
    }
    for args, message in cases.items():
        result = run(*args, *db, input="short\n")
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and message in errors[0], result.output
    mismatch = run("users", "add", "cy", *db, input="first passphrase\nsecond passphrase\n")
    assert mismatch.exit_code != 0 and "do not match" in mismatch.output
    assert run("users", "list", "--db", str(tmp_path / "none.sqlite")).exit_code == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_the_workspace(tmp_path: Path) -> None:
    port = _free_port()
    db = tmp_path / "kb.sqlite"
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), HF_HUB_OFFLINE="1")
    env.pop("CROSSROADS_SECRET_KEY", None)
    code = "from crossroads.cli import main; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--db", str(db)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        banner = proc.stderr.readline()
        assert f"http://127.0.0.1:{port}/" in banner
        deadline = time.monotonic() + 30
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "serve did not start"
                time.sleep(0.2)
        assert page.status_code == 200 and "Sign in" in page.text
        assert httpx.get(f"http://127.0.0.1:{port}/api/workspaces").status_code == 401
        key = tmp_path / "data" / "crossroads" / "secret_key"
        assert key.is_file() and oct(key.stat().st_mode & 0o777) == "0o600"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert db.is_file()
