"""The sanity check after a sync: the live records of each entity a reader sees, as a count and
a checksum of their ids and versions.

The client compares these with its replica once its cursor has caught up with the
position they were taken at, and resyncs on a mismatch: whatever the algorithm missed, the
replica cannot drift from the server for long.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.entities import CATALOGUE_ENTITIES
from protocol.sync import CountsResponse, scope_checksum
from server.pull import latest_position
from server.scope import Principal
from server.tables import MODELS


def counts(session: Session, principal: Principal) -> CountsResponse:
    """The reader's live record counts and feed position, from one snapshot.

    Call it first in a fresh transaction: on PostgreSQL it makes the transaction repeatable-read
    so every count and the position see the same commits (a SQLite read transaction is one
    snapshot already).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    numbers: dict[str, int] = {}
    checksums: dict[str, str] = {}
    for entity, model in MODELS.items():
        query = select(model.id, model.sync_version).where(model.deleted.is_(False))
        if entity not in CATALOGUE_ENTITIES:
            query = query.where(model.scope_territory_id.in_(principal.territories))
        rows = [(record_id, version) for record_id, version in session.execute(query)]
        numbers[entity] = len(rows)
        checksums[entity] = scope_checksum(rows)
    return CountsResponse(
        cursor=latest_position(session, principal), counts=numbers, checksums=checksums
    )
