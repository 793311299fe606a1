"""The main window: list and detail together, and sync in the background with plain messages."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from app import catalog
from app.accounts import account_form, save_account
from app.activities import log_activity
from app.processes import ProcessRun
from app.sync_service import SyncResult
from app.workspace import Workspace
from sync.engine import Progress, SyncReport
from tests.ui.conftest import BEIJING
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
    return window


def _log_a_quote_request(workspace: Workspace) -> None:
    visit = catalog.process(workspace, "visit")
    assert visit is not None
    run = ProcessRun(visit)
    run.choose("negotiation")
    run.go_on()
    run.go_on()
    run.choose("quote_requested")
    log_activity(workspace, BEIJING, run)


def test_choosing_an_account_shows_its_detail(qtbot, window: MainWindow) -> None:
    table = window.accounts.table
    row = window.accounts.model.row_of(BEIJING)
    assert row is not None
    rect = table.visualRect(window.accounts.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.detail.name_label.text() == "北京科技有限公司"
    assert window.detail.facts_label.text() == "A · Key · Active"
    assert window.detail.log_visit_button.isEnabled()


def test_offline_sync_says_so_in_the_status_bar(
    qtbot, window: MainWindow, workspace: Workspace
) -> None:
    _log_a_quote_request(workspace)
    window.sync_bar.refresh()
    bar = window.sync_bar
    assert bar.status_label.text() == "2 unsynced  ·  Not synced yet"

    with qtbot.waitSignal(window.sync.finished, timeout=30_000) as finished:
        qtbot.mouseClick(bar.sync_button, Qt.MouseButton.LeftButton)
        assert not window.sync_action.isEnabled()  # no second sync while one runs
    assert finished.args == [False]
    assert window.sync_action.isEnabled()
    assert bar.message_label.text() == (
        "You are offline. Your changes are saved on this computer and will be sent when the "
        "connection returns."
    )
    assert bar.status_label.text() == "○ Offline  ·  2 unsynced  ·  Not synced yet"
    assert not bar.conflicts_label.isVisible()


def test_f5_syncs(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.sync_bar.status_label.text().startswith("○ Offline")


def test_progress_and_success_are_reported(qtbot, window: MainWindow) -> None:
    bar = window.sync_bar
    window.sync.progressed.emit(Progress("pull", 120))
    assert bar.message_label.text() == "Receiving changes… 120 received"
    window.accounts.select_row(0)
    selected = window.accounts.selected_id()
    with qtbot.waitSignal(window.sync.finished) as finished:
        report = SyncReport(pushed=2, pulled=120, conflicts=0)
        window.sync.on_succeeded(SyncResult(report, window.workspace.me, frozenset({"account"})))
    assert finished.args == [True]
    assert bar.message_label.text() == "Synced: 2 sent, 120 received."
    assert window.accounts.selected_id() == selected  # the list reloaded, the choice stayed
    assert window.detail.account_id == selected


def _synced(window: MainWindow, *changed: str) -> None:
    """As if a sync had pulled changes of these kinds (written to the replica beforehand)."""
    report = SyncReport(pushed=0, pulled=1, conflicts=0)
    window.sync.on_succeeded(SyncResult(report, window.workspace.me, frozenset(changed)))


def test_the_call_desks_account_shows_what_a_sync_changed(
    window: MainWindow, workspace: Workspace
) -> None:
    window.call_desk.show_account(BEIJING)
    form = account_form(workspace, BEIJING)
    assert form is not None
    save_account(workspace, replace(form, name="北京科技集团"), BEIJING)

    _synced(window, "account")

    assert window.call_desk.detail.account_name == "北京科技集团"


def test_a_sync_that_changed_nothing_a_section_shows_leaves_it_as_it_is(
    window: MainWindow, workspace: Workspace
) -> None:
    window.open_account(BEIJING)
    form = account_form(workspace, BEIJING)
    assert form is not None
    save_account(workspace, replace(form, name="北京科技集团"), BEIJING)

    _synced(window, "territory")
    assert window.detail.account_name == "北京科技有限公司"
    _synced(window, "account")
    assert window.detail.account_name == "北京科技集团"
