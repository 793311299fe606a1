"""The change feed: feed positions, record versions, and the rows readers pull.

Commit order. A feed position must never become visible before every smaller one is committed,
or a reader could move its cursor past a position that commits later and never see it (the
"commit-order trap" of SYNC-NOTES). Every write transaction therefore begins by locking the one
`feed_counter` row (`lock`) and hands out positions with
`UPDATE feed_counter SET value = value + n RETURNING value` (`allocate`) inside the same
transaction. The row lock is held until commit, so on PostgreSQL writers are serialized and
position order equals commit order. Taking the lock first, before any record is read, also
means no writer ever waits for a record another writer holds while holding the counter, so
writers cannot deadlock, and every read inside the transaction sees all earlier commits.
SQLite has a single writer anyway (write transactions begin IMMEDIATE, see `server.database`).

Every other writer waits while one holds the lock, so the lock holder's database round trips
are what a busy server queues on. A `write_transaction` therefore counts positions itself:
the lock's `SELECT … FOR UPDATE` already returns the counter, nobody else can move it until
commit, so `allocate` only adds in memory and `publish` keeps the feed rows; both are written
with one `UPDATE` and one `INSERT` just before commit (`_write_positions`). Position order and
commit order are what they were. A transaction that takes the lock with `lock` alone (imports,
whose rows roll back one by one to savepoints) allocates with an `UPDATE` each time as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from server.tables import CHILD_MODELS, ChangeFeed, FeedCounter, SyncedRecord

# session.info key of the `_Positions` of a `write_transaction`.
_POSITIONS = "fieldbook_feed_positions"


@dataclass
class _Positions:
    """Positions counted in memory under the lock, and feed rows not yet written."""

    locked: int  # the counter's value when the lock was taken
    last: int  # the last position handed out
    rows: list[dict[str, Any]] = field(default_factory=list)


@contextmanager
def write_transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction that may write records: feed lock held, commit on success."""
    with factory.begin() as session:
        value = lock(session)
        session.info[_POSITIONS] = _Positions(locked=value, last=value)
        yield session
        _write_positions(session)


def _write_positions(session: Session) -> None:
    """Write the counter and the feed rows of a `write_transaction` (see the module docstring)."""
    positions: _Positions = session.info.pop(_POSITIONS)
    if positions.last != positions.locked:
        session.execute(
            update(FeedCounter)
            .where(FeedCounter.id == 1)
            .values(value=positions.last)
            .execution_options(synchronize_session=False)
        )
    if positions.rows:
        session.execute(insert(ChangeFeed), positions.rows)


def lock(session: Session) -> int:
    """Take the feed lock for the rest of the transaction (see the module docstring); return
    the counter's value."""
    value: int = session.execute(
        select(FeedCounter.value).where(FeedCounter.id == 1).with_for_update()
    ).scalar_one()
    return value


def allocate(session: Session, count: int = 1) -> int:
    """Reserve `count` feed positions; return the last (they are last-count+1 … last)."""
    positions: _Positions | None = session.info.get(_POSITIONS)
    if positions is not None:
        positions.last += count
        return positions.last
    statement = (
        update(FeedCounter)
        .where(FeedCounter.id == 1)
        .values(value=FeedCounter.value + count)
        .returning(FeedCounter.value)
        .execution_options(synchronize_session=False)
    )
    last: int = session.execute(statement).scalar_one()
    return last


def feed_row(
    seq: int,
    entity: str,
    record_id: str,
    territory_id: str | None,
    now: dt.datetime,
    *,
    exit: bool = False,
) -> dict[str, Any]:
    """One change_feed row as insert parameters."""
    return {
        "seq": seq,
        "entity": entity,
        "record_id": record_id,
        "territory_id": territory_id,
        "exit": exit,
        "created_at": now,
    }


@dataclass(frozen=True)
class Touch:
    """A record changed in this transaction.

    `changed`: the protocol fields written (their field versions move to the new version).
    `left_territory`: the territory the record just left; its members get an exit row.
    `writer`: the client that wrote `changed` (None: the server itself).
    """

    entity: str
    record: SyncedRecord
    changed: Collection[str] = ()
    left_territory: str | None = None
    writer: str | None = None


def publish(session: Session, touches: Sequence[Touch]) -> None:
    """Give each touched record a new version and write its feed rows, in order.

    A record that left a territory first gets an exit row for the old territory, then its
    normal row (whose seq becomes its version) for the territory it is in now.
    """
    count = sum(2 if touch.left_territory is not None else 1 for touch in touches)
    if not count:
        return
    seq = allocate(session, count) - count + 1
    now = dt.datetime.now(dt.UTC)
    rows: list[dict[str, Any]] = []
    for touch in touches:
        record = touch.record
        if touch.left_territory is not None:
            rows.append(
                feed_row(seq, touch.entity, record.id, touch.left_territory, now, exit=True)
            )
            seq += 1
        record.sync_version = seq
        record.field_versions = {**record.field_versions, **dict.fromkeys(touch.changed, seq)}
        written_by = {name: touch.writer for name in touch.changed if touch.writer}
        unattributed = set(touch.changed) - set(written_by)
        record.field_writers = {
            name: writer
            for name, writer in {**(record.field_writers or {}), **written_by}.items()
            if name not in unattributed
        }
        record.updated_at = now
        rows.append(feed_row(seq, touch.entity, record.id, record.scope_territory_id, now))
        seq += 1
    positions: _Positions | None = session.info.get(_POSITIONS)
    if positions is not None:
        positions.rows += rows
    else:
        session.execute(insert(ChangeFeed), rows)


def rescope_children(session: Session, account_id: str, territory_id: str) -> list[Touch]:
    """Move the contacts, tasks and activities of a reassigned account to `territory_id`.

    Returns the touches to publish: each child gets a new version, an exit row for the
    territory it left and a normal row for the new one. Deleted children move too, so every
    record's scope stays its account's.
    """
    touches: list[Touch] = []
    for entity, model in CHILD_MODELS.items():
        children = session.scalars(select(model).where(model.account_id == account_id))
        for child in children:
            if child.scope_territory_id != territory_id:
                touches.append(Touch(entity, child, left_territory=child.scope_territory_id))
                child.scope_territory_id = territory_id
    return touches
