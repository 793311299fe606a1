"""conflicts name the API key of another system

Revision ID: 0008_conflict_keys
Revises: 0007_labels_per_language
Create Date: 2026-12-06 05:00:00.000000

`mine_by_key`/`theirs_by_key`: the name of the API key another system (an ERP) wrote a value
with, where one did (`mine_by`/`theirs_by` are then NULL). Conflicts kept before have none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_conflict_keys"
down_revision: str | None = "0007_labels_per_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("mine_by_key", "theirs_by_key")


def upgrade() -> None:
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        for name in _COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        for name in reversed(_COLUMNS):
            batch_op.drop_column(name)
