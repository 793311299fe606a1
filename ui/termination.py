"""Ending the app by signal (SIGTERM from a logout, a service manager or `kill`; SIGINT from
Ctrl+C in a terminal) as if the user had quit.

Python runs a signal handler only when the interpreter gets control, and while Qt's event loop
waits, it does not: the signal would go unnoticed, or end the process without the clean-up
after the loop (background work finished, the demo server stopped, its folder removed). So the
signal's number is written to a socket (`signal.set_wakeup_fd`), which Qt watches, and the loop
is left from there.
"""

from __future__ import annotations

import logging
import signal
import socket
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

log = logging.getLogger(__name__)

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class QuitOnSignal(QObject):
    """While it exists, SIGTERM and SIGINT leave the event loop with exit code 0."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {number: signal.signal(number, _note) for number in QUIT_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_signal)

    def _on_signal(self) -> None:
        try:
            received = self._reader.recv(64)
        except BlockingIOError:
            return
        names = ", ".join(signal.Signals(number).name for number in received)
        log.info("%s received: quitting", names)
        QCoreApplication.exit(0)

    def close(self) -> None:
        """Give the signals back to their earlier handlers."""
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for number, handler in self._previous.items():
            # None: the handler was not set from Python; the default is the closest to it.
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        self._reader.close()
        self._writer.close()


def _note(number: int, frame: FrameType | None) -> None:
    """The Python-level handler: nothing to do, the wakeup socket carries the signal."""
