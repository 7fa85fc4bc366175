"""A knowledge base made by an older schema (0001) is migrated on open, not broken."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from crossroads.corpus import AnalysisSpec, reannotate
from crossroads.store import Filters, KnowledgeBase, list_documents, search
from crossroads.store.db import current_revision, shipped_revisions

from .conftest import LIGHT_STAGES

BODY = "Ream Naval Base was upgraded with Chinese funds. Washington voiced concern."
KHM_USA = Filters(dyad="KHM-USA")


def _make_0001_kb(url: str) -> None:
    """Create a KB with the first migration only and fill it as version 0001 would."""
    old = KnowledgeBase.open(url, revision="0001")
    assert current_revision(old.engine) == "0001"
    now = datetime(2024, 6, 1, 12, 0)
    with old.engine.begin() as c:
        c.execute(
            text("INSERT INTO runs (started_at, taxonomy) VALUES (:now, 'default')"),
            {"now": now},
        )
        c.execute(
            text(
                "INSERT INTO documents (dyad, content_hash, source, title, author, date, "
                "kind, raw_text, text, notes, sentence_count, run_id, added_at) VALUES "
                "('KHM-USA', 'abc', 'old/ream.txt', 'Ream upgrade', NULL, '2024-05-30', "
                "'txt', :body, :body, '[]', 2, (SELECT max(id) FROM runs), :now)"
            ),
            {"body": BODY, "now": now},
        )
        for position, (start, end) in enumerate([(0, 48), (49, len(BODY))], start=1):
            c.execute(
                text(
                    'INSERT INTO sentences (document_id, position, text, start, "end", '
                    "paragraph, heading, perspective, issue, valence, frames, recommendation, "
                    "quoted, actors, cues) VALUES ((SELECT max(id) FROM documents), "
                    ":p, :t, :s, :e, 1, NULL, :who, "
                    "'military-presence', :val, 'security', :f, :f, '', '{}')"
                ),
                {
                    "p": position,
                    "t": BODY[start:end],
                    "s": start,
                    "e": end,
                    "who": "author" if position == 1 else "USA",
                    "val": "neutral" if position == 1 else "critical",
                    "f": False,
                },
            )
    old.close()


def test_older_schema_is_migrated_and_its_rows_kept(kb_url: str) -> None:
    _make_0001_kb(kb_url)
    kb = KnowledgeBase.open(kb_url)
    try:
        assert current_revision(kb.engine) == shipped_revisions()[-1]
        [doc] = list_documents(kb.engine, KHM_USA)
        assert (doc["title"], doc["date"], doc["sentences"]) == ("Ream upgrade", "2024-05-30", 2)
        # The full-text index made by 0001 still answers, and finds the old rows.
        [hit] = search(kb.engine, "concern", KHM_USA, mode="fts")
        assert (hit["text"], hit["perspective"]) == ("Washington voiced concern.", "USA")
        # Old sentences have no embedding yet: semantic search finds nothing, and fails not.
        assert search(kb.engine, "a naval facility", KHM_USA, mode="semantic") == []
        # Their run predates pipeline versions, so re-annotation picks them up and embeds.
        spec = AnalysisSpec(("KHM", "USA"), stages=LIGHT_STAGES, embed=True)
        report = reannotate(kb, spec)
        assert (report.reannotated, report.errors) == (1, [])
        hits = search(kb.engine, "a naval facility", KHM_USA, mode="semantic", limit=1)
        assert hits[0]["text"] == "Ream Naval Base was upgraded with Chinese funds."
        with kb.engine.connect() as c:
            runs = c.execute(text("SELECT version, stages, embedder FROM runs ORDER BY id")).all()
        assert runs[0] == ("", "", "")
        assert runs[-1][1] == ",".join(LIGHT_STAGES) and runs[-1][2] == "all-MiniLM-L6-v2"
        assert reannotate(kb, spec).reannotated == 0
    finally:
        kb.close()


def test_opening_twice_is_a_no_op(kb_url: str) -> None:
    KnowledgeBase.open(kb_url).close()
    kb = KnowledgeBase.open(kb_url)
    try:
        assert current_revision(kb.engine) == shipped_revisions()[-1]
        assert kb.counts() == {"documents": 0, "sentences": 0, "events": 0, "runs": 0}
    finally:
        kb.close()
