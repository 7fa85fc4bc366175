"""Documents keep their voice: genre, speaker, the party the writer speaks for, evidence.

The labelled-data export (``crossroads corpus export-labels``) writes the gold format,
whose ``meta.genre`` and ``voice`` the training command reads; the voice stage decides them
per document, and until now they were not stored. JSON, None for documents stored before
this revision or annotated without the voice stage.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("voice", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("voice")
