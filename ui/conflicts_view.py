"""Conflicts: each value of mine that lost, beside the value that stands, with one click (or one
key on the focused card) to keep mine, keep theirs, or bring back a record that was deleted."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.conflicts import ConflictView, keep_mine, keep_theirs, open_conflicts, restore
from app.sync_service import CONFLICTS
from app.workspace import Workspace
from ui.card_page import CardPage
from ui.problems import field_name
from ui.style import styled_label

if TYPE_CHECKING:
    from ui.sync_controller import SyncController


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class ConflictCard(QFrame):
    """One conflict: mine and theirs side by side, and the ways out. Keys: M keep mine,
    T keep theirs, R restore."""

    def __init__(self, conflict: ConflictView, page: ConflictsView) -> None:
        super().__init__(page)
        self.conflict = conflict
        self.setObjectName("todayRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        entity = {
            "account": self.tr("Account"),
            "contact": self.tr("Contact"),
            "task": self.tr("Task"),
            "activity": self.tr("Activity"),
        }.get(conflict.entity, conflict.entity)
        name = conflict.record_name or self.tr("(deleted by someone else)")
        heading = f"{entity} · {name} · {field_name(conflict.field)}"
        self.setAccessibleName(heading)
        theirs = self.tr("deleted") if conflict.lost_to_delete else _shown(conflict.theirs)
        values = QGridLayout()
        values.setHorizontalSpacing(24)
        values.addWidget(styled_label(self.tr("Mine"), "muted"), 0, 0)
        values.addWidget(styled_label(self.tr("Theirs (stands now)"), "muted"), 0, 1)
        self.mine_label = styled_label(_shown(conflict.mine), "", self)
        self.theirs_label = styled_label(theirs, "", self)
        for column, label in enumerate((self.mine_label, self.theirs_label)):
            label.setWordWrap(True)
            values.addWidget(label, 1, column)
        values.setColumnStretch(0, 1)
        values.setColumnStretch(1, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.restore_button: QPushButton | None = None
        self.keep_mine_button: QPushButton | None = None
        if conflict.lost_to_delete:
            self.restore_button = self._button(buttons, self.tr("Restore (R)"), page.restore)
        else:
            self.keep_mine_button = self._button(buttons, self.tr("Keep mine (M)"), page.keep_mine)
        self.keep_theirs_button = self._button(
            buttons, self.tr("Keep theirs (T)"), page.keep_theirs
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(styled_label(heading, "strong"))
        layout.addLayout(values)
        layout.addLayout(buttons)

    def _button(
        self, line: QHBoxLayout, text: str, action: Callable[[ConflictView], None]
    ) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.setAccessibleName(text)
        button.clicked.connect(lambda: action(self.conflict))
        line.addWidget(button)
        return button

    def keyPressEvent(self, event: QKeyEvent) -> None:
        for key, button in (
            (Qt.Key.Key_M, self.keep_mine_button),
            (Qt.Key.Key_T, self.keep_theirs_button),
            (Qt.Key.Key_R, self.restore_button),
        ):
            if event.key() == key and button is not None:
                button.click()
                return
        super().keyPressEvent(event)


class ConflictsView(CardPage):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self._workspace = workspace
        self.cards: list[ConflictCard] = []
        super().__init__(parent)
        self.set_title(
            self.tr("Conflicts"),
            self.tr(
                "Someone else changed these while you did. Their value stands for now; keep "
                "yours with one click and it is sent again."
            ),
        )
        self.refresh()

    def follow(self, sync: SyncController) -> None:
        """Refresh, while shown, after a sync that left conflicts or changed records."""
        sync.follow(
            self, frozenset({CONFLICTS, "account", "contact", "task", "activity"}), self.refresh
        )

    def refresh(self) -> None:
        self.cards = [ConflictCard(c, self) for c in open_conflicts(self._workspace)]
        empty = styled_label(self.tr("No conflicts. Everything agrees."), "muted")
        self.show_column(self.cards or [empty])
        if self.cards:
            self.cards[0].setFocus()

    def keep_mine(self, conflict: ConflictView) -> None:
        self.saving(lambda: keep_mine(self._workspace, conflict.id))

    def keep_theirs(self, conflict: ConflictView) -> None:
        self.saving(lambda: keep_theirs(self._workspace, conflict.id))

    def restore(self, conflict: ConflictView) -> None:
        self.saving(lambda: restore(self._workspace, conflict.id))
