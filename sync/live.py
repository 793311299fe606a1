"""Live updates for an online client: a thread that long-polls the server and says when the
user's feed has moved past the replica's cursor.

A plain class with no Qt. The callback runs on the live thread; typically it runs a sync (the
engine is not used from two threads at once: the app either lets this thread do all syncing
while it is running, or hands the work to its one sync worker).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sync.errors import Outcome, SyncError
from sync.protocol import DEFAULT_WAIT_SECONDS
from sync.transport import Transport

log = logging.getLogger(__name__)

RETRY_DELAY_S = 5.0


class LiveUpdates:
    """Long-polls `transport` from a thread of its own until `stop`.

    `cursor_of` gives the replica's current feed position (`SyncEngine.cursor`); `on_changes`
    is called whenever the server has changes after it. Network failures are retried after
    `retry_delay` seconds; a refused token ends the loop (`stopped_because` says why).
    """

    def __init__(
        self,
        transport: Transport,
        cursor_of: Callable[[], int],
        on_changes: Callable[[], None],
        *,
        wait_seconds: float = DEFAULT_WAIT_SECONDS,
        retry_delay: float = RETRY_DELAY_S,
    ) -> None:
        self.transport = transport
        self.cursor_of = cursor_of
        self.on_changes = on_changes
        self.wait_seconds = wait_seconds
        self.retry_delay = retry_delay
        self.stopped_because: SyncError | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fieldbook-live", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the loop to end and wait for it (a poll under way ends within `wait_seconds`)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                answer = self.transport.wait(self.cursor_of(), self.wait_seconds)
                if answer.changed and not self._stop.is_set():
                    self.on_changes()
            except SyncError as error:
                if error.outcome is Outcome.SIGNED_OUT:
                    self.stopped_because = error
                    log.info("live updates stopped: %s", error)
                    return
                log.info("live updates: %s; trying again in %.0f s", error, self.retry_delay)
                self._stop.wait(self.retry_delay)
