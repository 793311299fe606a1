"""Pictures of every main view, for the documentation (`make screenshots`) and for a person
checking what the app looks like. A rep's run pictures Today, Accounts, the call desk with a
caller, Conflicts, Insights and a visit being logged; a manager's or admin's run pictures the
designer instead: a process's step with branches and follow-ups, beside its flow diagram."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtWidgets import QScrollArea, QWidget

from app import catalog
from app.accounts import search_accounts
from app.drafts import ProcessDraft
from ui.main_window import MainWindow
from ui.process_runner import ProcessRunnerDialog

log = logging.getLogger(__name__)
MARGIN = 4  # pixels shown above and below what the designer's picture scrolls to


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


def save_views(window: MainWindow, folder: Path) -> bool:
    """Save `<view>-<language>.png` into `folder` for each view the signed-in user's role is
    pictured in (the designer for managers and admins, else the main views); True if all were
    saved."""
    folder.mkdir(parents=True, exist_ok=True)
    if window.designer is not None:
        return save_designer_view(window, folder)
    return save_main_views(window, folder)


def save_main_views(window: MainWindow, folder: Path) -> bool:
    """Save `<view>-<language>.png` for each main view but the designer into `folder`; True if
    all were saved."""
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
    window.show_section(window.ACCOUNTS)
    visit = catalog.process(window.workspace, "visit")
    if visit is not None and first:
        dialog = ProcessRunnerDialog(window.workspace, first[0].id, first[0].name, visit, window)
        dialog.resize(880, 560)
        dialog.show()
        saved.append(_save(dialog, folder / f"visit-{language}.png"))
        dialog.done(0)
    return all(saved)


def _branching_step(process: ProcessDraft) -> int:
    """The first step with both branches and follow-ups, else -1."""
    return next((i for i, s in enumerate(process.steps) if s.branches and s.follow_ups), -1)


def _scroll_to(top: QWidget, bottom: QWidget) -> None:
    """Scroll the area both widgets are in so that `top` starts it, or further down if
    `bottom` would not then show whole."""
    area = top.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    content = area.widget() if area is not None else None
    if area is not None and content is not None:
        QCoreApplication.processEvents()  # the step's fields laid out
        area.verticalScrollBar().setValue(top.mapTo(content, QPoint(0, 0)).y() - MARGIN)
        area.ensureWidgetVisible(bottom, 0, MARGIN)


def save_designer_view(window: MainWindow, folder: Path) -> bool:
    """Save `designer-<language>.png` into `folder`: the processes, showing in the step editor
    and the flow diagram the first process with a step that branches and has follow-ups."""
    designer = window.designer
    if designer is None:
        return False
    window.show_section(window.DESIGNER)
    designer.tabs.setCurrentIndex(1)  # the processes, with the flow diagram
    editor = designer.process_editor
    for row in range(designer.process_list.count()):
        designer.process_list.setCurrentRow(row)
        step = _branching_step(editor.draft) if editor.draft is not None else -1
        if step >= 0:
            editor.step_list.setCurrentRow(step)
            _scroll_to(editor.code_set_box, editor.follow_ups)  # the step's rules
            break
    return _save(window, folder / f"designer-{window.workspace.language}.png")
