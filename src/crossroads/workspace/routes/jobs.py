"""Adding documents: uploads and URL imports become jobs; their list with live progress.

``/w/{slug}/jobs`` is the "Add documents" page: a form for several files at once and for
URLs (one per line), and the workspace's jobs. The list is a partial
(``/w/{slug}/jobs/list``) that htmx polls while a job is queued or running; once all are
finished the partial comes back without its poll, so the polling stops. A failed job is
one line naming its file or URL. The audit log records each file and URL added. JSON
twins: ``/api/w/{slug}/jobs`` (list, and POST to add) and ``/api/w/{slug}/jobs/{job_id}``
(another workspace's job is not found).

:class:`WorkerService` runs one :class:`~crossroads.workspace.jobs.Worker` as a service
of the app (``create_app(..., services=[WorkerService()])``): it starts with the server,
which first queues again the jobs a killed worker left running, and stops with it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.readers.limits import Limits, format_size
from crossroads.workspace import audit, jobs
from crossroads.workspace.deps import WorkspaceContext, engine, render, require

router = APIRouter()
Reader = Annotated[WorkspaceContext, Depends(require("read"))]
Uploader = Annotated[WorkspaceContext, Depends(require("upload"))]
MAX_FILES = 50  # one form's files; more is a batch for `crossroads corpus add`
MAX_URLS = 200
POLL = "every 1s"


class WorkerService:
    """The analysis worker as a service of the app: one per server process.

    The pipeline (and every model it loads) is built once per process and kept
    (:func:`crossroads.corpus.worker.pipeline_for`), so the first job pays for it and the
    others do not.
    """

    def __init__(self, settings: jobs.JobSettings | None = None) -> None:
        """Prepare the service (nothing runs before the server starts).

        Args:
            settings: The worker's analysis and timing; its ``limits`` are also the
                upload limit the pages apply.
        """
        self.settings = settings or jobs.JobSettings()
        self.worker: jobs.Worker | None = None

    def start(self, app: FastAPI) -> None:
        """Queue again the jobs of dead workers, then start the worker threads."""
        app.state.job_settings = self.settings
        self.worker = jobs.Worker(app.state.kb.engine, self.settings)
        self.worker.start()

    def stop(self, app: FastAPI) -> None:
        """Stop after the job in hand (it is finished and stored, not lost)."""
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


def upload_limits(request: Request) -> Limits:
    """The upload size limit: the worker service's, else the readers' default."""
    settings = getattr(request.app.state, "job_settings", None)
    return settings.limits if isinstance(settings, jobs.JobSettings) else Limits()


def job_json(job: jobs.Job) -> dict[str, Any]:
    """A job as the API shows it (its upload's bytes and worker's id left out)."""
    return {
        "id": job.id,
        "kind": job.kind,
        "source": job.source,
        "state": job.state,
        "progress": job.progress,
        "message": job.message,
        "document_id": job.document_id,
        "attempts": job.attempts,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


def _enqueue(
    request: Request, ctx: WorkspaceContext, files: list[UploadFile], urls: str
) -> list[int]:
    """Queue each uploaded file and each URL line; refused inputs become failed jobs."""
    lines = [line.strip() for line in urls.splitlines() if line.strip()]
    files = [f for f in files if f.filename]  # a form sent with no file chosen
    if not files and not lines:
        raise HTTPException(400, "choose one file or more, or paste URLs (one per line)")
    if len(files) > MAX_FILES:
        raise HTTPException(400, f"{len(files)} files: at most {MAX_FILES} at once")
    if len(lines) > MAX_URLS:
        raise HTTPException(400, f"{len(lines)} URLs: at most {MAX_URLS} at once")
    kb_engine, limits = engine(request), upload_limits(request)
    ids = []
    for upload in files:
        # One byte over the limit is enough for the check to refuse it by name.
        data = upload.file.read(limits.max_bytes + 1)
        ids.append(
            jobs.enqueue_upload(
                kb_engine, ctx.workspace.id, ctx.user.id, upload.filename or "", data, limits
            )
        )
    for url in lines:
        ids.append(jobs.enqueue_url(kb_engine, ctx.workspace.id, ctx.user.id, url))
    for job_id in ids:  # the audit log names what was added, and by whom
        added = jobs.job(kb_engine, job_id, ctx.workspace.id)
        assert added is not None
        action = "document.upload" if added.kind == "upload" else "document.import"
        detail = {"job": job_id, "state": added.state, "message": added.message}
        audit.record(kb_engine, ctx.workspace.id, ctx.user.id, action, added.source, detail)
    return ids


def _list_context(request: Request, ctx: WorkspaceContext) -> dict[str, Any]:
    listed = jobs.workspace_jobs(engine(request), ctx.workspace.id)
    return {
        "jobs": listed,
        "failures": [j for j in listed if j.state == "failed"],
        "active": any(j.state in ("queued", "running") for j in listed),
        "poll": POLL,
    }


@router.get("/w/{slug}/jobs", name="jobs_page")
def jobs_page(request: Request, ctx: Reader) -> HTMLResponse:
    """Add documents (files, URLs) and follow their analysis."""
    context = _list_context(request, ctx) | {
        "limit": format_size(upload_limits(request).max_bytes),
        "max_files": MAX_FILES,
    }
    return render(request, "jobs/jobs.html", context)


@router.get("/w/{slug}/jobs/list", name="jobs_list")
def jobs_list(request: Request, ctx: Reader) -> HTMLResponse:
    """The job list alone (htmx polls it while jobs are queued or running)."""
    return render(request, "jobs/list.html", _list_context(request, ctx))


@router.post("/w/{slug}/jobs", name="add_documents")
def add_documents(
    request: Request,
    ctx: Uploader,
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006 (FastAPI copies defaults)
    urls: Annotated[str, Form()] = "",
) -> Response:
    """Queue the uploaded files and pasted URLs, then show the job list."""
    try:
        _enqueue(request, ctx, files, urls)
    except HTTPException as exc:
        context = _list_context(request, ctx) | {
            "error": str(exc.detail),
            "limit": format_size(upload_limits(request).max_bytes),
            "max_files": MAX_FILES,
        }
        return render(request, "jobs/jobs.html", context, exc.status_code)
    return RedirectResponse(request.app.url_path_for("jobs_page", slug=ctx.workspace.slug), 303)


@router.get("/api/w/{slug}/jobs")
def list_jobs(request: Request, ctx: Reader) -> list[dict[str, Any]]:
    """The workspace's jobs, newest first, with their state, progress and message."""
    return [job_json(j) for j in jobs.workspace_jobs(engine(request), ctx.workspace.id)]


@router.post("/api/w/{slug}/jobs", status_code=201)
def create_jobs(
    request: Request,
    ctx: Uploader,
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006
    urls: Annotated[str, Form()] = "",
) -> list[dict[str, Any]]:
    """Queue files (multipart ``files``) and URLs (form field ``urls``, one per line)."""
    kb_engine = engine(request)
    out = []
    for job_id in _enqueue(request, ctx, files, urls):
        found = jobs.job(kb_engine, job_id, ctx.workspace.id)
        assert found is not None
        out.append(job_json(found))
    return out


@router.get("/api/w/{slug}/jobs/{job_id}")
def get_job(request: Request, ctx: Reader, job_id: int) -> dict[str, Any]:
    """One job of the workspace (another workspace's job is not found)."""
    found = jobs.job(engine(request), job_id, ctx.workspace.id)
    if found is None:
        raise HTTPException(404, f"no job {job_id} in this workspace")
    return job_json(found)
