"""Ids that records have in other systems (ERP, web shop, billing), kept on the server only.

An id is unique within its system (the `external_id` table's unique constraint), so it names at
most one record; a record may carry ids of several systems, one per system (the import keeps
that rule).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import ExternalId

PREFIX = "external_id:"
MAX_SYSTEM = 64
MAX_VALUE = 200
_CHUNK = 500  # ids per IN (...) query


def record_of(session: Session, entity: str, system: str, value: str) -> str | None:
    """The record of `entity` known as `value` in `system`, if any."""
    return session.scalar(
        select(ExternalId.record_id).where(
            ExternalId.system == system, ExternalId.value == value, ExternalId.entity == entity
        )
    )


def owner_of(session: Session, system: str, value: str) -> tuple[str, str] | None:
    """(entity, record id) of whichever record holds `value` in `system`."""
    row = session.execute(
        select(ExternalId.entity, ExternalId.record_id).where(
            ExternalId.system == system, ExternalId.value == value
        )
    ).first()
    return (row[0], row[1]) if row else None


def attach(session: Session, entity: str, record_id: str, system: str, value: str) -> None:
    """Give the record the id `value` in `system`; the caller checked that it is free."""
    session.add(ExternalId(system=system, value=value, entity=entity, record_id=record_id))
    session.flush()


def of_records(session: Session, record_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """Per record id, its external ids by system."""
    ids = list(record_ids)
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(ExternalId.record_id, ExternalId.system, ExternalId.value).where(
                ExternalId.record_id.in_(ids[start : start + _CHUNK])
            )
        )
        for record_id, system, value in rows:
            found[record_id][system] = value
    return found
