"""``make demo``'s set-up: the examples in a demo workspace, a login that works, a check."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from crossroads.workspace import spaces
from crossroads.workspace.app import create_app
from crossroads.workspace.demo import check_server, set_up_demo, should_serve
from crossroads.workspace.jobs import JobSettings

from ...store.conftest import LIGHT_STAGES

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "indonesia-australia.md"
LIGHT = JobSettings(stages=LIGHT_STAGES, embed=False)


def _sign_in(db: str, name: str, password: str) -> int:
    with TestClient(create_app(db, secret_key="k" * 40), follow_redirects=False) as client:
        return client.post("/login", data={"name": name, "password": password}).status_code


def test_the_set_up_fills_a_workspace_and_prints_a_working_login(tmp_path: Path) -> None:
    db = str(tmp_path / ".demo" / "kb.sqlite")
    setup = set_up_demo(db, [EXAMPLE], html=tmp_path / "demo-map.html", settings=LIGHT)
    assert setup.failed == [] and setup.documents == 1
    assert setup.messages == ["indonesia-australia.md: added"]
    report = (tmp_path / "demo-map.html").read_text(encoding="utf-8")
    assert "Indonesia–Australia demo: perspective map" in report
    assert check_server(setup) == []
    assert _sign_in(db, setup.admin, setup.password) == 303
    # Again: the same workspace and document, a new password; the old one no longer works.
    again = set_up_demo(db, [EXAMPLE], settings=LIGHT)
    assert again.documents == 1 and again.messages == [
        "indonesia-australia.md: already stored: linked"
    ]
    assert again.password != setup.password
    assert _sign_in(db, again.admin, setup.password) == 401
    assert _sign_in(db, again.admin, again.password) == 303
    from crossroads.store import KnowledgeBase

    with KnowledgeBase.open(db) as kb:
        [ws] = spaces.all_workspaces(kb.engine)
        assert ws.slug == "demo" and ws.dyad == "IDN-AUS"


def test_the_demo_overview_shows_its_synthetic_event_record_as_such(tmp_path: Path) -> None:
    db = str(tmp_path / ".demo" / "kb.sqlite")
    setup = set_up_demo(db, [EXAMPLE], settings=LIGHT)
    assert setup.events_db == tmp_path / ".demo" / "synthetic-demo-events.duckdb"
    assert setup.events > 200  # three years, six to twelve events a month
    app = create_app(db, secret_key="k" * 40)
    app.state.events_db = setup.events_db
    with TestClient(app) as client:
        client.post("/login", data={"name": setup.admin, "password": setup.password})
        overview = client.get("/api/w/demo/overview").json()
        page = client.get("/w/demo/overview").text
    months = overview["timeline"]["months"]
    assert len(months) == 36 and months[0]["period"] == "2022-01"
    assert sum(m["events"] for m in months) == setup.events
    # It drifts from cooperation to conflict and back, so the mean Goldstein dips mid-way.
    first, middle = months[:6], months[15:21]
    assert sum(m["goldstein"] for m in middle) < sum(m["goldstein"] for m in first)
    assert "Event data from synthetic-demo-events.duckdb." in page
    assert "synthetic.invalid" in client.get("/w/demo/events/2023-06").text


def test_serving_waits_for_a_terminal_and_no_ci() -> None:
    assert should_serve({}, interactive=True)
    assert not should_serve({}, interactive=False)
    assert not should_serve({"CI": "true"}, interactive=True)
    assert not should_serve({"DEMO_SERVE": "0"}, interactive=True)
    assert should_serve({"DEMO_SERVE": "1", "CI": "true"}, interactive=False)


def test_under_ci_the_command_sets_up_checks_and_exits(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    env = dict(os.environ, CI="true", HF_HUB_OFFLINE="1", XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-m", "crossroads.workspace.demo", "--db", ".demo/kb.sqlite",
         "--stages", ",".join(LIGHT_STAGES), EXAMPLE.name],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "name:     demo" in done.stdout and "password: " in done.stdout
    assert "Not serving" in done.stdout
    assert "synthetic events in .demo/synthetic-demo-events.duckdb" in done.stdout
    assert (tmp_path / ".demo" / "kb.sqlite").is_file()
    bad = subprocess.run(
        [sys.executable, "-m", "crossroads.workspace.demo", "missing.md"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 1
    assert bad.stderr.strip() == "crossroads demo: missing.md: no such example file"
