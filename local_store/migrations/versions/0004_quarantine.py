"""quarantine of records this client cannot read

Revision ID: 0004_quarantine
Revises: 0003
Create Date: 2026-12-06 01:00:00.000000

Pulled records this client cannot read are set aside in a table of their own instead of
failing their page (local_store.quarantine). Records pulled before this version checked
documents are looked at after every upgrade (`Replica`), with the models of the code that runs
it, once every later migration has brought their columns and shape to that code's.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_quarantine"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quarantine",
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("received", sa.Text(), nullable=False),
        sa.Column("set_aside_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("entity", "record_id"),
    )


def downgrade() -> None:
    # Records set aside are gone with the table; the next resync pulls them again.
    op.drop_table("quarantine")
