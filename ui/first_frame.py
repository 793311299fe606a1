"""Work that waits for a window's first frame: what the user sees first is not delayed by what
can come a moment later (the start-up sync and live updates, which share the interpreter with
the thread that paints: `ui.launch`).

A window that is not painted soon (shown minimized, or never shown) gets its work anyway, after
AT_LATEST_MS.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

AT_LATEST_MS = 2000


def after_first_frame(
    window: QWidget, work: Callable[[], None], *, at_latest_ms: int = AT_LATEST_MS
) -> None:
    """Run `work` once, on the main thread, when the frame in which `window` is first painted
    is done, or after `at_latest_ms`, whichever comes first; never after the window is gone."""
    _FirstFrame(window, work, at_latest_ms)


class _FirstFrame(QObject):
    """Watches its window's paint events until the first; a child of the window, so it goes
    with it (and its work is not run for a window that is gone)."""

    def __init__(self, window: QWidget, work: Callable[[], None], at_latest_ms: int) -> None:
        super().__init__(window)
        self._window = window
        self._work: Callable[[], None] | None = work
        window.installEventFilter(self)
        QTimer.singleShot(at_latest_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            # The window is painted before its children: the frame is done once the events
            # queued now are handled.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        work, self._work = self._work, None
        if work is not None:
            self._window.removeEventFilter(self)
            work()
