"""A page of cards under a title (Today, Conflicts): a scrolling column, a line for what went
wrong, and the one way to run a user's save from a card."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from app.errors import SaveError
from ui.problems import save_failure_text
from ui.style import styled_label


class CardPage(QWidget):
    """Subclasses set the title (and an intro), and fill the column in `refresh` through
    `show_column`."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = styled_label("", "title", self)
        self.intro_label = styled_label("", "muted", self)
        self.intro_label.setWordWrap(True)
        self.intro_label.hide()
        self.problem_label = styled_label("", "problem", self)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.area, 1)

    def set_title(self, title: str, intro: str = "") -> None:
        self.setAccessibleName(title)
        self.title_label.setText(title)
        self.intro_label.setText(intro)
        self.intro_label.setVisible(bool(intro))

    def refresh(self) -> None:
        raise NotImplementedError

    def show_column(self, widgets: Sequence[QWidget]) -> QVBoxLayout:
        """Replace the column's content (the old widgets are deleted with their parent); the
        column's layout, to insert more into it."""
        body = QWidget()
        body.setObjectName("detailBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(6)
        for widget in widgets:
            column.addWidget(widget)
        column.addStretch(1)
        self.area.setWidget(body)
        return column

    def saving(self, action: Callable[[], object]) -> None:
        """Run a save from a card: on success show the new state and say so, else say why."""
        try:
            action()
        except SaveError as exc:
            self.problem_label.setText(save_failure_text(exc))
            self.problem_label.show()
            return
        self.problem_label.hide()
        self.refresh()
        self.changed.emit()
