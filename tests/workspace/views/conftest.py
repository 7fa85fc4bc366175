"""The workspace server of ``tests/workspace/server`` (its cast, SQLite and PostgreSQL),
with a document to read and correct, and light worker settings for the job pages.

``desk`` holds "Trade talks in Jakarta" (stored with its confidence, its voice and a
sentence that quotes a ``<script>`` tag); ``other`` holds a document of its own, so that
a test can check that ``desk`` never reaches it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from crossroads.model import Document, Sentence, Voice
from crossroads.readers.limits import Limits
from crossroads.store.kb import RunInfo
from crossroads.store.records import to_record
from crossroads.workspace import spaces
from crossroads.workspace.jobs import JobSettings

from ...store.conftest import LIGHT_STAGES
from ..server.conftest import CSRF, Server, build_server

# Small limits and fast polling, so that a test uploads kilobytes and waits fractions of
# a second; the light stages need no model.
UPLOAD_LIMIT = 4096
LIGHT = JobSettings(
    stages=LIGHT_STAGES,
    embed=False,
    limits=Limits(max_bytes=UPLOAD_LIMIT),
    poll_seconds=0.05,
    heartbeat_seconds=0.2,
    stale_seconds=30,
)
# (text, perspective, issue, valence, frames, recommendation, confidence)
TRADE_TALKS = [
    ("Canberra wants a new trade deal with Jakarta.", "AUS", "economy", "cooperative",
     ["pragmatic"], False, {"perspective": 0.91, "issue": 0.83, "valence": 0.88}),
    ("Indonesian officials doubt the offer on beef quotas.", "IDN", "economy", "critical",
     [], False, {"perspective": 0.72, "issue": 0.66, "valence": 0.41}),
    ("A blogger pasted <script>alert('x')</script> into the minutes.", "author", "other",
     "neutral", [], False, {}),
    ("Both governments should meet again before the summit.", "author", "diplomacy",
     "cooperative", [], True, {"valence": 0.55}),
]  # fmt: skip


@dataclass
class Desk:
    """The server, the document ``desk`` holds and the one only ``other`` holds."""

    server: Server
    document_id: int
    foreign_id: int


def store_document(server: Server, source: str, rows: list, workspace: spaces.Workspace) -> int:  # type: ignore[type-arg]
    """Store a document whose sentences carry the given labels; link it to a workspace."""
    text = " ".join(row[0] for row in rows)
    doc = Document(id="d0", source=source, text=text, title="Trade talks in Jakarta",
                   date="2025-03-01", kind="md")  # fmt: skip
    cursor = 0
    for i, (piece, persp, issue, valence, frames, rec, confidence) in enumerate(rows):
        doc.sentences.append(
            Sentence(id=f"d0:s{i + 1}", text=piece, start=cursor, end=cursor + len(piece),
                     perspective=persp, issue=issue, valence=valence, frames=frames,
                     recommendation=rec, confidence=confidence)
        )  # fmt: skip
        cursor += len(piece) + 1
    doc.voice = Voice("news", "a staff reporter", "author", "the byline")
    record = to_record(doc, text, workspace.dyad_key)
    kb = server.app.state.kb
    kb.store(record, RunInfo("test", ("crossroads.segment.v1",), "default"))
    document_id = next(d["id"] for d in kb.stale_documents(None, None) if d["source"] == source)
    spaces.add_document(server.engine, workspace.id, document_id, None)
    return int(document_id)


@pytest.fixture
def desk(kb_url: str) -> Iterator[Desk]:
    """The cast's server with the trade talks in ``desk`` and a foreign document."""
    server = build_server(kb_url, session_idle=timedelta(hours=1))
    document_id = store_document(server, "trade-talks.md", TRADE_TALKS, server.desk)
    foreign = [("Hanoi and Beijing discussed fishing rights.", "VNM", "regional-order",
                "neutral", [], False, {})]  # fmt: skip
    foreign_id = store_document(server, "fishing.md", foreign, server.other)
    yield Desk(server, document_id, foreign_id)
    server.app.state.kb.close()


def csrf_of(html: str) -> str:
    """The CSRF token a page carries."""
    match = CSRF.search(html)
    assert match is not None
    return match.group(1)
