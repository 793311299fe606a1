"""The status bar: connection, unsynced changes, last sync, conflicts, and the Sync now button.

It reads the workspace's sync status whenever asked and every 30 seconds (so "synced 2 min ago"
stays true), and shows one message at a time: sync progress, its result, or why it failed.

The line and the message never contradict each other: when the connection mark changes (a sync
or the live long-poll found the server gone or back), the message says so or a failure goes;
and a sync's good result goes with the next edit saved here ("Everything is up to date" is not
true beside "1 unsynced").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from app import sync_service
from app.workspace import Workspace
from sync.engine import Progress
from ui import sync_text
from ui.style import styled_label

if TYPE_CHECKING:
    from ui.sync_controller import SyncController

REFRESH_MS = 30_000


class SyncStatusBar(QStatusBar):
    def __init__(
        self, workspace: Workspace, sync_action: QAction, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setSizeGripEnabled(False)

        self.status_label = styled_label("", "")
        self.status_label.setAccessibleName(self.tr("Sync status"))
        self.message_label = styled_label("", "muted")
        self.message_label.setAccessibleName(self.tr("Sync message"))
        self.conflicts_label = styled_label("", "")
        self.conflicts_label.setObjectName("conflicts")
        self.conflicts_label.setAccessibleName(self.tr("Conflicts"))
        self.sync_button = QToolButton(self)
        self.sync_button.setObjectName("syncButton")
        self.sync_button.setDefaultAction(sync_action)
        self.sync_button.setAccessibleName(sync_action.text())

        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Sync progress"))
        self.progress.setRange(0, 0)  # the feed's length is not known in advance: busy
        self.progress.setFixedWidth(140)
        self.progress.setTextVisible(False)
        self.progress.hide()

        self.addWidget(self.status_label)
        self.addWidget(self.progress)
        self.addWidget(self.message_label, 1)
        self.addPermanentWidget(self.conflicts_label)
        self.addPermanentWidget(self.sync_button)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self._shown_online: bool | None = None  # the connection mark on the line
        self._showing_result = False  # the message is a good sync's result
        self.refresh()

    def follow(self, sync: SyncController) -> None:
        """Show a sync's progress and result, and the numbers again after it and after every
        save here."""
        sync.progressed.connect(self.show_progress_of)
        sync.slow.connect(self.show_progress)
        sync.reported.connect(self.show_result)
        sync.saved_here.connect(self.on_saved_here)
        sync.offline.connect(self.refresh)

    def refresh(self) -> None:
        status = sync_service.status(self._workspace)
        now = dt.datetime.now(dt.UTC)
        self.status_label.setText(
            "  ·  ".join(sync_text.status_parts(status, now, self._workspace.language))
        )
        self.conflicts_label.setText(sync_text.conflicts_text(status.conflicts))
        self.conflicts_label.setVisible(status.conflicts > 0)
        if status.online is not None and status.online != self._shown_online:
            self._on_connection_shown(status.online)
        self._shown_online = status.online

    def _on_connection_shown(self, online: bool) -> None:
        """The line's connection mark changed: the message must not say otherwise."""
        if not online:
            self.show_message(sync_text.offline_text(), problem=True)
        elif self.message_label.property("kind") == "problem":
            self.show_message("")  # the server answers: whatever failed before is past

    def on_saved_here(self) -> None:
        self.refresh()
        if self._showing_result:
            self.show_message("")  # no longer up to date: this edit is still to be sent

    def show_progress(self) -> None:
        """For a sync that takes a while: a moving bar beside the running count."""
        self.progress.show()

    def show_progress_of(self, progress: Progress) -> None:
        self.show_message(sync_text.progress_text(progress))

    def show_result(self, message: str, problem: bool) -> None:
        self.progress.hide()
        self.refresh()
        self.show_message(message, problem=problem)
        self._showing_result = not problem

    def show_message(self, text: str, *, problem: bool = False) -> None:
        """Progress or a result in quiet grey; a failure in the warning colour, until replaced."""
        self._showing_result = False
        self.message_label.setText(text)
        self.message_label.setToolTip(text)
        self.message_label.setProperty("kind", "problem" if problem else "muted")
        _repolish(self.message_label)


def _repolish(label: QLabel) -> None:
    """Let the style sheet see a changed `kind`."""
    label.style().unpolish(label)
    label.style().polish(label)
