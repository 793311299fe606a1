"""conflict records both sides see

Revision ID: 0005_conflict_records
Revises: 0004_feed_identity
Create Date: 2026-12-06 00:47:31.112114

Adds `conflict`: every value a merge or a delete sets aside from now on, for the members of
the record's territory to see (`server.conflicts`). Values set aside before live only in the
stored mutation results and are not copied.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_conflict_records"
down_revision: str | None = "0004_feed_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("territory_id", sa.String(length=36), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("mine", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("theirs", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("mine_by", sa.String(length=36), nullable=True),
        sa.Column("mine_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("theirs_by", sa.String(length=36), nullable=True),
        sa.Column("theirs_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict")),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_mine_by"), ["mine_by"], unique=False)
        batch_op.create_index("ix_conflict_territory_id_id", ["territory_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index("ix_conflict_territory_id_id")
        batch_op.drop_index(batch_op.f("ix_conflict_mine_by"))

    op.drop_table("conflict")
