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

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from protocol.sync import WaitResponse
from server.pull import latest_position
from server.scope import Principal

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
    """Answer once `principal` sees a feed row after `cursor`, or after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        wake = signal.armed()
        latest = await run_in_threadpool(_latest, sessions, principal)
        remaining = deadline - loop.time()
        if latest > cursor or remaining <= 0:
            return WaitResponse(changed=latest > cursor, cursor=latest)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), min(DB_CHECK_INTERVAL, remaining))


def _latest(sessions: sessionmaker[Session], principal: Principal) -> int:
    with sessions.begin() as session:
        return latest_position(session, principal)
