"""A row of code buttons of which at most one is chosen: tier, status, outcome in forms."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from app.processes import Code


class CodeChoice(QWidget):
    """Click a code to choose it, click it again to choose none."""

    def __init__(
        self, codes: Sequence[Code], language: str, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for code in codes:
            button = QPushButton(code.label(language), self)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setProperty("kind", "choice")
            button.setAccessibleName(f"{name}: {code.label(language)}")
            self._group.addButton(button)
            button.clicked.connect(lambda _c=False, key=code.key: self._on_clicked(key))
            self.buttons[code.key] = button
            layout.addWidget(button)
        layout.addStretch(1)

    def _on_clicked(self, key: str) -> None:
        for other, button in self.buttons.items():
            if other != key:
                button.setChecked(False)

    def value(self) -> str:
        return next((key for key, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, key: str) -> None:
        for other, button in self.buttons.items():
            button.setChecked(other == key)
