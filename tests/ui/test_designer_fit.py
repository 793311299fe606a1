"""The designer at 1280×800, in the main window as a manager sees it, in English and Chinese:
every field wholly visible from side to side and no horizontal scroll bar anywhere in it, for
every code set and every step of every shipped process."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QScrollBar,
    QWidget,
)

from tests.ui.conftest import ME, default_changes, open_workspace, sample_changes
from ui.designer_view import CODE_SETS, PROCESSES, DesignerView
from ui.i18n import install_translators
from ui.main_window import MainWindow

FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractItemView, QGraphicsView)
WIDTH, HEIGHT = 1280, 800


@pytest.fixture(params=["en", "zh_CN"])
def designer(request, qtbot, qapp: QApplication, qm_dir: Path, styled: None, tmp_path: Path):
    language = request.param
    translators = install_translators(qapp, language, qm_dir) if language != "en" else []
    workspace = open_workspace(
        tmp_path / "m.db", default_changes() + sample_changes(dt.date.today()), language
    )
    workspace.me = dataclasses.replace(ME, role="manager")
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(WIDTH, HEIGHT)
    window.show()
    qtbot.waitExposed(window)
    window.show_section(window.DESIGNER)
    assert window.designer is not None
    assert window.size().width() == WIDTH and window.size().height() == HEIGHT
    yield window.designer
    for translator in translators:
        qapp.removeTranslator(translator)
    workspace.close()


def visible_width(widget: QWidget) -> int:
    """How much of the widget's width shows through every widget it sits in."""
    left = widget.mapTo(widget.window(), QPoint(0, 0)).x()
    right = left + widget.width()
    shown_left, shown_right = left, right
    above = widget.parentWidget()
    while above is not None:
        above_left = above.mapTo(widget.window(), QPoint(0, 0)).x()
        shown_left = max(shown_left, above_left)
        shown_right = min(shown_right, above_left + above.width())
        above = above.parentWidget()
    return max(0, shown_right - shown_left)


def cut_off_and_scrolling(view: DesignerView) -> list[str]:
    """Every visible field not wholly visible across, and every visible horizontal scroll bar."""
    QApplication.processEvents()
    found = []
    for widget in view.findChildren(QWidget):
        if not widget.isVisible():
            continue
        name = f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()!r}"
        if isinstance(widget, QScrollBar) and widget.orientation() == Qt.Orientation.Horizontal:
            area = widget.parentWidget()  # the scroll bar's container, in its scroll area
            owner = area.parentWidget() if area is not None else None
            found.append(f"a horizontal scroll bar in {type(owner).__name__}")
        elif isinstance(widget, FIELDS) and visible_width(widget) < widget.width():
            found.append(f"{name}: {visible_width(widget)} of {widget.width()} px shown")
        elif isinstance(widget, FIELDS) and widget.width() < widget.minimumSizeHint().width():
            found.append(
                f"{name}: {widget.width()} px, less than its {widget.minimumSizeHint().width()}"
            )
    return found


def test_the_designer_fits_1280_by_800_without_scrolling_sideways(designer: DesignerView) -> None:
    problems: list[str] = []
    designer.tabs.setCurrentIndex(CODE_SETS)
    for row in range(designer.code_set_list.count()):
        designer.code_set_list.setCurrentRow(row)
        problems += cut_off_and_scrolling(designer)
    designer.tabs.setCurrentIndex(PROCESSES)
    editor = designer.process_editor
    for row in range(designer.process_list.count()):
        designer.process_list.setCurrentRow(row)
        for step in range(editor.step_list.count()):
            editor.step_list.setCurrentRow(step)
            problems += cut_off_and_scrolling(designer)
    assert sorted(set(problems)) == [], "\n".join(sorted(set(problems)))
