"""The crash handler, in the manner of qutebrowser's (`misc/crashsignal.py`): every exception
nobody caught, in a Qt slot or on another thread, is written to the log with its traceback and
shown in a dialog that says what happened in a sentence, offers "Copy details" and names the
log; the app goes on where it can (a slot that failed has only left its own job undone). A
`UserError` that escapes a slot is no bug: its sentence is shown instead. Fatal crashes that
leave no Python to run are `faulthandler`'s (`app.crash_report.start_fault_log`).

Before there is a QApplication, the sentence goes to stderr instead of a dialog. The hooks load
only QtCore: the dialog's widgets (ui.crash_dialog) are loaded when an error has to be shown,
so `fieldbook` handing a screen-pop to the running app starts no faster without them.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.crash_report import error_details
from app.errors import UserError
from ui.crash_text import crash_sentence, log_place_sentence, stopped_sentence, user_error_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from ui.crash_dialog import CrashDialog

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class CrashHandler(QObject):
    """Installed for the life of the app (`install`, `uninstall`); `dialog` is the one shown."""

    # An exception of another thread, handed to the main thread.
    caught_elsewhere = Signal(object)

    def __init__(self, log_file: Path, keyring_backend: str = "") -> None:
        super().__init__()
        self.log_file = log_file
        self.keyring_backend = keyring_backend
        self.dialog: CrashDialog | None = None
        self.message_box: QMessageBox | None = None
        self._handling = False
        self._previous: tuple[Callable[..., object], Callable[..., object]] | None = None
        self.caught_elsewhere.connect(self._on_caught_elsewhere)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.on_exception
        threading.excepthook = self.on_thread_exception

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    # --- hooks ---------------------------------------------------------------------------

    def on_exception(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        """sys.excepthook: an exception nobody caught (in a slot, or at the top level)."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        if not self._on_main_thread():
            self.caught_elsewhere.emit((kind, error, trace))
            return
        self.handle(kind, error, trace)

    def on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        """threading.excepthook: a Python thread ended by an exception."""
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        log.error("thread %s ended by an unexpected error", name)
        self.caught_elsewhere.emit((args.exc_type, args.exc_value, args.exc_traceback))

    def _on_caught_elsewhere(self, info: ExcInfo) -> None:
        self.handle(*info)

    # --- on the main thread ----------------------------------------------------------------

    def handle(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        """Log it and show it; an error while doing so goes to stderr, not round again."""
        if self._handling:
            sys.__excepthook__(kind, error, trace)
            return
        self._handling = True
        try:
            if isinstance(error, UserError):
                log.warning("a user error reached the crash handler: %s", error)
                self._show_user_error(error)
            else:
                log.error("unexpected error", exc_info=(kind, error, trace))
                details = error_details(kind, error, trace, self.keyring_backend)
                self._show_crash(crash_sentence(error), details)
        except Exception:
            sys.__excepthook__(*sys.exc_info())
            sys.__excepthook__(kind, error, trace)
        finally:
            self._handling = False

    def handle_fatal(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        """An error that ends the command (it escaped `main`): logged, and said on stderr,
        since no window stays to show it."""
        if isinstance(error, UserError):
            log.error("Fieldbook stops: %s", error)
            print(user_error_text(error), file=sys.stderr)
            return
        log.error("Fieldbook stops because of an unexpected error", exc_info=(kind, error, trace))
        print(stopped_sentence(error), log_place_sentence(self.log_file), file=sys.stderr)

    def _show_crash(self, sentence: str, details: str) -> None:
        if not _windows_can_show():
            print(sentence, log_place_sentence(self.log_file), file=sys.stderr)
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_error(sentence, details)
            return
        from PySide6.QtWidgets import QApplication

        from ui.crash_dialog import CrashDialog

        self.dialog = CrashDialog(sentence, details, self.log_file, QApplication.activeWindow())
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.show()  # a new window comes up in front
        self.dialog.activateWindow()

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _show_user_error(self, error: UserError) -> None:
        text = user_error_text(error)
        if not _windows_can_show():
            print(text, file=sys.stderr)
            return
        from PySide6.QtWidgets import QApplication

        from ui.crash_dialog import user_error_box

        self.message_box = user_error_box(text, QApplication.activeWindow())
        self.message_box.destroyed.connect(self._forget_message_box)

    def _forget_message_box(self) -> None:
        self.message_box = None

    @staticmethod
    def _on_main_thread() -> bool:
        return threading.current_thread() is threading.main_thread()  # Qt's main thread too


def _windows_can_show() -> bool:
    """Whether the app is a widgets application (the window is or was up)."""
    app = QCoreApplication.instance()
    return app is not None and app.inherits("QApplication")


def install_crash_handler(log_file: Path, keyring_backend: str = "") -> CrashHandler:
    handler = CrashHandler(log_file, keyring_backend)
    handler.install()
    return handler
