"""The quarantine: pulled records this client cannot read, set aside instead of stopping sync.

A record written by an older server (before the server checked documents) or damaged on its way
may be one this client cannot read: answers nested deeper than its JSON parser goes, a process
without its steps' keys. Storing it would fail the page it came in, and with it every sync of
everyone whose territory holds it, for good. So it is kept here instead of in its table: the
rest of its page is applied, sync goes on, the user is told, and the diagnostics list it for
support (`read`). A readable version of the record, or its removal, takes it out again.

The sanity check counts a record set aside as held at its version (`versions`), so the replica
does not resync over it again and again; a resync empties the quarantine, and the pull from 0
sets aside again what is still unreadable.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Collection, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Text, delete, inspect, select, type_coerce
from sqlalchemy.orm import Session

from local_store.models import ENTITY_MODELS, QuarantinedRecord, column_name, table_of
from protocol.entities import ENTITY_FIELDS, unreadable

log = logging.getLogger(__name__)

# The most characters of a record set aside that are kept (a damaged record may be large).
RECEIVED_CHARS = 10_000


@dataclass(frozen=True)
class SetAside:
    """A record to set aside: what names it, why it cannot be read, and what came."""

    entity: str
    record_id: str
    version: int
    problem: str
    received: str


def set_aside(session: Session, records: Iterable[SetAside]) -> int:
    """Keep `records` in the quarantine, each instead of its row (an older, readable version
    of it would stand for a version the server no longer has). Returns how many."""
    now = dt.datetime.now(dt.UTC).isoformat()
    count = 0
    for record in records:
        log.warning(
            "set aside %s %s version %s, which this client cannot read: %s",
            record.entity,
            record.record_id,
            record.version,
            record.problem,
        )
        if record.entity in ENTITY_MODELS and record.record_id:
            table = table_of(record.entity)
            session.execute(delete(table).where(table.c.id == record.record_id))
        session.merge(
            QuarantinedRecord(
                entity=record.entity,
                record_id=record.record_id,
                version=record.version,
                problem=record.problem,
                received=record.received[:RECEIVED_CHARS],
                set_aside_at=now,
            )
        )
        count += 1
    return count


def release(session: Session, record_ids: Collection[str]) -> None:
    """Take the records that arrived readable, or removed, out of the quarantine (record ids
    are UUIDs: one names one record of whichever entity)."""
    if not record_ids or session.scalar(select(QuarantinedRecord.record_id).limit(1)) is None:
        return  # nearly always: then a first sync's pages cost one look each
    session.execute(delete(QuarantinedRecord).where(QuarantinedRecord.record_id.in_(record_ids)))


def clear(session: Session) -> None:
    session.execute(delete(QuarantinedRecord))


def versions(session: Session, entity: str) -> list[tuple[str, int]]:
    """(record id, version) of the records of `entity` set aside."""
    rows = session.execute(
        select(QuarantinedRecord.record_id, QuarantinedRecord.version).where(
            QuarantinedRecord.entity == entity
        )
    )
    return [(record_id, version) for record_id, version in rows]


def read(path: Path) -> list[dict[str, Any]]:
    """The records set aside in the replica file at `path`, for the diagnostics: read-only,
    without opening it as a replica (which would migrate it); empty when it has none."""
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
            connection.row_factory = sqlite3.Row
            rows = connection.execute(
                "SELECT entity, record_id, version, problem, received, set_aside_at "
                "FROM quarantine ORDER BY set_aside_at, entity, record_id"
            ).fetchall()
    except sqlite3.Error as exc:  # no quarantine table yet, or not a replica
        log.info("no records set aside read from %s: %s", path, exc)
        return []
    return [dict(row) for row in rows]


# The entities whose records hold documents (answers, codes, steps).
_DOCUMENT_ENTITIES = [
    entity
    for entity, specs in ENTITY_FIELDS.items()
    if any(spec.kind == "json" for spec in specs.values())
]


def set_aside_stored(connection: Connection) -> int:
    """Set aside the records already stored that this version cannot read (pulled before it
    checked documents, or stored in a shape an upgrade left unreadable); run after every upgrade
    of the replica, when every migration has run, so the columns are those of this code."""
    found: list[SetAside] = []
    for entity in _DOCUMENT_ENTITIES:
        table = table_of(entity)
        # this migration may run on a schema older than today's fields: read what it has
        present = {column["name"] for column in inspect(connection).get_columns(table.name)}
        names = [name for name in ENTITY_FIELDS[entity] if column_name(entity, name) in present]
        columns = [
            type_coerce(table.c[column_name(entity, name)], Text).label(name) for name in names
        ]
        query = select(table.c.id, table.c.version, *columns)
        for record_id, version, *values in connection.execute(query):
            fields = dict(zip(names, values, strict=True))
            problem = _stored_problem(entity, fields)
            if problem:
                received = json.dumps(fields, ensure_ascii=False, default=str)
                found.append(SetAside(entity, record_id, version, problem, received))
    with Session(bind=connection) as session:
        count = set_aside(session, found)
        session.flush()
    return count


def _stored_problem(entity: str, fields: dict[str, Any]) -> str | None:
    """Why a stored record cannot be read; its JSON fields (as text) are decoded in place."""
    for name, spec in ENTITY_FIELDS[entity].items():
        if spec.kind == "json" and isinstance(fields.get(name), str):
            try:
                fields[name] = json.loads(fields[name])
            except (ValueError, RecursionError):
                return f"{name} is not readable JSON"
    problem = unreadable(entity, fields, held=fields)
    return None if problem is None else f"{problem.field} {problem.message}"
