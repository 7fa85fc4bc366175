"""Several workers share one queue: threads and processes each claim every job once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine

from crossroads.workspace.jobs import claim_next, enqueue_url

from .conftest import add_workspace

JOBS = 60
CLAIMER = """
import pathlib, sys, time
from crossroads.store import KnowledgeBase
from crossroads.workspace.jobs import claim_next
url, name, go = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
kb = KnowledgeBase.open(url, mode="write")
print("ready", flush=True)
while not go.exists():
    time.sleep(0.01)
while (job := claim_next(kb.engine, name)) is not None:
    print(job.id, flush=True)
    time.sleep(WORK)
kb.close()
"""
WORK = 0.02  # seconds each claimer "works" on a job, so that all of them get a share


def test_threads_and_processes_claim_each_job_exactly_once(
    engine: Engine, kb_url: str, tmp_path: Path
) -> None:
    desk, nadia = add_workspace(engine)
    queued = [enqueue_url(engine, desk, nadia, f"https://example.org/{i}") for i in range(JOBS)]
    go = tmp_path / "go"  # everyone claims once every process has imported and connected
    script = tmp_path / "claimer.py"
    script.write_text(CLAIMER.replace("WORK", repr(WORK)))
    processes = [
        subprocess.Popen(
            [sys.executable, str(script), kb_url, f"process-{n}", str(go)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    by_thread: dict[str, list[int]] = {}

    def claim_all(name: str) -> None:
        while not go.exists():
            time.sleep(0.01)
        mine = by_thread.setdefault(name, [])
        while (claimed := claim_next(engine, name)) is not None:
            assert claimed.state == "running" and claimed.claimed_by == name
            mine.append(claimed.id)
            time.sleep(WORK)

    threads = [threading.Thread(target=claim_all, args=(f"thread-{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    go.touch()
    for thread in threads:
        thread.join(120)
    by_process = {}
    for n, process in enumerate(processes):
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0
        by_process[f"process-{n}"] = [int(line) for line in out.split()]
    assert all(by_thread.values()), by_thread
    claims = Counter(i for ids in [*by_thread.values(), *by_process.values()] for i in ids)
    assert sorted(claims) == sorted(queued)
    assert set(claims.values()) == {1}
    assert all(by_process.values()), by_process  # every process took part
    assert claim_next(engine, "late") is None
