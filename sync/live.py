"""Live updates for an online client: a thread that long-polls the server and says when the
user's feed has moved past the replica's cursor.

A plain class with no Qt. The callback runs on the live thread and returns once the changes
are fetched: either it syncs itself, or (the desktop app, `ui.live_sync`) it hands the sync to
the app's one sync worker and waits for it, so the engine never runs on two threads at once and
the loop does not poll again while that sync is still under way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from protocol.paths import DEFAULT_WAIT_SECONDS
from sync.errors import Outcome, SyncError
from sync.transport import Transport

log = logging.getLogger(__name__)

RETRY_DELAY_S = 5.0  # the first pause after a failure; it doubles while failures go on
MAX_RETRY_DELAY_S = 60.0  # offline: look for the network at least once a minute


class LiveUpdates:
    """Long-polls `transport` from a thread of its own until `stop`.

    `cursor_of` gives the replica's current feed position (`SyncEngine.cursor`); `on_changes`
    is called whenever the server has changes after it, and may raise `SyncError` to say the
    changes could not be fetched. After a failure the loop pauses `retry_delay` seconds, twice
    as long after each further one up to `max_retry_delay` (no busy loop while offline);
    `retry_now` ends a pause early (the app saw the network come back). A refused token ends
    the loop (`stopped_because` says why). Once `stop` returns, neither callback runs again.
    """

    def __init__(
        self,
        transport: Transport,
        cursor_of: Callable[[], int],
        on_changes: Callable[[], None],
        *,
        wait_seconds: float = DEFAULT_WAIT_SECONDS,
        retry_delay: float = RETRY_DELAY_S,
        max_retry_delay: float = MAX_RETRY_DELAY_S,
    ) -> None:
        self.transport = transport
        self.cursor_of = cursor_of
        self.on_changes = on_changes
        self.wait_seconds = wait_seconds
        self.retry_delay = retry_delay
        self.max_retry_delay = max_retry_delay
        self.stopped_because: SyncError | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()  # ends a pause: set by `stop` and `retry_now`
        self._calling = threading.Lock()  # held while a callback runs; `stop` takes it too
        self._thread = threading.Thread(target=self._run, name="fieldbook-live", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the loop to end and wait up to `timeout` for it (a poll under way ends within
        `wait_seconds`; `timeout=0` does not wait). No callback runs after this returns."""
        with self._calling:
            self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def retry_now(self) -> None:
        """End the pause after a failure now, e.g. because a sync just got through."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        delay = self.retry_delay
        while True:
            try:
                with self._calling:
                    if self._stop.is_set():
                        return
                    cursor = self.cursor_of()
                answer = self.transport.wait(cursor, self.wait_seconds)
                if answer.changed:
                    with self._calling:
                        if self._stop.is_set():
                            return
                        self.on_changes()
                delay = self.retry_delay
            except SyncError as error:
                if error.outcome is Outcome.SIGNED_OUT:
                    self.stopped_because = error
                    log.info("live updates stopped: %s", error)
                    return
                log.info("live updates: %s; trying again in %.0f s", error, delay)
                self._wake.wait(delay)
                self._wake.clear()
                delay = min(delay * 2, self.max_retry_delay)
