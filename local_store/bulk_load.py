"""Loading a whole territory at once: a first sync, or the pull from 0 after a resync.

Row by row, every insert also updates each index of its table at a random place (ids are
random), and the search index's triggers rewrite an account's search row once for it and once
more for each of its contacts. So `begin` sets the synced tables' secondary indexes and the
search index aside, and `finish` builds them once when the last page is in. Both run inside
the transaction of a pulled page, so a crash leaves either the loading state, which the resumed
pull finishes, or the finished one. While loading, the app still reads everything (the primary
keys stay); lists are sorted without their index, and search finds what was there before.
"""

from __future__ import annotations

from sqlalchemy import Connection, Index
from sqlalchemy.orm import Session

from local_store import search_index
from local_store.models import ENTITY_MODELS, table_of
from local_store.regions import refresh_loaded


def _secondary_indexes() -> list[Index]:
    return [
        index
        for entity in ENTITY_MODELS
        for index in sorted(table_of(entity).indexes, key=lambda index: str(index.name))
    ]


def begin(connection: Connection) -> None:
    """Set the indexes aside (nothing happens when they already are)."""
    search_index.suspend(connection)
    for index in _secondary_indexes():
        index.drop(connection, checkfirst=True)


def is_loading(connection: Connection) -> bool:
    return search_index.is_suspended(connection)


def finish(session: Session) -> None:
    """Build the indexes from the stored rows; then make again the keys of the records read in
    another region (`regions.refresh_loaded`, which needs the indexes), then the search index,
    which needs both."""
    connection = session.connection()
    for index in _secondary_indexes():
        index.create(connection, checkfirst=True)
    refresh_loaded(session)
    search_index.resume(connection)
