"""The designer's "Start from…" button: a menu of what a new draft may start from (a shipped
template, or a copy of the code set or process shown), built afresh each time it opens so the
copy entry names what is shown then."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

# What the menu offers: (text, what choosing it does), None for a separator.
Entry = tuple[str, Callable[[], object]] | None
Entries = Callable[[], list[Entry]]


def start_button(parent: QWidget, text: str, entries: Entries) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAutoDefault(False)
    menu = QMenu(button)
    menu.setAccessibleName(button.text())

    def fill() -> None:
        menu.clear()
        for entry in entries():
            if entry is None:
                menu.addSeparator()
            else:
                text, chosen = entry
                menu.addAction(text).triggered.connect(lambda _checked=False, c=chosen: c())

    menu.aboutToShow.connect(fill)
    button.setMenu(menu)
    return button
