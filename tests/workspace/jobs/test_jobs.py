"""Jobs: queued per workspace, analysed by the worker, failures named, duplicates linked."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select, update

from crossroads.store import schema
from crossroads.workspace.jobs import (
    JobSettings,
    Worker,
    claim_next,
    enqueue_upload,
    enqueue_url,
    job,
    requeue_stale,
    workspace_jobs,
)

from .conftest import LIGHT, add_workspace

DEMINING = (
    b"---\ntitle: Demining aid resumes\ndate: 2024-05-20\n---\n\n"
    b"The United States announced new funding for demining in Battambang province. "
    b"Cambodian officials welcomed the assistance as a sign of renewed trust.\n"
)
TARIFFS = (
    b"New US tariffs on garments could cost thousands of factory jobs in Cambodia. "
    b"The commerce ministry asked Washington to negotiate a lower rate.\n"
)
FRONT_MATTER_ONLY = b"---\ntitle: Nothing here\n---\n"


def drain(worker: Worker) -> None:
    """Run every queued job in this thread."""
    while worker.run_once():
        pass


def linked(engine: Engine, workspace_id: int) -> list[int]:
    links = schema.workspace_documents
    with engine.connect() as c:
        query = select(links.c.document_id).where(links.c.workspace_id == workspace_id)
        return sorted(c.execute(query).scalars())


def document_count(engine: Engine) -> int:
    with engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(schema.documents)).scalar_one())


def test_jobs_are_seen_only_from_their_own_workspace(engine: Engine) -> None:
    desk, nadia = add_workspace(engine)
    other, omar = add_workspace(engine)
    mine = enqueue_upload(engine, desk, nadia, "demining.md", DEMINING)
    theirs = enqueue_url(engine, other, omar, "https://example.org/report.html")
    found = job(engine, mine, desk)
    assert found is not None and found.state == "queued" and found.source == "demining.md"
    assert found.created_by == nadia and found.kind == "upload"
    assert job(engine, mine, other) is None and job(engine, theirs, desk) is None
    assert [j.id for j in workspace_jobs(engine, desk)] == [mine]
    assert [j.id for j in workspace_jobs(engine, other)] == [theirs]


def test_refused_inputs_fail_at_once_with_one_line(engine: Engine) -> None:
    desk, nadia = add_workspace(engine)
    binary = enqueue_upload(engine, desk, nadia, "scan.txt", bytes(range(256)))
    ftp = enqueue_url(engine, desk, nadia, "ftp://example.org/file.txt")
    states = {j.id: (j.state, j.message) for j in workspace_jobs(engine, desk)}
    assert states[binary] == ("failed", "scan.txt: looks like binary data, not text")
    assert states[ftp] == ("failed", "ftp://example.org/file.txt: not an http(s) URL")
    assert claim_next(engine, "w1") is None  # nothing left to run


def test_worker_analyses_uploads_reports_failures_and_goes_on(engine: Engine) -> None:
    desk, nadia = add_workspace(engine)
    good = enqueue_upload(engine, desk, nadia, "demining.md", DEMINING)
    bad = enqueue_upload(engine, desk, nadia, "empty-notes.md", FRONT_MATTER_ONLY)
    other = enqueue_upload(engine, desk, nadia, "C:\\docs\\tariffs.txt", TARIFFS)
    drain(Worker(engine, LIGHT))
    jobs = {j.id: j for j in workspace_jobs(engine, desk)}
    assert jobs[bad].state == "failed"
    assert jobs[bad].message == (
        "empty-notes.md: the Markdown file holds no text, besides its front matter"
    )
    for job_id, name in ((good, "demining.md"), (other, "tariffs.txt")):
        done = jobs[job_id]
        assert (done.state, done.progress, done.message) == ("done", 1.0, f"{name}: added")
        assert done.document_id is not None and done.finished_at is not None
    assert linked(engine, desk) == sorted([jobs[good].document_id, jobs[other].document_id])
    d, s = schema.documents, schema.sentences
    with engine.connect() as c:
        row = c.execute(
            select(d.c.source, d.c.title, d.c.date, d.c.dyad).where(
                d.c.id == jobs[good].document_id
            )
        ).one()
        sentences = c.execute(
            select(func.count()).where(s.c.document_id == jobs[good].document_id)
        ).scalar_one()
        payloads = c.execute(select(schema.jobs.c.payload)).scalars().all()
    assert tuple(row) == ("demining.md", "Demining aid resumes", "2024-05-20", "KHM-USA")
    assert sentences == 2
    assert payloads == [None, None, None]  # the bytes go once the job is over


def test_same_text_uploaded_twice_links_the_stored_document(engine: Engine) -> None:
    desk, nadia = add_workspace(engine)
    other, omar = add_workspace(engine, dyad="USA-KHM")  # the same dyad, other order
    first = enqueue_upload(engine, desk, nadia, "demining.md", DEMINING)
    again = enqueue_upload(engine, desk, nadia, "copy of demining.md", DEMINING)
    theirs = enqueue_upload(engine, other, omar, "aid.md", DEMINING)
    drain(Worker(engine, LIGHT))
    one, two = job(engine, first, desk), job(engine, again, desk)
    three = job(engine, theirs, other)
    assert one and two and three
    assert two.message == "copy of demining.md: already stored: linked"
    assert one.document_id == two.document_id == three.document_id is not None
    assert document_count(engine) == 1
    assert linked(engine, desk) == linked(engine, other) == [one.document_id]


def test_url_jobs_follow_the_workspace_setting(engine: Engine, site: Callable[[str], str]) -> None:
    closed, nadia = add_workspace(engine)
    open_desk, omar = add_workspace(engine, allow_private_urls=True)
    url = site("/page.txt")
    refused = enqueue_url(engine, closed, nadia, url)
    fetched = enqueue_url(engine, open_desk, omar, url)
    drain(Worker(engine, LIGHT))
    no, yes = job(engine, refused, closed), job(engine, fetched, open_desk)
    assert no and yes
    assert (no.state, no.message) == (
        "failed",
        f"{url}: not fetched: 127.0.0.1, a loopback address (private addresses are not "
        "allowed here)",
    )
    assert yes.state == "done" and yes.document_id is not None
    assert linked(engine, open_desk) == [yes.document_id] and linked(engine, closed) == []


def test_progress_follows_the_pipeline_chunks(engine: Engine) -> None:
    desk, nadia = add_workspace(engine)
    paragraphs = [
        f"Round {i} of the talks opened in Phnom Penh. Cambodia and the United States "
        f"discussed demining. Officials welcomed round {i}."
        for i in range(900)
    ]
    job_id = enqueue_upload(engine, desk, nadia, "long.txt", "\n\n".join(paragraphs).encode())
    seen: list[tuple[int, float]] = []
    drain(Worker(engine, LIGHT, on_progress=lambda j, f: seen.append((j, f))))
    fractions = [f for j, f in seen if j == job_id]
    assert fractions == sorted(fractions) and fractions[0] == 0.1 and fractions[-1] == 0.9
    inside = [f for f in fractions if 0.1 < f < 0.9]
    assert len(inside) >= 1  # 2,700 sentences: the pipeline reports its chunks
    done = job(engine, job_id, desk)
    assert done and done.state == "done" and done.progress == 1.0


def test_stale_jobs_are_queued_again_then_failed_after_the_last_attempt(engine: Engine) -> None:
    desk, nadia = add_workspace(engine)
    first = enqueue_upload(engine, desk, nadia, "demining.md", DEMINING)
    second = enqueue_upload(engine, desk, nadia, "tariffs.txt", TARIFFS)
    for worker_id in ("w1", "w2"):
        assert claim_next(engine, worker_id) is not None
    j = schema.jobs
    with engine.begin() as c:  # the first worker died long ago, after its third claim
        old = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=10)
        c.execute(update(j).values(heartbeat_at=old))
        c.execute(update(j).where(j.c.id == first).values(attempts=3))
    assert requeue_stale(engine, stale_seconds=60, max_attempts=3) == (1, 1)
    worn, again = job(engine, first, desk), job(engine, second, desk)
    assert worn and again
    assert worn.state == "failed" and worn.message == (
        "demining.md: the analysis stopped 3 times before it ended (its worker was stopped "
        "or crashed); not tried again"
    )
    assert again.state == "queued" and again.claimed_by is None and again.attempts == 1
    assert requeue_stale(engine, stale_seconds=60, max_attempts=3) == (0, 0)
    retaken = claim_next(engine, "w3")
    assert retaken and retaken.id == second and retaken.attempts == 2


def test_a_worker_thread_runs_jobs_queued_after_it_started(engine: Engine) -> None:
    desk, nadia = add_workspace(engine)
    worker = Worker(engine, LIGHT)
    worker.start()
    try:
        job_id = enqueue_upload(engine, desk, nadia, "demining.md", DEMINING)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            current = job(engine, job_id, desk)
            if current and current.state in ("done", "failed"):
                break
            time.sleep(0.05)
    finally:
        worker.stop()
    current = job(engine, job_id, desk)
    assert current and current.state == "done" and current.claimed_by == worker.worker_id
    assert JobSettings().spec("AUS-IDN").key == "AUS-IDN"


def test_an_upload_never_replaces_another_workspaces_document(engine: Engine) -> None:
    desk, nadia = add_workspace(engine)
    other, omar = add_workspace(engine)
    mine = enqueue_upload(engine, desk, nadia, "report.md", DEMINING)
    drain(Worker(engine, LIGHT))
    theirs = enqueue_upload(engine, other, omar, "report.md", TARIFFS)  # same name, new text
    drain(Worker(engine, LIGHT))
    first, second = job(engine, mine, desk), job(engine, theirs, other)
    assert first and second and second.message == "report.md: added"
    assert first.document_id != second.document_id and document_count(engine) == 2
    assert linked(engine, desk) == [first.document_id]
    assert linked(engine, other) == [second.document_id]
