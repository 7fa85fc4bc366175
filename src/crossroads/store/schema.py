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

The workspace (revision 0003, ``crossroads serve``) adds accounts (``users``, ``sessions``,
``api_tokens``, ``login_attempts``), ``workspaces`` with their ``memberships`` (role
``admin``/``analyst``/``viewer``), the documents each workspace holds
(``workspace_documents``: links, the reading is shared), analysis ``jobs``, a workspace's
``labels`` in force over the machine reading (keyed by document and sentence position, with
a version that detects two analysts correcting at once), every ``corrections`` change,
``reviews`` (who marked a document reviewed) and the ``audit_log``. Revision 0004 keeps
each document's ``voice`` (JSON), which the labelled-data export writes out.
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
    false,
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
    Column("voice", Text),  # JSON: genre, speaker, party, evidence (revision 0004)
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
    Column("confidence", Text),  # JSON: label -> probability, where the pipeline gives one
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


def _cascade(table: str) -> ForeignKey:
    return ForeignKey(f"{table}.id", ondelete="CASCADE")


def _set_null(table: str) -> ForeignKey:
    return ForeignKey(f"{table}.id", ondelete="SET NULL")


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("is_superuser", Boolean, nullable=False, server_default=false()),
    Column("created_at", DateTime, nullable=False),
)

workspaces = Table(
    "workspaces",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(80), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("dyad", String(16), nullable=False),
    Column("allow_private_urls", Boolean, nullable=False, server_default=false()),
    Column("created_at", DateTime, nullable=False),
)

memberships = Table(
    "memberships",
    metadata,
    Column("workspace_id", Integer, _cascade("workspaces"), primary_key=True),
    Column("user_id", Integer, _cascade("users"), primary_key=True),
    Column("role", String(16), nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, _cascade("users"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _cascade("users"), nullable=False),
    Column("name", Text, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("succeeded", Boolean, nullable=False),
)

workspace_documents = Table(
    "workspace_documents",
    metadata,
    Column("workspace_id", Integer, _cascade("workspaces"), primary_key=True),
    Column("document_id", Integer, _cascade("documents"), primary_key=True),
    Column("added_by", Integer, _set_null("users")),
    Column("added_at", DateTime, nullable=False),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", Integer, _cascade("workspaces"), nullable=False),
    Column("created_by", Integer, _set_null("users")),
    Column("kind", String(8), nullable=False),  # "upload" | "url"
    Column("source", Text, nullable=False),  # the file name or URL, as shown to the user
    Column("payload", LargeBinary),  # an upload's bytes
    Column("state", String(8), nullable=False),  # queued | running | done | failed
    Column("progress", Float, nullable=False, server_default="0"),
    Column("message", Text, nullable=False, server_default=""),
    Column("document_id", Integer, _set_null("documents")),
    Column("claimed_by", String(80)),
    Column("heartbeat_at", DateTime),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
)

labels = Table(
    "labels",
    metadata,
    Column("workspace_id", Integer, _cascade("workspaces"), primary_key=True),
    Column("document_id", Integer, _cascade("documents"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("field", String(16), primary_key=True),
    Column("value", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("user_id", Integer, _set_null("users")),
    Column("updated_at", DateTime, nullable=False),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", Integer, _cascade("workspaces"), nullable=False),
    Column("document_id", Integer, _cascade("documents"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("field", String(16), nullable=False),
    Column("old_value", Text, nullable=False),
    Column("new_value", Text, nullable=False),
    Column("user_id", Integer, _set_null("users")),
    Column("created_at", DateTime, nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("workspace_id", Integer, _cascade("workspaces"), primary_key=True),
    Column("document_id", Integer, _cascade("documents"), primary_key=True),
    Column("user_id", Integer, _cascade("users"), primary_key=True),
    Column("reviewed_at", DateTime, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", Integer, _cascade("workspaces")),
    Column("user_id", Integer, _set_null("users")),
    Column("at", DateTime, nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", Text, nullable=False, server_default=""),
    Column("detail", Text, nullable=False, server_default="{}"),  # JSON
)
