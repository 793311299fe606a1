"""Automatic sync: on a schedule, soon after local edits, at once when changes are waiting,
and while offline again and again with growing pauses until the network is back."""

from __future__ import annotations

import pytest

from app.settings import Settings
from app.workspace import Workspace
from tests.ui.conftest import BEIJING
from ui.main_window import MainWindow
from ui.sync_scheduler import EDIT_DELAY_MS, FIRST_RETRY_MS, MAX_RETRY_MS, SyncScheduler


def test_the_schedule_and_the_backoff(qtbot) -> None:
    scheduler = SyncScheduler(300)
    assert scheduler.next_in_ms > 290_000
    scheduler.local_change()
    assert scheduler.next_in_ms <= EDIT_DELAY_MS
    pauses = []
    for _ in range(6):
        scheduler.sync_finished(ok=False, offline=True)
        pauses.append(scheduler.retry_ms)
    assert pauses == [5_000, 10_000, 20_000, 40_000, MAX_RETRY_MS, MAX_RETRY_MS]
    scheduler.sync_finished(ok=True, offline=False)  # the network is back
    assert scheduler.retry_ms == 0 and scheduler.next_in_ms > 290_000
    with qtbot.waitSignal(scheduler.sync_due, timeout=1000):
        scheduler.request_sync()


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:
    settings = Settings()
    settings.set("SyncInterval", 600)
    window = MainWindow(workspace, settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


def test_changes_waiting_start_a_sync_and_offline_shows_the_banner(
    qtbot, window: MainWindow
) -> None:
    assert not window.offline_banner.isVisible()
    with qtbot.waitSignal(window.sync.finished, timeout=30_000) as finished:
        window.sync.on_changes_waiting()
    assert finished.args == [False]
    assert window.offline_banner.isVisible()
    assert window.sync.scheduler.retry_ms == FIRST_RETRY_MS


def test_a_local_edit_schedules_a_sync_soon(qtbot, window: MainWindow) -> None:
    window.show_section(window.ACCOUNTS)
    window.detail.show_account(BEIJING)
    assert window.sync.scheduler.next_in_ms > EDIT_DELAY_MS
    window.detail.account_changed.emit(BEIJING)
    assert window.sync.scheduler.next_in_ms <= EDIT_DELAY_MS
