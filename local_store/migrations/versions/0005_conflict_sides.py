"""conflicts both sides see

Revision ID: 0005_conflict_sides
Revises: 0004_quarantine
Create Date: 2026-12-06 01:00:00.000000

A conflict now says what kind it is (`changed`, `deleted`, `refused`), which server conflict it
is (`server_id`), who wrote each value and when, and for a refused value the server's reason
as a field problem. Conflicts kept before have none of these (`kind` NULL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_conflict_sides"
down_revision: str | None = "0004_quarantine"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT_COLUMNS = {"kind": 16, "mine_by": 36, "mine_at": 40, "theirs_by": 36, "theirs_at": 40}


def upgrade() -> None:
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        for name, length in _TEXT_COLUMNS.items():
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=True))
        batch_op.add_column(sa.Column("server_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.JSON(), nullable=True))
        batch_op.create_unique_constraint("uq_conflict_server_id", ["server_id"])


def downgrade() -> None:
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_constraint("uq_conflict_server_id", type_="unique")
        for name in ["reason", "server_id", *_TEXT_COLUMNS]:
            batch_op.drop_column(name)
