"""The crash handler: an unexpected error in a slot reaches a dialog that says what happened,
offers its details to copy and names the log, and is written to the log; the app goes on. A
UserError shows its own sentence. And quitting after a language switch prints nothing."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.workspace import Workspace
from ui.launch import run_gui
from ui.main_window import MainWindow


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
    assert capfd.readouterr().err == ""
