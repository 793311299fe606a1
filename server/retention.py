"""Feed retention: compaction of old feed rows, and the horizon it leaves behind.

Tombstones and exit rows only matter to readers whose cursor is behind them, so they need not be
kept for ever. `compact` removes feed rows older than the retention period, except the latest
row of each live record (a reader starting from cursor 0 still finds every live record), and
raises the feed's horizon to the largest position it removed. A reader whose cursor lies below
the horizon (but above 0) may have missed a removed row, so its pull answers "resync required"
(`server.pull`) and the client starts again from 0 without losing its unpushed edits.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, and_, delete, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased, sessionmaker

from server import feed
from server.tables import MODELS, ChangeFeed, FeedCounter

logger = logging.getLogger(__name__)

DEFAULT_RETENTION = dt.timedelta(days=30)
COMPACTION_INTERVAL_S = 6 * 3600


def horizon(session: Session) -> int:
    """The largest feed position compaction removed (0: none)."""
    value: int = session.execute(
        select(FeedCounter.horizon).where(FeedCounter.id == 1)
    ).scalar_one()
    return value


def _removable(cutoff: dt.datetime) -> ColumnElement[bool]:
    """Rows older than `cutoff` that are not the latest row of a live record."""
    later = aliased(ChangeFeed)
    superseded = (
        select(later.seq)
        .where(
            later.entity == ChangeFeed.entity,
            later.record_id == ChangeFeed.record_id,
            later.seq > ChangeFeed.seq,
        )
        .exists()
    )
    of_deleted = or_(
        *(
            and_(
                ChangeFeed.entity == entity,
                ChangeFeed.record_id.in_(select(model.id).where(model.deleted.is_(True))),
            )
            for entity, model in MODELS.items()
        )
    )
    return and_(ChangeFeed.created_at < cutoff, or_(superseded, of_deleted))


def compact(session: Session, now: dt.datetime, retention: dt.timedelta = DEFAULT_RETENTION) -> int:
    """Remove feed rows older than `retention` (see the module docstring); returns how many.

    Runs in a write transaction holding the feed lock (`feed.write_transaction`), so no writer
    adds rows while the horizon moves.
    """
    removable = _removable(now - retention)
    last_removed = session.scalar(select(func.max(ChangeFeed.seq)).where(removable))
    if last_removed is None:
        return 0
    removed = cast(
        CursorResult[Any],
        session.execute(
            delete(ChangeFeed).where(removable).execution_options(synchronize_session=False)
        ),
    )
    count = removed.rowcount
    session.execute(
        update(FeedCounter)
        .where(FeedCounter.id == 1, FeedCounter.horizon < last_removed)
        .values(horizon=last_removed)
        .execution_options(synchronize_session=False)
    )
    logger.info("compacted %d feed rows up to position %d", count, last_removed)
    return int(count)


async def compact_periodically(
    writer: sessionmaker[Session], retention: dt.timedelta, interval: float = COMPACTION_INTERVAL_S
) -> None:
    """Compact now and every `interval` seconds, for as long as the server runs. Several server
    processes may all do it: the feed lock makes their runs take turns."""
    while True:
        try:
            await asyncio.to_thread(_compact_now, writer, retention)
        except SQLAlchemyError:
            logger.exception("feed compaction failed; trying again later")
        await asyncio.sleep(interval)


def _compact_now(writer: sessionmaker[Session], retention: dt.timedelta) -> None:
    with feed.write_transaction(writer) as session:
        compact(session, dt.datetime.now(dt.UTC), retention)
