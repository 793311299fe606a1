"""Live updates in the window: a long-poll thread (`sync.live.LiveUpdates`) asks the window to
sync as soon as the server has changes for this user, so a colleague's edit, a reassignment or
a web enquiry shows up within seconds without pressing anything.

The thread hands the news to the main thread through a queued signal (`changes_waiting`), then
waits until that sync is over before it polls again: polling while the sync runs would only
hear of the same changes again. A failed sync counts as a failed poll, so while the network or
the server is down the thread pauses longer and longer instead of asking again and again; the
first good sync (the scheduler keeps trying) ends the pause. A long-poll that cannot reach the
server says so at once (`reach_changed`), and so does the quick probe that finds it back.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from app import sync_service
from app.workspace import Workspace
from sync.errors import Outcome, SyncError

SYNC_WAIT_S = 120.0  # a sync that takes longer (a first sync of a large territory) is asked again


class LiveSync(QObject):
    # Emitted on the live thread; the window's slots run on the main thread.
    changes_waiting = Signal()
    reach_changed = Signal(bool)  # whether the server can be reached (a long-poll failed, …)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stopping = threading.Event()
        self._sync_over = threading.Event()
        self._sync_ok = False
        self._live = sync_service.live_updates(
            workspace, self._sync_and_wait, self.reach_changed.emit
        )

    @property
    def running(self) -> bool:
        return self._live.running

    def start(self) -> None:
        self._live.start()

    def stop(self) -> None:
        """End the thread without waiting for its poll under way (it ends by itself); no
        `changes_waiting` comes after this."""
        self._stopping.set()
        self._sync_over.set()  # a thread waiting for a sync goes on, and sees it must stop
        self._live.stop(timeout=0)

    def on_sync_finished(self, ok: bool) -> None:
        """Any sync of the window ended (connected to `SyncController.finished`)."""
        self._sync_ok = ok
        self._sync_over.set()
        if ok:
            self._live.retry_now()

    def _sync_and_wait(self) -> None:
        """On the live thread: have the window sync, and wait until a sync is over."""
        self._sync_over.clear()
        if self._stopping.is_set():
            return
        self.changes_waiting.emit()
        if not self._sync_over.wait(SYNC_WAIT_S):
            return  # still syncing: the next poll asks again
        if not self._sync_ok and not self._stopping.is_set():
            raise SyncError(Outcome.OFFLINE, "the sync for the waiting changes failed")
