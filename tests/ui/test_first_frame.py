"""ui.first_frame, and the start that uses it: the window's first frame comes before the
start-up sync, live updates and the garbage collector (ui.launch, app.collector)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app import collector
from app.workspace import Workspace
from ui.first_frame import after_first_frame
from ui.launch import GuiSession


class Painted(QLabel):
    """A label that says whether it has been painted."""

    def __init__(self) -> None:
        super().__init__("Today")
        self.painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted = True


def window_with_child() -> tuple[QWidget, Painted]:
    window = QWidget()
    child = Painted()
    QVBoxLayout(window).addWidget(child)
    return window, child


def test_the_work_runs_once_the_frame_that_first_painted_the_window_is_done(qtbot) -> None:
    window, child = window_with_child()
    qtbot.addWidget(window)
    ran: list[bool] = []
    after_first_frame(window, lambda: ran.append(child.painted))
    qtbot.wait(50)
    assert ran == []  # not shown, not painted

    window.show()

    qtbot.waitUntil(lambda: ran != [], timeout=2000)
    assert ran == [True]  # the child, painted after the window, was painted first
    window.update()
    qtbot.wait(100)
    assert ran == [True]  # once


def test_a_window_not_painted_gets_its_work_at_the_latest_bound(qtbot) -> None:
    window, _child = window_with_child()
    qtbot.addWidget(window)
    ran: list[str] = []
    after_first_frame(window, lambda: ran.append("ran"), at_latest_ms=100)

    qtbot.waitUntil(lambda: ran == ["ran"], timeout=2000)
    window.show()
    qtbot.wait(100)
    assert ran == ["ran"]


def test_the_work_of_a_window_gone_is_not_run(qtbot) -> None:
    window, _child = window_with_child()
    ran: list[str] = []
    after_first_frame(window, lambda: ran.append("ran"), at_latest_ms=50)
    window.deleteLater()
    qtbot.wait(200)
    assert ran == []


class PaintWatch(QObject):
    """Whether the widget it watches has been painted."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.painted = self.painted or event.type() == QEvent.Type.Paint
        return False


@pytest.fixture
def held_collector() -> Iterator[None]:
    collector.hold()
    yield
    collector.release()
    gc.enable()


def test_the_start_up_sync_live_updates_and_collector_wait_for_the_first_frame(
    qtbot, session: GuiSession, workspace: Workspace, held_collector: None
) -> None:
    frozen_before = gc.get_freeze_count()
    window = session.open_window(workspace, sync_now=True)
    today = PaintWatch(window.today)
    today_painted_first: list[bool] = []
    window.sync.started.connect(lambda: today_painted_first.append(today.painted))
    assert window.sync.live is None
    assert not window.sync.running
    assert not gc.isenabled()

    qtbot.waitUntil(lambda: window.sync.live is not None, timeout=3000)

    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen_before
    assert today_painted_first == [True]
