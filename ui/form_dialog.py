"""The frame of Fieldbook's small forms: rows of fields, Save and Cancel, and a plain sentence
when the save is refused. A form opens with the keyboard in its first field a person types in,
and Tab walks the fields before the buttons (made first, they would otherwise come first: typed
letters vanished and Space pressed Save)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import SaveError
from ui.problems import save_failure_text
from ui.style import styled_label


class FormDialog(QDialog):
    """Rows, room for notes below them, a problem line and Save/Cancel. Subclasses fill the
    rows and implement `save`, which raises SaveError to say what is wrong."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.rows = QFormLayout()
        self.rows.setSpacing(10)
        self.problem_label = styled_label("", "problem", self)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.on_save)
        buttons.rejected.connect(self.reject)
        self._opened = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        self.notes = QVBoxLayout()
        layout.addLayout(self.rows)
        layout.addLayout(self.notes)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)

    def save(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._opened:
            self._opened = True
            self._order_tabs()
            typed = self.first_typed_field()
            if typed is not None:
                typed.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fields(self) -> list[QWidget]:
        """The focusable widgets of the rows, in the order they are shown."""
        found: list[QWidget] = []
        for row in range(self.rows.rowCount()):
            item = self.rows.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is None:
                continue
            for part in [widget, *widget.findChildren(QWidget)]:
                tabbed = part.focusPolicy() & Qt.FocusPolicy.TabFocus
                if tabbed and part.isEnabled() and part.window() is self:
                    found.append(part)
        return found

    def first_typed_field(self) -> QWidget | None:
        typed = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
        return next((w for w in self._fields() if isinstance(w, typed) and not _read_only(w)), None)

    def _order_tabs(self) -> None:
        chain = [*self._fields(), *self.buttons.buttons()]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def on_save(self) -> None:
        try:
            self.save()
        except SaveError as exc:
            self.problem_label.setText(save_failure_text(exc))
            self.problem_label.show()
            return
        self.accept()


def _read_only(widget: QWidget) -> bool:
    return bool(getattr(widget, "isReadOnly", lambda: False)())
