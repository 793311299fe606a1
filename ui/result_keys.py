"""Keys between a search box and its results: Down in the box moves into the results (on the
first one, unless one is highlighted already), Escape in the results returns to the box with
its text selected for the next search. The account search and the call desk's pick list both
use it; Enter on a result is the result view's own `activated`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from ui.code_grid import is_plain


class ResultKeys(QObject):
    """Installed on `box` and `results`; `before_down` brings the results up to date first
    (a search still waiting for its typing pause)."""

    def __init__(
        self,
        box: QLineEdit,
        results: QAbstractItemView,
        before_down: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(box)
        self._box = box
        self._results = results
        self._before_down = before_down
        box.installEventFilter(self)
        results.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not is_plain(event):
            return False
        if watched is self._box and event.key() == Qt.Key.Key_Down:
            return self.into_results()
        if watched is self._results and event.key() == Qt.Key.Key_Escape:
            self._box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._box.selectAll()
            return True
        return False

    def into_results(self) -> bool:
        """Focus the results, the highlighted one or else the first; False when there are none."""
        if self._before_down is not None:
            self._before_down()
        model = self._results.model()
        if model is None or model.rowCount() == 0 or not self._results.isVisible():
            return False
        selection = self._results.selectionModel()
        if not selection.hasSelection():
            first = model.index(0, 0)
            self._results.setCurrentIndex(first)
        self._results.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True
