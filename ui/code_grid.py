"""Big code buttons in a grid: the answers of one process step, numbered for the digit keys."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from app.processes import Code
from ui.label_marks import untranslated_tip
from ui.style import ACCENT

DIGIT_KEYS = 9  # codes 1-9 can be picked with the digit keys
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, DIGIT_KEYS + 1)}


def is_plain(event: QKeyEvent) -> bool:
    """No modifier held (the keypad's own flag aside)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return modifiers == Qt.KeyboardModifier.NoModifier


def digit_of(event: QKeyEvent) -> int | None:
    """The digit 1-9 of a plain key press (main row or keypad), else None."""
    return _DIGITS.get(Qt.Key(event.key())) if is_plain(event) else None


_DOT_RADIUS = 5.0
_DOT_X = 14.0


class CodeButton(QPushButton):
    """One code: "3 Safety", with the code's colour as a dot on the left and a tick on the
    right while chosen (the tick does not rely on colour alone)."""

    def __init__(self, number: int, code: Code, language: str, parent: QWidget) -> None:
        label = code.label(language)
        text = f"{number} {label}" if number <= DIGIT_KEYS else label
        super().__init__(text, parent)
        self.code_key = code.key
        self._color = QColor(code.color)
        self.setProperty("kind", "code")
        self.setCheckable(True)
        self.setAutoDefault(False)
        # Clicking must not take the keyboard away from the digit keys or the note.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumHeight(56)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(label)
        self.untranslated = untranslated_tip(code.chosen(language), language)
        self.setToolTip(self.untranslated)
        if number <= DIGIT_KEYS:
            self.setAccessibleDescription(self.tr("Key %1").replace("%1", str(number)))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._color)
        middle = self.height() / 2
        painter.drawEllipse(QPointF(_DOT_X, middle), _DOT_RADIUS, _DOT_RADIUS)
        if self.isChecked():
            right = self.width() - 18.0
            painter.setPen(
                QPen(
                    ACCENT,
                    2.4,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            tick = [QPointF(right - 12, middle), QPointF(right - 7, middle + 5)]
            painter.drawPolyline([*tick, QPointF(right, middle - 5)])
        painter.end()


class CodeGrid(QWidget):
    """The codes of one step; says which one was clicked, shows which are chosen."""

    code_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None, max_columns: int = 4) -> None:
        super().__init__(parent)
        self.max_columns = max_columns
        self.buttons: list[CodeButton] = []
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Answers"))

    def show_codes(self, codes: Sequence[Code], language: str) -> None:
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        columns = max(1, min(self.max_columns, math.ceil(len(codes) / 2)))
        self.buttons = []
        for index, code in enumerate(codes):
            button = CodeButton(index + 1, code, language, self)
            button.clicked.connect(lambda _checked=False, key=code.key: self.code_clicked.emit(key))
            self._layout.addWidget(button, index // columns, index % columns)
            self.buttons.append(button)

    def set_chosen(self, keys: Sequence[str]) -> None:
        for button in self.buttons:
            button.setChecked(button.code_key in keys)

    def key_of(self, number: int) -> str | None:
        """The code behind digit `number` (1-based), if there is one."""
        if 1 <= number <= min(DIGIT_KEYS, len(self.buttons)):
            return self.buttons[number - 1].code_key
        return None
