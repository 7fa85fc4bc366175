"""Plain records of analysed documents, and back to the document model.

A record is a dict of plain values (str, int, float, bool, bytes, lists and dicts of them)
that a Dask worker can return and the store can insert: :func:`to_record` makes one from
an annotated :class:`~crossroads.model.Document`; :func:`to_document` rebuilds the
document, its sentences and events from stored rows, with ids ``d<document id>:s<n>``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from crossroads.model import Document, Event, Mention, Sentence, Voice


def content_hash(text: str) -> str:
    """The sha256 hex digest of a document's text as read (before repair)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sentence_position(sentence_id: str) -> int:
    """The 1-based position of a sentence from its id (``"d3:s12"`` → 12)."""
    return int(sentence_id.rsplit(":s", 1)[1])


def to_record(
    doc: Document,
    raw_text: str,
    dyad: str,
    embeddings: np.ndarray | None = None,
) -> dict[str, Any]:
    """A plain record of an annotated document, ready to store.

    Args:
        doc: The document after the pipeline's stages.
        raw_text: Its text as the reader gave it (input of re-annotation, and hashed).
        dyad: The canonical dyad key (``"KHM-USA"``).
        embeddings: One unit-normalised row per sentence, or None.

    Returns:
        The record: document fields, ``sentences`` and ``events`` as lists of dicts.
    """
    sentences = []
    for i, s in enumerate(doc.sentences):
        vector = None
        if embeddings is not None:
            vector = np.asarray(embeddings[i], dtype=np.float32).tobytes()
        sentences.append(
            {
                "position": sentence_position(s.id),
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "paragraph": s.paragraph,
                "heading": s.heading,
                "perspective": s.perspective,
                "issue": s.issue,
                "valence": s.valence,
                "frames": ",".join(s.frames),
                "recommendation": bool(s.recommendation),
                "quoted": bool(s.quoted),
                "actors": ",".join(sorted({m.code for m in s.actors})),
                "cues": json.dumps(s.cues, ensure_ascii=False, sort_keys=True),
                "embedding": vector,
                "confidence": json.dumps(s.confidence, sort_keys=True) if s.confidence else None,
            }
        )
    events = [
        {
            "sentence_position": sentence_position(e.sentence_id),
            "actor1": e.actor1,
            "actor2": e.actor2,
            "cameo": e.cameo,
            "goldstein": float(e.goldstein),
            "date": e.date,
            "trigger": e.trigger,
            "quad_class": e.quad_class,
        }
        for e in doc.events
    ]
    return {
        "dyad": dyad,
        "content_hash": content_hash(raw_text),
        "source": doc.source,
        "title": doc.title,
        "author": doc.author,
        "date": doc.date,
        "kind": doc.kind,
        "raw_text": raw_text,
        "text": doc.text,
        "notes": json.dumps(doc.notes, ensure_ascii=False),
        "sentence_count": len(sentences),
        "voice": json.dumps(doc.voice.to_contract(), ensure_ascii=False) if doc.voice else None,
        "sentences": sentences,
        "events": events,
    }


def _frames(value: str) -> list[str]:
    return [f for f in value.split(",") if f]


def to_document(
    row: Mapping[str, Any],
    sentence_rows: Sequence[Mapping[str, Any]],
    event_rows: Sequence[Mapping[str, Any]],
) -> Document:
    """Rebuild an annotated document from its stored rows.

    Args:
        row: The ``documents`` row.
        sentence_rows: Its ``sentences`` rows, in position order.
        event_rows: Its ``events`` rows.

    Returns:
        The document with id ``d<row id>``, its sentences and events.
    """
    doc_id = f"d{row['id']}"
    sentences = [
        Sentence(
            id=f"{doc_id}:s{s['position']}",
            text=s["text"],
            start=s["start"],
            end=s["end"],
            paragraph=s["paragraph"],
            heading=s["heading"],
            actors=[Mention(0, 0, "", code) for code in s["actors"].split(",") if code],
            perspective=s["perspective"],
            issue=s["issue"],
            valence=s["valence"],
            frames=_frames(s["frames"]),
            recommendation=bool(s["recommendation"]),
            quoted=bool(s["quoted"]),
            cues=json.loads(s["cues"] or "{}"),
            confidence=json.loads(s.get("confidence") or "{}"),
        )
        for s in sentence_rows
    ]
    events = [
        Event(
            actor1=e["actor1"],
            actor2=e["actor2"],
            cameo=e["cameo"],
            goldstein=e["goldstein"],
            date=e["date"],
            sentence_id=f"{doc_id}:s{e['sentence_position']}",
            trigger=e["trigger"],
            quad_class=e["quad_class"],
        )
        for e in event_rows
    ]
    return Document(
        id=doc_id,
        source=row["source"],
        text=row["text"],
        title=row["title"],
        author=row["author"],
        date=row["date"],
        kind=row["kind"],
        sentences=sentences,
        events=events,
        notes=json.loads(row["notes"] or "[]"),
        voice=Voice(**json.loads(row["voice"])) if row.get("voice") else None,
    )
