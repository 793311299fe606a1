"""The crash handler: an unexpected error in a slot reaches a dialog that says what happened,
offers its details to copy and names the log, and is written to the log; the app goes on. A
UserError shows its own sentence. And quitting after a language switch prints nothing.

pytest-qt catches exceptions in slots with an excepthook of its own and fails the test with
them; these tests switch that off (`qt_no_exception_capture`), so the hook that sees the error
is the app's."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from shiboken6 import isValid

from app.errors import SaveError
from app.logs import LOG_FILE, log_dir, setup_logging
from app.workspace import Workspace
from protocol.entities import FieldProblem
from ui.background import wait_for_background
from ui.crash import CrashHandler, install_crash_handler
from ui.i18n import install_translators
from ui.launch import GuiSession, run_gui
from ui.main import main
from ui.main_window import MainWindow

OFFSCREEN_NOTE = "This plugin does not support propagateSizeHints()"


@pytest.fixture
def log_file(restore_root_logging: None) -> Path:
    return setup_logging("INFO")


@pytest.fixture
def crash(log_file: Path) -> Iterator[CrashHandler]:
    handler = install_crash_handler(log_file)
    yield handler
    handler.uninstall()


def _button(qtbot, slot) -> QPushButton:
    button = QPushButton("Do it")
    qtbot.addWidget(button)
    button.clicked.connect(slot)
    button.show()
    return button


def _divide_by_zero() -> None:
    print(1 / 0)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_crash_dialog_and_the_log(
    qtbot, crash: CrashHandler, log_file: Path
) -> None:
    button = _button(qtbot, _divide_by_zero)

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    dialog = crash.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.sentence_label.text() == (
        "Fieldbook ran into an unexpected problem and stopped what it was doing "
        "(ZeroDivisionError: division by zero). What you saved is safe, and you can go on "
        "working."
    )
    assert dialog.log_label.text() == f"The details are in the log: {log_dir() / LOG_FILE}"
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "Traceback (most recent call last)" in copied
    assert "in _divide_by_zero" in copied
    assert "fieldbook: " in copied and "python: " in copied  # the versions, for support
    logged = log_file.read_text(encoding="utf-8")
    assert "ERROR ui.crash: unexpected error" in logged
    assert "ZeroDivisionError: division by zero" in logged

    # The app goes on: a second error joins the dialog shown; after it, a new one opens.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert crash.dialog is dialog
    assert dialog.details.toPlainText().count("ZeroDivisionError: division by zero") >= 3
    dialog.close()
    qtbot.waitUntil(lambda: crash.dialog is None)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert crash.dialog is not None and crash.dialog is not dialog


@pytest.mark.qt_no_exception_capture
def test_a_user_error_in_a_slot_shows_its_sentence(
    qtbot, crash: CrashHandler, log_file: Path
) -> None:
    def save() -> None:
        raise SaveError([FieldProblem(field="name", kind="required", message="is required")])

    qtbot.mouseClick(_button(qtbot, save), Qt.MouseButton.LeftButton)

    assert crash.dialog is None
    box = crash.message_box
    assert isinstance(box, QMessageBox)
    assert box.text() == "Name is needed."
    assert "a user error reached the crash handler" in log_file.read_text(encoding="utf-8")


@pytest.mark.qt_no_exception_capture
def test_an_exception_on_another_thread_reaches_the_dialog_on_the_main_thread(
    qtbot, crash: CrashHandler, log_file: Path
) -> None:
    worker = threading.Thread(target=_divide_by_zero, name="worker")
    worker.start()
    worker.join()

    qtbot.waitUntil(lambda: crash.dialog is not None)
    assert "ZeroDivisionError" in crash.dialog.sentence_label.text()  # type: ignore[union-attr]
    assert "thread worker ended by an unexpected error" in log_file.read_text(encoding="utf-8")


def _main_window() -> MainWindow:
    return next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    )


def test_quitting_after_a_language_switch_prints_nothing(qapp, workspace: Workspace, capfd) -> None:
    def switch() -> None:
        _main_window().language_change_requested.emit("zh_CN")
        QTimer.singleShot(0, quit_)

    def quit_() -> None:
        _main_window().close()

    QTimer.singleShot(0, switch)
    assert run_gui(workspace, sync_on_start=False) == 0
    said = capfd.readouterr().err.splitlines()
    # The offscreen test platform's own words (see tests/ui/conftest.py) are no error.
    assert [line for line in said if line != OFFSCREEN_NOTE] == []


def test_a_sync_that_ends_after_a_language_switch_is_applied_quietly(
    qtbot, session: GuiSession, workspace: Workspace
) -> None:
    old = session.open_window(workspace)
    old.sync.start()  # to a server that cannot be reached: fails in a moment
    session.switch_language("zh_CN")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old window goes
    assert not isValid(old)

    qtbot.waitUntil(lambda: workspace.online is False)  # its result, applied; no RuntimeError
    wait_for_background()


@pytest.mark.qt_no_exception_capture
def test_the_crash_dialog_speaks_chinese(
    qtbot, qapp: QApplication, qm_dir: Path, crash: CrashHandler
) -> None:
    translators = install_translators(qapp, "zh_CN", qm_dir)
    try:
        qtbot.mouseClick(_button(qtbot, _divide_by_zero), Qt.MouseButton.LeftButton)
        dialog = crash.dialog
        assert dialog is not None
        assert dialog.sentence_label.text().startswith("Fieldbook 遇到了意外问题")
        assert dialog.copy_button.text() == "复制详细信息"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_an_error_that_ends_the_command_is_a_sentence_and_in_the_log(
    tmp_path: Path, capfd, restore_root_logging: None
) -> None:
    in_the_way = tmp_path / "not-a-folder"
    in_the_way.write_text("a file where a folder should be")

    code = main(["--diagnostics", str(in_the_way / "support.zip")])

    err = capfd.readouterr().err
    assert code == 1
    assert err.startswith("Fieldbook stopped because of an unexpected problem (")
    assert f"The details are in the log: {log_dir() / LOG_FILE}" in err
    assert "Traceback" not in err
    logged = (log_dir() / LOG_FILE).read_text(encoding="utf-8")
    assert "Fieldbook stops because of an unexpected error" in logged
    assert "Traceback (most recent call last)" in logged
