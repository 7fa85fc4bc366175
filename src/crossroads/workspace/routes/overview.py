"""The dyad overview of a workspace and the event-data months its timeline opens.

``/w/{slug}/overview`` shows map, agenda, trends and the timeline (the partials of
``templates/overview/``) over the workspace's documents with its labels in force, for a
period (``since``, ``until``) and optionally chosen documents (``doc``, repeated);
``/api/w/{slug}/overview`` is its JSON (:meth:`Overview.to_dict`). Both read the
:class:`~crossroads.workspace.reading.OverviewCache` of the app. ``/w/{slug}/events/{month}``
lists a month of the event data with the events' source URLs.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from crossroads.errors import CrossroadsError
from crossroads.workspace import spaces
from crossroads.workspace.deps import WorkspaceContext, engine, render, require
from crossroads.workspace.reading import (
    CachedOverview,
    OverviewCache,
    events_database,
    links,
    month_events,
)

router = APIRouter()
Reader = Annotated[WorkspaceContext, Depends(require("read"))]
Since = Annotated[str | None, Query(description="First date kept: 2024, 2024-01 or 2024-01-15")]
Until = Annotated[str | None, Query(description="Last date kept, inclusive at its precision")]
Docs = Annotated[list[int] | None, Query(alias="doc", description="Stored document ids to keep")]
By = Annotated[str, Query(description="The trends' period: month, quarter or year")]


def _overview(
    request: Request,
    ctx: WorkspaceContext,
    since: str | None,
    until: str | None,
    docs: list[int] | None,
    by: str,
) -> CachedOverview:
    cache: OverviewCache = request.app.state.overview_cache
    return cache.get(
        engine(request),
        ctx.workspace,
        since=since or None,
        until=until or None,
        documents=docs,
        events=events_database(request.app.state),
        by=by,
    )


@router.get("/w/{slug}/overview", name="overview_page")
def overview_page(
    request: Request,
    ctx: Reader,
    since: Since = None,
    until: Until = None,
    doc: Docs = None,
    by: By = "quarter",
) -> HTMLResponse:
    """The dyad overview: timeline, perspective map, agenda and trends, with the period form."""
    form: dict[str, Any] = {"since": since or "", "until": until or "", "by": by, "doc": doc or []}
    # The selection form lists the workspace's documents (newest first), the chosen ticked.
    choices = spaces.workspace_documents(engine(request), ctx.workspace.id)
    try:
        entry = _overview(request, ctx, since, until, doc, by)
    except CrossroadsError as exc:
        failed = {"form": form, "choices": choices, "error": str(exc)}
        return render(request, "overview_page/overview.html", failed, 400)
    body = entry.body(request.app.state.templates.env, links(ctx.workspace.slug, doc))
    context = {
        "form": form,
        "choices": choices,
        "overview": entry.overview,
        "body": body,
        "role": ctx.role,
    }
    return render(request, "overview_page/overview.html", context)


@router.get("/api/w/{slug}/overview", response_class=Response)
def overview_json(
    request: Request,
    ctx: Reader,
    since: Since = None,
    until: Until = None,
    doc: Docs = None,
    by: By = "quarter",
) -> Response:
    """The dyad overview as JSON: the map as in the contract, agenda, trends and timeline."""
    entry = _overview(request, ctx, since, until, doc, by)
    return Response(entry.json(), media_type="application/json")


@router.get("/w/{slug}/events/{month}", name="event_month_page")
def event_month_page(request: Request, ctx: Reader, month: str) -> HTMLResponse:
    """One month of the dyad's event data: each event with its source URL."""
    try:
        events, note = month_events(events_database(request.app.state), ctx.workspace, month)
    except CrossroadsError as exc:
        return render(request, "error.html", {"status": 400, "message": str(exc)}, 400)
    safe = links(ctx.workspace.slug)
    for event in events:
        event["href"] = safe("event-source", event["source_url"] or "")
    context = {"month": month, "events": events, "note": note}
    return render(request, "overview_page/events.html", context)


@router.get("/api/w/{slug}/events/{month}")
def event_month(request: Request, ctx: Reader, month: str) -> dict[str, Any]:
    """One month of the dyad's event data, most mentioned first, with source URLs."""
    events, note = month_events(events_database(request.app.state), ctx.workspace, month)
    return {"dyad": ctx.workspace.dyad, "month": month, "events": events, "note": note}
