"""The document view, corrections in place, reviews and the audit log.

``/w/{slug}/documents/{document_id}`` shows a document the workspace holds: its title,
source, date and voice, then one block per sentence (anchor ``#s<position>``, where the
overview's sentence links land), coloured by perspective with the HTML report's colours,
with its labels in force and their confidence where the pipeline gave one; a label below
:data:`~crossroads.render.html.LOW_CONFIDENCE` is marked unsure.

An analyst corrects a label in place: each label's htmx form posts the field, the new value
and the version the analyst saw to ``/w/{slug}/documents/{id}/sentences/{position}``, and
the answer replaces the sentence's block. If someone else changed the label meanwhile the
answer is 409 with the block showing the value in force and who set it when
(:class:`~crossroads.workspace.labels.Conflict`). The corrections themselves are
:mod:`crossroads.workspace.labels`; this module only shows and routes them.

The audit log (``/w/{slug}/audit``) needs ``read``: it lists the changes to the shared
reading (corrections, reviews, documents added), which every member reads anyway in the
document view (a corrected label names who set it and when); a viewer who follows the
desk should see who changed what. JSON twins sit under ``/api/w/{slug}/...``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy import Engine, select

from crossroads.errors import CrossroadsError
from crossroads.model import AUTHOR, FRAMES, VALENCES
from crossroads.render.html import AUTHOR_COLOUR, LOW_CONFIDENCE, perspective_colours
from crossroads.render.markdown import cameo_name, party_name
from crossroads.store import schema
from crossroads.workspace import audit, labels
from crossroads.workspace.access import can
from crossroads.workspace.deps import WorkspaceContext, engine, render, require

router = APIRouter()
Reader = Annotated[WorkspaceContext, Depends(require("read"))]
Corrector = Annotated[WorkspaceContext, Depends(require("correct"))]
Reviewer = Annotated[WorkspaceContext, Depends(require("review"))]
AUDIT_PAGE = 100


class CorrectionBody(BaseModel):
    """The body of ``PUT /api/w/{slug}/documents/{id}/sentences/{position}``."""

    field: str
    value: Any
    version: int


# ----------------------------------------------------------------------------- reading


def _document_meta(kb_engine: Engine, ctx: WorkspaceContext, document_id: int) -> dict[str, Any]:
    """The document's own fields, if the workspace holds it (else 404, as for no document)."""
    d, wd = schema.documents, schema.workspace_documents
    columns = [d.c.id, d.c.title, d.c.source, d.c.author, d.c.date, d.c.kind]
    if "voice" in d.c:
        columns.append(d.c.voice)
    query = (
        select(*columns)
        .select_from(d.join(wd, wd.c.document_id == d.c.id))
        .where(wd.c.workspace_id == ctx.workspace.id, d.c.id == document_id)
    )
    with kb_engine.connect() as c:
        row = c.execute(query).mappings().first()
    if row is None:
        raise HTTPException(404, f"no document {document_id} in this workspace")
    meta = dict(row)
    voice = meta.pop("voice", None)
    meta["voice"] = json.loads(voice) if isinstance(voice, str) and voice else None
    return meta


def _label_json(label: labels.Label, confidence: dict[str, float]) -> dict[str, Any]:
    p = confidence.get(label.field)
    return {
        "value": label.value,
        "machine": label.machine,
        "version": label.version,
        "corrected": label.corrected,
        "user": label.user,
        "updated_at": label.updated_at.isoformat() if label.updated_at else None,
        "confidence": p,
        "unsure": p is not None and p < LOW_CONFIDENCE,
    }


def _sentence_json(sentence: labels.SentenceLabels) -> dict[str, Any]:
    return {
        "id": sentence.sentence_id,
        "position": sentence.position,
        "text": sentence.text,
        "labels": {
            f: _label_json(label, sentence.confidence) for f, label in sentence.labels.items()
        },
    }


def _sentences(
    kb_engine: Engine, ctx: WorkspaceContext, document_id: int
) -> list[labels.SentenceLabels]:
    try:
        return labels.sentence_labels(kb_engine, ctx.workspace.id, document_id)
    except labels.NotInWorkspace:
        raise HTTPException(404, f"no document {document_id} in this workspace") from None


def _colours(dyad: tuple[str, str], perspectives: Iterable[str]) -> dict[str, str]:
    """Each perspective's colour, as the HTML report gives them (one home: render.html)."""
    return perspective_colours(list(dyad), list(dyad), perspectives)


def _issue_choices(kb_engine: Engine, document_id: int) -> list[str]:
    with kb_engine.connect() as c:
        return sorted(labels.issue_ids(c, document_id))


def _event_text(event: dict[str, str]) -> str:
    name = cameo_name(event["cameo"])
    what = f"{event['cameo']} {name}" if name else event["cameo"]
    return f"{event['actor1']} → {event['actor2']}: {what}"


def _view(
    request: Request,
    ctx: WorkspaceContext,
    document_id: int,
    sentences: list[labels.SentenceLabels],
) -> dict[str, Any]:
    """What the page and the sentence block templates need."""
    kb_engine = engine(request)
    # The workspace's own order, as the report and the overview colour the dyad.
    dyad = ctx.workspace.dyad.split("-")
    perspectives = [s.labels["perspective"].value for s in sentences]
    return {
        "document_id": document_id,
        "sentences": sentences,
        "colours": _colours((dyad[0], dyad[1]), perspectives),
        "default_colour": AUTHOR_COLOUR,
        "party_name": party_name,
        "event_text": _event_text,
        "events_json": lambda events: json.dumps(events, ensure_ascii=False),
        "low_confidence": LOW_CONFIDENCE,
        "valences": VALENCES,
        "frames": FRAMES,
        "issues": _issue_choices(kb_engine, document_id),
        "parties": [*dyad, AUTHOR],
        # the page hides what the caller may not do, by the rule that refuses it
        "may_correct": can(ctx.user, "correct", ctx.workspace),
    }


@router.get("/w/{slug}/documents/{document_id}", name="document_page")
def document_page(request: Request, ctx: Reader, document_id: int) -> HTMLResponse:
    """A document: its sentences coloured by perspective, with their labels in force."""
    kb_engine = engine(request)
    meta = _document_meta(kb_engine, ctx, document_id)
    sentences = _sentences(kb_engine, ctx, document_id)
    reviewers = labels.reviewers(kb_engine, ctx.workspace.id, document_id)
    context = _view(request, ctx, document_id, sentences) | {
        "document": meta,
        "reviewers": reviewers,
        "reviewed_by_me": any(r.user_id == ctx.user.id for r in reviewers),
    }
    return render(request, "documents/document.html", context)


@router.get("/api/w/{slug}/documents/{document_id}")
def document_json(request: Request, ctx: Reader, document_id: int) -> dict[str, Any]:
    """A document with each sentence's labels in force, machine values and confidence."""
    kb_engine = engine(request)
    meta = _document_meta(kb_engine, ctx, document_id)
    sentences = _sentences(kb_engine, ctx, document_id)
    reviewers = labels.reviewers(kb_engine, ctx.workspace.id, document_id)
    return meta | {
        "low_confidence": LOW_CONFIDENCE,
        "reviewed_by": [
            {"name": r.name, "reviewed_at": r.reviewed_at.isoformat()} for r in reviewers
        ],
        "sentences": [_sentence_json(s) for s in sentences],
    }


# ----------------------------------------------------------------------------- correcting


def _form_value(field: str, values: list[str]) -> Any:
    """The value a sentence block's form sent for a field (frames: one per checkbox)."""
    if field == "frames":
        return [v for v in values if v]
    return values[0] if values else ""


def _block(
    request: Request,
    ctx: WorkspaceContext,
    document_id: int,
    position: int,
    status: int = 200,
    message: str | None = None,
) -> HTMLResponse:
    """One sentence's block, as the page shows it (the htmx answer to a correction)."""
    sentences = _sentences(engine(request), ctx, document_id)
    # The colours come from the whole document, so a block keeps its page's colour.
    context = _view(request, ctx, document_id, sentences)
    sentence = next((s for s in sentences if s.position == position), None)
    if sentence is None:
        raise HTTPException(404, f"no sentence s{position} in document {document_id}")
    context |= {"s": sentence, "message": message, "status": status}
    return render(request, "documents/sentence.html", context, status)


@router.post("/w/{slug}/documents/{document_id}/sentences/{position}", name="correct_label")
async def correct_label(
    request: Request, ctx: Corrector, document_id: int, position: int
) -> Response:
    """Correct one label of a sentence (form: ``field``, ``value``, ``version``)."""
    form = await request.form()
    field = str(form.get("field") or "")
    value = _form_value(field, [str(v) for v in form.getlist("value")])
    try:
        version = int(str(form.get("version") or ""))
    except ValueError:
        raise HTTPException(400, "version: the label's version is missing") from None
    status, message = 200, None
    try:
        labels.correct(
            engine(request), ctx.workspace.id, document_id, position, field, value,
            ctx.user.id, version,
        )  # fmt: skip
    except labels.NotInWorkspace:
        raise HTTPException(404, f"no document {document_id} in this workspace") from None
    except labels.Conflict as exc:
        status, message = 409, str(exc)
    except CrossroadsError as exc:
        status, message = 400, str(exc)
    if "hx-request" not in request.headers:
        if status != 200:  # a form posted without htmx: the message on its own page
            raise HTTPException(status, message or "")
        target = request.app.url_path_for("document_page", slug=ctx.workspace.slug,
                                          document_id=document_id)  # fmt: skip
        return RedirectResponse(f"{target}#s{position}", 303)
    return _block(request, ctx, document_id, position, status, message)


@router.put("/api/w/{slug}/documents/{document_id}/sentences/{position}")
def correct_label_json(
    request: Request, ctx: Corrector, document_id: int, position: int, body: CorrectionBody
) -> Response:
    """Correct one label; 409 with the label in force if it moved past ``version``."""
    try:
        label = labels.correct(
            engine(request), ctx.workspace.id, document_id, position, body.field, body.value,
            ctx.user.id, body.version,
        )  # fmt: skip
    except labels.NotInWorkspace:
        raise HTTPException(404, f"no document {document_id} in this workspace") from None
    except labels.Conflict as exc:
        current = _label_json(exc.current, {})
        return JSONResponse({"detail": str(exc), "current": current}, 409)
    return JSONResponse(_label_json(label, {}) | {"field": label.field, "id": label.sentence_id})


# ----------------------------------------------------------------------------- reviews


def _review(request: Request, ctx: WorkspaceContext, document_id: int, mark: bool) -> bool:
    act = labels.mark_reviewed if mark else labels.unmark_reviewed
    try:
        return act(engine(request), ctx.workspace.id, document_id, ctx.user.id)
    except labels.NotInWorkspace:
        raise HTTPException(404, f"no document {document_id} in this workspace") from None


@router.post("/w/{slug}/documents/{document_id}/review", name="review_document")
async def review_document(request: Request, ctx: Reviewer, document_id: int) -> Response:
    """Mark the document reviewed by the caller (form ``reviewed=false``: withdraw it)."""
    form = await request.form()
    _review(request, ctx, document_id, str(form.get("reviewed", "true")).lower() != "false")
    target = request.app.url_path_for("document_page", slug=ctx.workspace.slug,
                                      document_id=document_id)  # fmt: skip
    return RedirectResponse(target, 303)


@router.put("/api/w/{slug}/documents/{document_id}/review")
def mark_reviewed(request: Request, ctx: Reviewer, document_id: int) -> dict[str, Any]:
    """Mark the document reviewed by the caller; ``changed`` is False if it already was."""
    return {"reviewed": True, "changed": _review(request, ctx, document_id, True)}


@router.delete("/api/w/{slug}/documents/{document_id}/review")
def unmark_reviewed(request: Request, ctx: Reviewer, document_id: int) -> dict[str, Any]:
    """Withdraw the caller's review; ``changed`` is False if there was none."""
    return {"reviewed": False, "changed": _review(request, ctx, document_id, False)}


# ----------------------------------------------------------------------------- audit log


def _entry_json(entry: audit.AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "user": entry.user,
        "action": entry.action,
        "target": entry.target,
        "detail": entry.detail,
    }


@router.get("/w/{slug}/audit", name="audit_page")
def audit_page(request: Request, ctx: Reader, before: int | None = None) -> HTMLResponse:
    """Every change in the workspace, newest first (a page of 100, then older ones)."""
    entries = audit.entries(engine(request), ctx.workspace.id, AUDIT_PAGE, before)
    older = entries[-1].id if len(entries) == AUDIT_PAGE else None
    return render(request, "documents/audit.html", {"entries": entries, "older": older})


@router.get("/api/w/{slug}/audit")
def audit_json(
    request: Request, ctx: Reader, before: int | None = None, limit: int = AUDIT_PAGE
) -> list[dict[str, Any]]:
    """The workspace's audit entries, newest first; ``before`` an entry id to page back."""
    limit = max(1, min(limit, 1000))
    return [_entry_json(e) for e in audit.entries(engine(request), ctx.workspace.id, limit, before)]
