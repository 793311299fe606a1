"""Ids that records have in other systems (ERP, web shop, billing), kept on the server only.

An id is unique within its system (the `external_id` table's unique constraint), so it names at
most one record; a record may carry ids of several systems, one per system (the import keeps
that rule).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.tables import ExternalId

PREFIX = "external_id:"
MAX_SYSTEM = 64
MAX_VALUE = 200
_CHUNK = 500  # ids per IN (...) query


def attach(session: Session, entity: str, record_id: str, system: str, value: str) -> None:
    """Give the record the id `value` in `system`; the caller checked that it is free."""
    session.add(ExternalId(system=system, value=value, entity=entity, record_id=record_id))
    session.flush()


@dataclass
class Directory:
    """Every external id, in memory: an import matches a whole file without a query per row.

    Load it inside the transaction that uses it (holding the feed lock, so nobody else adds
    ids meanwhile), and add ids through it.
    """

    holders: dict[tuple[str, str], tuple[str, str]]  # (system, value) → (entity, record id)
    by_record: dict[str, dict[str, str]]  # record id → {system: value}

    @classmethod
    def load(cls, session: Session) -> Directory:
        directory = cls({}, defaultdict(dict))
        rows = session.execute(
            select(ExternalId.system, ExternalId.value, ExternalId.entity, ExternalId.record_id)
        )
        for system, value, entity, record_id in rows:
            directory._remember(entity, record_id, system, value)
        return directory

    def _remember(self, entity: str, record_id: str, system: str, value: str) -> None:
        self.holders[(system, value)] = (entity, record_id)
        self.by_record[record_id][system] = value

    def record_of(self, entity: str, system: str, value: str) -> str | None:
        """The record of `entity` known as `value` in `system`, if any."""
        holder = self.holders.get((system, value))
        return holder[1] if holder is not None and holder[0] == entity else None

    def is_taken(self, system: str, value: str) -> bool:
        return (system, value) in self.holders

    def ids_of(self, record_id: str) -> dict[str, str]:
        return dict(self.by_record.get(record_id, {}))

    def attach(
        self, session: Session, entity: str, record_id: str, system: str, value: str
    ) -> None:
        attach(session, entity, record_id, system, value)
        self._remember(entity, record_id, system, value)


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
