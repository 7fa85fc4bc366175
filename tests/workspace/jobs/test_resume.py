"""A worker killed in the middle of a job: the next worker resumes it, and it ends once.

The killed worker runs in a subprocess whose progress hook (``Worker(on_progress=...)``,
the documented test hook) holds the job at its first progress report, as a long analysis
would, until the test sends SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, func, select

from crossroads.store import schema
from crossroads.workspace.jobs import JobSettings, Worker, enqueue_upload, job

from .conftest import LIGHT, add_workspace

DOOMED = """
import pathlib, sys, time
from crossroads.store import KnowledgeBase
from crossroads.workspace.jobs import JobSettings, Worker
from crossroads.pipeline import DEFAULT_STAGES
url, marker, stages = sys.argv[1], pathlib.Path(sys.argv[2]), tuple(sys.argv[3].split(","))

def hold(job_id, fraction):
    marker.write_text(str(job_id))
    time.sleep(3600)  # until SIGKILL

kb = KnowledgeBase.open(url, mode="write")
settings = JobSettings(stages=stages, embed=False, poll_seconds=0.05, heartbeat_seconds=0.2)
Worker(kb.engine, settings, worker_id="doomed", on_progress=hold).start()
time.sleep(3600)
"""
TEXT = (
    b"Cambodian and American engineers held a joint humanitarian exercise near Kampot. "
    b"Officers on both sides described the drill as a modest but useful step.\n"
)


def wait_for(check: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_killed_workers_job_is_resumed_and_done_once(
    engine: Engine, kb_url: str, tmp_path: Path
) -> None:
    desk, nadia = add_workspace(engine)
    job_id = enqueue_upload(engine, desk, nadia, "exercise.txt", TEXT)
    marker, script = tmp_path / "holding", tmp_path / "doomed.py"
    script.write_text(DOOMED)
    doomed = subprocess.Popen(
        [sys.executable, str(script), kb_url, str(marker), ",".join(LIGHT.stages)]
    )
    try:
        wait_for(marker.exists)
        held = job(engine, job_id, desk)
        assert held and held.state == "running" and held.claimed_by == "doomed"
        first_beat = held.heartbeat_at
        assert first_beat is not None
        wait_for(lambda: (j := job(engine, job_id, desk)) and j.heartbeat_at > first_beat, 10)
    finally:
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(30)
    assert doomed.returncode == -signal.SIGKILL
    time.sleep(1.2)  # the last heartbeat grows older than the new worker's stale_seconds
    settings = JobSettings(
        stages=LIGHT.stages, embed=False, poll_seconds=0.05, heartbeat_seconds=0.2,
        stale_seconds=1.0,
    )  # fmt: skip
    worker = Worker(engine, settings, worker_id="heir")
    worker.start()
    try:
        wait_for(lambda: (j := job(engine, job_id, desk)) and j.state in ("done", "failed"))
    finally:
        worker.stop()
    done = job(engine, job_id, desk)
    assert done and (done.state, done.claimed_by, done.attempts) == ("done", "heir", 2)
    assert done.message == "exercise.txt: added"
    with engine.connect() as c:
        documents = c.execute(select(func.count()).select_from(schema.documents)).scalar_one()
        links = c.execute(
            select(schema.workspace_documents.c.document_id).where(
                schema.workspace_documents.c.workspace_id == desk
            )
        ).scalars()
        assert documents == 1 and list(links) == [done.document_id]
