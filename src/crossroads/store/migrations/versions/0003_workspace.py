"""The workspace: accounts, workspaces, jobs, corrections, reviews and the audit log.

One knowledge base serves the command line and the web workspace. A workspace holds
links to stored documents (``workspace_documents``), never copies: the machine reading
stays in ``sentences``/``events``, and a workspace's corrections sit beside it in
``labels`` (the value in force, with a version for conflict detection) and
``corrections`` (every change, who made it and when). Labels are keyed by document and
sentence position, which re-annotation keeps, not by sentence row id, which it does not.
Sentences gain the pipeline's per-label confidence (JSON).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fk(table: str) -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.id", ondelete="CASCADE")


def upgrade() -> None:
    op.add_column("sentences", sa.Column("confidence", sa.Text, nullable=True))
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("is_superuser", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("dyad", sa.String(16), nullable=False),
        sa.Column("allow_private_urls", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "memberships",
        sa.Column("workspace_id", sa.Integer, _fk("workspaces"), primary_key=True),
        sa.Column("user_id", sa.Integer, _fk("users"), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, _fk("users"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, _fk("users"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_used_at", sa.DateTime),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("succeeded", sa.Boolean, nullable=False),
    )
    op.create_index("ix_login_attempts_name_at", "login_attempts", ["name", "at"])
    op.create_table(
        "workspace_documents",
        sa.Column("workspace_id", sa.Integer, _fk("workspaces"), primary_key=True),
        sa.Column("document_id", sa.Integer, _fk("documents"), primary_key=True),
        sa.Column("added_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer, _fk("workspaces"), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("kind", sa.String(8), nullable=False),  # "upload" | "url"
        sa.Column("source", sa.Text, nullable=False),  # file name or URL, as shown
        sa.Column("payload", sa.LargeBinary),  # an upload's bytes
        sa.Column("state", sa.String(8), nullable=False),  # queued|running|done|failed
        sa.Column("progress", sa.Float, nullable=False, server_default="0"),
        sa.Column("message", sa.Text, nullable=False, server_default=""),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("claimed_by", sa.String(80)),
        sa.Column("heartbeat_at", sa.DateTime),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
    )
    op.create_index("ix_jobs_state", "jobs", ["state", "id"])
    op.create_index("ix_jobs_workspace", "jobs", ["workspace_id", "id"])
    op.create_table(
        "labels",
        sa.Column("workspace_id", sa.Integer, _fk("workspaces"), primary_key=True),
        sa.Column("document_id", sa.Integer, _fk("documents"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("field", sa.String(16), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer, _fk("workspaces"), nullable=False),
        sa.Column("document_id", sa.Integer, _fk("documents"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("old_value", sa.Text, nullable=False),
        sa.Column("new_value", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_corrections_document", "corrections", ["workspace_id", "document_id"])
    op.create_table(
        "reviews",
        sa.Column("workspace_id", sa.Integer, _fk("workspaces"), primary_key=True),
        sa.Column("document_id", sa.Integer, _fk("documents"), primary_key=True),
        sa.Column("user_id", sa.Integer, _fk("users"), primary_key=True),
        sa.Column("reviewed_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer, _fk("workspaces")),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.Text, nullable=False, server_default=""),
        sa.Column("detail", sa.Text, nullable=False, server_default="{}"),  # JSON
    )
    op.create_index("ix_audit_log_workspace", "audit_log", ["workspace_id", "id"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "reviews",
        "corrections",
        "labels",
        "jobs",
        "workspace_documents",
        "login_attempts",
        "api_tokens",
        "sessions",
        "memberships",
        "workspaces",
        "users",
    ):
        op.drop_table(table)
    with op.batch_alter_table("sentences") as batch:
        batch.drop_column("confidence")
