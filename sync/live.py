"""Live updates for an online client: a thread that long-polls the server, says when the user's
feed has moved past the replica's cursor, and says when the server stops or starts answering.

A plain class with no Qt. The callbacks run on the live thread. `on_changes` returns once the
changes are fetched: either it syncs itself, or (the desktop app, `ui.live_sync`) it hands the
sync to the app's one sync worker and waits for it, so the engine never runs on two threads at
once and the loop does not poll again while that sync is still under way. `on_reach` hears
whether the server can be reached, each time that changes: a long-poll cut off or refused means
it cannot, and the status can say so at once instead of at the next sync.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from protocol.paths import DEFAULT_WAIT_SECONDS
from sync.errors import Outcome, SyncError
from sync.transport import Transport

log = logging.getLogger(__name__)

RETRY_DELAY_S = 5.0  # the first pause after a failed fetch; it doubles while failures go on
MAX_RETRY_DELAY_S = 60.0
# While the server cannot be reached, a quick probe this often (no token, no long-poll), so the
# app learns of its return within seconds.
PROBE_INTERVAL_S = 2.0


class LiveUpdates:
    """Long-polls `transport` from a thread of its own until `stop`.

    `cursor_of` gives the replica's current feed position (`SyncEngine.cursor`); `on_changes`
    is called whenever the server has changes after it, and may raise `SyncError` to say the
    changes could not be fetched; after such a failure the loop pauses `retry_delay` seconds,
    twice as long after each further one up to `max_retry_delay`. A long-poll that cannot reach
    the server calls `on_reach(False)`; the loop then probes the server every `probe_interval`
    seconds (a cheap call, no busy loop) and, once it answers, calls `on_reach(True)` and polls
    again. `retry_now` ends a pause early (the app saw the network come back). A refused token
    ends the loop (`stopped_because` says why). Once `stop` returns, no callback runs again.
    """

    def __init__(
        self,
        transport: Transport,
        cursor_of: Callable[[], int],
        on_changes: Callable[[], None],
        *,
        on_reach: Callable[[bool], None] | None = None,
        wait_seconds: float = DEFAULT_WAIT_SECONDS,
        retry_delay: float = RETRY_DELAY_S,
        max_retry_delay: float = MAX_RETRY_DELAY_S,
        probe_interval: float = PROBE_INTERVAL_S,
    ) -> None:
        self.transport = transport
        self.cursor_of = cursor_of
        self.on_changes = on_changes
        self.on_reach = on_reach or (lambda _reachable: None)
        self.wait_seconds = wait_seconds
        self.retry_delay = retry_delay
        self.max_retry_delay = max_retry_delay
        self.probe_interval = probe_interval
        self.stopped_because: SyncError | None = None
        self._reachable: bool | None = None  # as last told to `on_reach`
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
        while not self._stop.is_set():
            try:
                with self._calling:
                    if self._stop.is_set():
                        return
                    cursor = self.cursor_of()
                answer = self._poll(cursor)
                if answer is None:
                    self._look_for_server()
                    continue
                if answer:
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
                self._pause(delay)
                delay = min(delay * 2, self.max_retry_delay)

    def _poll(self, cursor: int) -> bool | None:
        """Whether the feed moved past `cursor`; None when the server could not be reached."""
        try:
            answer = self.transport.wait(cursor, self.wait_seconds)
        except SyncError as error:
            if error.outcome is not Outcome.OFFLINE:
                raise
            log.info("live updates: the server cannot be reached (%s)", error)
            self._tell_reach(False)
            return None
        self._tell_reach(True)
        return answer.changed

    def _look_for_server(self) -> None:
        """Probe every `probe_interval` until the server answers (or `stop`)."""
        while not self._stop.is_set():
            self._pause(self.probe_interval)
            if not self._stop.is_set() and self.transport.reachable():
                log.info("live updates: the server answers again")
                self._tell_reach(True)
                return

    def _tell_reach(self, reachable: bool) -> None:
        with self._calling:
            if self._stop.is_set() or reachable == self._reachable:
                return
            self._reachable = reachable
            self.on_reach(reachable)

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()
