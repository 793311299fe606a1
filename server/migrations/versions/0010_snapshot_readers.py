"""snapshot readers: the service users the territory snapshot builder syncs as, and their tokens

Revision ID: 0010_snapshot_readers
Revises: 0009_webhooks
Create Date: 2026-12-06 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_snapshot_readers"
down_revision: str | None = "0009_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "snapshot_reader",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("territories", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot_reader")),
        sa.UniqueConstraint("scope", name=op.f("uq_snapshot_reader_scope")),
    )
    op.create_table(
        "snapshot_reader_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("reader_id", sa.String(length=36), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reader_id"],
            ["snapshot_reader.id"],
            name=op.f("fk_snapshot_reader_token_reader_id_snapshot_reader"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_snapshot_reader_token")),
    )
    with op.batch_alter_table("snapshot_reader_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_snapshot_reader_token_reader_id"), ["reader_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("snapshot_reader_token")
    op.drop_table("snapshot_reader")
