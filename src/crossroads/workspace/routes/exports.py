"""A workspace's exports: the map (contract JSON, Markdown, the HTML report) and more.

Every export is of the workspace's own documents, read with its labels in force, and
needs the ``export`` action. ``/w/{slug}/exports`` lists them; each downloads from
``/w/{slug}/exports/{name}`` (a browser) or ``/api/w/{slug}/exports/{name}`` (a script
with a token), and ``/api/w/{slug}/exports`` lists them as JSON.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from crossroads.aggregate import build_analysis
from crossroads.annotate.taxonomy import load_taxonomy
from crossroads.model import Analysis
from crossroads.workspace.deps import WorkspaceContext, engine, render, require
from crossroads.workspace.reading import workspace_dyad, workspace_reading

router = APIRouter()
Exporter = Annotated[WorkspaceContext, Depends(require("export"))]
SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


@dataclass(frozen=True)
class Export:
    """One export: its file name, what it holds, its media type and how it is made."""

    name: str
    title: str
    media_type: str
    make: Callable[[Request, WorkspaceContext], bytes]
    inline: bool = False  # shown in the browser (the HTML report) rather than saved


def _analysis(request: Request, ctx: WorkspaceContext) -> Analysis:
    documents = workspace_reading(engine(request), ctx.workspace)
    return build_analysis(documents, workspace_dyad(ctx.workspace), load_taxonomy(None))


def _rendered(fmt: str) -> Callable[[Request, WorkspaceContext], bytes]:
    def make(request: Request, ctx: WorkspaceContext) -> bytes:
        import crossroads.render  # noqa: F401  (registers the renderers)
        from crossroads.registry import renderers

        options = {"title": f"{ctx.workspace.name}: perspective map"} if fmt == "html" else {}
        return str(renderers.get(fmt)(_analysis(request, ctx), **options)).encode("utf-8")

    return make


EXPORTS: dict[str, Export] = {
    e.name: e
    for e in (
        Export("map.json", "The perspective map as the analysis contract (JSON)",
               "application/json", _rendered("json")),
        Export("map.md", "The perspective map as a Markdown memo",
               "text/markdown; charset=utf-8", _rendered("md")),
        Export("map.html", "The HTML report (as `crossroads analyze --format html` writes it)",
               "text/html; charset=utf-8", _rendered("html"), inline=True),
    )
}  # fmt: skip


def report_policy(html: str) -> str:
    """The Content-Security-Policy of a served HTML report: its own inline script only.

    The report is one self-contained page whose small inline script is allowed by its
    hash, so that the page works when opened from the workspace, and nothing else runs.
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src {hashes or chr(39) + 'none' + chr(39)}; "
        "style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def _listing(request: Request, ctx: WorkspaceContext) -> list[dict[str, str]]:
    return [
        {
            "name": e.name,
            "title": e.title,
            "media_type": e.media_type,
            "url": request.app.url_path_for("export_file", slug=ctx.workspace.slug, name=e.name),
        }
        for e in EXPORTS.values()
    ]


@router.get("/w/{slug}/exports", name="exports_page")
def exports_page(request: Request, ctx: Exporter) -> HTMLResponse:
    """The exports of the workspace, each a download link."""
    return render(request, "exports/exports.html", {"exports": _listing(request, ctx)})


@router.get("/api/w/{slug}/exports")
def list_exports(request: Request, ctx: Exporter) -> list[dict[str, str]]:
    """The exports of the workspace: name, title, media type and download path."""
    return _listing(request, ctx)


def _download(request: Request, ctx: WorkspaceContext, name: str) -> Response:
    export = EXPORTS.get(name)
    if export is None:
        raise HTTPException(404, f"no export {name!r}: choose one of {', '.join(EXPORTS)}")
    body = export.make(request, ctx)
    filename = f"{ctx.workspace.slug}-{export.name}"
    disposition = "inline" if export.inline else "attachment"
    headers: dict[str, Any] = {"Content-Disposition": f'{disposition}; filename="{filename}"'}
    if export.media_type.startswith("text/html"):
        headers["Content-Security-Policy"] = report_policy(body.decode("utf-8"))
    return Response(body, media_type=export.media_type, headers=headers)


@router.get("/w/{slug}/exports/{name}", name="export_file")
def export_file(request: Request, ctx: Exporter, name: str) -> Response:
    """Download one export (``map.json``, ``map.md``, ``map.html``...)."""
    return _download(request, ctx, name)


@router.get("/api/w/{slug}/exports/{name}")
def export_file_api(request: Request, ctx: Exporter, name: str) -> Response:
    """Download one export, for a script with an API token."""
    return _download(request, ctx, name)
