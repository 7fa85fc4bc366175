"""A large batch of one workspace goes to the Dask engine (a small LocalCluster here)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from crossroads.corpus.worker import worker_stats
from crossroads.store import KnowledgeBase
from crossroads.workspace.jobs import Worker, enqueue_upload, workspace_jobs

from .conftest import LIGHT, add_workspace

TEXTS = {
    "ream.txt": b"Washington voiced concern about the upgrade of the Ream Naval Base.\n",
    "aid.txt": b"The United States announced new funding for demining in Battambang.\n",
    "vote.txt": b"The State Department criticised the exclusion of the opposition party.\n",
}


def test_more_jobs_than_the_threshold_run_on_dask(tmp_path: Path) -> None:
    kb = KnowledgeBase.open(tmp_path / "kb.sqlite")
    engine = kb.engine
    desk, nadia = add_workspace(engine)
    other, omar = add_workspace(engine)
    for name, data in TEXTS.items():
        enqueue_upload(engine, desk, nadia, name, data)
    enqueue_upload(engine, desk, nadia, "empty.md", b"---\ntitle: Nothing\n---\n")
    enqueue_upload(engine, other, omar, "aid.txt", TEXTS["aid.txt"])
    settings = dataclasses.replace(LIGHT, dask_threshold=2, dask_workers=1)
    worker = Worker(engine, settings)
    try:
        assert worker.run_once()  # the desk's four jobs, as one batch
        desk_jobs = {j.source: j for j in workspace_jobs(engine, desk)}
        assert {j.state for s, j in desk_jobs.items() if s != "empty.md"} == {"done"}
        assert desk_jobs["empty.md"].state == "failed"
        assert desk_jobs["empty.md"].message == (
            "empty.md: the Markdown file holds no text, besides its front matter"
        )
        assert [j.state for j in workspace_jobs(engine, other)] == ["queued"]  # under it
        assert worker._dask is not None
        stats = worker._dask.client.run(worker_stats)  # type: ignore[attr-defined]
        assert sum(s["documents"] for s in stats.values()) == 3  # analysed on the cluster
        assert worker.run_once()  # the other workspace's one job, in this process
        [done] = workspace_jobs(engine, other)
        assert done.state == "done" and done.message == "aid.txt: already stored: linked"
        assert done.document_id == desk_jobs["aid.txt"].document_id
    finally:
        worker.stop()
        kb.close()
