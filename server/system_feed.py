"""The change feed for other systems: accounts, contacts, tasks and activities after a cursor,
in commit order, as an ERP or a BI system wants them.

It reads the same `change_feed` rows the clients pull (`server.pull`, whose position order is
commit order: `server.feed`), so it shares their guarantees: a cursor never skips a change
committed later. Each record comes once per page in its latest state (an earlier row that a
later one supersedes is skipped), with its external ids (`server.external_ids`) and, for an
activity, its answers with the questions and code labels (`server.answer_labels`). A deleted
record, or one that left the reader's territories, comes as a tombstone.

A reader is limited to some territories (`territories`) or sees all (None). The same pages
feed the webhooks (`server.webhook_delivery`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from protocol.entities import ACCOUNT_CHILDREN
from server import external_ids
from server.answer_labels import AnswerLabels
from server.tables import MODELS, Activity, ChangeFeed, FeedCounter, SyncedRecord
from server.values import wire_fields

SystemEntity = Literal["account", "contact", "task", "activity"]
SYSTEM_ENTITIES: tuple[SystemEntity, ...] = ("account", "contact", "task", "activity")
assert set(SYSTEM_ENTITIES) == {"account", *ACCOUNT_CHILDREN}


class ResyncRequiredError(Exception):
    """The cursor is older than the feed keeps (below the retention horizon), or belongs to
    another history of the feed (beyond its head: a restored database). Read again from 0."""


@dataclass(frozen=True)
class SystemPage:
    changes: list[dict[str, Any]]
    cursor: int
    has_more: bool


def page(
    session: Session,
    territories: Collection[str] | None,
    after: int,
    limit: int,
    entities: Collection[str] = SYSTEM_ENTITIES,
) -> SystemPage:
    """The changes after position `after` of `entities` in `territories` (None: all), at most
    `limit` feed rows' worth. Raises `ResyncRequiredError` for a cursor the feed cannot continue."""
    horizon, head = session.execute(
        select(FeedCounter.horizon, FeedCounter.value).where(FeedCounter.id == 1)
    ).one()
    if 0 < after < horizon or after > head:
        raise ResyncRequiredError
    feed = ChangeFeed.__table__.c
    query: Select[Any] = (
        select(feed.seq, feed.entity, feed.record_id, feed.exit)
        .where(feed.seq > after, feed.entity.in_(sorted(entities)))
        .order_by(feed.seq)
        .limit(limit)
    )
    if territories is not None:
        query = query.where(feed.territory_id.in_(sorted(territories)))
    rows = session.execute(query).all()
    records = _load(session, rows)
    ids = external_ids.of_records(session, {row.record_id for row in rows})
    labels = AnswerLabels.load(
        session,
        (
            (record.process_key, record.process_version)
            for record in records["activity"].values()
            if isinstance(record, Activity)
        ),
    )
    changes = []
    for row in rows:
        record = records[row.entity].get(row.record_id)
        if record is None:  # purged: nothing left to tell
            continue
        visible = territories is None or record.scope_territory_id in territories
        if row.exit:
            if not visible:
                changes.append(_tombstone(row, "left_scope", ids))
        elif row.seq == record.sync_version:
            if record.deleted:
                changes.append(_tombstone(row, "deleted", ids))
            else:
                changes.append(_change(row, record, ids, labels))
    return SystemPage(
        changes=changes,
        cursor=rows[-1].seq if rows else after,
        has_more=len(rows) == limit,
    )


def head(session: Session) -> int:
    """The last position the feed handed out: where a reader that wants only what changes
    from now on starts."""
    value: int = session.execute(select(FeedCounter.value).where(FeedCounter.id == 1)).scalar_one()
    return value


def _load(session: Session, rows: Sequence[Row[Any]]) -> dict[str, dict[str, SyncedRecord]]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        wanted[row.entity].add(row.record_id)
    loaded: dict[str, dict[str, SyncedRecord]] = defaultdict(dict)
    for entity, record_ids in wanted.items():
        model = MODELS[entity]
        for record in session.scalars(select(model).where(model.id.in_(record_ids))):
            loaded[entity][record.id] = record
    return loaded


def _tombstone(row: Row[Any], reason: str, ids: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {
        "position": row.seq,
        "entity": row.entity,
        "id": row.record_id,
        "deleted": True,
        "reason": reason,
        "external_ids": ids.get(row.record_id, {}),
    }


def _change(
    row: Row[Any], record: SyncedRecord, ids: dict[str, dict[str, str]], labels: AnswerLabels
) -> dict[str, Any]:
    change = {
        "position": row.seq,
        "entity": row.entity,
        "id": record.id,
        "deleted": False,
        "external_ids": ids.get(record.id, {}),
        "fields": wire_fields(row.entity, record),
    }
    if isinstance(record, Activity):
        change["answers"] = labels.labelled(
            record.process_key, record.process_version, record.answers
        )
    return change
