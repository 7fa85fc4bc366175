"""A workspace's exports: the map, its sentences, the network and the labelled data.

The map as the contract's JSON, as Markdown and as the HTML report (``render/``); every
sentence with its labels as CSV, the actor × issue × stance network as GraphML and as a
CSV of edges, and the reviewed documents in the gold format as a zip
(:mod:`crossroads.workspace.exports`). Every export is of the workspace's own documents,
read with its labels in force, and needs the ``export`` action. ``/w/{slug}/exports``
lists them; each downloads from ``/w/{slug}/exports/{name}`` (a browser) or
``/api/w/{slug}/exports/{name}`` (a script with a token), and ``/api/w/{slug}/exports``
lists them as JSON.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from crossroads.corpus.maps import corpus_map
from crossroads.model import Analysis
from crossroads.workspace import exports as data
from crossroads.workspace.deps import WorkspaceContext, engine, render, require
from crossroads.workspace.reading import workspace_dyad, workspace_filters, workspace_reading

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
    return corpus_map(
        engine(request), workspace_dyad(ctx.workspace), workspace_filters(ctx.workspace)
    )


def _rendered(fmt: str) -> Callable[[Request, WorkspaceContext], bytes]:
    def make(request: Request, ctx: WorkspaceContext) -> bytes:
        import crossroads.render  # noqa: F401  (registers the renderers)
        from crossroads.registry import renderers

        options = {"title": f"{ctx.workspace.name}: perspective map"} if fmt == "html" else {}
        return str(renderers.get(fmt)(_analysis(request, ctx), **options)).encode("utf-8")

    return make


def _sentences_csv(request: Request, ctx: WorkspaceContext) -> bytes:
    out = io.StringIO()
    data.write_sentences_csv(engine(request), ctx.workspace.id, out)
    return out.getvalue().encode("utf-8")


def _network(suffix: str) -> Callable[[Request, WorkspaceContext], bytes]:
    def make(request: Request, ctx: WorkspaceContext) -> bytes:
        graph = data.label_network(workspace_reading(engine(request), ctx.workspace))
        with tempfile.TemporaryDirectory(prefix="crossroads-network-") as folder:
            path = Path(folder) / f"network.{suffix}"
            if suffix == "graphml":
                data.write_network(graph, graphml=path)
            else:
                data.write_network(graph, edges_csv=path)
            return path.read_bytes()

    return make


def _labels_zip(request: Request, ctx: WorkspaceContext) -> bytes:
    workspace = data.Workspace(ctx.workspace.id, ctx.workspace.slug, workspace_dyad(ctx.workspace))
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="crossroads-labels-") as folder:
        written = data.export_labels(engine(request), workspace, Path(folder) / "labels")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(written.folder.iterdir()):
                archive.write(path, f"{ctx.workspace.slug}-labels/{path.name}")
    return buffer.getvalue()


EXPORTS: dict[str, Export] = {
    e.name: e
    for e in (
        Export("map.json", "The perspective map as the analysis contract (JSON)",
               "application/json", _rendered("json")),
        Export("map.md", "The perspective map as a Markdown memo",
               "text/markdown; charset=utf-8", _rendered("md")),
        Export("map.html", "The HTML report (as `crossroads analyze --format html` writes it)",
               "text/html; charset=utf-8", _rendered("html"), inline=True),
        Export("sentences.csv", "Every sentence with its labels in force (and those corrected)",
               "text/csv; charset=utf-8", _sentences_csv),
        Export("network.graphml", "The actor × issue × stance network, for Gephi (GraphML)",
               "application/graphml+xml", _network("graphml")),
        Export("network.csv", "The same network as a CSV of edges, for Discourse Network Analyzer",
               "text/csv; charset=utf-8", _network("csv")),
        Export("labels.zip", "The reviewed documents in the gold format, with the analysts'"
               " agreement (summary.yaml), as `crossroads corpus export-labels` writes them",
               "application/zip", _labels_zip),
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
    """Download one export (``map.json``, ``sentences.csv``, ``labels.zip``...)."""
    return _download(request, ctx, name)


@router.get("/api/w/{slug}/exports/{name}")
def export_file_api(request: Request, ctx: Exporter, name: str) -> Response:
    """Download one export, for a script with an API token."""
    return _download(request, ctx, name)
