"""Pictures of every main view, for the documentation (`make screenshots`) and for a person
checking what the app looks like: Today, Accounts, the call desk with a caller, Conflicts,
Insights, the designer with a process's flow (managers and admins), and a visit being logged."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app import catalog
from app.accounts import search_accounts
from ui.main_window import MainWindow
from ui.process_runner import ProcessRunnerDialog

log = logging.getLogger(__name__)


def _save(widget: QWidget, path: Path) -> bool:
    for _ in range(3):  # let layouts settle and pending paints run
        QCoreApplication.processEvents()
    saved = widget.grab().save(str(path), "PNG")
    log.info("saved %s: %s", path, saved)
    return saved


def _wait_for(done: Callable[[], bool], seconds: float = 10) -> None:
    """Let background answers arrive (and paint) until `done`, for at most `seconds`."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def save_main_views(window: MainWindow, folder: Path) -> bool:
    """Save `<view>-<language>.png` for each main view into `folder`; True if all were saved."""
    folder.mkdir(parents=True, exist_ok=True)
    language = window.workspace.language
    saved = []
    window.show_section(window.TODAY)
    saved.append(_save(window, folder / f"today-{language}.png"))
    window.show_section(window.ACCOUNTS)
    window.accounts.select_row(0)
    saved.append(_save(window, folder / f"accounts-{language}.png"))
    first = search_accounts(window.workspace, "", limit=1)
    if first and first[0].phone:
        window.show_caller(first[0].phone)
    else:
        window.show_section(window.CALL_DESK)
    saved.append(_save(window, folder / f"call-desk-{language}.png"))
    window.show_section(window.CONFLICTS)
    saved.append(_save(window, folder / f"conflicts-{language}.png"))
    window.show_section(window.INSIGHTS)
    window.insights.question.setCurrentIndex(max(window.insights.question.findData("reasons"), 0))
    _wait_for(lambda: window.insights.pending == 0)
    saved.append(_save(window, folder / f"insights-{language}.png"))
    if window.designer is not None:
        window.show_section(window.DESIGNER)
        window.designer.tabs.setCurrentIndex(1)  # the processes, with the flow diagram
        saved.append(_save(window, folder / f"designer-{language}.png"))
    window.show_section(window.ACCOUNTS)
    visit = catalog.process(window.workspace, "visit")
    if visit is not None and first:
        dialog = ProcessRunnerDialog(window.workspace, first[0].id, first[0].name, visit, window)
        dialog.resize(880, 560)
        dialog.show()
        saved.append(_save(dialog, folder / f"visit-{language}.png"))
        dialog.done(0)
    return all(saved)
