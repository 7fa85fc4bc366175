"""Pipeline identity on runs, sentence embeddings, and a date index.

Runs gain the pipeline version, its stage names and the sentence embedder, so that
``corpus reannotate`` can tell which documents an older pipeline annotated; sentences gain
their MiniLM embedding (float32 bytes) for semantic search. Rows from 0001 keep working:
their runs read as version "" (older than any release) and their sentences have no
embedding until re-annotated.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("version", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("stages", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("embedder", sa.String(200), nullable=False, server_default=""))
    op.add_column("sentences", sa.Column("embedding", sa.LargeBinary, nullable=True))
    op.create_index("ix_documents_dyad_date", "documents", ["dyad", "date"])


def downgrade() -> None:
    op.drop_index("ix_documents_dyad_date", "documents")
    with op.batch_alter_table("sentences") as batch:
        batch.drop_column("embedding")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("embedder")
        batch.drop_column("stages")
        batch.drop_column("version")
