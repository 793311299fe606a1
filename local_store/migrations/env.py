"""Alembic environment: runs on the connection handed over by local_store.migrate."""

from typing import Any

from alembic import context

from local_store.models import Base
from local_store.search_index import is_search_index_table

connection = context.config.attributes["connection"]


def include_object(_object: Any, name: str | None, type_: str, *_rest: Any) -> bool:
    """The search index is SQLite FTS5 made by hand in migration 0002; autogenerate would not
    understand its virtual and shadow tables, so it leaves them alone."""
    return not (type_ == "table" and name is not None and is_search_index_table(name))


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
