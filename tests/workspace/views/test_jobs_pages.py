"""Adding documents from the browser: uploads and URLs become jobs, failures named."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from crossroads.store import schema
from crossroads.workspace.jobs import Worker, claim_next, enqueue_upload, job
from crossroads.workspace.routes.jobs import WorkerService

from ..server.conftest import Server, build_server
from .conftest import LIGHT, UPLOAD_LIMIT

DEMINING = (
    b"---\ntitle: Demining aid resumes\ndate: 2024-05-20\n---\n\n"
    b"Australia announced new funding for demining in Aceh province. "
    b"Indonesian officials welcomed the assistance as a sign of renewed trust.\n"
)
TARIFFS = (
    b"New Australian tariffs on palm oil could cost thousands of jobs in Indonesia. "
    b"The trade ministry asked Canberra to negotiate a lower rate.\n"
)
BAD = {  # name -> (bytes, the one line the job list must show)
    "empty.txt": (b"", "empty.txt: the file is empty"),
    "notes.txt": (b"\x7fELF\x02\x01\x01" + bytes(64), "notes.txt: is an ELF executable, not a document"),
    "report.pdf": (b"Just words, not a PDF.\n", "report.pdf: is named as a PDF but is not one"),
    "huge.md": (b"word " * UPLOAD_LIMIT, "huge.md: larger than the 4 KB upload limit"),
}  # fmt: skip


@pytest.fixture
def served(kb_url: str) -> Iterator[Server]:
    """The cast's server with its analysis worker running (light stages)."""
    server = build_server(kb_url, session_idle=timedelta(hours=1), services=[WorkerService(LIGHT)])
    with TestClient(server.app):  # runs the lifespan: the worker starts, then stops
        yield server


def upload(server: Server, name: str, files: list[tuple[str, bytes]], urls: str = "") -> Any:
    client, csrf = server.browser(name)
    return client.post(
        "/w/desk/jobs",
        data={"csrf_token": csrf, "urls": urls},
        files=[("files", (n, data, "application/octet-stream")) for n, data in files],
    )


def wait_finished(server: Server, expected: int, timeout: float = 60) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        listed = server.script("vic").get("/api/w/desk/jobs").json()
        if len(listed) >= expected and all(j["state"] in ("done", "failed") for j in listed):
            return listed
        assert time.monotonic() < deadline, f"jobs did not finish: {listed}"
        time.sleep(0.1)


def test_bad_files_are_named_and_the_good_ones_analysed(served: Server) -> None:
    files = [("demining.md", DEMINING), *((n, b) for n, (b, _) in BAD.items()),
             ("tariffs.txt", TARIFFS)]  # fmt: skip
    sent = upload(served, "ana", files, urls="ftp://example.org/brief.txt\n\n")
    assert (sent.status_code, sent.headers["location"]) == (303, "/w/desk/jobs")
    listed = wait_finished(served, len(files) + 1)
    by_source = {j["source"]: j for j in listed}
    assert sorted(by_source) == sorted([*(n for n, _ in files), "ftp://example.org/brief.txt"])
    for name, (_, line) in BAD.items():
        assert (by_source[name]["state"], by_source[name]["message"]) == ("failed", line)
    assert by_source["ftp://example.org/brief.txt"]["message"] == (
        "ftp://example.org/brief.txt: not an http(s) URL"
    )
    for name in ("demining.md", "tariffs.txt"):
        assert by_source[name]["state"] == "done", by_source[name]
        assert by_source[name]["message"] == f"{name}: added"
    # The page lists each failure as its one line, and the analysed documents link to
    # their view; the workspace lists them.
    client, _ = served.browser("vic")
    page = client.get("/w/desk/jobs").text
    failures = re.search(r'<ul class="failures".*?</ul>', page, re.S)
    assert failures is not None
    lines = re.findall(r'<li class="error">(.*?)</li>', failures.group(0))
    assert sorted(lines) == sorted([*(line for _, line in BAD.values()),
                                    "ftp://example.org/brief.txt: not an http(s) URL"])  # fmt: skip
    doc_id = by_source["demining.md"]["document_id"]
    assert f'href="/w/desk/documents/{doc_id}">demining.md: added</a>' in page
    home = client.get("/w/desk").text
    assert "Demining aid resumes" in home
    assert "· 3 documents" in home  # the fixture's one and the two analysed
    view = client.get(f"/w/desk/documents/{doc_id}")
    assert view.status_code == 200 and "Indonesian officials welcomed" in view.text


def test_the_job_list_polls_until_every_job_is_finished(kb_url: str) -> None:
    server = build_server(kb_url)  # no worker: the jobs wait until this test runs them
    try:
        assert upload(server, "ana", [("demining.md", DEMINING)]).status_code == 303
        client, _ = server.browser("vic")
        waiting = client.get("/w/desk/jobs/list").text
        assert 'hx-get="/w/desk/jobs/list" hx-trigger="every 1s"' in waiting
        assert "demining.md" in waiting and "queued" in waiting
        page = client.get("/w/desk/jobs").text
        assert 'hx-trigger="every 1s"' in page and 'type="file"' not in page  # a viewer
        worker = Worker(server.engine, LIGHT)
        while worker.run_once():
            pass
        finished = client.get("/w/desk/jobs/list").text
        assert "hx-trigger" not in finished and "demining.md: added" in finished
    finally:
        server.app.state.kb.close()


def test_job_status_stays_in_its_workspace(kb_url: str) -> None:
    server = build_server(kb_url)
    try:
        theirs = enqueue_upload(server.engine, server.other.id, None, "fishing.txt", TARIFFS)
        mine = server.script("ana").post(
            "/api/w/desk/jobs", files=[("files", ("tariffs.txt", TARIFFS, "text/plain"))]
        )
        assert mine.status_code == 201
        [created] = mine.json()
        assert (created["source"], created["state"]) == ("tariffs.txt", "queued")
        ana = server.script("ana")
        assert ana.get(f"/api/w/desk/jobs/{created['id']}").json()["id"] == created["id"]
        assert ana.get(f"/api/w/desk/jobs/{theirs}").status_code == 404
        assert [j["id"] for j in ana.get("/api/w/desk/jobs").json()] == [created["id"]]
        # The upload, and before it only the set-up's members (no user: the command line).
        log = [(e["action"], e["user"], e["target"]) for e in ana.get("/api/w/desk/audit").json()]
        assert log[0] == ("document.upload", "ana", "tariffs.txt")
        assert set(log[1:]) == {("member.add", None, name) for name in ("ada", "ana", "vic")}
        olga = server.script("olga")
        assert olga.get(f"/api/w/other/jobs/{theirs}").json()["source"] == "fishing.txt"
        assert olga.get(f"/api/w/desk/jobs/{created['id']}").status_code == 404
        other = olga.get("/api/w/other/audit").json()
        assert [(e["action"], e["target"]) for e in other] == [("member.add", "olga")]
        # A viewer may watch, not add; nothing chosen is a clear refusal.
        refused = server.script("vic").post("/api/w/desk/jobs", data={"urls": "https://a.org/x"})
        assert refused.status_code == 403
        empty = ana.post("/api/w/desk/jobs", data={"urls": "  \n"})
        assert empty.status_code == 400
        assert empty.json()["detail"] == "choose one file or more, or paste URLs (one per line)"
    finally:
        server.app.state.kb.close()


def test_the_server_resumes_a_killed_workers_job_on_start(kb_url: str) -> None:
    server = build_server(kb_url, services=[WorkerService(LIGHT)])
    engine = server.engine
    job_id = enqueue_upload(engine, server.desk.id, server.users["ana"].id, "demining.md", DEMINING)
    claimed = claim_next(engine, "a-killed-server:4242")
    assert claimed is not None and claimed.id == job_id
    # The killed worker's last heartbeat was an hour ago.
    with engine.begin() as c:
        c.execute(
            update(schema.jobs)
            .where(schema.jobs.c.id == job_id)
            .values(heartbeat_at=claimed.heartbeat_at - timedelta(hours=1))
        )
    try:
        with TestClient(server.app):
            deadline = time.monotonic() + 60
            while (found := job(engine, job_id, server.desk.id)) and found.state != "done":
                assert found.state != "failed", found.message
                assert time.monotonic() < deadline, f"not resumed: {found}"
                time.sleep(0.1)
        assert found is not None
        assert found.attempts == 2 and found.claimed_by != "a-killed-server:4242"
        assert found.message == "demining.md: added"
    finally:
        server.app.state.kb.close()
