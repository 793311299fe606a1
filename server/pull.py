"""Pull: a page of the change feed, as the reader may see it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from server.models import MODELS, ChangeFeed, SyncedRecord
from server.retention import horizon
from server.scope import Principal
from server.values import wire_fields
from sync.protocol import Change, PullResponse


def pull(session: Session, principal: Principal, cursor: int, limit: int) -> PullResponse:
    """The changes after `cursor` visible to `principal`, at most `limit` feed rows' worth.

    A normal row yields the record's current state only if it is the record's latest change
    (a later row covers it otherwise), so every record arrives once per page in its latest
    state. An exit row yields a removal unless the record is back in the reader's scope.
    A cursor below the retention horizon gets "resync required" instead (`server.retention`).
    """
    scope = sorted(principal.territories)
    if 0 < cursor < horizon(session):
        return PullResponse(changes=[], cursor=0, has_more=False, scope=scope, resync_required=True)
    rows = session.scalars(
        select(ChangeFeed)
        .where(ChangeFeed.seq > cursor, _visible(principal))
        .order_by(ChangeFeed.seq)
        .limit(limit)
    ).all()
    current = _load_records(session, rows)
    changes: list[Change] = []
    for row in rows:
        record = current[row.entity].get(row.record_id)
        if record is None:  # purged; nothing left to send
            continue
        if row.exit:
            if not principal.sees(record.scope_territory_id):
                changes.append(
                    Change(
                        entity=row.entity, record_id=row.record_id, version=row.seq, removed=True
                    )
                )
        elif row.seq == record.sync_version:
            changes.append(_change(row.entity, record))
    return PullResponse(
        changes=changes,
        cursor=rows[-1].seq if rows else cursor,
        has_more=len(rows) == limit,
        scope=scope,
    )


def latest_position(session: Session, principal: Principal) -> int:
    """The position of the newest feed row `principal` sees (0: none)."""
    latest = session.scalar(select(func.max(ChangeFeed.seq)).where(_visible(principal)))
    return int(latest or 0)


def _visible(principal: Principal) -> ColumnElement[bool]:
    """Feed rows the reader sees: everyone's, and those of the reader's territories."""
    visible: ColumnElement[bool] = ChangeFeed.territory_id.is_(None)
    if principal.territories:
        visible = or_(visible, ChangeFeed.territory_id.in_(principal.territories))
    return visible


def _load_records(
    session: Session, rows: Sequence[ChangeFeed]
) -> dict[str, dict[str, SyncedRecord]]:
    """The current records named by `rows`, one query per entity."""
    ids: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        ids[row.entity].add(row.record_id)
    loaded: dict[str, dict[str, SyncedRecord]] = defaultdict(dict)
    for entity, record_ids in ids.items():
        model = MODELS[entity]
        for record in session.scalars(select(model).where(model.id.in_(record_ids))):
            loaded[entity][record.id] = record
    return loaded


def _change(entity: str, record: SyncedRecord) -> Change:
    if record.deleted:
        return Change(entity=entity, record_id=record.id, version=record.sync_version, removed=True)
    return Change(
        entity=entity,
        record_id=record.id,
        version=record.sync_version,
        fields=wire_fields(entity, record),
    )
