"""Conflicts: each value that lost (mine, or a colleague's that lost against mine), beside the
value that stands and who wrote each when, with one click (or one key on the focused card) to
keep mine, keep theirs, or bring back a record that was deleted."""

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

from app.conflicts import (
    REFUSED,
    ConflictView,
    Writer,
    keep_mine,
    keep_theirs,
    open_conflicts,
    restore,
)
from app.sync_service import CONFLICTS
from app.workspace import Workspace
from ui.card_page import CardPage
from ui.formats import date_time
from ui.problems import field_name, field_problem_text
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
    """One conflict: the value set aside and the value that stands side by side, each with who
    wrote it and when, and the ways out. Keys: M keep mine, T keep theirs, R restore (for a
    colleague's value that lost against the user's: U use it, K keep what stands)."""

    def __init__(self, conflict: ConflictView, page: ConflictsView) -> None:
        super().__init__(page)
        self.conflict = conflict
        self._language = page.language
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
        mine = conflict.set_aside_is_mine
        values = QGridLayout()
        values.setHorizontalSpacing(24)
        headers = (
            (self.tr("Mine"), self.tr("Theirs (stands now)"))
            if mine
            else (self.tr("Set aside"), self.tr("Stands now"))
        )
        self.mine_label = styled_label(_shown(conflict.mine), "", self)
        self.theirs_label = styled_label(self._standing_value(), "", self)
        self.mine_by_label = styled_label(self._written_by(conflict.set_aside_by), "muted", self)
        self.theirs_by_label = styled_label(self._written_by(conflict.stands_by), "muted", self)
        columns = (
            (headers[0], self.mine_label, self.mine_by_label),
            (headers[1], self.theirs_label, self.theirs_by_label),
        )
        for column, (header, value, by) in enumerate(columns):
            value.setWordWrap(True)
            values.addWidget(styled_label(header, "muted"), 0, column)
            values.addWidget(value, 1, column)
            values.addWidget(by, 2, column)
            values.setColumnStretch(column, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.restore_button: QPushButton | None = None
        self.keep_mine_button: QPushButton | None = None
        self.use_button: QPushButton | None = None
        if conflict.lost_to_delete:
            self.restore_button = self._button(buttons, self.tr("Restore (R)"), page.restore)
        elif mine:
            self.keep_mine_button = self._button(buttons, self.tr("Keep mine (M)"), page.keep_mine)
        else:
            self.use_button = self._button(buttons, self.tr("Use this value (U)"), page.keep_mine)
        keep = self.tr("Keep theirs (T)") if mine else self.tr("Keep what stands (K)")
        self.keep_theirs_button = self._button(buttons, keep, page.keep_theirs)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(styled_label(heading, "strong"))
        layout.addLayout(values)
        layout.addLayout(buttons)

    def _standing_value(self) -> str:
        """What stands: the value, "deleted", or why the server refused the set-aside one."""
        if self.conflict.reason is not None:
            return field_problem_text(self.conflict.reason)
        if self.conflict.lost_to_delete:
            return self.tr("deleted")
        return _shown(self.conflict.theirs)

    def _written_by(self, writer: Writer) -> str:
        """ "you · Nov 23, 2026 14:05", "Wang Fang · …", "the system “erp” (API key) · …",
        or what of it is known."""
        if self.conflict.kind == REFUSED and writer is self.conflict.stands_by:
            who = self.tr("the server")
        elif writer.key:
            who = self.tr("the system “%1” (API key)").replace("%1", writer.key)
        elif writer.is_me:
            who = self.tr("you")
        else:
            who = writer.name or self.tr("someone else")
        if writer.at is None:
            return who
        return f"{who} · {date_time(writer.at, self._language)}"

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
        mine = self.conflict.set_aside_is_mine
        for key, button in (
            (Qt.Key.Key_M, self.keep_mine_button),
            (Qt.Key.Key_U, self.use_button),
            (Qt.Key.Key_T if mine else Qt.Key.Key_K, self.keep_theirs_button),
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
            )
            + " "
            + self.tr("Values of others that lost against yours are listed too."),
        )
        self.refresh()

    @property
    def language(self) -> str:
        return self._workspace.language

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
