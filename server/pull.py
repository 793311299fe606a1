"""Pull: a page of the change feed, as the reader may see it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, func, select, union_all
from sqlalchemy.orm import Session, aliased

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
    rows = session.scalars(_page(principal, cursor, limit)).all()
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
    latest = (
        session.scalar(select(func.max(ChangeFeed.seq)).where(condition))
        for condition in _scopes(principal)
    )
    return max((int(seq) for seq in latest if seq is not None), default=0)


def _page(principal: Principal, cursor: int, limit: int) -> Select[ChangeFeed]:
    """The first `limit` feed rows after `cursor` that `principal` sees, in feed order.

    One range scan of the (territory_id, seq) index per scope, each stopping after `limit`
    rows, merged: a single query with `territory_id IS NULL OR territory_id IN (…)` makes the
    planner fetch and sort every remaining row of the reader's territories for each page.
    """
    parts = [
        select(ChangeFeed)
        .where(condition, ChangeFeed.seq > cursor)
        .order_by(ChangeFeed.seq)
        .limit(limit)
        .subquery()
        for condition in _scopes(principal)
    ]
    merged = union_all(*(select(part) for part in parts)).subquery()
    row = aliased(ChangeFeed, merged)
    return select(row).order_by(row.seq).limit(limit)


def _scopes(principal: Principal) -> list[ColumnElement[bool]]:
    """One condition per part of the feed the reader sees: everyone's rows, and those of each
    of the reader's territories."""
    return [
        ChangeFeed.territory_id.is_(None),
        *(ChangeFeed.territory_id == territory for territory in sorted(principal.territories)),
    ]


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
