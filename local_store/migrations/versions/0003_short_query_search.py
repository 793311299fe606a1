"""short queries through the search index

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 13:40:00.000000

The index text now ends in two line breaks and the index's term list is readable as a table
(local_store.search_index), so one- and two-character queries are looked up through the index
instead of reading every account's text. The triggers are made again for the new text and the
index is filled again. The name order's index also holds the id that breaks ties, so a page
in name order is found in the index alone.
"""

from collections.abc import Sequence

from alembic import op

from local_store import search_index

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index("ix_account_sort_key")
        batch_op.create_index("ix_account_name_order", ["sort_key", "id"], unique=False)
    for statement in [*search_index.DROP_TRIGGERS, *search_index.TRIGGERS]:
        op.execute(statement)
    op.execute(search_index.CREATE_TERMS)
    search_index.rebuild(op.get_bind())


def downgrade() -> None:
    # The texts keep their line breaks: the searches of 0002 find the same with them.
    op.execute(search_index.DROP_TERMS)
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index("ix_account_name_order")
        batch_op.create_index("ix_account_sort_key", ["sort_key"], unique=False)
