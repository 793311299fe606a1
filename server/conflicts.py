"""Conflicts both sides see: each value a merge or a delete set aside, with who wrote it and
who wrote the value that stands, kept for the members of the record's territory.

The writer whose value lost hears of it in its push result at once; everybody else who sees
the record (the writer whose value stood among them) reads it from `GET /v1/sync/conflicts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from protocol.sync import ConflictsResponse, FieldConflict, SetAsideValue
from server import api_keys
from server.scope import Principal
from server.tables import ChangeFeed, ConflictRecord, SyncClient, SyncedRecord


def record(
    session: Session,
    entity: str,
    target: SyncedRecord,
    conflicts: list[FieldConflict],
    *,
    writer: Principal | None,
    deleted_by: SyncedRecord | None,
    writer_client: str | None = None,
) -> None:
    """Keep `conflicts`, set aside from `writer`'s write of `target` (from `writer_client`, the
    pushing client or an API key's writer id, `api_keys.writer_id`).

    `deleted_by`: the record whose delete stood (the target itself, or its account), or None
    when another writer's change of each field stood.

    Another system sends its whole record again and again (`server.external_writes`), a
    client each edit once: a key's value already kept against the same standing value is not
    kept twice.
    """
    now = dt.datetime.now(dt.UTC)
    key = api_keys.key_of_writer(writer_client)
    kind = "changed" if deleted_by is None else "deleted"
    for conflict in conflicts:
        if key is not None and _kept_already(session, target.id, kind, conflict, key):
            continue
        source, name = (
            (deleted_by, "deleted") if deleted_by is not None else (target, conflict.field)
        )
        client_id = (source.field_writers or {}).get(name)
        session.add(
            ConflictRecord(
                entity=entity,
                record_id=target.id,
                territory_id=target.scope_territory_id,
                field=conflict.field,
                kind=kind,
                mine=conflict.mine,
                theirs=conflict.theirs,
                mine_by=writer.user_id if writer is not None else None,
                mine_by_key=key,
                mine_at=now,
                theirs_by=_user_of(session, client_id),
                theirs_by_key=api_keys.key_of_writer(client_id),
                theirs_at=_written_at(session, source.field_versions, name)
                # a delete made before deletes were attributed: its tombstone's last change
                or (source.updated_at if deleted_by is not None else None),
            )
        )


def _kept_already(
    session: Session, record_id: str, kind: str, conflict: FieldConflict, key: str
) -> bool:
    kept = session.scalars(
        select(ConflictRecord).where(
            ConflictRecord.record_id == record_id,
            ConflictRecord.field == conflict.field,
            ConflictRecord.kind == kind,
            ConflictRecord.mine_by_key == key,
        )
    )
    return any((row.mine, row.theirs) == (conflict.mine, conflict.theirs) for row in kept)


def _user_of(session: Session, client_id: str | None) -> str | None:
    if client_id is None:
        return None
    client = session.get(SyncClient, client_id)
    return client.user_id if client is not None else None


def _written_at(session: Session, versions: Mapping[str, int], name: str) -> dt.datetime | None:
    """When the write at the field's version happened: its feed row's time, while kept."""
    version = versions.get(name)
    if version is None:
        return None
    return session.scalar(select(ChangeFeed.created_at).where(ChangeFeed.seq == version))


def page(session: Session, principal: Principal, after: int, limit: int) -> ConflictsResponse:
    """The set-aside values after id `after` that `principal` sees, oldest first."""
    table = ConflictRecord
    rows = session.scalars(
        select(table)
        .where(
            table.id > after,
            or_(
                table.territory_id.is_(None),
                table.territory_id.in_(sorted(principal.territories)),
                table.mine_by == principal.user_id,
            ),
        )
        .order_by(table.id)
        .limit(limit)
    ).all()
    return ConflictsResponse(
        conflicts=[SetAsideValue.model_validate(row, from_attributes=True) for row in rows],
        cursor=rows[-1].id if rows else after,
        has_more=len(rows) == limit,
    )
