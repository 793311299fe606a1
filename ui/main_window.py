"""The main window: navigation, the account list and the account pane side by side, and the
sync status bar. Sync runs in the background; the window stays usable meanwhile."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListWidget, QMainWindow, QSplitter, QVBoxLayout, QWidget

from app.workspace import Me, Workspace
from sync.engine import Progress, SyncReport
from ui import sync_text
from ui.account_detail import AccountDetailPane
from ui.account_list import AccountListView
from ui.background import run_in_background
from ui.style import styled_label
from ui.sync_status_bar import SyncStatusBar


class MainWindow(QMainWindow):
    sync_finished = Signal(bool)
    # Emitted on the sync worker's thread; delivered to on_sync_progress on the main thread.
    sync_progressed = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setWindowTitle("Fieldbook")

        self.accounts = AccountListView(workspace, self)
        self.detail = AccountDetailPane(workspace, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._navigation(workspace.me))
        splitter.addWidget(self.accounts)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(1)
        splitter.setStretchFactor(1, 6)
        splitter.setStretchFactor(2, 5)
        splitter.setSizes([180, 640, 460])
        self.setCentralWidget(splitter)

        self.sync_action = QAction(self.tr("Sync now"), self)
        self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.sync_action.setToolTip(self.tr("Send your changes and fetch new ones (F5)"))
        self.sync_action.triggered.connect(self.start_sync)
        self.addAction(self.sync_action)
        self.sync_bar = SyncStatusBar(workspace, self.sync_action, self)
        self.setStatusBar(self.sync_bar)

        self.accounts.account_selected.connect(self.detail.show_account)
        self.detail.activity_logged.connect(self.on_activity_logged)
        self.sync_progressed.connect(self.on_sync_progress)

    def _navigation(self, me: Me) -> QWidget:
        nav = QWidget(self)
        nav.setObjectName("nav")
        nav.setMinimumWidth(170)
        brand = styled_label("Fieldbook", "")
        brand.setObjectName("brand")
        sections = QListWidget(nav)
        sections.setObjectName("navList")
        sections.setAccessibleName(self.tr("Sections"))
        sections.addItem(self.tr("Accounts"))
        sections.setCurrentRow(0)
        user = styled_label(me.display_name or me.name, "muted")
        user.setAccessibleName(self.tr("Signed in as"))
        layout = QVBoxLayout(nav)
        layout.setContentsMargins(12, 14, 12, 12)
        layout.addWidget(brand)
        layout.addWidget(sections, 1)
        layout.addWidget(user)
        return nav

    # --- sync ----------------------------------------------------------------------------

    def start_sync(self) -> None:
        if not self.sync_action.isEnabled():
            return
        self.sync_action.setEnabled(False)
        self.sync_bar.show_message(self.tr("Syncing…"))
        workspace, progressed = self._workspace, self.sync_progressed
        run_in_background(
            lambda: workspace.sync(on_progress=progressed.emit),
            self.on_sync_succeeded,
            self.on_sync_failed,
        )

    def on_sync_progress(self, progress: Progress) -> None:
        self.sync_bar.show_message(sync_text.progress_text(progress))

    def on_sync_succeeded(self, report: SyncReport) -> None:
        self.accounts.refresh()
        self.detail.refresh()
        self._sync_done(sync_text.success_text(report), ok=True)

    def on_sync_failed(self, error: Exception) -> None:
        self._sync_done(sync_text.failure_text(error), ok=False)

    def _sync_done(self, message: str, *, ok: bool) -> None:
        self.sync_bar.refresh()
        self.sync_bar.show_message(message, problem=not ok)
        self.sync_action.setEnabled(True)
        self.sync_finished.emit(ok)

    # --- local changes -------------------------------------------------------------------

    def on_activity_logged(self, _account_id: str) -> None:
        self.sync_bar.refresh()
