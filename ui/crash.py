"""The crash handler, in the manner of qutebrowser's (`misc/crashsignal.py`): every exception
nobody caught, in a Qt slot or on another thread, is written to the log with its traceback and
shown in a dialog that says what happened in a sentence, offers "Copy details" and names the
log; the app goes on where it can (a slot that failed has only left its own job undone). A
`UserError` that escapes a slot is no bug: its sentence is shown instead. Fatal crashes that
leave no Python to run are `faulthandler`'s (`app.crash_report.start_fault_log`).

Before there is a QApplication (or after it), the sentence goes to stderr instead of a dialog.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.crash_report import error_details, what_happened
from app.errors import SaveError, UserError
from ui.problems import save_failure_text
from ui.style import styled_label

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def crash_sentence(error: BaseException) -> str:
    return QCoreApplication.translate(
        "CrashDialog",
        "Fieldbook ran into an unexpected problem and stopped what it was doing (%1). What "
        "you saved is safe, and you can go on working.",
    ).replace("%1", what_happened(error))


def stopped_sentence(error: BaseException) -> str:
    return QCoreApplication.translate(
        "CrashDialog", "Fieldbook stopped because of an unexpected problem (%1)."
    ).replace("%1", what_happened(error))


def log_place_sentence(log_file: Path) -> str:
    return QCoreApplication.translate("CrashDialog", "The details are in the log: %1").replace(
        "%1", str(log_file)
    )


def user_error_text(error: UserError) -> str:
    """A UserError's sentence in the user's language where the UI has one, else its own."""
    if isinstance(error, SaveError):
        return save_failure_text(error)
    return str(error)


class CrashDialog(QDialog):
    """What happened, where the log is, and the details to copy for support."""

    def __init__(
        self, sentence: str, details: str, log_file: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Fieldbook: unexpected problem"))
        self.sentence_label = styled_label(sentence, "strong")
        self.sentence_label.setWordWrap(True)
        self.log_label = styled_label(log_place_sentence(log_file), "muted")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details, self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Details"))
        self.copy_button = QPushButton(self.tr("Copy details"), self)
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.on_copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sentence_label)
        layout.addWidget(self.log_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def add_error(self, sentence: str, details: str) -> None:
        """A further error while this one is shown: its details below, no second dialog."""
        self.details.appendPlainText("\n" + sentence + "\n" + details)

    def on_copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Copied"))


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
        if not isinstance(QCoreApplication.instance(), QApplication):
            print(sentence, log_place_sentence(self.log_file), file=sys.stderr)
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_error(sentence, details)
            return
        self.dialog = CrashDialog(sentence, details, self.log_file, QApplication.activeWindow())
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.show()  # a new window comes up in front
        self.dialog.activateWindow()

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _show_user_error(self, error: UserError) -> None:
        text = user_error_text(error)
        if not isinstance(QCoreApplication.instance(), QApplication):
            print(text, file=sys.stderr)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Fieldbook", text, parent=QApplication.activeWindow()
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.destroyed.connect(self._forget_message_box)
        box.open()

    def _forget_message_box(self) -> None:
        self.message_box = None

    @staticmethod
    def _on_main_thread() -> bool:
        return threading.current_thread() is threading.main_thread()  # Qt's main thread too


def install_crash_handler(log_file: Path, keyring_backend: str = "") -> CrashHandler:
    handler = CrashHandler(log_file, keyring_backend)
    handler.install()
    return handler
