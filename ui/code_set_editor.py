"""Editing one code set: its names, and its codes as a tree (up to 3 levels) with labels in
the interface's languages (any one is enough), a colour each, an order, and retirement.
Keys are made from the first name or label given (`app.keys`) and shown only under
"Advanced"; published ones never change.

The tree is the editor's truth: after every edit the draft's codes are read back from it in
order, each code's parent being the code above it in the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
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
from app.keys import key_from_name
from protocol.labels import choose, written
from ui.advanced import advanced_section
from ui.label_edits import LabelEdits, ordered_locales
from ui.label_marks import language_name, untranslated_mark, untranslated_tip

KEY = 0
# On the key column: True while the code's key is still to be made from its first label.
KEY_FROM_NAME = Qt.ItemDataRole.UserRole + 1
_EDITABLE = (
    Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsEditable
    | Qt.ItemFlag.ItemIsUserCheckable
)


class CodeSetEditor(QWidget):
    edited = Signal()

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: CodeSetDraft | None = None
        self._loading = False
        self.key_edit = QLineEdit(self)
        self.key_edit.setAccessibleName(self.tr("Code set key"))
        self.key_edit.textEdited.connect(self._on_fields_edited)
        self.names = LabelEdits(self.tr("Name"), language, self)
        self.names.edited.connect(self._on_fields_edited)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.names)
        self.advanced = advanced_section(self, [(self.tr("Key"), self.key_edit)])
        form.addRow(self.advanced)
        # the label columns, the user's language first, then the colour and retired ones
        self.label_columns = {locale: i for i, locale in enumerate(ordered_locales(language), 1)}
        self.color_column = len(self.label_columns) + 1
        self.retired_column = self.color_column + 1

        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Codes"))
        self.tree.setHeaderLabels(
            [
                self.tr("Key"),
                *(language_name(locale) for locale in self.label_columns),
                self.tr("Colour"),
                self.tr("Retired"),
            ]
        )
        for column in (KEY, *self.label_columns.values()):
            self.tree.setColumnWidth(column, 170)
        self.tree.setColumnHidden(KEY, True)
        self.advanced.toggled.connect(lambda shown: self.tree.setColumnHidden(KEY, not shown))
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
        self.names.set_labels(draft.names)
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
        item.setData(KEY, KEY_FROM_NAME, code.key_from_name)
        for locale, column in self.label_columns.items():
            item.setText(column, code.labels.get(locale, ""))
        item.setText(self.color_column, code.color)
        item.setBackground(self.color_column, QBrush(QColor(code.color)))
        item.setCheckState(
            self.retired_column,
            Qt.CheckState.Checked if code.retired else Qt.CheckState.Unchecked,
        )
        self._strike(item)
        self._mark_untranslated(item)

    def _strike(self, item: QTreeWidgetItem) -> None:
        """A retired code's labels are struck out."""
        font = item.font(KEY)
        font.setStrikeOut(self._retired(item))
        for column in self.label_columns.values():
            item.setFont(column, font)

    def _retired(self, item: QTreeWidgetItem) -> bool:
        return item.checkState(self.retired_column) == Qt.CheckState.Checked

    def _labels(self, item: QTreeWidgetItem) -> dict[str, str]:
        return written({locale: item.text(c) for locale, c in self.label_columns.items()})

    def _mark_untranslated(self, item: QTreeWidgetItem) -> None:
        """An empty label cell beside a written one gets the mark, its tooltip what is shown."""
        labels = self._labels(item)
        for locale, column in self.label_columns.items():
            tip = untranslated_tip(choose(labels, locale), locale) if labels else ""
            item.setIcon(column, untranslated_mark() if tip else QIcon())
            item.setToolTip(column, tip)

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
                labels=self._labels(item),
                color=item.text(self.color_column).strip(),
                retired=self._retired(item),
                parent=_parent_key(item),
                key_from_name=bool(item.data(KEY, KEY_FROM_NAME)),
            )
            for item in self._items()
        ]
        self.edited.emit()

    def _on_fields_edited(self) -> None:
        if self.draft is None or self._loading:
            return
        self.draft.key = self.key_edit.text().strip()
        self.draft.names = self.names.labels()
        self.edited.emit()

    def _on_tree_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading:
            return
        self._loading = True
        color = item.text(self.color_column)
        if column == self.color_column and QColor.isValidColorName(color):
            item.setBackground(self.color_column, QBrush(QColor(color)))
        if column == self.retired_column:
            self._strike(item)
        if column == KEY:
            self._keyed_by_hand(item)
        elif column in self.label_columns.values():
            self._key_from_label(item)
            self._mark_untranslated(item)
        self._loading = False
        self._read_back()

    def _new_item(self, above: QTreeWidgetItem | None) -> QTreeWidgetItem:
        count = sum(1 for _ in self._items()) + 1
        item = QTreeWidgetItem(above) if above is not None else QTreeWidgetItem(self.tree)
        self._loading = True
        self._fill(item, CodeDraft(f"code_{count}", color=DEFAULT_COLOR, key_from_name=True))
        self._loading = False
        if above is not None:
            above.setExpanded(True)
        self.tree.setCurrentItem(item)
        self._read_back()
        return item

    def _key_from_label(self, item: QTreeWidgetItem) -> None:
        """A new code takes its key from the first label given to it."""
        labels = self._labels(item)
        if not item.data(KEY, KEY_FROM_NAME) or not labels:
            return
        taken = {other.text(KEY) for other in self._items() if other is not item}
        item.setText(KEY, key_from_name(next(iter(labels.values())), taken, fallback="code"))
        item.setData(KEY, KEY_FROM_NAME, False)

    def _keyed_by_hand(self, item: QTreeWidgetItem) -> None:
        """A key typed under "Advanced" stays; a published code's key cannot change."""
        published = self.draft.published_codes if self.draft else frozenset()
        before = next((c.key for c in self._drafted(item)), None)
        if before in published:
            item.setText(KEY, before)
        item.setData(KEY, KEY_FROM_NAME, False)

    def _drafted(self, item: QTreeWidgetItem) -> list[CodeDraft]:
        """The draft's code this item was read back as last time."""
        if self.draft is None:
            return []
        index = list(self._items()).index(item)
        return self.draft.codes[index : index + 1]

    def on_add_code(self) -> QTreeWidgetItem:
        return self._new_item(None)

    def on_add_child(self) -> QTreeWidgetItem | None:
        current = self.tree.currentItem()
        return self._new_item(current) if current is not None else None

    def on_retire(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            retired = self._retired(item)
            item.setCheckState(
                self.retired_column,
                Qt.CheckState.Unchecked if retired else Qt.CheckState.Checked,
            )

    def on_pick_colour(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        chosen = QColorDialog.getColor(
            QColor(item.text(self.color_column)), self, self.tr("Code colour")
        )
        if chosen.isValid():
            item.setText(self.color_column, chosen.name())

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
