"""Alembic environment: runs on the connection handed over by server.schema."""

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.types import TypeDecorator

from server.tables import Base


def render_item(kind: str, obj: Any, _context: AutogenContext) -> str | Literal[False]:
    """Write a column of a model type (UTCDateTime) as its plain SQL type, so migrations never
    import the models they may outlive."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
