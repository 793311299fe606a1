"""What a user should see, from the server's tables, and what their replica holds: the two
must be equal once everything is synced."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from local_store.db import Replica
from local_store.models import ENTITY_MODELS
from local_store.records import to_fields
from server.tables import MODELS, User
from server.users import principal_of
from server.values import wire_fields

View = dict[tuple[str, str], dict[str, Any]]


def server_view(engine: Engine, user_id: str) -> View:
    """Every live record the user may see now, as protocol fields."""
    view: View = {}
    with Session(engine) as session:
        principal = principal_of(session, session.get_one(User, user_id))
        for entity, model in MODELS.items():
            for record in session.scalars(select(model).where(model.deleted.is_(False))):
                if principal.sees(record.scope_territory_id):
                    view[(entity, record.id)] = wire_fields(entity, record)
    return view


def replica_view(replica: Replica) -> View:
    """Every record in the replica, as protocol fields."""
    with replica.session() as session:
        return {
            (entity, row.id): to_fields(entity, row)
            for entity, model in ENTITY_MODELS.items()
            for row in session.scalars(select(model))
        }
