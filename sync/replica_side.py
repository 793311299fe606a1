"""The replica's side of sync: apply pulled pages in bulk, record what the server did with a push.

A pulled change never overwrites a local edit that is not yet pushed: the pending fields are laid
over the server's state (a rebase), and a record deleted locally stays deleted until its delete
is pushed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from local_store import bulk_load, outbox, quarantine, state
from local_store import records as local_records
from local_store.models import ENTITY_MODELS, Conflict, OutboxEntry, table_of
from local_store.quarantine import SetAside
from local_store.records import (
    KEYED_FIELDS,
    derived_columns,
    derived_columns_of,
    drop_children,
    refresh_derived,
    refresh_keys,
    to_columns,
    to_fields,
)
from local_store.regions import refresh_pulled
from local_store.search_keys import SEARCH_KEYS_VERSION
from protocol.entities import FieldProblem
from protocol.sync import (
    Change,
    ConflictsResponse,
    CountsResponse,
    MutationResult,
    PullResponse,
    scope_checksum,
)
from sync.reading import sort_out

log = logging.getLogger(__name__)


def _rebased(change: Change, pending: list[OutboxEntry]) -> dict[str, Any] | None:
    """The fields to store for a pulled record; None when a pending local delete wins."""
    fields = dict(change.fields)
    for entry in pending:
        if entry.op == "delete":
            return None
        fields.update(entry.fields)
    return fields


# Each pulled record's change and the row it would be stored as (None: removed).
PreparedRows = dict[tuple[str, str], tuple[Change, dict[str, Any] | None]]


@dataclass(frozen=True)
class Writes:
    """The statements that store prepared rows: the ids to delete per entity, and upserts as
    (SQL, one parameter tuple per row)."""

    removals: dict[str, list[str]]
    upserts: list[tuple[str, list[tuple[Any, ...]]]]


@dataclass(frozen=True)
class PreparedPage:
    """A pulled page with its prepared rows (`prepare_rows`), the statements that store
    them when no local edit is pending (`plan_writes`), and the records of it this client
    cannot read, to be set aside (`local_store.quarantine`)."""

    page: PullResponse
    rows: PreparedRows
    writes: Writes
    set_aside: tuple[SetAside, ...] = ()

    @classmethod
    def of(
        cls, page: PullResponse, make_keys: KeyMaker, unread: Iterable[SetAside] = ()
    ) -> PreparedPage:
        """`unread`: the changes of the page that could not even be read as changes."""
        readable, set_aside = sort_out(page.changes)
        rows = prepare_rows(readable, make_keys)
        set_aside += [record for record in unread if (record.entity, record.record_id) not in rows]
        return cls(page, rows, plan_writes(rows), tuple(set_aside))


# Computes the search keys of many records (entity, keyed fields), in order.
KeyMaker = Callable[[list[tuple[str, dict[str, Any]]]], list[dict[str, Any]]]


def prepare_rows(changes: list[Change], make_keys: KeyMaker = derived_columns_of) -> PreparedRows:
    """The row each record would be stored as, search keys included, before local edits are
    laid over it; only the newest change of a record counts. Pure Python work on the changes
    alone, so the engine does it on a thread of its own while the replica writes the page
    before (SQLite lets go of the interpreter while it writes), and a bulk load has the keys
    made in a process of their own (`sync.key_worker`)."""
    newest: dict[tuple[str, str], Change] = {(c.entity, c.record_id): c for c in changes}
    keyed = [c for c in newest.values() if not c.removed and c.entity in KEYED_FIELDS]
    keys = make_keys(
        [(c.entity, {name: c.fields.get(name) for name in KEYED_FIELDS[c.entity]}) for c in keyed]
    )
    derived: dict[tuple[str, str], dict[str, Any]] = {
        (c.entity, c.record_id): k for c, k in zip(keyed, keys, strict=True)
    }
    return {
        key: (change, None if change.removed else _row(change, change.fields, derived.get(key)))
        for key, change in newest.items()
    }


def _row(
    change: Change, fields: dict[str, Any], derived: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The stored row of `fields`; `derived`: their search keys, when already made."""
    if derived is None:
        derived = derived_columns(change.entity, fields)
    columns = to_columns(change.entity, fields) | derived
    return {"id": change.record_id, "version": change.version, **columns}


def apply_page(session: Session, prepared: PreparedPage, *, from_start: bool) -> None:
    """Apply one pulled page. A pull from the start (a first sync, a resync) of more than one
    page loads the whole territory in bulk, and the page that drains the feed finishes that
    load (`local_store.bulk_load`); a territory that fits one page is stored with its indexes
    in place, where building them again would cost more than it saves."""
    connection = session.connection()
    last = not prepared.page.has_more
    if from_start and not last:
        bulk_load.begin(connection)
    loading = bulk_load.is_loading(connection)
    _store(session, prepared.rows, prepared.writes, loading=loading)
    quarantine.release(session, [record_id for _, record_id in prepared.rows])
    quarantine.set_aside(session, prepared.set_aside)
    finishing = last and loading
    if finishing:
        bulk_load.finish(session)
    if finishing or (last and from_start):  # the whole territory has this client's keys
        state.put(session, state.SEARCH_KEYS, SEARCH_KEYS_VERSION)


def apply_changes(session: Session, changes: list[Change]) -> None:
    """Apply pulled changes as one page would be."""
    _store(session, prepare_rows(changes), loading=bulk_load.is_loading(session.connection()))


def _store(
    session: Session, rows: PreparedRows, writes: Writes | None = None, *, loading: bool
) -> None:
    """Write prepared rows, with their planned `writes` unless local edits are pending;
    `loading`: a bulk load of the territory is under way (`local_store.bulk_load`).

    No contact, task or activity stays without its account: those of an account removed here,
    or deleted locally and not yet pushed, leave the replica too. (A pull from the start skips
    the first: the replica started empty, and the server deletes children with their account.)
    """
    edits_pending = outbox.count(session) > 0
    if edits_pending:
        pending = outbox.pending_by_record(session, [record_id for _, record_id in rows])
        if pending:
            rows = _rebased_rows(rows, pending)
            writes = None
    writes = writes or plan_writes(rows)
    for entity, ids in writes.removals.items():
        table = table_of(entity)
        session.execute(delete(table).where(table.c.id.in_(ids)))
    connection = session.connection()
    for sql, values in writes.upserts:
        connection.exec_driver_sql(sql, values)
    if writes.removals.get("account") and not loading:
        drop_children(session, writes.removals["account"])
    if edits_pending:
        drop_children(session, outbox.pending_deletes("account"))
    if loading:
        return  # the load makes the keys read in other regions again at its end
    stored: dict[str, list[str]] = defaultdict(list)
    for entity, record_id in rows:
        stored[entity].append(record_id)
    refresh_pulled(session, stored)


def _rebased_rows(rows: PreparedRows, pending: dict[str, list[OutboxEntry]]) -> PreparedRows:
    """`rows` with the pending local edits laid over them."""
    rebased = dict(rows)
    for (entity, record_id), (change, row) in rows.items():
        if row is not None and record_id in pending:
            fields = _rebased(change, pending[record_id])
            rebased[entity, record_id] = (change, None if fields is None else _row(change, fields))
    return rebased


def plan_writes(rows: PreparedRows) -> Writes:
    """The statements that store `rows`: pure Python work, done with the preparing.

    Upserts go to the driver as plain tuples, each value converted by its column type's own
    bind processor (JSON to text), one executemany per entity and shape of row: SQLAlchemy's
    per-row parameter handling cost a quarter of a first sync's writing thread."""
    removals: dict[str, list[str]] = defaultdict(list)
    by_shape: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    for (entity, record_id), (_change, row) in rows.items():
        if row is None:
            removals[entity].append(record_id)
        else:  # rows of one entity may carry different field sets
            by_shape[entity, tuple(sorted(row))].append(row)
    upserts = []
    for (entity, shape), group in by_shape.items():
        sql, parameters_of = _upsert_statement(entity, shape)
        upserts.append((sql, [parameters_of(row) for row in group]))
    return Writes(dict(removals), upserts)


def forget_synced(session: Session) -> None:
    """Drop every synced record that has no unpushed change, before a resync pulls from 0.

    Records with pending changes stay as the user left them; the resync's pull lays the
    pending fields over the server's state again (or removes what the server no longer shows).
    """
    bulk_load.begin(session.connection())  # the pull from 0 loads everything again
    quarantine.clear(session)  # and sets aside again what is still unreadable
    pending = select(OutboxEntry.record_id)
    for entity in ENTITY_MODELS:
        table = table_of(entity)
        session.execute(delete(table).where(table.c.id.not_in(pending)))


# sync_state key: the records held back when the server's feed turned out to be another
# history (`hold_back`), kept until the pull from 0 has drained (`offer_again`).
HELD_BACK = "held_back"


def hold_back(session: Session, since: int) -> int:
    """Before a pull from 0 of a feed restored from a backup: hold back every record whose
    version lies after `since`, where the restored feed's history parts from the one this
    replica followed, so that what the server no longer knows can be offered again once the
    pull has shown what it does know (`offer_again`). Returns how many.

    Their pending upserts go with them (the held-back state includes them); their versions
    belong to the lost history, so their base versions would mislead the merge. The records
    themselves leave with the other synced records (`forget_synced`).
    """
    kept = state.get(session, HELD_BACK) or {"since": since, "records": []}
    aside: dict[tuple[str, str], dict[str, Any]] = {
        (entity, record_id): fields for entity, record_id, fields in kept["records"]
    }
    for entity, model in ENTITY_MODELS.items():
        for row in session.scalars(select(model).where(model.version > since)):
            aside[entity, row.id] = to_fields(entity, row)
    ids = [record_id for _entity, record_id in aside]
    session.execute(
        delete(OutboxEntry).where(OutboxEntry.record_id.in_(ids), OutboxEntry.op == "upsert")
    )
    records = [[entity, record_id, fields] for (entity, record_id), fields in aside.items()]
    state.put(session, HELD_BACK, {"since": min(since, kept["since"]), "records": records})
    return len(records)


def unlink_conflicts(session: Session) -> None:
    """On a feed restored from a backup, whose conflict ids start again lower: the values kept
    here lose their old server ids, and `record_set_aside` links each again when the restored
    server lists it (a value written after the backup it never lists)."""
    session.execute(update(Conflict).where(Conflict.server_id.is_not(None)).values(server_id=None))


def offer_again(session: Session) -> int:
    """Once the pull from 0 has drained: offer again, as local changes, what the records held
    back held and the server does not. A record the server does not have comes back as a new
    one; one it has gets the fields that differ, as a change made on the version where the two
    histories part, so that what others changed since is merged (a clash is a conflict the user
    sees). Returns how many records were offered."""
    kept = state.get(session, HELD_BACK)
    if kept is None:
        return 0
    offered = 0
    for entity, record_id, fields in kept["records"]:
        row = session.get(ENTITY_MODELS[entity], record_id)
        if row is None:
            try:
                offered += bool(local_records.save(session, entity, record_id, fields))
            except local_records.InvalidRecordError:
                log.exception("%s %s held back cannot be offered again", entity, record_id)
            continue
        current = to_fields(entity, row)
        differing = {name: value for name, value in fields.items() if current[name] != value}
        if differing:
            for column, value in to_columns(entity, differing).items():
                setattr(row, column, value)
            refresh_derived(entity, row)
            outbox.enqueue(session, entity, record_id, "upsert", kept["since"], differing)
            offered += 1
    state.put(session, HELD_BACK, None)
    return offered


def agrees_with(session: Session, answer: CountsResponse) -> bool:
    """Whether the replica holds, per entity, the records and versions the server counted
    (a record set aside counts as held: it came, and cannot be read)."""
    for entity in ENTITY_MODELS:
        table = table_of(entity)
        rows = [
            (record_id, version)
            for record_id, version in session.execute(select(table.c.id, table.c.version))
        ] + quarantine.versions(session, entity)
        if len(rows) != answer.counts.get(entity) or scope_checksum(rows) != answer.checksums.get(
            entity
        ):
            return False
    return True


@cache
def _upsert_statement(
    entity: str, shape: tuple[str, ...]
) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]]]:
    """The upsert of rows with the columns `shape` (compiled once): its SQL, and what makes a
    row its parameters: the values in the statement's order, read out in one call
    (`itemgetter`), those of columns whose type converts them (JSON to text) converted."""
    table = table_of(entity)
    dialect = sqlite.dialect()
    stmt = insert(table).values({name: bindparam(name) for name in shape})
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={name: stmt.excluded[name] for name in shape if name != "id"},
    )
    compiled = stmt.compile(dialect=dialect)
    names = list(compiled.positiontup or [])
    values = itemgetter(*names)
    converting = [
        (place, processor)
        for place, name in enumerate(names)
        if (processor := table.c[name].type.bind_processor(dialect)) is not None
    ]
    if len(names) == 1:  # itemgetter of one name gives the value, not a tuple of it
        return str(compiled), lambda row: (row[names[0]],)
    if not converting:
        return str(compiled), values

    def parameters_of(row: dict[str, Any]) -> tuple[Any, ...]:
        parameters = list(values(row))
        for place, processor in converting:
            parameters[place] = processor(parameters[place])
        return tuple(parameters)

    return str(compiled), parameters_of


def record_push_results(
    session: Session, entries: list[OutboxEntry], results: list[MutationResult]
) -> int:
    """Take the server's answers to pushed entries off the outbox; returns the refused values
    kept as conflicts. (Values the server set aside arrive with `record_set_aside`.)"""
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
        for field, mine, why in _refused_values(entry, result):
            session.add(
                Conflict(
                    entity=entry.entity,
                    record_id=entry.record_id,
                    field=field,
                    mine=mine,
                    theirs=None,
                    kind="refused",
                    reason=why.model_dump(mode="json"),
                    created_at=now,
                )
            )
            kept += 1
        _show_winning_values(session, entry, result)
    outbox.remove(session, [r.seq for r in results if r.seq in by_seq])
    return kept


def record_set_aside(session: Session, answer: ConflictsResponse) -> int:
    """Keep the values the server set aside (the user's own and others'), each once; returns
    how many are new here."""
    ids = [value.id for value in answer.conflicts]
    known = set(session.scalars(select(Conflict.server_id).where(Conflict.server_id.in_(ids))))
    now = dt.datetime.now(dt.UTC).isoformat()
    kept = 0
    for value in answer.conflicts:
        if value.id in known:
            continue
        unlinked = session.scalars(
            select(Conflict).where(
                Conflict.server_id.is_(None),
                Conflict.record_id == value.record_id,
                Conflict.field == value.field,
                Conflict.kind == value.kind,
                Conflict.mine_by == value.mine_by,
                Conflict.mine_at == value.mine_at.isoformat(),
            )
        ).first()
        if unlinked is not None:  # kept before a restore of the server renumbered it
            unlinked.server_id = value.id
            continue
        session.add(
            Conflict(
                entity=value.entity,
                record_id=value.record_id,
                field=value.field,
                mine=value.mine,
                theirs=value.theirs,
                kind=value.kind,
                server_id=value.id,
                mine_by=value.mine_by,
                mine_at=value.mine_at.isoformat(),
                theirs_by=value.theirs_by,
                theirs_at=value.theirs_at.isoformat() if value.theirs_at else None,
                mine_by_key=value.mine_by_key,
                theirs_by_key=value.theirs_by_key,
                created_at=now,
            )
        )
        kept += 1
    return kept


def _refused_values(
    entry: OutboxEntry, result: MutationResult
) -> list[tuple[str, Any, FieldProblem]]:
    """(field, my value, the server's reason) for each value of a refused change.

    Every value the user entered is kept, also when the reason names no field of theirs (the
    record left their territory: "record_id not found"), so the edit can be re-applied.
    """
    if not result.problems:
        return []
    reasons = {problem.field: problem for problem in result.problems}
    general = result.problems[0]
    kept = [(name, value, reasons.get(name, general)) for name, value in entry.fields.items()]
    return kept or [(general.field, None, general)]


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
    refresh_keys(session, entry.entity, row, moved=bool({"country", "territory_id"} & set(theirs)))
