"""Search a workspace's sentences: full text and meaning, semantic-only hits marked.

``/w/{slug}/search?q=`` and its twin ``/api/w/{slug}/search?q=`` search the workspace's
documents only (:func:`~crossroads.workspace.reading.workspace_search`, on
:func:`crossroads.store.queries.search`), reading them with its labels in force. The
embeddings semantic search compares are kept per app (:func:`vector_cache`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from crossroads.errors import CrossroadsError
from crossroads.store.queries import SEARCH_MODES
from crossroads.workspace.deps import WorkspaceContext, engine, render, require
from crossroads.workspace.reading import VectorCache, links, workspace_search

router = APIRouter()
Reader = Annotated[WorkspaceContext, Depends(require("read"))]
Q = Annotated[str, Query(description="Words or a phrase", max_length=500)]
Mode = Annotated[str, Query(description="hybrid (both), fts (words) or semantic (meaning)")]
Limit = Annotated[int, Query(ge=1, le=200, description="At most this many hits")]


def vector_cache(request: Request) -> VectorCache:
    """The app's cache of workspace embeddings (``app.state.vector_cache``)."""
    cache: VectorCache = request.app.state.vector_cache
    return cache


@router.get("/w/{slug}/search", name="search_page")
def search_page(
    request: Request, ctx: Reader, q: Q = "", mode: Mode = "hybrid", limit: Limit = 20
) -> HTMLResponse:
    """The search form and the hits, each linked to its sentence in the document view."""
    link = links(ctx.workspace.slug)
    context: dict[str, Any] = {"q": q, "mode": mode, "modes": SEARCH_MODES, "hits": []}
    try:
        hits = workspace_search(
            engine(request), ctx.workspace, q, mode, limit, vector_cache(request)
        )
    except CrossroadsError as exc:
        return render(request, "search/search.html", context | {"error": str(exc)}, 400)
    for hit in hits:
        hit["href"] = link("sentence", hit["sentence_id"])
    return render(request, "search/search.html", context | {"hits": hits})


@router.get("/api/w/{slug}/search")
def search_json(
    request: Request, ctx: Reader, q: Q = "", mode: Mode = "hybrid", limit: Limit = 20
) -> dict[str, Any]:
    """Hits for a query, best first; ``semantic_only`` marks those found by meaning alone."""
    hits = workspace_search(engine(request), ctx.workspace, q, mode, limit, vector_cache(request))
    return {"query": q, "mode": mode, "hits": hits}
