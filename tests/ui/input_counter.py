"""Drive widgets like a user and count what the user had to do: clicks, keys, typed text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

Key = Qt.Key


class InputCounter(QObject):
    def __init__(self, qtbot) -> None:
        super().__init__()
        self.qtbot = qtbot
        self.clicks = 0
        self.keys = 0
        self.typed = 0  # characters that reached a text field

    def click(self, widget: QWidget) -> None:
        self.clicks += 1
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def press(
        self, key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        """A key goes where the keyboard focus is, as it would for a user."""
        self.keys += 1
        target = QApplication.focusWidget() or QApplication.activeWindow()
        assert target is not None
        self.qtbot.keyClick(target, key, modifier)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QLineEdit):
            text = event.text()  # type: ignore[attr-defined]
            self.typed += len(text) if text.isprintable() else 0
        return False
