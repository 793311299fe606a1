"""Start the window for a workspace: application, translation, style, first sync.

With `screenshot`, the window shows itself with the first account open, saves a picture of
itself and quits: documentation and smoke tests get a real image of the real app. The exit code
is 0 only when the picture was saved and the first sync (if asked for) succeeded, so the
command doubles as a check that the app starts and syncs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from app.workspace import Workspace
from ui.background import wait_for_background
from ui.i18n import install_translators
from ui.main_window import MainWindow
from ui.style import apply_style

WINDOW_SIZE = (1280, 800)
PAINT_DELAY_MS = 300


def run_gui(
    workspace: Workspace, *, screenshot: Path | None = None, sync_on_start: bool = True
) -> int:
    """Show the main window and run the event loop; returns the application's exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Fieldbook")
    app.setOrganizationName("Fieldbook")
    translators = install_translators(app, workspace.language)
    apply_style(app)

    window = MainWindow(workspace)
    window.resize(*WINDOW_SIZE)
    window.show()
    if screenshot is not None:
        path = screenshot
        if sync_on_start:
            window.sync_finished.connect(lambda synced: _take_screenshot(window, path, synced))
        else:
            QTimer.singleShot(0, lambda: _take_screenshot(window, path, True))
    if sync_on_start:
        window.start_sync()
    try:
        return app.exec()
    finally:
        wait_for_background()
        window.close()
        for translator in translators:
            app.removeTranslator(translator)


def _take_screenshot(window: MainWindow, path: Path, synced: bool) -> None:
    """Open the first account, let the window paint, save it, and quit: 0 if saved after a
    good sync, else 1 (the picture of a failed sync is still saved, for diagnosis)."""
    window.accounts.select_row(0)

    def save() -> None:
        saved = window.grab().save(str(path), "PNG")
        QCoreApplication.exit(0 if saved and synced else 1)

    QTimer.singleShot(PAINT_DELAY_MS, save)
