"""the feed's identity: a random id, the position it began from, the database it was made in

Revision ID: 0004_feed_identity
Revises: 0003
Create Date: 2026-12-06 01:10:00

An existing feed gets an identity that begins at position 0: its history so far is the one
its clients hold.
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_feed_identity"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feed_counter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feed_id", sa.String(length=36), nullable=True))
        batch_op.add_column(
            sa.Column("feed_since", sa.BigInteger(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("instance", sa.String(length=200), nullable=True))
    counter = sa.table("feed_counter", sa.column("feed_id", sa.String))
    op.execute(sa.update(counter).values(feed_id=str(uuid.uuid4())))


def downgrade() -> None:
    with op.batch_alter_table("feed_counter", schema=None) as batch_op:
        batch_op.drop_column("instance")
        batch_op.drop_column("feed_since")
        batch_op.drop_column("feed_id")
