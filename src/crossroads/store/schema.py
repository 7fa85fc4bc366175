"""The knowledge base's tables at the head revision (SQLAlchemy Core).

The tables are created and changed only by the Alembic migrations in
``crossroads/store/migrations/versions``; these definitions describe the head schema for
queries and inserts. The full-text index lives outside them: an FTS5 table
``sentences_fts`` on SQLite, a generated ``tsv`` column on PostgreSQL.

* ``runs``: one row per ``corpus add``/``reannotate`` that stored something: the
  pipeline version (``crossroads.__version__``), its stage names, the taxonomy and the
  sentence embedder.
* ``documents``: one row per stored document and dyad: content hash (sha256 of the text as
  read), source, metadata, the text as read (``raw_text``, input of re-annotation) and the
  repaired body text that sentence offsets index (``text``).
* ``sentences``: every body sentence with its annotations and its embedding (float32 bytes).
* ``events``: CAMEO-coded events with the position of the sentence that reports them.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime, nullable=False),
    Column("taxonomy", String(200), nullable=False),
    Column("version", String(40), nullable=False, server_default=""),
    Column("stages", Text, nullable=False, server_default=""),
    Column("embedder", String(200), nullable=False, server_default=""),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dyad", String(16), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("author", Text),
    Column("date", String(10)),
    Column("kind", String(8), nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("notes", Text, nullable=False),
    Column("sentence_count", Integer, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("added_at", DateTime, nullable=False),
    UniqueConstraint("dyad", "content_hash", name="uq_documents_dyad_hash"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("paragraph", Integer, nullable=False),
    Column("heading", Text),
    Column("perspective", String(16), nullable=False),
    Column("issue", String(64), nullable=False),
    Column("valence", String(16), nullable=False),
    Column("frames", String(200), nullable=False),
    Column("recommendation", Boolean, nullable=False),
    Column("quoted", Boolean, nullable=False),
    Column("actors", Text, nullable=False),
    Column("cues", Text, nullable=False),
    Column("embedding", LargeBinary),
    UniqueConstraint("document_id", "position", name="uq_sentences_document_position"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_position", Integer, nullable=False),
    Column("actor1", String(16), nullable=False),
    Column("actor2", String(16), nullable=False),
    Column("cameo", String(8), nullable=False),
    Column("goldstein", Float, nullable=False),
    Column("date", String(10)),
    Column("trigger", Text, nullable=False),
    Column("quad_class", Integer, nullable=False),
)
