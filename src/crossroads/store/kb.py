"""The knowledge base: store analysed documents, replace their annotations, find them.

    kb = KnowledgeBase.open("kb.sqlite")          # or a postgresql:// URL; migrates
    status = kb.store(record, run)                # "added" | "replaced" | "unchanged"

Each document is written in one transaction (document, sentences, events), retried while
the database is locked, so a killed run leaves only whole documents behind and concurrent
writers neither lose nor duplicate one: ``(dyad, content_hash)`` is unique.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from crossroads.store import schema
from crossroads.store.db import OpenMode, open_engine, retrying

DOCUMENT_FIELDS = (
    "dyad",
    "content_hash",
    "source",
    "title",
    "author",
    "date",
    "kind",
    "raw_text",
    "text",
    "notes",
    "sentence_count",
)


@dataclass(frozen=True)
class RunInfo:
    """What annotated a document: pipeline version, stage names, taxonomy, embedder."""

    version: str
    stages: tuple[str, ...]
    taxonomy: str
    embedder: str = ""

    def key(self) -> tuple[str, str, str, str]:
        """The fields that tell two pipelines apart, as stored."""
        return (self.version, ",".join(self.stages), self.taxonomy, self.embedder)


class KnowledgeBase:
    """A knowledge base of analysed documents on SQLite or PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._runs: dict[RunInfo, int] = {}

    @classmethod
    def open(
        cls, target: str | Path | None = None, revision: str = "head", mode: OpenMode = "create"
    ) -> KnowledgeBase:
        """Open a knowledge base: to add to (created and migrated), change, or read.

        Args:
            target: A path, ``sqlite:///`` or ``postgresql://`` URL; None for
                ``$CROSSROADS_DB`` or ``~/.local/share/crossroads/kb.sqlite``.
            revision: The schema revision to migrate to; tests use "0001".
            mode: ``"create"`` (default), ``"write"`` (it must exist) or ``"read"``
                (read-only, never created or migrated): see :mod:`crossroads.store.db`.

        Returns:
            The knowledge base.
        """
        return cls(open_engine(target, revision, mode))

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ runs

    def run_id(self, run: RunInfo) -> int:
        """The id of the run row for this execution, created on first use."""
        if run not in self._runs:

            def create() -> int:
                with self.engine.begin() as c:
                    version, stages, taxonomy, embedder = run.key()
                    result = c.execute(
                        insert(schema.runs).values(
                            started_at=datetime.now(UTC).replace(tzinfo=None),
                            version=version,
                            stages=stages,
                            taxonomy=taxonomy,
                            embedder=embedder,
                        )
                    )
                    return int(_new_id(result))

            self._runs[run] = retrying(create)
        return self._runs[run]

    # ------------------------------------------------------------------ reads used by ingest

    def known_hashes(self, dyad: str) -> set[str]:
        """The content hashes of the documents stored for a dyad."""
        with self.engine.connect() as c:
            rows = c.execute(
                select(schema.documents.c.content_hash).where(schema.documents.c.dyad == dyad)
            )
            return {r[0] for r in rows}

    def stale_documents(self, dyad: str | None, run: RunInfo | None) -> list[dict[str, Any]]:
        """Stored documents to re-annotate: those another pipeline annotated (all if None).

        Args:
            dyad: Only this dyad's documents; None for every dyad.
            run: The current pipeline; documents annotated by an identical one are left out.

        Returns:
            Dicts with ``id``, ``dyad``, ``source``, ``title``, ``author``, ``date``,
            ``kind`` and ``raw_text``, in id order.
        """
        d, r = schema.documents, schema.runs
        query = (
            select(
                d.c.id, d.c.dyad, d.c.source, d.c.title, d.c.author, d.c.date, d.c.kind,
                d.c.raw_text, r.c.version, r.c.stages, r.c.taxonomy, r.c.embedder,
            )
            .select_from(d.outerjoin(r, d.c.run_id == r.c.id))
            .order_by(d.c.id)
        )  # fmt: skip
        if dyad:
            query = query.where(d.c.dyad == dyad)
        out = []
        with self.engine.connect() as c:
            for row in c.execute(query).mappings():
                if (
                    run is not None
                    and (
                        row["version"],
                        row["stages"],
                        row["taxonomy"],
                        row["embedder"],
                    )
                    == run.key()
                ):
                    continue
                out.append({k: row[k] for k in list(row.keys())[:8]})
        return out

    def stored_document(self, doc_id: int) -> dict[str, Any] | None:
        """A stored document as :meth:`stale_documents` gives them, or None if unknown."""
        d = schema.documents
        query = select(
            d.c.id, d.c.dyad, d.c.source, d.c.title, d.c.author, d.c.date, d.c.kind, d.c.raw_text
        ).where(d.c.id == doc_id)
        with self.engine.connect() as c:
            row = c.execute(query).mappings().first()
        return dict(row) if row is not None else None

    def counts(self) -> dict[str, int]:
        """How many documents, sentences, events and runs are stored."""
        with self.engine.connect() as c:
            return {
                name: int(c.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in (
                    ("documents", schema.documents),
                    ("sentences", schema.sentences),
                    ("events", schema.events),
                    ("runs", schema.runs),
                )
            }

    # ------------------------------------------------------------------ writes

    def store(self, record: Mapping[str, Any], run: RunInfo, replace_source: bool = True) -> str:
        """Store one analysed document in one transaction.

        A document whose text is already stored for the dyad is left alone; one from the
        same source with other text replaces the stored one, unless ``replace_source`` is
        off.

        Args:
            record: A record from :func:`crossroads.store.records.to_record`.
            run: The pipeline that annotated it.
            replace_source: Replace what is stored from the same source. A workspace's
                upload turns it off: another workspace's document of the same name, and
                the corrections made to it, must stay.

        Returns:
            ``"added"``, ``"replaced"`` or ``"unchanged"``.
        """
        run_id = self.run_id(run)
        d = schema.documents

        def write() -> str:
            with self.engine.begin() as c:
                same = c.execute(
                    select(d.c.id).where(
                        d.c.dyad == record["dyad"], d.c.content_hash == record["content_hash"]
                    )
                ).first()
                if same is not None:
                    return "unchanged"
                old = (
                    c.execute(
                        select(d.c.id).where(
                            d.c.dyad == record["dyad"], d.c.source == record["source"]
                        )
                    )
                    .scalars()
                    .all()
                    if replace_source
                    else []
                )
                for doc_id in old:
                    _delete_document(c, doc_id)
                values = {k: record[k] for k in DOCUMENT_FIELDS}
                values.update(
                    voice=record.get("voice"),  # absent from records made before 0004
                    run_id=run_id,
                    added_at=datetime.now(UTC).replace(tzinfo=None),
                )
                doc_id = _new_id(c.execute(insert(d).values(**values)))
                _insert_annotations(c, doc_id, record)
                return "replaced" if old else "added"

        try:
            return retrying(write)
        except IntegrityError:
            return "unchanged"  # another writer stored the same text first

    def replace_annotations(self, doc_id: int, record: Mapping[str, Any], run: RunInfo) -> None:
        """Swap a stored document's annotations for new ones, in one transaction.

        Args:
            doc_id: The stored document's id.
            record: Its record from the current pipeline (same text as read).
            run: The pipeline that made the record.
        """
        run_id = self.run_id(run)
        d = schema.documents

        def write() -> None:
            with self.engine.begin() as c:
                c.execute(delete(schema.events).where(schema.events.c.document_id == doc_id))
                c.execute(delete(schema.sentences).where(schema.sentences.c.document_id == doc_id))
                c.execute(
                    update(d)
                    .where(d.c.id == doc_id)
                    .values(
                        title=record["title"],
                        author=record["author"],
                        date=record["date"],
                        text=record["text"],
                        notes=record["notes"],
                        sentence_count=record["sentence_count"],
                        voice=record.get("voice"),
                        run_id=run_id,
                    )
                )
                _insert_annotations(c, doc_id, record)

        retrying(write)

    def delete_documents(self, ids: Iterable[int]) -> int:
        """Delete stored documents with their sentences and events; return how many."""
        ids = list(ids)

        def write() -> int:
            with self.engine.begin() as c:
                for doc_id in ids:
                    _delete_document(c, doc_id)
            return len(ids)

        return retrying(write)


def _new_id(result: Any) -> int:
    """The primary key of the row an INSERT made."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _delete_document(c: Connection, doc_id: int) -> None:
    c.execute(delete(schema.events).where(schema.events.c.document_id == doc_id))
    c.execute(delete(schema.sentences).where(schema.sentences.c.document_id == doc_id))
    c.execute(delete(schema.documents).where(schema.documents.c.id == doc_id))


def _insert_annotations(c: Connection, doc_id: int, record: Mapping[str, Any]) -> None:
    sentences = [dict(s, document_id=doc_id) for s in record["sentences"]]
    if sentences:
        c.execute(insert(schema.sentences), sentences)
    events = [dict(e, document_id=doc_id) for e in record["events"]]
    if events:
        c.execute(insert(schema.events), events)
