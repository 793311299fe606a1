"""Pull: a page of the change feed, as the reader may see it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Connection, Row, Select, Text, cast, func, select, union_all
from sqlalchemy.orm import Session

from protocol.entities import ENTITY_FIELDS
from server.scope import Principal
from server.tables import MODELS, ChangeFeed, FeedCounter

# The columns a loaded record starts with, before its protocol fields.
_BOOKKEEPING = ("id", "sync_version", "deleted", "scope_territory_id")


@dataclass(frozen=True)
class PullPage:
    """A page of the feed as `protocol.PullResponse` carries it, its changes already in wire
    form (`Change` as a dict), so that it is serialized once and directly.

    A territory's first sync is about 160 pages of 5,000 records each, and building `Change`
    models, converting dates and decoding answers only to encode them again cost half of the
    server's time a page: `to_json` writes dates and datetimes as their ISO text (what
    `values.to_wire` does) and answers as the JSON text the database holds.
    """

    changes: list[dict[str, Any]]
    cursor: int
    has_more: bool
    scope: list[str]
    resync_required: bool
    feed: str
    feed_since: int

    def to_json(self) -> bytes:
        return orjson.dumps(self)  # a dataclass: its fields in order, as PullResponse has them


def pull(session: Session, principal: Principal, cursor: int, limit: int) -> PullPage:
    """The changes after `cursor` visible to `principal`, at most `limit` feed rows' worth.

    A normal row yields the record's current state only if it is the record's latest change
    (a later row covers it otherwise), so every record arrives once per page in its latest
    state. An exit row yields a removal unless the record is back in the reader's scope.
    A cursor below the retention horizon (`server.retention`), or beyond the last position
    the feed handed out (a cursor of another history of the feed: `server.feed_identity`), gets
    "resync required" instead. Every page names the feed's identity.
    """
    scope = sorted(principal.territories)
    # Core statements on the session's connection: through the session, the ORM would look
    # at every result row again.
    connection = session.connection()
    rows = connection.execute(_page(principal, cursor, limit)).all()
    # The page carries the feed counter's row read in the same statement (one round trip less,
    # and the same snapshot as the rows); an empty page reads it afterwards.
    counter = rows[0] if rows else connection.execute(select(*_COUNTER)).one()
    identity = {"feed": counter.feed_id, "feed_since": counter.feed_since}
    if 0 < cursor < counter.horizon or cursor > counter.head:
        return PullPage([], 0, False, scope, resync_required=True, **identity)
    current = _load_records(connection, rows)
    changes: list[dict[str, Any]] = []
    for row in rows:
        record = current[row.entity].get(row.record_id)
        if record is None:  # purged; nothing left to send
            continue
        if row.exit:
            if not principal.sees(record.scope_territory_id):
                changes.append(_removal(row.entity, row.record_id, row.seq))
        elif row.seq == record.sync_version:
            changes.append(_change(row.entity, record))
    return PullPage(
        changes=changes,
        cursor=rows[-1].seq if rows else cursor,
        has_more=len(rows) == limit,
        scope=scope,
        resync_required=False,
        **identity,
    )


def latest_position(session: Session, principal: Principal) -> int:
    """The position of the newest feed row `principal` sees (0: none)."""
    latest = (
        session.scalar(select(func.max(ChangeFeed.seq)).where(condition))
        for condition in _scopes(principal)
    )
    return max((int(seq) for seq in latest if seq is not None), default=0)


def _page(principal: Principal, cursor: int, limit: int) -> Select[Any]:
    """The first `limit` feed rows after `cursor` that `principal` sees, in feed order, each
    with the feed counter's row (`_COUNTER`).

    One range scan of the (territory_id, seq) index per scope, each stopping after `limit`
    rows, merged: a single query with `territory_id IS NULL OR territory_id IN (…)` makes the
    planner fetch and sort every remaining row of the reader's territories for each page.
    """
    feed = ChangeFeed.__table__.c
    parts = [
        select(feed.seq, feed.entity, feed.record_id, feed.exit)
        .where(condition, feed.seq > cursor)
        .order_by(feed.seq)
        .limit(limit)
        .subquery()
        for condition in _scopes(principal)
    ]
    merged = union_all(*(select(part) for part in parts)).subquery()
    counter = [
        select(column).where(FeedCounter.id == 1).scalar_subquery().label(column.key)
        for column in _COUNTER
    ]
    return select(merged, *counter).order_by(merged.c.seq).limit(limit)


# What a page needs of the feed counter's row: the retention horizon, the head (the last
# position handed out) and the feed's identity.
_COUNTER = (
    FeedCounter.horizon,
    FeedCounter.value.label("head"),
    FeedCounter.feed_id,
    FeedCounter.feed_since,
)


def _scopes(principal: Principal) -> list[ColumnElement[bool]]:
    """One condition per part of the feed the reader sees: everyone's rows, and those of each
    of the reader's territories."""
    territory_id = ChangeFeed.__table__.c.territory_id
    return [
        territory_id.is_(None),
        *(territory_id == territory for territory in sorted(principal.territories)),
    ]


def _load_records(
    connection: Connection, rows: Sequence[Row[Any]]
) -> dict[str, dict[str, Row[Any]]]:
    """The current records named by `rows`, one query per entity, as plain rows of the
    columns a change needs (ORM objects and the merge's bookkeeping columns cost more than
    the rest of a page). JSON fields come as the database's text, to be sent as it is."""
    ids: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        ids[row.entity].add(row.record_id)
    loaded: dict[str, dict[str, Row[Any]]] = defaultdict(dict)
    for entity, record_ids in ids.items():
        table = MODELS[entity].__table__.c
        columns = [
            cast(table[name], Text) if spec.kind == "json" else table[name]
            for name, spec in ENTITY_FIELDS[entity].items()
        ]
        bookkeeping = [table[name] for name in _BOOKKEEPING]
        query = select(*bookkeeping, *columns).where(table.id.in_(record_ids))
        for record in connection.execute(query).all():
            loaded[entity][record.id] = record
    return loaded


def _removal(entity: str, record_id: str, version: int) -> dict[str, Any]:
    return {
        "entity": entity,
        "record_id": record_id,
        "version": version,
        "removed": True,
        "fields": {},
    }


def _change(entity: str, record: Row[Any]) -> dict[str, Any]:
    if record.deleted:
        return _removal(entity, record.id, record.sync_version)
    fields = dict(zip(ENTITY_FIELDS[entity], record[len(_BOOKKEEPING) :], strict=True))
    for name in _JSON_FIELDS[entity]:
        text = fields[name]
        if text is not None:
            fields[name] = orjson.Fragment(text)
    return {
        "entity": entity,
        "record_id": record.id,
        "version": record.sync_version,
        "removed": False,
        "fields": fields,
    }


_JSON_FIELDS = {
    entity: [name for name, spec in specs.items() if spec.kind == "json"]
    for entity, specs in ENTITY_FIELDS.items()
}
