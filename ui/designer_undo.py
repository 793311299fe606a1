"""Undo and redo in the designer: Ctrl+Z and Ctrl+Shift+Z (and the platform's own redo key)
and two toolbar buttons, over a history of snapshots per draft (app.draft_history).

The designer records the draft in view after every edit, asks for the history of whichever
draft it shows, and restarts a draft's history when it is published.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QToolBar, QWidget

from app.draft_history import Draft as AnyDraft
from app.draft_history import DraftHistory


class DesignerUndo(QObject):
    # A draft was put back to an earlier (or later) state: show it again.
    restored = Signal(object)

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._histories: dict[int, DraftHistory] = {}
        self._shown: AnyDraft | None = None
        self.undo_action = self._action(view, self.tr("Undo"), ["Ctrl+Z"], self.undo)
        self.redo_action = self._action(
            view,
            self.tr("Redo"),
            ["Ctrl+Shift+Z", QKeySequence(QKeySequence.StandardKey.Redo).toString()],
            self.redo,
        )
        self.toolbar = QToolBar(view)
        self.toolbar.setAccessibleName(self.tr("Undo and redo"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)
        self._update()

    def _action(self, view: QWidget, text: str, keys: list[str], slot: object) -> QAction:
        action = QAction(text, view)
        action.setShortcuts([QKeySequence(k) for k in dict.fromkeys(keys) if k])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({action.shortcut().toString()})")
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        view.addAction(action)
        return action

    def history(self, draft: AnyDraft) -> DraftHistory:
        """The draft's history, started when the designer first shows or edits it."""
        found = self._histories.get(id(draft))
        if found is None or found.draft is not draft:  # a new draft where a dropped one was
            found = DraftHistory(draft)
            self._histories[id(draft)] = found
        return found

    def show(self, draft: AnyDraft | None) -> None:
        """The draft in view, whose history the actions work on."""
        self._shown = draft
        if draft is not None:
            self.history(draft)
        self._update()

    def record(self, draft: AnyDraft) -> None:
        """Take the draft's newest state; letters typed on in one text field are one step."""
        typing_in = QApplication.focusWidget()
        self.history(draft).record(typing_in if isinstance(typing_in, QLineEdit) else None)
        self._update()

    def restart(self, draft: AnyDraft) -> None:
        """The draft was published: its edits can no longer be undone."""
        self.history(draft).restart()
        self._update()

    def unchanged(self, draft: AnyDraft) -> bool:
        return self.history(draft).unchanged

    def undo(self) -> bool:
        return self._move(back=True)

    def redo(self) -> bool:
        return self._move(back=False)

    def _move(self, *, back: bool) -> bool:
        draft = self._shown
        if draft is None:
            return False
        history = self.history(draft)
        moved = history.undo() if back else history.redo()
        if moved:
            self.restored.emit(draft)
        self._update()
        return moved

    def _update(self) -> None:
        history = self.history(self._shown) if self._shown is not None else None
        self.undo_action.setEnabled(bool(history and history.can_undo))
        self.redo_action.setEnabled(bool(history and history.can_redo))
