"""The outbox: local changes waiting to be pushed, written in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from local_store import state
from local_store.models import OutboxEntry


def enqueue(
    session: Session,
    entity: str,
    record_id: str,
    op: str,
    base_version: int,
    fields: dict[str, Any],
) -> OutboxEntry:
    entry = OutboxEntry(
        seq=state.take_seq(session),
        entity=entity,
        record_id=record_id,
        op=op,
        base_version=base_version,
        fields=fields,
        created_at=dt.datetime.now(dt.UTC).isoformat(),
    )
    session.add(entry)
    return entry


def oldest(session: Session, limit: int) -> list[OutboxEntry]:
    return list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq).limit(limit)))


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry)) or 0


def remove(session: Session, seqs: list[int]) -> None:
    session.execute(delete(OutboxEntry).where(OutboxEntry.seq.in_(seqs)))


def pending_deletes(entity: str) -> Select[str]:
    """The ids of the records of `entity` with an unpushed delete, as a subquery."""
    return select(OutboxEntry.record_id).where(
        OutboxEntry.entity == entity, OutboxEntry.op == "delete"
    )


def pending_by_record(session: Session, record_ids: list[str]) -> dict[str, list[OutboxEntry]]:
    """Unpushed changes of these records, oldest first, so a pull can rebase them."""
    found: dict[str, list[OutboxEntry]] = defaultdict(list)
    if not record_ids:
        return found
    rows = session.scalars(
        select(OutboxEntry).where(OutboxEntry.record_id.in_(record_ids)).order_by(OutboxEntry.seq)
    )
    for row in rows:
        found[row.record_id].append(row)
    return found


def number_again(session: Session) -> None:
    """Give the replica a new client id and number its pending changes 1, 2, 3, … in their
    order, for a server that forgot this replica's acknowledged ones (restored from a backup).

    Taken in ascending order, each entry's new number is free: every number below its old
    one is either an earlier entry's new number or was never pending.
    """
    state.new_client_id(session)
    for entry in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all():
        entry.seq = state.take_seq(session)
        session.flush()
