"""Live updates: long-polls that answer as soon as the reader's feed moves.

A waiting request sleeps on an in-process signal that every write in this process raises after
its commit, and also looks at the database once per `DB_CHECK_INTERVAL`, so changes committed by
other server processes sharing the database are seen within about a second. One waiting client
costs one indexed query per interval, never a busy loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from protocol.sync import WaitResponse
from server.pull import latest_position
from server.scope import Principal
from server.tables import FeedCounter

DB_CHECK_INTERVAL = 0.5


class FeedSignal:
    """Wakes the long-polls of one server process when it commits a change.

    `notify` may be called from any thread (the sync routes run in a thread pool); waiters live
    on the event loop. A waiter takes the event (`armed`) before it reads the database, so a
    commit between its read and its sleep still wakes it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None

    def armed(self) -> asyncio.Event:
        """The event the next `notify` sets; call on the event loop."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._event is None or self._loop is not loop:
                self._loop, self._event = loop, asyncio.Event()
            return self._event

    def notify(self) -> None:
        with self._lock:
            loop, event = self._loop, self._event
            self._event = None
        if loop is not None and event is not None and not loop.is_closed():
            loop.call_soon_threadsafe(event.set)


async def wait_for_changes(
    signal: FeedSignal,
    sessions: sessionmaker[Session],
    principal: Principal,
    cursor: int,
    timeout: float,
) -> WaitResponse:
    """Answer once `principal` sees a feed row after `cursor`, or after `timeout` seconds.

    A cursor beyond the feed's head belongs to another history of the feed (a server restored
    from a backup, `server.feed_identity`): that is answered as a change at once, so the client
    syncs and starts again instead of waiting until the feed reaches its cursor."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        wake = signal.armed()
        latest, head = await run_in_threadpool(_latest, sessions, principal)
        remaining = deadline - loop.time()
        changed = latest > cursor or cursor > head
        if changed or remaining <= 0:
            return WaitResponse(changed=changed, cursor=latest)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), min(DB_CHECK_INTERVAL, remaining))


def _latest(sessions: sessionmaker[Session], principal: Principal) -> tuple[int, int]:
    """The newest feed position `principal` sees, and the feed's head."""
    with sessions.begin() as session:
        head: int = session.execute(select(FeedCounter.value)).scalar_one()
        return latest_position(session, principal), head
