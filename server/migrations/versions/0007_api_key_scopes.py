"""API key scopes and territories

Revision ID: 0007_api_key_scopes
Revises: 0006_account_country
Create Date: 2026-12-06 04:00:00.000000

Keys made before scopes could only send web enquiries, in every territory: they keep that.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_api_key_scopes"
down_revision: str | None = "0006_account_country"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scopes", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("territory_ids", sa.JSON(none_as_null=True), nullable=True))
    api_key = sa.table("api_key", sa.column("scopes", sa.JSON()))
    op.execute(api_key.update().values(scopes=["enquiry"]))
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.alter_column("scopes", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.drop_column("territory_ids")
        batch_op.drop_column("scopes")
