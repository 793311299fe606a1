"""The window's syncs: when they run (a schedule, local edits, live updates, the user's F5),
applying what each one learned on the main thread, and telling whoever listens what changed.

A sync runs on a worker thread (`app.sync_service.sync`); its result comes back here and is
applied to the workspace on the main thread, then `changed` names the kinds of record it changed
(entity names, and `sync_service.CONFLICTS`). Sections do not wait to be told by the window:
each follows the controller (`follow`) with the kinds it shows and refreshes itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app import offboarding, sync_service
from app.sync_service import SyncResult
from app.workspace import Workspace
from sync.errors import Outcome, SyncError
from ui import sync_text
from ui.background import run_in_background
from ui.live_sync import LiveSync
from ui.sync_scheduler import SyncScheduler

log = logging.getLogger(__name__)

PROGRESS_AFTER_MS = 800  # a quick sync shows no progress bar
# A sync that failed so: the user is asked to sign in again.
_REFUSED_SIGN_IN = (Outcome.SIGNED_OUT, Outcome.WRONG_PASSWORD, Outcome.PASSWORD_CHANGE_REQUIRED)


class SyncController(QObject):
    started = Signal()
    progressed = Signal(object)  # a sync.engine.Progress, delivered on the main thread
    slow = Signal()  # the sync under way takes longer than PROGRESS_AFTER_MS
    changed = Signal(object)  # frozenset[str]: the kinds of record a sync changed
    reported = Signal(str, bool)  # what came of a sync, and whether that is a problem
    # Whether the server cannot be reached, as the last sync or the live long-poll found it;
    # after every sync (before `reported`) and whenever the long-poll finds it changed.
    offline = Signal(bool)
    finished = Signal(bool)  # a sync ended (ok or not), its result applied and reported
    saved_here = Signal()  # something was saved on this computer: more to send
    account_disabled = Signal(str)  # IT disabled the user; the file the unsynced work is in, or ""
    sign_in_needed = Signal()  # the server refused the session or the password: ask for it

    def __init__(self, workspace: Workspace, interval_s: int, parent: QObject | None = None):
        super().__init__(parent)
        self._workspace = workspace
        self._running = False
        self.scheduler = SyncScheduler(interval_s, self)
        self.scheduler.sync_due.connect(self.start)
        self.live: LiveSync | None = None  # started by whoever runs the app (ui.launch)
        self._slow_timer = QTimer(self)
        self._slow_timer.setSingleShot(True)
        self._slow_timer.setInterval(PROGRESS_AFTER_MS)
        self._slow_timer.timeout.connect(self.slow)

    @property
    def running(self) -> bool:
        return self._running

    def follow(
        self,
        section: QWidget,
        kinds: frozenset[str],
        refresh: Callable[[], None],
        *,
        while_hidden: bool = False,
    ) -> None:
        """`refresh` after every sync that changed any of `kinds`; unless `while_hidden`, only
        while `section` is on screen in its window (a page not shown refreshes when it is
        shown). Ends with the section."""
        follower = _Follower(section, kinds, refresh, while_hidden=while_hidden)
        self.changed.connect(follower.on_changed)

    # --- syncing -------------------------------------------------------------------------

    def start(self) -> None:
        """Sync now, unless a sync is under way."""
        if self._running:
            return
        self._running = True
        self.started.emit()
        self._slow_timer.start()
        workspace, progressed = self._workspace, self.progressed
        # Emitted on the worker thread; queued to this object's (the main) thread.
        run_in_background(
            lambda: sync_service.sync(workspace, on_progress=progressed.emit),
            self.on_succeeded,
            self.on_failed,
        )

    def on_succeeded(self, result: SyncResult) -> None:
        sync_service.apply(self._workspace, result)
        if self._window_gone():
            return
        self.changed.emit(result.changed)
        pending = sync_service.status(self._workspace).pending  # saved while it ran
        self._done(sync_text.success_text(result.report, pending), ok=True, offline=False)

    def on_failed(self, error: Exception) -> None:
        sync_service.apply_failure(self._workspace, error)
        if self._window_gone():
            return
        offline = isinstance(error, SyncError) and error.outcome is Outcome.OFFLINE
        self._done(sync_text.failure_text(error), ok=False, offline=offline)
        if isinstance(error, SyncError) and error.outcome in _REFUSED_SIGN_IN:
            self.sign_in_needed.emit()
        if isinstance(error, SyncError) and error.outcome is Outcome.ACCOUNT_DISABLED:
            self.stop()
            kept = offboarding.keep_unsynced(self._workspace)
            self.account_disabled.emit(str(kept) if kept else "")

    def _window_gone(self) -> bool:
        """Whether the window (and this controller with it) was deleted while a sync ran, as
        on a language switch: what the sync learned is applied, but nobody is left to tell."""
        if isValid(self):
            return False
        log.info("a sync ended after its window was closed")
        return True

    def _done(self, message: str, *, ok: bool, offline: bool) -> None:
        log.info("sync finished (%s): %s", "ok" if ok else "failed", message)
        self._running = False
        self._slow_timer.stop()
        self.offline.emit(offline)
        self.reported.emit(message, not ok)
        self.scheduler.sync_finished(ok, offline)
        self.finished.emit(ok)

    def local_change(self) -> None:
        """Something was saved here: say so, and sync soon."""
        self.saved_here.emit()
        self.scheduler.local_change()

    # --- live updates --------------------------------------------------------------------

    def start_live_updates(self) -> None:
        """Hear of the server's changes as they happen and sync then (`ui.live_sync`)."""
        if self.live is not None:
            return
        self.live = LiveSync(self._workspace, self)
        self.live.changes_waiting.connect(self.on_changes_waiting)
        self.live.reach_changed.connect(self.on_reachable)
        self.finished.connect(self.live.on_sync_finished)
        self.live.start()

    def on_changes_waiting(self) -> None:
        """The server has changes for us (told by a live-update notifier): sync now."""
        self.scheduler.request_sync()

    def on_reachable(self, reachable: bool) -> None:
        """The live long-poll lost the server, or found it again: say so now, not at the next
        sync; once it is back, sync (what was saved meanwhile goes out at once)."""
        if reachable == self._workspace.online:
            return
        sync_service.apply_reach(self._workspace, reachable)
        log.info("the server %s", "answers again" if reachable else "cannot be reached")
        self.offline.emit(not reachable)
        if reachable:
            self.scheduler.request_sync()

    def stop(self) -> None:
        """No more syncs of the controller's own accord: schedule and live updates end (before
        the window goes: sign-out, a language switch, quitting)."""
        self.scheduler.stop()
        if self.live is not None:
            self.live.stop()


class _Follower(QObject):
    """One section's refresh after syncs; a child of the section, so it goes with it (and its
    connection with it)."""

    def __init__(
        self,
        section: QWidget,
        kinds: frozenset[str],
        refresh: Callable[[], None],
        *,
        while_hidden: bool,
    ) -> None:
        super().__init__(section)
        self._section = section
        self._kinds = kinds
        self._refresh = refresh
        self._while_hidden = while_hidden

    def on_changed(self, changed: frozenset[str]) -> None:
        section = self._section
        if changed & self._kinds and (self._while_hidden or section.isVisibleTo(section.window())):
            self._refresh()
