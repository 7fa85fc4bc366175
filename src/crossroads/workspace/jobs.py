"""Background analysis for the workspace: uploads and URL imports as jobs in the database.

    job_id = enqueue_upload(engine, workspace_id, user_id, "brief.pdf", data)
    worker = Worker(engine, JobSettings(stages=...)); worker.start()
    job(engine, job_id, workspace_id).state          # queued → running → done | failed

A job is a row of ``jobs``: ``queued`` until a worker claims it, ``running`` while one
analyses it (its heartbeat refreshed), then ``done`` (the stored document linked to the
workspace) or ``failed`` (one line naming the file or URL, as the CLI says it). Several
workers, in threads or in server processes, share one queue: a claim is one transaction,
``FOR UPDATE SKIP LOCKED`` on PostgreSQL and a conditional update under SQLite's write lock,
so each job is claimed once. A job whose worker died (its heartbeat older than
``stale_seconds``) is queued again, up to ``max_attempts`` claims, then failed; a worker
only finishes a job it still holds, so a resumed job ends once.

Analysis is :func:`crossroads.corpus.worker.analyse_source`, as ``corpus add`` does it: the
same readers and limits, the pipeline built once per process, the record stored with
:meth:`KnowledgeBase.store`; text already stored for the dyad is linked, not analysed
again. When more than ``dask_threshold`` jobs of one workspace wait, the worker takes
them as one batch to the Dask engine (:func:`crossroads.corpus.engines.make_engine`).

Jobs are always looked up with their workspace's id: one workspace never sees another's.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Row, and_, func, insert, select, update

from crossroads.corpus.engines import Engine as AnalysisEngine
from crossroads.corpus.engines import make_engine
from crossroads.corpus.worker import AnalysisSpec, analyse_source
from crossroads.dyad import parse_dyad
from crossroads.errors import CrossroadsError, ReadError
from crossroads.pipeline import DEFAULT_STAGES
from crossroads.progress import DocumentProgress
from crossroads.readers import netguard
from crossroads.readers.limits import Limits
from crossroads.readers.url import is_url
from crossroads.store import schema
from crossroads.store.db import retrying
from crossroads.store.kb import KnowledgeBase
from crossroads.workspace.uploads import check_upload, safe_name, staged

STATES = ("queued", "running", "done", "failed")
KINDS = ("upload", "url")
# Where a job's progress stands before and after the pipeline's own share (0.1 to 0.9).
READING, ANALYSED = 0.1, 0.9
MAX_URL_CHARS = 2000

ProgressHook = Callable[[int, float], None]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One job as a user sees it (the upload's bytes stay in the database)."""

    id: int
    workspace_id: int
    created_by: int | None
    kind: str
    source: str
    state: str
    progress: float
    message: str
    document_id: int | None
    claimed_by: str | None
    heartbeat_at: datetime | None
    attempts: int
    created_at: datetime
    finished_at: datetime | None


_JOB_COLUMNS = [getattr(schema.jobs.c, f) for f in Job.__dataclass_fields__]


def _job(row: Row[Any]) -> Job:
    return Job(**dict(row._mapping))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class JobSettings:
    """How a worker analyses and how it watches its jobs.

    Attributes:
        stages: The pipeline's stages (the CLI's default stages unless told otherwise).
        taxonomy: An issue taxonomy file, or None for the bundled one.
        embed: Store sentence embeddings (semantic search needs them).
        limits: The upload size limit, for the server to pass to :func:`enqueue_upload`
            (the readers then read with their own default limits, 10 MB).
        poll_seconds: How long an idle worker waits before looking at the queue again.
        heartbeat_seconds: How often a running job's heartbeat is refreshed.
        stale_seconds: A running job whose heartbeat is older is taken for abandoned.
        max_attempts: Claims a job may have; an abandoned job that had them all fails.
        dask_threshold: More queued jobs than this for one workspace go to Dask as a batch.
        dask_batch: The most jobs one Dask batch takes.
        dask_scheduler: A Dask scheduler address, or None for a LocalCluster.
        dask_workers: The LocalCluster's worker processes.
    """

    stages: tuple[str, ...] = DEFAULT_STAGES
    taxonomy: str | None = None
    embed: bool = True
    limits: Limits = field(default_factory=Limits)
    poll_seconds: float = 1.0
    heartbeat_seconds: float = 5.0
    stale_seconds: float = 60.0
    max_attempts: int = 3
    dask_threshold: int = 20
    dask_batch: int = 200
    dask_scheduler: str | None = None
    dask_workers: int = 2

    def spec(self, dyad: str) -> AnalysisSpec:
        """The analysis of a workspace's dyad (``"AUS-IDN"``) with these settings."""
        return AnalysisSpec(
            dyad=parse_dyad(dyad), stages=self.stages, taxonomy=self.taxonomy, embed=self.embed
        )


# ---------------------------------------------------------------------- the queue


def _insert(engine: Engine, values: dict[str, Any]) -> int:
    def write() -> int:
        with engine.begin() as c:
            key = c.execute(insert(schema.jobs).values(**values)).inserted_primary_key
            assert key is not None
            return int(key[0])

    return retrying(write)


def _new_job(workspace_id: int, user_id: int | None, kind: str, source: str) -> dict[str, Any]:
    return {
        "workspace_id": workspace_id,
        "created_by": user_id,
        "kind": kind,
        "source": source,
        "state": "queued",
        "progress": 0.0,
        "message": "",
        "attempts": 0,
        "created_at": _now(),
    }


def _refused(values: dict[str, Any], error: CrossroadsError) -> dict[str, Any]:
    return dict(values, state="failed", message=str(error), finished_at=_now(), payload=None)


def enqueue_upload(
    engine: Engine,
    workspace_id: int,
    user_id: int | None,
    filename: str,
    data: bytes,
    limits: Limits | None = None,
) -> int:
    """Queue an uploaded file for analysis in a workspace.

    A file that :func:`~crossroads.workspace.uploads.check_upload` refuses becomes a
    failed job at once, with its one-line reason, so that it is listed with the others.

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace the document goes to.
        user_id: Who uploaded it.
        filename: The file's name as uploaded (shown as its base name).
        data: The file's bytes.
        limits: The upload size limit (the readers' default).

    Returns:
        The job's id.
    """
    values = _new_job(workspace_id, user_id, "upload", safe_name(filename))
    try:
        check_upload(filename, data, limits)
    except CrossroadsError as exc:
        return _insert(engine, _refused(values, exc))
    return _insert(engine, dict(values, payload=data))


def enqueue_url(engine: Engine, workspace_id: int, user_id: int | None, url: str) -> int:
    """Queue a URL for fetching and analysis in a workspace.

    Whether its address may be reached is decided when it is fetched (a DNS answer can
    change in between), by the workspace's ``allow_private_urls``.

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace the document goes to.
        user_id: Who asked for it.
        url: An http(s) URL; anything else becomes a failed job at once.

    Returns:
        The job's id.
    """
    url = url.strip()
    values = _new_job(workspace_id, user_id, "url", url[:MAX_URL_CHARS])
    if not is_url(url) or len(url) > MAX_URL_CHARS:
        problem = "not an http(s) URL" if not is_url(url) else "the URL is too long"
        return _insert(engine, _refused(values, ReadError(values["source"], problem)))
    return _insert(engine, values)


def job(engine: Engine, job_id: int, workspace_id: int) -> Job | None:
    """A job of a workspace.

    Args:
        engine: The knowledge base's engine.
        job_id: The job's id.
        workspace_id: The workspace asking; another workspace's job is not found.

    Returns:
        The job, or None when the workspace has no such job.
    """
    j = schema.jobs
    query = select(*_JOB_COLUMNS).where(j.c.id == job_id, j.c.workspace_id == workspace_id)
    with engine.connect() as c:
        row = c.execute(query).first()
    return _job(row) if row is not None else None


def workspace_jobs(engine: Engine, workspace_id: int, limit: int = 200) -> list[Job]:
    """A workspace's jobs, newest first.

    Args:
        engine: The knowledge base's engine.
        workspace_id: The workspace.
        limit: The most jobs returned.

    Returns:
        The jobs.
    """
    j = schema.jobs
    query = (
        select(*_JOB_COLUMNS)
        .where(j.c.workspace_id == workspace_id)
        .order_by(j.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as c:
        return [_job(row) for row in c.execute(query)]


def _claim(engine: Engine, worker_id: str, workspace_id: int | None, limit: int) -> list[Job]:
    """Claim up to ``limit`` queued jobs (of one workspace, or any) in one transaction."""
    j = schema.jobs
    pick = select(j.c.id).where(j.c.state == "queued").order_by(j.c.id).limit(limit)
    if workspace_id is not None:
        pick = pick.where(j.c.workspace_id == workspace_id)
    # PostgreSQL: lock the rows taken, skip those another claimer holds. SQLite: the
    # transaction already holds the database's write lock (BEGIN IMMEDIATE), and the
    # state condition below keeps the update atomic all the same.
    pick = pick.with_for_update(skip_locked=True)

    def claim() -> list[Job]:
        with engine.begin() as c:
            ids = list(c.execute(pick).scalars())
            if not ids:
                return []
            c.execute(
                update(j)
                .where(j.c.id.in_(ids), j.c.state == "queued")
                .values(
                    state="running",
                    claimed_by=worker_id,
                    heartbeat_at=_now(),
                    attempts=j.c.attempts + 1,
                    progress=0.0,
                    message="",
                )
            )
            rows = c.execute(
                select(*_JOB_COLUMNS)
                .where(j.c.id.in_(ids), j.c.claimed_by == worker_id, j.c.state == "running")
                .order_by(j.c.id)
            )
            return [_job(row) for row in rows]

    return retrying(claim)


def claim_next(engine: Engine, worker_id: str) -> Job | None:
    """Claim the oldest queued job of any workspace for a worker.

    The job becomes ``running``, with ``claimed_by``, a fresh heartbeat and one attempt
    more, in one transaction: two workers never claim the same job.

    Args:
        engine: The knowledge base's engine.
        worker_id: The claiming worker's id (unique per worker).

    Returns:
        The claimed job, or None when nothing is queued.
    """
    claimed = _claim(engine, worker_id, None, 1)
    return claimed[0] if claimed else None


def claim_batch(engine: Engine, worker_id: str, workspace_id: int, limit: int) -> list[Job]:
    """Claim up to ``limit`` of one workspace's queued jobs at once (a batch for Dask).

    Args:
        engine: The knowledge base's engine.
        worker_id: The claiming worker's id.
        workspace_id: The workspace whose jobs are taken.
        limit: The most jobs claimed.

    Returns:
        The claimed jobs, oldest first.
    """
    return _claim(engine, worker_id, workspace_id, limit)


def queued_by_workspace(engine: Engine) -> dict[int, int]:
    """How many jobs wait in each workspace's queue.

    Args:
        engine: The knowledge base's engine.

    Returns:
        Workspace id → number of queued jobs (workspaces with none left out).
    """
    j = schema.jobs
    query = (
        select(j.c.workspace_id, func.count())
        .where(j.c.state == "queued")
        .group_by(j.c.workspace_id)
    )
    with engine.connect() as c:
        return {int(w): int(n) for w, n in c.execute(query)}


def requeue_stale(engine: Engine, stale_seconds: float, max_attempts: int) -> tuple[int, int]:
    """Queue again the running jobs whose worker stopped heart-beating; fail the worn out.

    Args:
        engine: The knowledge base's engine.
        stale_seconds: A heartbeat older than this marks an abandoned job.
        max_attempts: A job abandoned after this many claims fails instead.

    Returns:
        How many jobs were queued again and how many failed.
    """
    j = schema.jobs
    cutoff = _now() - timedelta(seconds=stale_seconds)
    stale = and_(j.c.state == "running", j.c.heartbeat_at < cutoff)

    def write() -> tuple[int, int]:
        with engine.begin() as c:
            worn = c.execute(
                select(j.c.id, j.c.source, j.c.attempts).where(stale, j.c.attempts >= max_attempts)
            ).all()
            for job_id, source, attempts in worn:
                message = (
                    f"{source}: the analysis stopped {attempts} times before it ended "
                    "(its worker was stopped or crashed); not tried again"
                )
                c.execute(
                    update(j)
                    .where(j.c.id == job_id, stale)
                    .values(state="failed", message=message, finished_at=_now(), payload=None)
                )
            requeued = c.execute(
                update(j)
                .where(stale, j.c.attempts < max_attempts)
                .values(state="queued", claimed_by=None, progress=0.0, message="")
            ).rowcount
            return int(requeued), len(worn)

    return retrying(write)


def heartbeat(engine: Engine, worker_id: str, job_ids: list[int]) -> None:
    """Refresh the heartbeat of the jobs a worker is running.

    Args:
        engine: The knowledge base's engine.
        worker_id: The worker.
        job_ids: Its running jobs (jobs it no longer holds are left alone).
    """
    if not job_ids:
        return
    j = schema.jobs

    def write() -> None:
        with engine.begin() as c:
            c.execute(
                update(j)
                .where(j.c.id.in_(job_ids), j.c.claimed_by == worker_id, j.c.state == "running")
                .values(heartbeat_at=_now())
            )

    retrying(write)


def _held(job_id: int, worker_id: str) -> Any:
    j = schema.jobs
    return and_(j.c.id == job_id, j.c.claimed_by == worker_id, j.c.state == "running")


def set_progress(engine: Engine, job_id: int, worker_id: str, fraction: float) -> None:
    """Record how far a running job is (0 to 1), if the worker still holds it.

    Args:
        engine: The knowledge base's engine.
        job_id: The job.
        worker_id: The worker running it.
        fraction: The share done.
    """

    def write() -> None:
        with engine.begin() as c:
            c.execute(
                update(schema.jobs)
                .where(_held(job_id, worker_id))
                .values(progress=max(0.0, min(1.0, fraction)), heartbeat_at=_now())
            )

    retrying(write)


# ---------------------------------------------------------------------- running a job


def analyse_job(
    item: dict[str, Any],
    spec: AnalysisSpec,
    known: frozenset[str] = frozenset(),
    progress: DocumentProgress | None = None,
) -> dict[str, Any]:
    """Read and annotate one job's upload or URL, here or on a Dask worker.

    Args:
        item: ``job_id``, ``kind`` (``upload``/``url``), ``source`` (the name or URL),
            ``payload`` (an upload's bytes) and ``allow_private`` (the workspace's
            setting for URLs).
        spec: The workspace's analysis.
        known: Content hashes already stored for the dyad.
        progress: Told the chunks of a long document.

    Returns:
        :func:`~crossroads.corpus.worker.analyse_source`'s result, with the job's
        ``job_id``, its ``source`` (never a temporary path) and the record's source set
        to the upload's name.
    """
    source = item["source"]
    if item["kind"] == "url":
        with netguard.guarded(allow_private=bool(item["allow_private"])):
            result = analyse_source(source, spec, known, progress)
    else:
        with staged(source, item["payload"] or b"") as path:
            result = analyse_source(path, spec, known, progress)
        if "error" in result:  # the readers named the temporary file: name the upload
            result["error"] = result["error"].replace(path, source)
        if "record" in result:
            result["record"]["source"] = source
    result.update(job_id=item["job_id"], source=source)
    return result


def _document_id(engine: Engine, dyad: str, digest: str) -> int | None:
    d = schema.documents
    query = select(d.c.id).where(d.c.dyad == dyad, d.c.content_hash == digest)
    with engine.connect() as c:
        found = c.execute(query).scalar()
    return int(found) if found is not None else None


def _finish(
    engine: Engine,
    current: Job,
    worker_id: str,
    result: dict[str, Any],
    kb: KnowledgeBase,
    spec: AnalysisSpec | None,
) -> None:
    """Store a job's result, link its document and close the job, if still held.

    ``spec`` may be None for a failure, which stores nothing.
    """
    j, links = schema.jobs, schema.workspace_documents
    status = result["status"]
    document_id: int | None = None
    if status == "error":
        values: dict[str, Any] = {"state": "failed", "message": result["error"]}
    else:
        assert spec is not None
        if status == "ok":
            record = result["record"]
            # Never replace: the stored document of the same name may be another
            # workspace's, with its corrections.
            outcome = kb.store(record, spec.run_info(), replace_source=False)
            digest = record["content_hash"]
        else:
            outcome, digest = "unchanged", result["content_hash"]
        document_id = _document_id(engine, spec.key, digest)
        if document_id is None:  # `corpus add` replaced it meanwhile with another version
            values = {"state": "failed", "message": f"{current.source}: stored, then replaced"}
        else:
            said = "already stored: linked" if outcome == "unchanged" else "added"
            values = {"state": "done", "message": f"{current.source}: {said}", "progress": 1.0}
    values.update(finished_at=_now(), document_id=document_id, payload=None)

    def write() -> None:
        with engine.begin() as c:
            closed = c.execute(update(j).where(_held(current.id, worker_id)).values(**values))
            if closed.rowcount and document_id is not None:
                linked = c.execute(
                    select(links.c.document_id).where(
                        links.c.workspace_id == current.workspace_id,
                        links.c.document_id == document_id,
                    )
                ).first()
                if linked is None:
                    c.execute(
                        insert(links).values(
                            workspace_id=current.workspace_id,
                            document_id=document_id,
                            added_by=current.created_by,
                            added_at=_now(),
                        )
                    )

    retrying(write)


class _JobProgress(DocumentProgress):
    """Turns the pipeline's chunk reports into a job's progress (0.1 to 0.9)."""

    def __init__(self, report: Callable[[float], None]) -> None:
        super().__init__(enabled=False)
        self._report = report
        self._total = 0
        self._done = 0

    def start_parts(self, total: int) -> None:
        """Note how many chunks the document has."""
        self._total, self._done = total, 0

    def part_done(self) -> None:
        """Report one chunk more as done."""
        self._done += 1
        if self._total:
            self._report(round(READING + (ANALYSED - READING) * self._done / self._total, 3))


def _items(engine: Engine, claimed: list[Job]) -> list[dict[str, Any]]:
    """What the analysis of claimed jobs needs: payloads and their workspace's setting."""
    j, w = schema.jobs, schema.workspaces
    query = (
        select(j.c.id, j.c.kind, j.c.source, j.c.payload, w.c.allow_private_urls)
        .select_from(j.join(w, j.c.workspace_id == w.c.id))
        .where(j.c.id.in_([x.id for x in claimed]))
    )
    with engine.connect() as c:
        rows = {row.id: row for row in c.execute(query)}
    return [
        {
            "job_id": x.id,
            "kind": x.kind,
            "source": x.source,
            "payload": rows[x.id].payload,
            "allow_private": bool(rows[x.id].allow_private_urls),
        }
        for x in claimed
        if x.id in rows
    ]


def _dyad_of(engine: Engine, workspace_id: int) -> str:
    w = schema.workspaces
    with engine.connect() as c:
        return str(c.execute(select(w.c.dyad).where(w.c.id == workspace_id)).scalar_one())


# ---------------------------------------------------------------------- the worker


class Worker:
    """A background thread that runs a knowledge base's jobs; the server starts one.

    On start, and then every ``stale_seconds``, it queues again the jobs whose worker
    died (:func:`requeue_stale`). It claims one job at a time, or a whole batch for Dask
    when a workspace has more than ``dask_threshold`` waiting, and refreshes the
    heartbeat of what it runs from a second thread.
    """

    def __init__(
        self,
        engine: Engine,
        settings: JobSettings | None = None,
        worker_id: str | None = None,
        on_progress: ProgressHook | None = None,
    ) -> None:
        """Prepare a worker (nothing runs before :meth:`start`).

        Args:
            engine: The knowledge base's engine.
            settings: Analysis and timing (:class:`JobSettings` defaults).
            worker_id: A unique id (default: host, process id and a random part).
            on_progress: Called with ``(job_id, fraction)`` each time a job's progress
                is recorded, from the worker's thread: a server may push it to its
                pages. Tests also use it to hold a job in the middle of its run.
        """
        self.engine = engine
        self.settings = settings or JobSettings()
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.on_progress = on_progress
        self.kb = KnowledgeBase(engine)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._running: set[int] = set()
        self._lock = threading.Lock()
        self._dask: AnalysisEngine | None = None
        self._last_sweep = 0.0

    # -- life

    def start(self) -> None:
        """Queue again abandoned jobs, then start the worker and heartbeat threads."""
        requeue_stale(self.engine, self.settings.stale_seconds, self.settings.max_attempts)
        self._last_sweep = time.monotonic()
        self._stop.clear()
        self._threads = [
            threading.Thread(target=self._loop, name="crossroads-jobs", daemon=True),
            threading.Thread(target=self._beat, name="crossroads-heartbeat", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Stop after the job in hand (its result is kept) and release the Dask engine.

        Args:
            timeout: How long to wait for the job in hand.
        """
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []
        if self._dask is not None:
            self._dask.close()
            self._dask = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.run_once()
            except Exception:  # the database went away for a moment: try again later
                log.exception("crossroads jobs: the worker's round failed; trying again")
                busy = False
            if not busy:
                self._stop.wait(self.settings.poll_seconds)

    def _beat(self) -> None:
        while not self._stop.wait(self.settings.heartbeat_seconds):
            with self._lock:
                held = sorted(self._running)
            try:
                heartbeat(self.engine, self.worker_id, held)
            except Exception:  # a missed beat is retried at the next one
                log.warning("crossroads jobs: a heartbeat failed", exc_info=True)

    # -- work

    def run_once(self) -> bool:
        """Run what is queued now: one job, or one Dask batch.

        Returns:
            False when nothing was queued.
        """
        if time.monotonic() - self._last_sweep >= self.settings.stale_seconds:
            requeue_stale(self.engine, self.settings.stale_seconds, self.settings.max_attempts)
            self._last_sweep = time.monotonic()
        threshold = self.settings.dask_threshold
        for workspace_id, count in queued_by_workspace(self.engine).items():
            if count > threshold:
                batch = claim_batch(
                    self.engine, self.worker_id, workspace_id, self.settings.dask_batch
                )
                if batch:
                    self._run_batch(workspace_id, batch)
                    return True
        claimed = claim_next(self.engine, self.worker_id)
        if claimed is None:
            return False
        self._run_one(claimed)
        return True

    def _hold(self, ids: list[int], held: bool) -> None:
        with self._lock:
            (self._running.update if held else self._running.difference_update)(ids)

    def _progress(self, job_id: int, fraction: float) -> None:
        set_progress(self.engine, job_id, self.worker_id, fraction)
        if self.on_progress is not None:
            self.on_progress(job_id, fraction)

    def _run_one(self, claimed: Job) -> None:
        self._hold([claimed.id], True)
        try:
            spec = self.settings.spec(_dyad_of(self.engine, claimed.workspace_id))
            items = _items(self.engine, [claimed])
            self._progress(claimed.id, READING)
            known = frozenset(self.kb.known_hashes(spec.key))
            meter = _JobProgress(lambda fraction: self._progress(claimed.id, fraction))
            result = analyse_job(items[0], spec, known, meter)
            self._progress(claimed.id, ANALYSED)
            _finish(self.engine, claimed, self.worker_id, result, self.kb, spec)
        except Exception as exc:  # a bad workspace row or a store failure: this job only
            failure = {"status": "error", "error": _one_line(claimed.source, exc)}
            _finish(self.engine, claimed, self.worker_id, failure, self.kb, None)
        finally:
            self._hold([claimed.id], False)

    def _run_batch(self, workspace_id: int, batch: list[Job]) -> None:
        by_id = {x.id: x for x in batch}
        self._hold(list(by_id), True)
        try:
            spec = self.settings.spec(_dyad_of(self.engine, workspace_id))
            known = frozenset(self.kb.known_hashes(spec.key))
            if self._dask is None:
                self._dask = make_engine(
                    "dask", self.settings.dask_scheduler, self.settings.dask_workers
                )
            items = _items(self.engine, batch)
            for results in self._dask.map(analyse_job, items, spec=spec, known=known):
                for result in results:
                    current = by_id.get(int(result.get("job_id", -1)))
                    if current is None:  # a lost task: find its job by its source
                        current = next(x for x in batch if x.source == result["source"])
                    _finish(self.engine, current, self.worker_id, result, self.kb, spec)
                    self._hold([current.id], False)
        except Exception as exc:
            for current in batch:  # what the batch did not finish fails, named
                failure = {"status": "error", "error": _one_line(current.source, exc)}
                _finish(self.engine, current, self.worker_id, failure, self.kb, None)
        finally:
            self._hold(list(by_id), False)


def _one_line(source: str, exc: Exception) -> str:
    if isinstance(exc, CrossroadsError):
        return f"{source}: {exc.problem}"
    return f"{source}: analysis failed: {type(exc).__name__}: {exc}".splitlines()[0]
