"""When to sync by itself: on a schedule, shortly after local edits, and, while offline, again
and again with growing pauses until the network is back.

It only decides *when*; `sync_due` asks the sync controller to sync, and it reports each result
through `sync_finished(ok, offline)`. `request_sync()` is the one door for "sync now" from
elsewhere, e.g. a live-update notifier that learned the server has changes waiting.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal

EDIT_DELAY_MS = 3_000  # edits come in bursts; one sync after the burst
FIRST_RETRY_MS = 5_000
MAX_RETRY_MS = 60_000  # offline: look for the network at least once a minute


class SyncScheduler(QObject):
    sync_due = Signal()

    def __init__(self, interval_s: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.retry_ms = 0  # 0: not retrying (online, or not tried yet)
        self._interval_ms = max(interval_s, 10) * 1000
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # "in 3 s" means 3 s, not 3.1
        self._timer.timeout.connect(self.sync_due)
        self._timer.start(self._interval_ms)

    @property
    def next_in_ms(self) -> int:
        return self._timer.remainingTime()

    def set_interval(self, interval_s: int) -> None:
        self._interval_ms = max(interval_s, 10) * 1000
        if not self.retry_ms:
            self._timer.start(self._interval_ms)

    def request_sync(self) -> None:
        """Sync as soon as possible (the server said changes are waiting, the user asked)."""
        self._timer.start(0)

    def local_change(self) -> None:
        """A local edit was saved: sync a little later, after any edits that follow it."""
        if not self.retry_ms or self._timer.remainingTime() > EDIT_DELAY_MS:
            self._timer.start(EDIT_DELAY_MS)

    def sync_finished(self, ok: bool, offline: bool) -> None:
        """Plan the next sync: the interval after a good one, a growing pause while offline."""
        if offline:
            self.retry_ms = min(max(self.retry_ms * 2, FIRST_RETRY_MS), MAX_RETRY_MS)
            self._timer.start(self.retry_ms)
        else:
            self.retry_ms = 0
            self._timer.start(self._interval_ms)

    def stop(self) -> None:
        self._timer.stop()
