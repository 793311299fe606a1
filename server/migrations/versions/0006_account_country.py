"""account country, territory default region, server-wide settings (the default region)

Revision ID: 0006_account_country
Revises: 0005_conflict_records
Create Date: 2026-12-06 01:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_account_country"
down_revision: str | None = "0005_conflict_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=True))
    with op.batch_alter_table("territory", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=2), nullable=True))
    op.create_table(
        "server_setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_server_setting")),
    )


def downgrade() -> None:
    op.drop_table("server_setting")
    with op.batch_alter_table("territory", schema=None) as batch_op:
        batch_op.drop_column("region")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("country")
