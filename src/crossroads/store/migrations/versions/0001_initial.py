"""Initial schema: runs, documents, sentences, events and the full-text index.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("taxonomy", sa.String(200), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dyad", sa.String(16), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("date", sa.String(10)),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("sentence_count", sa.Integer, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("dyad", "content_hash", name="uq_documents_dyad_hash"),
    )
    op.create_index("ix_documents_dyad_source", "documents", ["dyad", "source"])
    op.create_table(
        "sentences",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("paragraph", sa.Integer, nullable=False),
        sa.Column("heading", sa.Text),
        sa.Column("perspective", sa.String(16), nullable=False),
        sa.Column("issue", sa.String(64), nullable=False),
        sa.Column("valence", sa.String(16), nullable=False),
        sa.Column("frames", sa.String(200), nullable=False),
        sa.Column("recommendation", sa.Boolean, nullable=False),
        sa.Column("quoted", sa.Boolean, nullable=False),
        sa.Column("actors", sa.Text, nullable=False),
        sa.Column("cues", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "position", name="uq_sentences_document_position"),
    )
    op.create_index("ix_sentences_issue", "sentences", ["issue"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("sentence_position", sa.Integer, nullable=False),
        sa.Column("actor1", sa.String(16), nullable=False),
        sa.Column("actor2", sa.String(16), nullable=False),
        sa.Column("cameo", sa.String(8), nullable=False),
        sa.Column("goldstein", sa.Float, nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("quad_class", sa.Integer, nullable=False),
    )
    op.create_index("ix_events_document", "events", ["document_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE sentences ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED"
        )
        op.execute("CREATE INDEX ix_sentences_tsv ON sentences USING gin (tsv)")
    else:
        # An external-content FTS5 index kept in step with ``sentences`` by triggers.
        op.execute(
            "CREATE VIRTUAL TABLE sentences_fts USING fts5("
            "text, content='sentences', content_rowid='id', tokenize='porter unicode61')"
        )
        op.execute(
            "CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN "
            "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN "
            "INSERT INTO sentences_fts(sentences_fts, rowid, text) "
            "VALUES ('delete', old.id, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER sentences_fts_update AFTER UPDATE OF text ON sentences BEGIN "
            "INSERT INTO sentences_fts(sentences_fts, rowid, text) "
            "VALUES ('delete', old.id, old.text); "
            "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS sentences_fts")
    op.drop_table("events")
    op.drop_table("sentences")
    op.drop_table("documents")
    op.drop_table("runs")
