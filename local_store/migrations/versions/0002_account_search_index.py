"""account search index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:19:22.806541

Autogenerate finds no model change here: the FTS5 index and its triggers are SQLite objects the
ORM does not describe (see local_store.search_index), so they are created by hand.
"""

from collections.abc import Sequence

from alembic import op

from local_store import search_index

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in [search_index.CREATE_TABLE, *search_index.TRIGGERS]:
        op.execute(statement)
    search_index.rebuild(op.get_bind())


def downgrade() -> None:
    for statement in [*search_index.DROP_TRIGGERS, search_index.DROP_TABLE]:
        op.execute(statement)
