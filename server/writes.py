"""The one write path for synced records, used by push, the CLI and seeding.

A write is validated with the protocol's rules, authorized (`server.scope`), merged field by
field against what others changed since the writer's base version (`server.merge`), and
published to the change feed (`server.feed`). The caller owns the transaction, which must hold
the feed lock (`feed.write_transaction`); nothing here commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from protocol.entities import ENTITY_FIELDS, FieldProblem, check_fields
from protocol.sync import FieldConflict
from server import answers, conflicts, feed
from server.merge import merge
from server.references import user_reference_problems
from server.scope import NOT_FOUND, Principal, WriteDeniedError, authorize, can_see, territory_of
from server.tables import CHILD_MODELS, MODELS, Account, ChangeFeed, SyncedRecord, User
from server.values import column_values, columns_from_wire

logger = logging.getLogger(__name__)

Status = Literal["applied", "conflict", "rejected"]
# The pseudo-field whose version and writer (`field_versions`, `field_writers`) say who last
# deleted or restored a record, and when.
DELETED = "deleted"
# Entities a push may not restore: removed users come back through user administration (its
# checks of who may, and its sessions and sign-in rules), and territories with them.
_RESTORED_ELSEWHERE = frozenset({"user", "territory"})
# (entity, record id, wire fields) of a record to create.
NewRecord = tuple[str, str, Mapping[str, Any]]


@dataclass(frozen=True)
class Write:
    """One change to one record: an upsert of `fields`, a delete, or a restore."""

    entity: str
    record_id: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    base_version: int = 0
    delete: bool = False
    restore: bool = False  # bring a deleted record back (`_restore`)
    writer: str | None = None  # the pushing client's id, or an API key's (`api_keys.writer_id`)


@dataclass
class Outcome:
    """What became of a write. `version`: the record's version after it (0 when rejected)."""

    status: Status
    version: int = 0
    conflicts: list[FieldConflict] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)


class InvalidRecordError(ValueError):
    """A record handed to `bulk_create` breaks the protocol's rules."""


def apply(session: Session, write: Write, principal: Principal | None) -> Outcome:
    """Create, update, delete or restore one record for `principal` (None: the trusted server
    itself)."""
    if write.restore and write.entity in _RESTORED_ELSEWHERE:
        message = f"{write.entity} records come back through user administration only"
        return _rejected([FieldProblem(field="entity", message=message, kind="not_allowed")])
    record = session.get(MODELS[write.entity], write.record_id)
    if record is not None and not can_see(principal, record):
        return _as_if_missing(write)
    if record is None and (write.delete or write.restore or write.base_version > 0):
        return _rejected([_not_found()])
    if not write.delete:
        problems = check_fields(write.entity, dict(write.fields), creating=record is None)
        if problems:
            return _rejected(problems)
    incoming = {} if write.delete else columns_from_wire(write.entity, write.fields)
    current = column_values(write.entity, record) if record is not None else {}
    try:
        territory_id = authorize(session, principal, write.entity, record, current | incoming)
    except WriteDeniedError as denied:
        return _rejected(denied.problems)
    taken = _taken_names(session, write, incoming) + user_reference_problems(
        session, write.entity, incoming, territory_id
    )
    if taken:
        return _rejected(taken)
    parent = _deleted_parent(session, write.entity, current | incoming)
    if record is None:
        outcome = _create(session, write, principal, incoming, territory_id, parent)
    elif write.delete:
        outcome = _delete(session, write, record)
    elif write.restore:
        outcome = _restore(session, write, principal, record, incoming, parent)
    elif record.deleted:
        return _update_of_deleted(session, write, principal, record, deleted_by=record)
    elif parent is not None and incoming.get("account_id", parent.id) != current["account_id"]:
        return _rejected([FieldProblem(field="account_id", message=NOT_FOUND, kind="not_found")])
    elif parent is not None:  # written before deletes took their children along
        return _update_of_deleted(session, write, principal, record, deleted_by=parent)
    else:
        outcome = _update(session, write, principal, record, incoming)
    if write.entity == "activity":
        answers.refresh(session, write.record_id, write.fields.get("occurred_at"))
    return outcome


def _deleted_parent(session: Session, entity: str, values: Mapping[str, Any]) -> Account | None:
    """The deleted account a contact, task or activity with these values would belong to."""
    if entity not in CHILD_MODELS:
        return None
    account = session.get(Account, values["account_id"])
    return account if account is not None and account.deleted else None


def _not_found() -> FieldProblem:
    return FieldProblem(field="record_id", message=NOT_FOUND, kind="not_found")


def _as_if_missing(write: Write) -> Outcome:
    """The answer to a write of a record the writer may not see: what a record that does not
    exist would get, up to where a new record would be made (its id is taken, which random
    UUIDs make worthless to learn)."""
    if write.delete or write.restore or write.base_version > 0:
        return _rejected([_not_found()])
    return _rejected(
        check_fields(write.entity, dict(write.fields), creating=True) or [_not_found()]
    )


def _rejected(problems: list[FieldProblem]) -> Outcome:
    return Outcome("rejected", problems=problems)


def _taken_names(session: Session, write: Write, incoming: Mapping[str, Any]) -> list[FieldProblem]:
    """User names are sign-in names, so no two users may share one."""
    if write.entity != "user" or "name" not in incoming:
        return []
    clash = session.scalar(
        select(User.id).where(User.name == incoming["name"], User.id != write.record_id)
    )
    if not clash:
        return []
    return [FieldProblem(field="name", message="is already taken", kind="taken")]


def _create(
    session: Session,
    write: Write,
    principal: Principal | None,
    incoming: dict[str, Any],
    territory_id: str | None,
    deleted_parent: Account | None,
) -> Outcome:
    """A new record; under a deleted account it is born deleted (the delete stands), and every
    field comes back as a conflict the user can restore from."""
    record = MODELS[write.entity](
        id=write.record_id,
        deleted=deleted_parent is not None,
        scope_territory_id=territory_id,
        field_versions={},
        field_writers={},
        **incoming,
    )
    session.add(record)
    touch = feed.Touch(write.entity, record, changed=incoming.keys(), writer=write.writer)
    feed.publish(session, [touch])
    if deleted_parent is not None:
        return _update_of_deleted(session, write, principal, record, deleted_by=deleted_parent)
    return Outcome("applied", version=record.sync_version)


def _delete(session: Session, write: Write, record: SyncedRecord) -> Outcome:
    """Mark the record deleted; its fields stay (a tombstone). Deleting twice is a no-op.

    An account's contacts, tasks and activities are deleted with it (docs/sync-protocol.md,
    *Deleting an account*)."""
    if not record.deleted:
        record.deleted = True
        touches = [feed.Touch(write.entity, record, changed=(DELETED,), writer=write.writer)]
        if write.entity == "account":
            touches += _delete_children(session, record.id, write.writer)
        feed.publish(session, touches)
    return Outcome("applied", version=record.sync_version)


def _delete_children(session: Session, account_id: str, writer: str | None) -> list[feed.Touch]:
    touches = []
    for entity, model in CHILD_MODELS.items():
        children = session.scalars(
            select(model).where(model.account_id == account_id, model.deleted.is_(False))
        ).all()
        for child in children:
            child.deleted = True
            touches.append(feed.Touch(entity, child, changed=(DELETED,), writer=writer))
        if entity == "activity" and children:
            answers.forget(session, [child.id for child in children])
    return touches


def _restore(
    session: Session,
    write: Write,
    principal: Principal | None,
    record: SyncedRecord,
    incoming: dict[str, Any],
    parent: Account | None,
) -> Outcome:
    """Bring back the record and its deleted account, the user's values laid over what the
    tombstone held; a record that is not deleted is updated as usual."""
    touches = []
    if parent is not None:
        parent.deleted = False
        touches.append(feed.Touch("account", parent, changed=(DELETED,), writer=write.writer))
    if not record.deleted:
        feed.publish(session, touches)
        return _update(session, write, principal, record, incoming)
    current = column_values(write.entity, record)
    changes = {name: value for name, value in incoming.items() if current[name] != value}
    for name, value in changes.items():
        setattr(record, name, value)
    record.deleted = False
    touches.append(
        feed.Touch(write.entity, record, changed=(*changes, DELETED), writer=write.writer)
    )
    feed.publish(session, touches)
    return Outcome("applied", version=record.sync_version)


def _update_of_deleted(
    session: Session,
    write: Write,
    principal: Principal | None,
    record: SyncedRecord,
    *,
    deleted_by: SyncedRecord,
) -> Outcome:
    """The delete of `deleted_by` (the record or its account) stands: every field of the
    update comes back as a conflict."""
    set_aside = [
        FieldConflict(field=name, mine=value, theirs=None) for name, value in write.fields.items()
    ]
    conflicts.record(
        session,
        write.entity,
        record,
        set_aside,
        writer=principal,
        deleted_by=deleted_by,
        writer_client=write.writer,
    )
    return Outcome("conflict", version=record.sync_version, conflicts=set_aside)


def _update(
    session: Session,
    write: Write,
    principal: Principal | None,
    record: SyncedRecord,
    incoming: dict[str, Any],
) -> Outcome:
    merged = merge(
        write.entity,
        current=column_values(write.entity, record),
        field_versions=record.field_versions,
        field_writers=record.field_writers or {},
        writer=write.writer,
        incoming=incoming,
        mine=write.fields,
        base_version=write.base_version,
    )
    if merged.changes:
        for name, value in merged.changes.items():
            setattr(record, name, value)
        touches = _touches(session, write.entity, record, merged.changes.keys(), write.writer)
        feed.publish(session, touches)
    if merged.conflicts:
        conflicts.record(
            session,
            write.entity,
            record,
            merged.conflicts,
            writer=principal,
            deleted_by=None,
            writer_client=write.writer,
        )
    status: Status = "conflict" if merged.conflicts else "applied"
    return Outcome(status, version=record.sync_version, conflicts=merged.conflicts)


def _touches(
    session: Session,
    entity: str,
    record: SyncedRecord,
    changed: Iterable[str],
    writer: str | None,
) -> list[feed.Touch]:
    """The record's own touch and, when it changed territory, its children's."""
    old_territory = record.scope_territory_id
    new_territory = territory_of(session, entity, column_values(entity, record))
    if new_territory == old_territory:
        return [feed.Touch(entity, record, changed=tuple(changed), writer=writer)]
    record.scope_territory_id = new_territory
    logger.info(
        "%s %s moved from territory %s to %s", entity, record.id, old_territory, new_territory
    )
    touches = [
        feed.Touch(
            entity, record, changed=tuple(changed), left_territory=old_territory, writer=writer
        )
    ]
    if entity == "account" and new_territory is not None:
        touches += feed.rescope_children(session, record.id, new_territory)
        answers.move_account(session, record.id, new_territory)
    return touches


def bulk_create(session: Session, records: Iterable[NewRecord]) -> Counter[str]:
    """Create many new records at once, trusted (seeding): one feed allocation for the batch
    and one INSERT per table. Accounts must come before their children.

    Returns the number of records created per entity; raises `InvalidRecordError`.
    """
    items = list(records)
    if not items:
        return Counter()
    first = feed.allocate(session, len(items)) - len(items) + 1
    now = dt.datetime.now(dt.UTC)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    feed_rows: list[dict[str, Any]] = []
    answer_rows: list[dict[str, Any]] = []
    account_territories: dict[str, str | None] = {}
    for version, (entity, record_id, fields) in enumerate(items, start=first):
        problems = check_fields(entity, dict(fields), creating=True)
        if problems:
            details = "; ".join(f"{p.field} {p.message}" for p in problems)
            raise InvalidRecordError(f"{entity} {record_id}: {details}")
        values = dict.fromkeys(ENTITY_FIELDS[entity]) | columns_from_wire(entity, fields)
        try:
            territory_id = territory_of(session, entity, values, account_territories)
        except WriteDeniedError as denied:
            raise InvalidRecordError(f"{entity} {record_id}: {denied}") from denied
        if entity == "account":
            account_territories[record_id] = territory_id
        rows[entity].append(
            values
            | {
                "id": record_id,
                "sync_version": version,
                "deleted": False,
                "scope_territory_id": territory_id,
                "field_versions": dict.fromkeys(fields, version),
                "field_writers": {},
                "updated_at": now,
            }
        )
        feed_rows.append(feed.feed_row(version, entity, record_id, territory_id, now))
        if entity == "activity":
            day = answers.local_day(fields["occurred_at"], None)
            assert day is not None  # check_fields passed: an ISO time with an offset
            answer_rows += answers.rows_for(record_id, values, territory_id, day)
    for entity, entity_rows in rows.items():
        session.execute(insert(MODELS[entity]), entity_rows)
    session.execute(insert(ChangeFeed), feed_rows)
    answers.insert_rows(session, answer_rows)
    return Counter({entity: len(entity_rows) for entity, entity_rows in rows.items()})
