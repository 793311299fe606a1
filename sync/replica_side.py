"""The replica's side of sync: apply pulled pages in bulk, record what the server did with a push.

A pulled change never overwrites a local edit that is not yet pushed: the pending fields are laid
over the server's state (a rebase), and a record deleted locally stays deleted until its delete
is pushed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from local_store import outbox
from local_store.models import ENTITY_MODELS, Conflict, OutboxEntry, table_of
from local_store.records import derived_columns, refresh_derived, to_columns
from sync.protocol import Change, MutationResult


def _rebased(change: Change, pending: list[OutboxEntry]) -> dict[str, Any] | None:
    """The fields to store for a pulled record; None when a pending local delete wins."""
    fields = dict(change.fields)
    for entry in pending:
        if entry.op == "delete":
            return None
        fields.update(entry.fields)
    return fields


def apply_changes(session: Session, changes: list[Change]) -> None:
    """Apply one pulled page with one bulk statement per entity and kind."""
    pending = outbox.pending_by_record(session, [c.record_id for c in changes])
    # Only the newest change of a record in the page counts.
    newest = {(c.entity, c.record_id): c for c in changes}
    upserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    removals: dict[str, list[str]] = defaultdict(list)
    for change in newest.values():
        fields = None if change.removed else _rebased(change, pending.get(change.record_id, []))
        if fields is None:
            removals[change.entity].append(change.record_id)
            continue
        row = to_columns(change.entity, fields) | derived_columns(change.entity, fields)
        upserts[change.entity].append({"id": change.record_id, "version": change.version, **row})
    for entity, ids in removals.items():
        table = table_of(entity)
        session.execute(delete(table).where(table.c.id.in_(ids)))
    for entity, rows in upserts.items():
        _bulk_upsert(session, entity, rows)


def forget_synced(session: Session) -> None:
    """Drop every synced record that has no unpushed change, before a resync pulls from 0.

    Records with pending changes stay as the user left them; the resync's pull lays the
    pending fields over the server's state again (or removes what the server no longer shows).
    """
    pending = select(OutboxEntry.record_id)
    for entity in ENTITY_MODELS:
        table = table_of(entity)
        session.execute(delete(table).where(table.c.id.not_in(pending)))


def local_counts(session: Session) -> dict[str, int]:
    """Records in the replica per entity, for the sanity check against the server's counts."""
    return {
        entity: session.scalar(select(func.count()).select_from(table_of(entity))) or 0
        for entity in ENTITY_MODELS
    }


def _bulk_upsert(session: Session, entity: str, rows: list[dict[str, Any]]) -> None:
    table = table_of(entity)
    # Rows of one entity may carry different field sets; group them by shape.
    by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_shape[tuple(sorted(row))].append(row)
    for shape, group in by_shape.items():
        stmt = insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.id],
            set_={name: stmt.excluded[name] for name in shape if name != "id"},
        )
        session.execute(stmt, group)


def record_push_results(
    session: Session, entries: list[OutboxEntry], results: list[MutationResult]
) -> int:
    """Take the server's answers to pushed entries off the outbox; returns the conflicts kept."""
    by_seq = {entry.seq: entry for entry in entries}
    kept = 0
    now = dt.datetime.now(dt.UTC).isoformat()
    for result in results:
        entry = by_seq.get(result.seq)
        if entry is None:
            continue
        table = table_of(entry.entity)
        if result.version:
            session.execute(
                update(table)
                .where(table.c.id == entry.record_id, table.c.version < result.version)
                .values(version=result.version)
            )
        for conflict in result.conflicts:
            session.add(
                Conflict(
                    entity=entry.entity,
                    record_id=entry.record_id,
                    field=conflict.field,
                    mine=conflict.mine,
                    theirs=conflict.theirs,
                    created_at=now,
                )
            )
            kept += 1
        for problem in result.problems:
            session.add(
                Conflict(
                    entity=entry.entity,
                    record_id=entry.record_id,
                    field=problem.field,
                    mine=entry.fields.get(problem.field),
                    theirs=problem.message,
                    created_at=now,
                )
            )
            kept += 1
        _show_winning_values(session, entry, result)
    outbox.remove(session, [r.seq for r in results if r.seq in by_seq])
    return kept


def _show_winning_values(session: Session, entry: OutboxEntry, result: MutationResult) -> None:
    """Where the server's value stood against ours, the replica shows the server's value."""
    theirs = {c.field: c.theirs for c in result.conflicts if c.theirs is not None}
    if not theirs or entry.op != "upsert":
        return
    model = ENTITY_MODELS[entry.entity]
    row = session.get(model, entry.record_id)
    if row is None:
        return
    for column, value in to_columns(entry.entity, theirs).items():
        setattr(row, column, value)
    refresh_derived(entry.entity, row)
