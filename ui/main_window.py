"""The main window: Today, Accounts, Call desk, Conflicts, Insights and (for managers and
admins) the Designer behind one navigation, the offline banner and the sync status bar. Syncs
run in the background (`ui.sync_controller`: on a schedule, after local edits, on live updates
and when asked); the window stays usable meanwhile, and each section, once built, follows the
syncs and refreshes itself with what they changed.

Every section and window-level action is in the menu bar with its shortcut, so the keyboard
reaches everything and the shortcuts are visible.

Only Today, the section shown first, is built with the window; every other section is built the
first time it is shown or used (`accounts`, `call_desk`, ... build theirs when asked for), and
Insights' charts module (QtCharts) is loaded then too. That keeps the app's start short.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.publishing import can_design
from app.settings import Settings, start_section
from app.views import Me
from app.workspace import Workspace
from ui.exchange import FileExchange
from ui.style import styled_label
from ui.sync_controller import SyncController
from ui.sync_status_bar import SyncStatusBar
from ui.today_view import TodayView

# The other sections' modules are imported when their page is built (`_build_page`).
if TYPE_CHECKING:
    from ui.account_detail import AccountDetailPane
    from ui.account_list import AccountListView
    from ui.call_desk import CallDesk
    from ui.conflicts_view import ConflictsView
    from ui.designer_view import DesignerView
    from ui.insights_view import InsightsView

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    # For whoever runs the application: switch language (rebuild the window), sign out.
    language_change_requested = Signal(str)
    sign_out_requested = Signal(bool)

    TODAY, ACCOUNTS, CALL_DESK, CONFLICTS, INSIGHTS, DESIGNER = range(6)
    SHORTCUTS: ClassVar[dict[int, str]] = {
        TODAY: "Ctrl+1",
        ACCOUNTS: "Ctrl+2",
        CALL_DESK: "Ctrl+3",
        CONFLICTS: "Ctrl+4",
        INSIGHTS: "Ctrl+5",
        DESIGNER: "Ctrl+6",
    }

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._settings = settings or Settings()
        self.setWindowTitle("Fieldbook")

        self.offline_banner = styled_label(
            self.tr(
                "You are offline. Everything you do is saved on this computer and sent when "
                "the connection returns."
            ),
            "banner",
        )
        self.offline_banner.setAccessibleName(self.tr("Offline"))
        self.offline_banner.setWordWrap(True)
        self.offline_banner.setVisible(workspace.online is False)  # e.g. after a language switch
        content = QWidget(self)
        self.pages = QStackedWidget(content)
        # A stand-in for each section until it is built (`_page`).
        for _name in self._section_names():
            self.pages.addWidget(QWidget(self.pages))
        self._built: dict[int, QWidget] = {}
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.offline_banner)
        column.addWidget(self.pages, 1)

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._navigation(workspace.me))
        row.addWidget(content, 1)
        self.setCentralWidget(central)
        self.sync = SyncController(workspace, int(self._settings.get("SyncInterval")), self)
        # Today is made where it stays: a page of cards that is moved to another parent is
        # styled again, card by card (as long again as making it).
        self.today = TodayView(workspace, self.pages)
        self.today.changed.connect(self.on_local_change)
        self.today.follow(self.sync)
        self._install(self.TODAY, self.today)

        self.sync_action = QAction(self.tr("Sync now"), self)
        self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.sync_action.setToolTip(self.tr("Send your changes and fetch new ones (F5)"))
        self.sync_action.triggered.connect(self.sync.start)
        self.sync_bar = SyncStatusBar(workspace, self.sync_action, self)
        self.sync_bar.follow(self.sync)
        self.setStatusBar(self.sync_bar)
        self.sync.started.connect(self._on_sync_started)
        self.sync.offline.connect(self.offline_banner.setVisible)
        self.sync.finished.connect(self._on_sync_finished)
        self.exchange = FileExchange(workspace, self)
        self._build_menus()

        self.exchange.imported.connect(self.on_contacts_imported)
        # Today filled itself when it was made: show it without reading it all again.
        self.nav_list.blockSignals(True)
        self.nav_list.setCurrentRow(self.TODAY)
        self.nav_list.blockSignals(False)
        self.pages.setCurrentIndex(self.TODAY)
        if start_section(self._settings, workspace.me.role) == "call_desk":
            self.focus_phone_box()

    def _navigation(self, me: Me) -> QWidget:
        nav = QWidget(self)
        nav.setObjectName("nav")
        nav.setFixedWidth(190)
        brand = styled_label("Fieldbook", "")
        brand.setObjectName("brand")
        self.nav_list = QListWidget(nav)
        self.nav_list.setObjectName("navList")
        self.nav_list.setAccessibleName(self.tr("Sections"))
        for name in self._section_names():
            self.nav_list.addItem(name)
        for index in range(self.nav_list.count()):
            item = self.nav_list.item(index)
            item.setToolTip(self.SHORTCUTS[index])
        self.nav_list.currentRowChanged.connect(self.show_section)
        user = styled_label(me.display_name or me.name, "muted")
        user.setAccessibleName(self.tr("Signed in as"))
        layout = QVBoxLayout(nav)
        layout.setContentsMargins(12, 14, 12, 12)
        layout.addWidget(brand)
        layout.addWidget(self.nav_list, 1)
        layout.addWidget(user)
        return nav

    def _section_names(self) -> list[str]:
        names = [
            self.tr("Today"),
            self.tr("Accounts"),
            self.tr("Call desk"),
            self.tr("Conflicts"),
            self.tr("Insights"),
        ]
        return [*names, self.tr("Designer")] if can_design(self.workspace.me) else names

    def _action(self, menu: QMenu, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        action = menu.addAction(text)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self._action(file, self.tr("&Settings…"), "Ctrl+,", self.open_settings)
        file.addSeparator()
        self._action(
            file, self.tr("Export tasks to &calendar…"), "", self.exchange.on_export_calendar
        )
        self._action(file, self.tr("Export c&ontacts…"), "", self.exchange.on_export_contacts)
        file.addSeparator()
        self._action(file, self.tr("&Quit"), "Ctrl+Q", self.close)
        go = bar.addMenu(self.tr("&Go"))
        for index, name in enumerate(self._section_names()):
            self._action(go, name, self.SHORTCUTS[index], partial(self.show_section, index))
        go.addSeparator()
        self._action(go, self.tr("&Find account"), "Ctrl+F", self.focus_search)
        self._action(go, self.tr("&Caller's number"), "Ctrl+P", self.focus_phone_box)
        accounts = bar.addMenu(self.tr("&Account"))
        self._action(accounts, self.tr("&New account…"), "Ctrl+N", self.new_account)
        self._action(
            accounts,
            self.tr("&Import contacts (vCard)…"),
            "",
            lambda: self.exchange.on_import_contacts(self.detail.account_id),
        )
        sync = bar.addMenu(self.tr("&Sync"))
        sync.addAction(self.sync_action)

    # --- sections ------------------------------------------------------------------------

    @property
    def accounts(self) -> AccountListView:
        self._page(self.ACCOUNTS)
        return self._accounts

    @property
    def detail(self) -> AccountDetailPane:
        self._page(self.ACCOUNTS)
        return self._detail

    @property
    def call_desk(self) -> CallDesk:
        return cast("CallDesk", self._page(self.CALL_DESK))

    @property
    def conflicts(self) -> ConflictsView:
        return cast("ConflictsView", self._page(self.CONFLICTS))

    @property
    def insights(self) -> InsightsView:
        return cast("InsightsView", self._page(self.INSIGHTS))

    @property
    def designer(self) -> DesignerView | None:
        """Managers and admins only; the server refuses catalogue writes from anyone else."""
        if not can_design(self.workspace.me):
            return None
        return cast("DesignerView", self._page(self.DESIGNER))

    def _page(self, index: int) -> QWidget:
        """The section's page, built and put in its place on first use."""
        page = self._built.get(index)
        if page is None:
            page = self._build_page(index)
            self._install(index, page)
        return page

    def _install(self, index: int, page: QWidget) -> None:
        current = self.pages.currentIndex()
        stand_in = self.pages.widget(index)
        assert stand_in is not None, "every section has a stand-in until it is built"
        self.pages.insertWidget(index, page)
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()
        self.pages.setCurrentIndex(current)
        self._built[index] = page

    def _build_page(self, index: int) -> QWidget:
        """A section's page, made in the stack it stays in (see the note on Today above)."""
        workspace, pages = self.workspace, self.pages
        if index == self.ACCOUNTS:
            return self._build_accounts_page()
        if index == self.CALL_DESK:
            from ui.call_desk import CallDesk

            call_desk = CallDesk(workspace, pages)
            call_desk.changed.connect(self.on_local_change)
            call_desk.follow(self.sync)
            return call_desk
        if index == self.CONFLICTS:
            from ui.conflicts_view import ConflictsView

            conflicts = ConflictsView(workspace, pages)
            conflicts.changed.connect(self.on_local_change)
            conflicts.follow(self.sync)
            return conflicts
        if index == self.INSIGHTS:
            from ui.insights_view import InsightsView  # and QtCharts

            insights = InsightsView(workspace, pages)
            insights.account_opened.connect(self.open_account)
            insights.follow(self.sync)
            return insights
        if index == self.DESIGNER and can_design(workspace.me):
            from ui.designer_view import DesignerView

            designer = DesignerView(workspace, pages)
            designer.published.connect(self.on_local_change)
            designer.follow(self.sync)
            return designer
        raise ValueError(f"no section {index}")

    def _build_accounts_page(self) -> QWidget:
        from ui.account_detail import AccountDetailPane
        from ui.account_list import AccountListView

        page = QSplitter(Qt.Orientation.Horizontal, self.pages)
        self._accounts = AccountListView(self.workspace, page)
        self._detail = AccountDetailPane(self.workspace, page)
        self._accounts.account_selected.connect(self._detail.show_account)
        self._accounts.account_opened.connect(self._detail.open_account)
        self._detail.activity_logged.connect(self.on_local_change)
        self._detail.account_changed.connect(self.on_local_change)
        self._accounts.follow(self.sync)
        self._detail.follow(self.sync)
        page.addWidget(self._accounts)
        page.addWidget(self._detail)
        page.setChildrenCollapsible(False)
        page.setHandleWidth(1)
        page.setStretchFactor(0, 6)
        page.setStretchFactor(1, 5)
        page.setSizes([600, 500])
        return page

    def show_section(self, index: int) -> None:
        if index < 0:
            return
        if self.nav_list.currentRow() != index:
            self.nav_list.setCurrentRow(index)  # its currentRowChanged comes back here
            return
        self._page(index)
        self.pages.setCurrentIndex(index)
        if index == self.TODAY:
            self.today.refresh()
        elif index == self.CONFLICTS:
            self.conflicts.refresh()
        elif index == self.INSIGHTS:
            self.insights.refresh()

    def open_account(self, account_id: str) -> None:
        """Show one account's details in the Accounts section (through the list, which keeps
        the account on screen among what it shows)."""
        self.show_section(self.ACCOUNTS)
        self.accounts.show_account(account_id)

    def focus_search(self) -> None:
        self.show_section(self.ACCOUNTS)
        self.accounts.search.setFocus()
        self.accounts.search.selectAll()

    def focus_phone_box(self) -> None:
        self.show_section(self.CALL_DESK)
        self.call_desk.phone_box.setFocus()
        self.call_desk.phone_box.selectAll()

    def new_account(self) -> None:
        from ui.account_form import AccountFormDialog

        dialog = AccountFormDialog(self.workspace, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_account_created(dialog.saved_id))
        dialog.open()

    def _on_account_created(self, account_id: str | None) -> None:
        self.show_section(self.ACCOUNTS)
        self.accounts.refresh()
        if account_id:
            self.accounts.show_account(account_id)
            self.on_local_change()

    def show_caller(self, phone: str) -> None:
        """Bring the window to the front with the caller's account (a screen-pop)."""
        self.show_section(self.CALL_DESK)
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        self.call_desk.look_up(phone)

    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._settings, self.workspace, self)
        dialog.sign_out_requested.connect(self.sign_out_requested)
        if dialog.exec() and dialog.chosen_language() != self.workspace.language:
            self.language_change_requested.emit(dialog.chosen_language())
        self.sync.scheduler.set_interval(int(self._settings.get("SyncInterval")))

    # --- sync ----------------------------------------------------------------------------

    def _on_sync_started(self) -> None:
        self.sync_action.setEnabled(False)
        self.sync_bar.show_message(self.tr("Syncing…"))

    def _on_sync_finished(self, _ok: bool) -> None:
        self.sync_action.setEnabled(True)

    # --- local changes -------------------------------------------------------------------

    def on_local_change(self, _account_id: str = "") -> None:
        """Something was saved here: show it in the status, and sync soon."""
        self.sync.local_change()

    def on_contacts_imported(self, account_id: str) -> None:
        if self.ACCOUNTS in self._built and self.detail.account_id == account_id:
            self.detail.refresh()
        self.on_local_change(account_id)

    def closeEvent(self, event: object) -> None:
        self.sync.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
