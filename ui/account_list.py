"""The account list: a search box above a table that loads matching accounts window by window.

The model never holds the whole territory: it asks the workspace for the count, then for one
page of rows at a time as the view scrolls (canFetchMore/fetchMore). Typing searches as you go,
after a short pause, by name, pinyin, pinyin initials, phone (any format) or city. A search's
count stops at COUNT_LIMIT ("more than 1000"): counting every match of a letter or two would
keep the list waiting; the exact number is known once the list was scrolled to its end.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import catalog
from app.accounts import count_accounts, search_accounts
from app.processes import CodeList
from app.views import AccountFilter, AccountSummary
from app.workspace import Workspace
from ui.overdue_mark import OVERDUE_ROLE, OverdueMarkDelegate
from ui.result_keys import ResultKeys
from ui.style import styled_label

if TYPE_CHECKING:
    from ui.sync_controller import SyncController

PAGE_SIZE = 200
# The first page of a search fills the table's window and a little more: finding 200 matches
# in name order can take a walk four times as long, while the user waits for each keystroke.
FIRST_PAGE = 50
SEARCH_DELAY_MS = 150
COUNT_LIMIT = 1000
ACCOUNT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


class AccountListModel(QAbstractTableModel):
    """Accounts matching a query, in the replica's order, fetched lazily in pages."""

    # Overdue has its own mark and word beside the name (ui/overdue_mark.py): a red status
    # said it only to those who knew to hover for the tooltip.
    NAME, CITY, TIER, STATUS = range(4)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._filter = AccountFilter()
        self._rows: list[AccountSummary] = []
        self._total = 0
        self._counted_all = True

    @property
    def total(self) -> int:
        """How many accounts match the query, loaded or not (at least, if not `counted_all`)."""
        return self._total

    @property
    def counted_all(self) -> bool:
        """Whether `total` is the exact count, not a count stopped at COUNT_LIMIT + 1."""
        return self._counted_all

    def set_filter(self, wanted: AccountFilter) -> None:
        """Search again from the first page (also after a sync changed the replica)."""
        self.beginResetModel()
        self._filter = replace(wanted, query=wanted.query.strip())
        self._rows = []
        # Without a search the count is the table's size, quickly known.
        up_to = COUNT_LIMIT + 1 if self._filter.query else None
        self._total = count_accounts(self._workspace, self._filter, up_to)
        self._counted_all = up_to is None or self._total < up_to
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self._fetch(FIRST_PAGE)

    def set_query(self, query: str) -> None:
        self.set_filter(replace(self._filter, query=query))

    def refresh(self) -> None:
        """Read the same query again, as far as it was loaded (the user's place stays)."""
        loaded = len(self._rows)
        self.set_filter(self._filter)
        if loaded > len(self._rows) and self.canFetchMore(QModelIndex()):
            self._fetch(loaded - len(self._rows))

    def row_of(self, account_id: str) -> int | None:
        """The row of an account among those loaded so far."""
        return next((i for i, row in enumerate(self._rows) if row.id == account_id), None)

    # --- Qt model interface ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt default)
        return 0 if parent.isValid() else 4

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and (len(self._rows) < self._total or not self._counted_all)

    def fetchMore(self, parent: AnyIndex) -> None:
        if not parent.isValid():
            self._fetch(PAGE_SIZE)

    def _fetch(self, size: int) -> None:
        """Load the next `size` rows."""
        page = search_accounts(
            self._workspace, self._filter, size, len(self._rows), total=self._total
        )
        if len(page) < size and not self._counted_all:
            self._total, self._counted_all = len(self._rows) + len(page), True  # the end
        if not page:
            self._total = len(self._rows)  # the replica shrank under us (a sync)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()
        self._total = max(self._total, len(self._rows))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.city, row.tier, row.status)[index.column()]
        if role == OVERDUE_ROLE and index.column() == self.NAME:
            return "⚠ " + self.tr("Overdue") if row.overdue else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [part for part in (row.name, row.phone, row.city) if part]
            if row.overdue:
                lines.append(self.tr("Has overdue tasks"))
            return "\n".join(lines)
        if role == ACCOUNT_ID_ROLE:
            return row.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Name"), self.tr("City"), self.tr("Tier"), self.tr("Status"))[section]


class AccountListView(QWidget):
    """Search box, match count and the table; says which account is on screen.

    The account on screen is the one every account action acts on, so the list keeps it among
    what it shows: when a search or a filter hides it, the first account shown takes its place
    (none when nothing matches), and `account_selected` says so, as it does for the user's own
    choice. An account opened from elsewhere (`show_account`) stays until the user searches.
    """

    account_selected = Signal(str)  # the account on screen; "" for none
    # Enter on the highlighted account (or on the search box): the person wants to act on it.
    account_opened = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._shown: str | None = None  # the account on screen
        self.model = AccountListModel(workspace, self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search name, pinyin, phone or city"))
        self.search.setAccessibleName(self.tr("Search accounts"))
        self.search.setClearButtonEnabled(True)

        self.count_label = styled_label("", "muted", self)

        lists = catalog.code_lists(workspace)
        self.tier_filter = self._code_filter(lists.get("account_tier"), self.tr("Any tier"))
        self.tier_filter.setAccessibleName(self.tr("Filter by tier"))
        self.status_filter = self._code_filter(lists.get("account_status"), self.tr("Any status"))
        self.status_filter.setAccessibleName(self.tr("Filter by status"))
        self.mine_only = QCheckBox(self.tr("&Mine only"), self)
        self.mine_only.setAccessibleName(self.tr("Show only my accounts"))
        self.sort_choice = QComboBox(self)
        self.sort_choice.setAccessibleName(self.tr("Sort by"))
        self.sort_choice.addItem(self.tr("Sort by name"), "name")
        self.sort_choice.addItem(self.tr("Sort by city"), "city")
        for combo in (self.tier_filter, self.status_filter, self.sort_choice):
            combo.currentIndexChanged.connect(self.on_search_due)
        self.mine_only.toggled.connect(self.on_search_due)

        self.table = QTableView(self)
        self.table.setAccessibleName(self.tr("Accounts"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(38)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # The name gets the room; the code columns keep a fixed, elided width so a long
        # code label never squeezes the name down to a few letters.
        header.setSectionResizeMode(AccountListModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AccountListModel.CITY, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AccountListModel.TIER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AccountListModel.STATUS, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(AccountListModel.CITY, 90)
        self.table.setColumnWidth(AccountListModel.TIER, 110)
        self.table.setColumnWidth(AccountListModel.STATUS, 120)
        self.table.setItemDelegateForColumn(AccountListModel.NAME, OverdueMarkDelegate(self.table))

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.on_search_due)
        self.search.textChanged.connect(self._debounce.start)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.table.activated.connect(self.on_opened)
        self.search.returnPressed.connect(self.on_search_entered)
        self.result_keys = ResultKeys(self.search, self.table, self.search_now)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.tier_filter)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.mine_only)
        filters.addStretch(1)
        filters.addWidget(self.sort_choice)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.model.set_query("")
        self._show_count()

    def _code_filter(self, codes: CodeList | None, anything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(anything, "")
        for code in codes.active() if codes else ():
            combo.addItem(code.label(self._workspace.language), code.key)
        return combo

    def current_filter(self) -> AccountFilter:
        return AccountFilter(
            query=self.search.text(),
            tier=str(self.tier_filter.currentData()),
            status=str(self.status_filter.currentData()),
            owner_id=self._workspace.me.id if self.mine_only.isChecked() else "",
            sort=str(self.sort_choice.currentData()),
        )

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(ACCOUNT_ID_ROLE)) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def show_account(self, account_id: str) -> None:
        """Put an account on screen (opened from elsewhere): selected if the list shows it."""
        row = self.model.row_of(account_id)
        if row is None:
            self.table.clearSelection()
        self._put_on_screen(account_id)
        if row is not None:
            self.table.selectRow(row)

    def follow(self, sync: SyncController) -> None:
        """Refresh, shown or not, after a sync that changed what the list shows."""
        sync.follow(
            self,
            frozenset({"account", "contact", "task", "code_set"}),
            self.refresh,
            while_hidden=True,
        )

    def refresh(self) -> None:
        """Reload after the replica changed. The account on screen stays if the list still
        shows it, or if it was not listed before either (opened from elsewhere)."""
        was_listed = self._shown is not None and self.model.row_of(self._shown) is not None
        self.model.refresh()
        self._follow_rows(keep_unlisted=not was_listed)
        self._show_count()

    def search_now(self) -> None:
        """Run a search still waiting for the typing pause, so keys act on what was typed."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.on_search_due()

    def on_search_entered(self) -> None:
        """Enter in the search box opens the highlighted account, or else the first match."""
        if self.result_keys.into_results():
            self.on_opened(self.table.currentIndex())

    def on_opened(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.account_opened.emit(str(index.siblingAtColumn(0).data(ACCOUNT_ID_ROLE)))

    def on_search_due(self) -> None:
        self.model.set_filter(self.current_filter())
        self._follow_rows(keep_unlisted=False)
        self._show_count()

    def _follow_rows(self, *, keep_unlisted: bool) -> None:
        """After the rows changed: select the account on screen again where it is listed, else
        put the first account shown on screen instead (or none)."""
        shown = self._shown
        row = self.model.row_of(shown) if shown else None
        if row is not None:
            self.table.selectRow(row)  # the same account: nothing to say
            return
        if shown is None or keep_unlisted:
            return
        if self.model.rowCount():
            self.table.selectRow(0)  # on_selection_changed puts it on screen
        else:
            self.table.clearSelection()
            self._put_on_screen(None)

    def on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._put_on_screen(str(indexes[0].data(ACCOUNT_ID_ROLE)))

    def _put_on_screen(self, account_id: str | None) -> None:
        if account_id != self._shown:
            self._shown = account_id
            self.account_selected.emit(account_id or "")

    def _show_count(self) -> None:
        total = self.model.total
        if total == 0 and replace(self.current_filter(), sort="name") != AccountFilter():
            self.count_label.setText(self.tr("No account matches this search."))
        elif not self.model.counted_all:
            self.count_label.setText(self.tr("More than %n accounts", None, COUNT_LIMIT))
        else:
            self.count_label.setText(self.tr("%n accounts", None, total))
