"""Editing one code set: its key and names, and its codes as a tree (up to 3 levels) with
labels in both languages, a colour each, an order, and retirement.

The tree is the editor's truth: after every edit the draft's codes are read back from it in
order, each code's parent being the code above it in the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.drafts import DEFAULT_COLOR, CodeDraft, CodeSetDraft

KEY, LABEL_EN, LABEL_ZH, COLOR, RETIRED = range(5)
_EDITABLE = (
    Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsEditable
    | Qt.ItemFlag.ItemIsUserCheckable
)


class CodeSetEditor(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: CodeSetDraft | None = None
        self._loading = False
        self.key_edit = QLineEdit(self)
        self.key_edit.setAccessibleName(self.tr("Code set key"))
        self.name_en = QLineEdit(self)
        self.name_en.setAccessibleName(self.tr("Name in English"))
        self.name_zh = QLineEdit(self)
        self.name_zh.setAccessibleName(self.tr("Name in Chinese"))
        for edit in (self.key_edit, self.name_en, self.name_zh):
            edit.textEdited.connect(self._on_fields_edited)
        form = QFormLayout()
        form.addRow(self.tr("Key"), self.key_edit)
        form.addRow(self.tr("Name (English)"), self.name_en)
        form.addRow(self.tr("Name (Chinese)"), self.name_zh)

        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Codes"))
        self.tree.setHeaderLabels(
            [
                self.tr("Key"),
                self.tr("English"),
                self.tr("Chinese"),
                self.tr("Colour"),
                self.tr("Retired"),
            ]
        )
        self.tree.setColumnWidth(KEY, 170)
        self.tree.setColumnWidth(LABEL_EN, 170)
        self.tree.setColumnWidth(LABEL_ZH, 150)
        self.tree.itemChanged.connect(self._on_tree_changed)

        self.add_button = self._button(self.tr("+ Code"), self.on_add_code)
        self.add_child_button = self._button(self.tr("+ Sub-code"), self.on_add_child)
        self.retire_button = self._button(self.tr("Retire / bring back"), self.on_retire)
        self.colour_button = self._button(self.tr("Colour…"), self.on_pick_colour)
        self.up_button = self._button(self.tr("↑"), lambda: self.move_current(-1))
        self.up_button.setAccessibleName(self.tr("Move up"))
        self.down_button = self._button(self.tr("↓"), lambda: self.move_current(1))
        self.down_button.setAccessibleName(self.tr("Move down"))
        self.delete_button = self._button(self.tr("Delete"), self.on_delete)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.add_child_button,
            self.retire_button,
            self.colour_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- showing -------------------------------------------------------------------------

    def show_draft(self, draft: CodeSetDraft) -> None:
        self.draft = draft
        self._loading = True
        self.key_edit.setText(draft.key)
        # A published code set keeps its key: activities and processes refer to it.
        self.key_edit.setReadOnly(bool(draft.published_codes))
        self.name_en.setText(draft.name_en)
        self.name_zh.setText(draft.name_zh)
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for code in draft.codes:
            above = items.get(code.parent or "")
            item = QTreeWidgetItem(above) if above is not None else QTreeWidgetItem(self.tree)
            self._fill(item, code)
            items[code.key] = item
        self.tree.expandAll()
        self._loading = False

    def _fill(self, item: QTreeWidgetItem, code: CodeDraft) -> None:
        item.setFlags(_EDITABLE)
        item.setText(KEY, code.key)
        item.setText(LABEL_EN, code.label_en)
        item.setText(LABEL_ZH, code.label_zh)
        item.setText(COLOR, code.color)
        item.setBackground(COLOR, QBrush(QColor(code.color)))
        item.setCheckState(
            RETIRED, Qt.CheckState.Checked if code.retired else Qt.CheckState.Unchecked
        )
        font = item.font(LABEL_EN)
        font.setStrikeOut(code.retired)
        for column in (LABEL_EN, LABEL_ZH):
            item.setFont(column, font)

    # --- editing -------------------------------------------------------------------------

    def _items(self) -> Iterator[QTreeWidgetItem]:
        """Every item, each before the items below it."""
        stack: list[QTreeWidgetItem | None] = [self.tree.invisibleRootItem()]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            if item is not self.tree.invisibleRootItem():
                yield item
            stack.extend(item.child(i) for i in reversed(range(item.childCount())))

    def _read_back(self) -> None:
        if self.draft is None:
            return
        self.draft.codes = [
            CodeDraft(
                key=item.text(KEY).strip(),
                label_en=item.text(LABEL_EN).strip(),
                label_zh=item.text(LABEL_ZH).strip(),
                color=item.text(COLOR).strip(),
                retired=item.checkState(RETIRED) == Qt.CheckState.Checked,
                parent=_parent_key(item),
            )
            for item in self._items()
        ]
        self.edited.emit()

    def _on_fields_edited(self) -> None:
        if self.draft is None or self._loading:
            return
        self.draft.key = self.key_edit.text().strip()
        self.draft.name_en = self.name_en.text().strip()
        self.draft.name_zh = self.name_zh.text().strip()
        self.edited.emit()

    def _on_tree_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading:
            return
        self._loading = True
        if column == COLOR and QColor.isValidColorName(item.text(COLOR)):
            item.setBackground(COLOR, QBrush(QColor(item.text(COLOR))))
        if column == RETIRED:
            font = item.font(LABEL_EN)
            font.setStrikeOut(item.checkState(RETIRED) == Qt.CheckState.Checked)
            item.setFont(LABEL_EN, font)
            item.setFont(LABEL_ZH, font)
        self._loading = False
        self._read_back()

    def _new_item(self, above: QTreeWidgetItem | None) -> QTreeWidgetItem:
        count = sum(1 for _ in self._items()) + 1
        item = QTreeWidgetItem(above) if above is not None else QTreeWidgetItem(self.tree)
        self._loading = True
        self._fill(item, CodeDraft(f"code_{count}", color=DEFAULT_COLOR))
        self._loading = False
        if above is not None:
            above.setExpanded(True)
        self.tree.setCurrentItem(item)
        self._read_back()
        return item

    def on_add_code(self) -> QTreeWidgetItem:
        return self._new_item(None)

    def on_add_child(self) -> QTreeWidgetItem | None:
        current = self.tree.currentItem()
        return self._new_item(current) if current is not None else None

    def on_retire(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            retired = item.checkState(RETIRED) == Qt.CheckState.Checked
            item.setCheckState(
                RETIRED, Qt.CheckState.Unchecked if retired else Qt.CheckState.Checked
            )

    def on_pick_colour(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        chosen = QColorDialog.getColor(QColor(item.text(COLOR)), self, self.tr("Code colour"))
        if chosen.isValid():
            item.setText(COLOR, chosen.name())

    def move_current(self, step: int) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        above = item.parent()
        siblings = above.childCount() if above else self.tree.topLevelItemCount()
        index = above.indexOfChild(item) if above else self.tree.indexOfTopLevelItem(item)
        target = index + step
        if not 0 <= target < siblings:
            return
        expanded = [i for i in self._items() if i.isExpanded()]
        if above:
            above.takeChild(index)
            above.insertChild(target, item)
        else:
            self.tree.takeTopLevelItem(index)
            self.tree.insertTopLevelItem(target, item)
        for kept in expanded:
            kept.setExpanded(True)
        self.tree.setCurrentItem(item)
        self._read_back()

    def on_delete(self) -> None:
        """Delete a code (and those below it); a published one is flagged by the checks,
        which say to retire it instead."""
        item = self.tree.currentItem()
        if item is None:
            return
        above = item.parent()
        if above:
            above.removeChild(item)
        else:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        self._read_back()


def _parent_key(item: QTreeWidgetItem) -> str | None:
    above = item.parent()
    return above.text(KEY).strip() if above is not None else None
