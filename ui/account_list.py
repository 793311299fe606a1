"""The account list: a search box above a table that loads matching accounts window by window.

The model never holds the whole territory: it asks the workspace for the count, then for one
page of rows at a time as the view scrolls (canFetchMore/fetchMore). Typing searches as you go,
after a short pause, by name, pinyin, pinyin initials, phone (any format) or city.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.workspace import AccountSummary, Workspace
from ui.style import WARNING, styled_label

PAGE_SIZE = 200
SEARCH_DELAY_MS = 150
ACCOUNT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


class AccountListModel(QAbstractTableModel):
    """Accounts matching a query, in the replica's order, fetched lazily in pages."""

    NAME, CITY, TIER, STATUS = range(4)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._query = ""
        self._rows: list[AccountSummary] = []
        self._total = 0

    @property
    def total(self) -> int:
        """How many accounts match the query, loaded or not."""
        return self._total

    def set_query(self, query: str) -> None:
        """Search again from the first page (also after a sync changed the replica)."""
        self.beginResetModel()
        self._query = query.strip()
        self._rows = []
        self._total = self._workspace.count_accounts(self._query)
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def refresh(self) -> None:
        self.set_query(self._query)

    def row_of(self, account_id: str) -> int | None:
        """The row of an account among those loaded so far."""
        return next((i for i, row in enumerate(self._rows) if row.id == account_id), None)

    # --- Qt model interface ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt default)
        return 0 if parent.isValid() else 4

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid():
            return
        page = self._workspace.search_accounts(self._query, PAGE_SIZE, len(self._rows))
        if not page:
            self._total = len(self._rows)  # the replica shrank under us (a sync)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.STATUS and row.overdue:
                return f"⚠ {row.status}"
            return (row.name, row.city, row.tier, row.status)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue and index.column() == self.STATUS:
            return WARNING
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
    """Search box, match count and the table; tells which account the user picked."""

    account_selected = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AccountListModel(workspace, self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search name, pinyin, phone or city"))
        self.search.setAccessibleName(self.tr("Search accounts"))
        self.search.setClearButtonEnabled(True)

        self.count_label = styled_label("", "muted", self)

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

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.on_search_due)
        self.search.textChanged.connect(self._debounce.start)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.model.set_query("")
        self._show_count()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(ACCOUNT_ID_ROLE)) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def refresh(self) -> None:
        """Reload after the replica changed, keeping the selected account if still listed."""
        selected = self.selected_id()
        with QSignalBlocker(self):
            self.model.refresh()
            row = self.model.row_of(selected) if selected else None
            if row is not None:
                self.table.selectRow(row)
        self._show_count()

    def on_search_due(self) -> None:
        self.model.set_query(self.search.text())
        self._show_count()

    def on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.account_selected.emit(str(indexes[0].data(ACCOUNT_ID_ROLE)))

    def _show_count(self) -> None:
        total = self.model.total
        if total == 0 and self.search.text().strip():
            self.count_label.setText(self.tr("No account matches this search."))
        else:
            self.count_label.setText(self.tr("%n accounts", None, total))
