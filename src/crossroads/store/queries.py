"""Queries over the knowledge base: documents, full-text and semantic search, documents back.

Filters (:class:`Filters`) select documents by dyad, date range and source, and sentences
by issue and party (perspective). Full-text search (``fts``) uses FTS5 (bm25) on SQLite
and ``websearch_to_tsquery`` / ``ts_rank`` on PostgreSQL; semantic search compares the
query's MiniLM embedding with the stored sentence embeddings (cosine, in numpy, over the
filtered set) and keeps those above a similarity floor; ``hybrid`` merges both rankings
by reciprocal rank fusion. Each hit says which ranking found it: ``fts``, ``semantic`` or
``both``.

A workspace (``Filters.workspace``, a workspace id) narrows every query to the documents it
holds and reads them with its labels in force (:mod:`crossroads.store.labels`): an
analyst's correction is what the issue and party filters, search hits and
:func:`load_documents` (hence the map and the exports) see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
)

from crossroads.errors import CrossroadsError
from crossroads.model import Document
from crossroads.store import schema
from crossroads.store.labels import apply_labels, in_force, labels_in_force
from crossroads.store.records import to_document

SEARCH_MODES = ("hybrid", "fts", "semantic")
RRF_K = 60  # reciprocal rank fusion constant (Cormack et al., 2009)
CANDIDATES = 200  # hits taken from each ranking before fusion
# Cosine below which a MiniLM neighbour is no match: a paraphrase of a query or a sentence
# naming its subject scores about .35 to .5, unrelated sentences under .2.
MIN_SIMILARITY = 0.3
_WORD = re.compile(r"\w+", re.UNICODE)
D, S, E = schema.documents, schema.sentences, schema.events
WD = schema.workspace_documents
FTS = table("sentences_fts", column("rowid"))  # SQLite's FTS5 index (migration 0001)


class QueryError(CrossroadsError):
    """A query argument the knowledge base cannot use (a malformed date, say)."""


def dyad_key(dyad: tuple[str, str] | list[str]) -> str:
    """The canonical key of a dyad in the store: the two codes sorted (``"KHM-USA"``)."""
    a, b = sorted(code.upper() for code in dyad)
    return f"{a}-{b}"


def check_date(value: str | None, option: str) -> str | None:
    """Validate a ``--since``/``--until`` value (``2024``, ``2024-01``, ``2024-01-15``)."""
    from crossroads.readers.dates import strict_iso_date  # late: the readers load slowly

    if value is None:
        return None
    iso = strict_iso_date(value)
    if iso is None:
        raise QueryError(option, f"expected a date like 2024, 2024-01 or 2024-01-15, got {value!r}")
    return iso


def party_code(party: str) -> str:
    """A ``--party`` value as stored: ``author``, else an upper-case code (``KHM``, ``ASEAN``)."""
    return "author" if party.lower() == "author" else party.upper()


@dataclass
class Filters:
    """What to select: documents by dyad, dates and source; sentences by issue and party.

    ``since`` and ``until`` are inclusive and as precise as given: ``until="2024-06"``
    keeps documents dated anywhere in June 2024. Documents without a date are left out
    when either is set. ``workspace`` (a workspace id) keeps the documents that workspace
    holds, and reads their issue and party as its labels in force.
    """

    dyad: str | None = None
    since: str | None = None
    until: str | None = None
    issue: str | None = None
    party: str | None = None
    source: str | None = None
    workspace: int | None = None
    ids: tuple[int, ...] | None = None  # stored document ids to keep (None: any)

    def column(self, field: str) -> ColumnElement[Any]:
        """A sentence column as the selection reads it: in force in a workspace."""
        return S.c[field] if self.workspace is None else in_force(field, self.workspace)

    def documents(self) -> list[ColumnElement[bool]]:
        """Conditions on ``documents`` rows."""
        out: list[ColumnElement[bool]] = []
        if self.dyad:
            out.append(D.c.dyad == self.dyad)
        if self.since:
            out.append(D.c.date >= check_date(self.since, "--since"))
        if self.until:
            out.append(D.c.date <= f"{check_date(self.until, '--until')}~")
        if self.source:
            out.append(D.c.source.contains(self.source, autoescape=True))
        if self.workspace is not None:
            held = select(WD.c.document_id).where(WD.c.workspace_id == self.workspace)
            out.append(D.c.id.in_(held))
        if self.ids is not None:
            out.append(D.c.id.in_(self.ids))
        return out

    def sentences(self) -> list[ColumnElement[bool]]:
        """Conditions on ``sentences`` rows (joined with their documents)."""
        out = self.documents()
        if self.issue:
            out.append(self.column("issue") == self.issue)
        if self.party:
            out.append(self.column("perspective") == party_code(self.party))
        return out

    def documents_with_sentences(self) -> list[ColumnElement[bool]]:
        """Document conditions plus: holds a sentence on the issue / by the party."""
        out = self.documents()
        inner = []
        if self.issue:
            inner.append(self.column("issue") == self.issue)
        if self.party:
            inner.append(self.column("perspective") == party_code(self.party))
        if inner:
            out.append(exists().where(S.c.document_id == D.c.id, *inner))
        return out


def undated_count(engine: Engine, filters: Filters) -> int:
    """How many documents the filters would select but for their dates, having none.

    Args:
        engine: The knowledge base's engine.
        filters: The selection; its ``since`` and ``until`` are ignored.

    Returns:
        The number of undated documents that match every other filter.
    """
    rest = replace(filters, since=None, until=None)
    stmt = (
        select(func.count())
        .select_from(D)
        .where(D.c.date.is_(None), *rest.documents_with_sentences())
    )
    with engine.connect() as c:
        return int(c.execute(stmt).scalar_one())


def stored_issues(engine: Engine) -> set[str]:
    """The issue ids the stored sentences carry (those of every taxonomy used)."""
    with engine.connect() as c:
        return set(c.execute(select(S.c.issue).distinct()).scalars())


def list_documents(
    engine: Engine, filters: Filters, limit: int | None = None
) -> list[dict[str, Any]]:
    """Stored documents matching the filters, newest first.

    Args:
        engine: The knowledge base's engine.
        filters: The selection; ``issue``/``party`` keep documents with such a sentence.
        limit: At most this many.

    Returns:
        Dicts with ``id``, ``title``, ``date``, ``dyad``, ``source``, ``sentences``,
        ``author``, ``kind`` and ``added``.
    """
    query = (
        select(D.c.id, D.c.title, D.c.date, D.c.dyad, D.c.source, D.c.sentence_count,
               D.c.author, D.c.kind, D.c.added_at)
        .where(*filters.documents_with_sentences())
        .order_by(D.c.date.desc().nulls_last(), D.c.id)
    )  # fmt: skip
    if limit:
        query = query.limit(limit)
    with engine.connect() as c:
        return [
            {
                "id": r.id,
                "title": r.title,
                "date": r.date,
                "dyad": r.dyad,
                "source": r.source,
                "sentences": r.sentence_count,
                "author": r.author,
                "kind": r.kind,
                "added": r.added_at.isoformat(timespec="seconds") if r.added_at else None,
            }
            for r in c.execute(query)
        ]


def _fts5_query(query: str) -> str:
    """A safe FTS5 query: every word quoted, all required."""
    return " ".join(f'"{w}"' for w in _WORD.findall(query))


def text_ranking(
    engine: Engine, query: str, filters: Filters, limit: int
) -> list[tuple[int, float]]:
    """Sentence ids matching a full-text query, best first, with their scores.

    Args:
        engine: The knowledge base's engine.
        query: Words (all required); on PostgreSQL, web-search syntax ("or", quotes, -word).
        filters: The selection.
        limit: At most this many.

    Returns:
        ``(sentence id, score)`` pairs; higher scores are better matches.
    """
    base = select(S.c.id).select_from(S.join(D, S.c.document_id == D.c.id))
    if engine.dialect.name == "postgresql":
        tsquery = func.websearch_to_tsquery("english", query)
        score = func.ts_rank(literal_column("sentences.tsv"), tsquery)
        stmt: Select[Any] = (
            base.add_columns(score.label("score"))
            .where(literal_column("sentences.tsv").op("@@")(tsquery), *filters.sentences())
            .order_by(score.desc(), S.c.id)
            .limit(limit)
        )
    else:
        match = _fts5_query(query)
        if not match:
            return []
        # bm25 is lower for better matches; negate it so that higher is better.
        rank: ColumnElement[float] = -func.bm25(literal_column("sentences_fts"))
        stmt = (
            base.join(FTS, FTS.c.rowid == S.c.id)
            .add_columns(rank.label("score"))
            .where(literal_column("sentences_fts").op("MATCH")(match), *filters.sentences())
            .order_by(rank.desc(), S.c.id)
            .limit(limit)
        )
    with engine.connect() as c:
        return [(int(r[0]), float(r[1])) for r in c.execute(stmt)]


def sentence_vectors(engine: Engine, filters: Filters) -> tuple[np.ndarray, np.ndarray]:
    """The selected sentences' ids and MiniLM embeddings (one unit row each).

    Sentences stored without an embedding (by a schema-0001 knowledge base, or with
    embeddings turned off) are left out until ``corpus reannotate`` fills them.

    Args:
        engine: The knowledge base's engine.
        filters: The selection.

    Returns:
        ``(ids, matrix)``: int64 sentence ids and the float32 rows, in the same order.
    """
    stmt = (
        select(S.c.id, S.c.embedding)
        .select_from(S.join(D, S.c.document_id == D.c.id))
        .where(S.c.embedding.is_not(None), *filters.sentences())
    )
    with engine.connect() as c:
        rows = c.execute(stmt).all()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
    return ids, matrix


def semantic_ranking(
    engine: Engine,
    query: str,
    filters: Filters,
    limit: int,
    min_similarity: float = MIN_SIMILARITY,
    vectors: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[tuple[int, float]]:
    """Sentence ids nearest in meaning to the query (cosine of MiniLM embeddings).

    Args:
        engine: The knowledge base's engine.
        query: Any text.
        filters: The selection.
        limit: At most this many.
        min_similarity: The lowest cosine kept: nearer than that is no match at all.
        vectors: The selection's :func:`sentence_vectors`, if the caller keeps them (the
            workspace does: reading 50,000 embeddings takes longer than ranking them);
            None reads them.

    Returns:
        ``(sentence id, cosine)`` pairs, best first.
    """
    from crossroads.annotate.actors import gazetteer
    from crossroads.models import encode, party_masked

    ids, matrix = vectors if vectors is not None else sentence_vectors(engine, filters)
    if not len(ids):
        return []
    if filters.dyad:  # stored sentences were encoded with the two parties masked
        query = party_masked(query, gazetteer().find(query), filters.dyad.split("-"))
    scores = matrix @ encode([query])[0]
    top = np.argsort(-scores, kind="stable")[:limit]
    return [(int(ids[i]), round(float(scores[i]), 4)) for i in top if scores[i] >= min_similarity]


def search(
    engine: Engine,
    query: str,
    filters: Filters,
    mode: str = "hybrid",
    limit: int = 20,
    min_similarity: float = MIN_SIMILARITY,
    vectors: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[dict[str, Any]]:
    """Sentences matching a query, with their document, date and perspective.

    Args:
        engine: The knowledge base's engine.
        query: Words or a phrase.
        filters: The selection (dyad, dates, source, issue, party).
        mode: ``"fts"`` (full-text), ``"semantic"`` (embeddings) or ``"hybrid"``
            (both rankings fused: score = Σ 1 / (60 + rank)).
        limit: At most this many hits.
        min_similarity: The semantic ranking's floor (cosine).
        vectors: The selection's :func:`sentence_vectors`, if the caller keeps them.

    Returns:
        Hits, best first: ``text``, ``document`` (title, else source), ``date``,
        ``perspective``, ``issue``, ``match`` (``fts``, ``semantic`` or ``both``: which
        rankings found it), ``score``, plus ``valence``, ``sentence_id``,
        ``document_id`` and ``source``.
    """
    if mode not in SEARCH_MODES:
        raise QueryError("--mode", f"expected one of {', '.join(SEARCH_MODES)}, got {mode!r}")
    rankings: dict[str, list[tuple[int, float]]] = {}
    if mode in ("fts", "hybrid"):
        rankings["fts"] = text_ranking(engine, query, filters, max(limit, CANDIDATES))
    if mode in ("semantic", "hybrid"):
        rankings["semantic"] = semantic_ranking(
            engine, query, filters, max(limit, CANDIDATES), min_similarity, vectors
        )
    if mode == "hybrid":
        fused: dict[int, float] = {}
        for ranking in rankings.values():
            for rank, (sid, _) in enumerate(ranking, start=1):
                fused[sid] = fused.get(sid, 0.0) + 1.0 / (RRF_K + rank)
        ordered = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        scored = [(sid, round(score, 5)) for sid, score in ordered]
    else:
        scored = [(sid, round(score, 4)) for sid, score in rankings[mode][:limit]]
    found_by = {name: {sid for sid, _ in r} for name, r in rankings.items()}
    return _hits(engine, scored, found_by, filters)


def _hits(
    engine: Engine,
    scored: list[tuple[int, float]],
    found_by: dict[str, set[int]],
    filters: Filters,
) -> list[dict[str, Any]]:
    if not scored:
        return []
    ids = [sid for sid, _ in scored]
    read = filters.column
    stmt = (
        select(S.c.id, S.c.position, S.c.text, read("perspective").label("perspective"),
               read("issue").label("issue"), read("valence").label("valence"),
               D.c.id.label("doc_id"), D.c.title, D.c.source, D.c.date)
        .select_from(S.join(D, S.c.document_id == D.c.id))
        .where(S.c.id.in_(ids))
    )  # fmt: skip
    with engine.connect() as c:
        rows = {r.id: r for r in c.execute(stmt)}
    hits = []
    for sid, score in scored:
        r = rows[sid]
        kinds = [name for name, ids_ in found_by.items() if sid in ids_]
        hits.append(
            {
                "text": r.text,
                "document": r.title or r.source,
                "date": r.date,
                "perspective": r.perspective,
                "issue": r.issue,
                "match": "both" if len(kinds) == 2 else kinds[0],
                "score": score,
                "valence": r.valence,
                "sentence_id": f"d{r.doc_id}:s{r.position}",
                "document_id": r.doc_id,
                "source": r.source,
            }
        )
    return hits


def load_documents(engine: Engine, filters: Filters, chunk: int = 500) -> list[Document]:
    """Rebuild the selected documents, with their sentences and events, from the store.

    Args:
        engine: The knowledge base's engine.
        filters: The selection; ``issue``/``party`` keep whole documents with such a sentence.
        chunk: Documents fetched per query.

    Returns:
        Documents (ids ``d<stored id>``), oldest first; in a workspace
        (``filters.workspace``), with its labels in force.
    """
    query = (
        select(D)
        .where(*filters.documents_with_sentences())
        .order_by(D.c.date.asc().nulls_first(), D.c.id)
    )
    out: list[Document] = []
    with engine.connect() as c:
        doc_rows = c.execute(query).mappings().all()
        for i in range(0, len(doc_rows), chunk):
            part = doc_rows[i : i + chunk]
            ids = [r["id"] for r in part]
            sentences: dict[int, list[Any]] = {doc_id: [] for doc_id in ids}
            for s in c.execute(
                select(S).where(S.c.document_id.in_(ids)).order_by(S.c.document_id, S.c.position)
            ).mappings():
                sentences[s["document_id"]].append(s)
            events: dict[int, list[Any]] = {doc_id: [] for doc_id in ids}
            for e in c.execute(
                select(E).where(E.c.document_id.in_(ids)).order_by(E.c.document_id, E.c.id)
            ).mappings():
                events[e["document_id"]].append(e)
            if filters.workspace is not None:
                by_document: dict[int, dict[int, dict[str, str]]] = {}
                for (doc_id, position), fields in labels_in_force(
                    c, filters.workspace, ids
                ).items():
                    by_document.setdefault(doc_id, {})[position] = fields
                for doc_id, labels in by_document.items():
                    sentences[doc_id], events[doc_id] = apply_labels(
                        sentences[doc_id], events[doc_id], labels
                    )
            out.extend(to_document(dict(r), sentences[r["id"]], events[r["id"]]) for r in part)
    return out
