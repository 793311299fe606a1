"""account country and territory default region

Revision ID: 0006_account_country
Revises: 0005_conflict_sides
Create Date: 2026-12-06 01:00:00.000000

Both are read to understand phone numbers written in national form. Keys already made stay as
they are: they were made in region CN, the only region before this version, which is what a
record without a country and a territory without a region still read in until the server says
another default.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_account_country"
down_revision: str | None = "0005_conflict_sides"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=True))
    with op.batch_alter_table("territory", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("territory", schema=None) as batch_op:
        batch_op.drop_column("region")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("country")
