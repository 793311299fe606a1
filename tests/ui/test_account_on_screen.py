"""The account on screen is the account acted on: a search or a filter that hides the chosen
account moves the choice to the first account shown (or clears it), the detail pane follows,
and every action (Ctrl+L and the others) takes its account from what the window shows. The same
for the call desk: a pick list on screen leaves no earlier caller to act on."""

from __future__ import annotations

import uuid
from dataclasses import replace
from functools import partial
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from app.accounts import account_form, save_account
from app.sync_service import SyncResult
from app.workspace import Workspace
from sync.engine import SyncReport
from tests.ui.conftest import BEIJING
from ui.account_form import AccountFormDialog
from ui.account_list import ACCOUNT_ID_ROLE, AccountListView
from ui.call_desk import ACCOUNT_ID_ROLE as PICKED_ID_ROLE
from ui.main_window import MainWindow
from ui.process_runner import ProcessRunnerDialog
from ui.task_form import ContactFormDialog, TaskFormDialog

Key = Qt.Key
Ctrl = Qt.KeyboardModifier.ControlModifier
Opened = TypeVar("Opened", bound=QDialog)
SHANGHAI = str(uuid.uuid5(uuid.NAMESPACE_URL, "fieldbook:account:shanghai"))
SHENZHEN = str(uuid.uuid5(uuid.NAMESPACE_URL, "fieldbook:account:shenzhen"))


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
    window.show_section(window.ACCOUNTS)
    return window


def _click_account(qtbot, accounts: AccountListView, account_id: str) -> None:
    row = accounts.model.row_of(account_id)
    assert row is not None
    rect = accounts.table.visualRect(accounts.model.index(row, 0))
    qtbot.mouseClick(accounts.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _search(qtbot, accounts: AccountListView, text: str) -> None:
    accounts.search.setFocus()
    accounts.search.clear()
    qtbot.keyClicks(accounts.search, text)
    qtbot.waitUntil(lambda: not accounts._debounce.isActive())


def _shown_ids(accounts: AccountListView) -> list[str]:
    model = accounts.model
    return [str(model.index(row, 0).data(ACCOUNT_ID_ROLE)) for row in range(model.rowCount())]


def _press(qtbot, key: Key) -> None:
    """A shortcut pressed wherever the keyboard focus is, as a user would."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    qtbot.keyClick(target, key, Ctrl)


def _opened(qtbot, window: MainWindow, dialog_type: type[Opened]) -> Opened:
    """The dialog a shortcut opened (a button's shortcut clicks it a moment later)."""
    qtbot.waitUntil(lambda: window.findChild(dialog_type) is not None)
    dialog = window.findChild(dialog_type)
    assert dialog is not None
    return dialog


def _pressed_buttons(window: MainWindow) -> list[str]:
    """Records every button of the window that gets pressed (a shortcut presses it at once)."""
    pressed: list[str] = []
    for button in window.findChildren(QPushButton):
        button.pressed.connect(partial(pressed.append, button.text()))
    return pressed


def test_a_search_that_hides_the_chosen_account_moves_the_choice_to_the_first_shown(
    qtbot, window: MainWindow
) -> None:
    accounts, detail = window.accounts, window.detail
    _click_account(qtbot, accounts, BEIJING)
    assert detail.account_name == "北京科技有限公司"

    _search(qtbot, accounts, "pudong")  # shows Shanghai Ocean Trading only
    assert _shown_ids(accounts) == [SHANGHAI]
    _press(qtbot, Key.Key_L)

    runner = _opened(qtbot, window, ProcessRunnerDialog)
    assert runner.windowTitle().endswith("· Shanghai Ocean Trading")
    assert accounts.selected_id() == SHANGHAI
    assert detail.account_id == SHANGHAI
    assert detail.name_label.text() == "Shanghai Ocean Trading"


def test_a_search_that_shows_nothing_leaves_no_account_to_act_on(qtbot, window: MainWindow) -> None:
    accounts, detail = window.accounts, window.detail
    _click_account(qtbot, accounts, BEIJING)

    _search(qtbot, accounts, "no such customer")
    pressed = _pressed_buttons(window)
    for key in (Key.Key_L, Key.Key_K, Key.Key_R, Key.Key_T, Key.Key_E):
        _press(qtbot, key)

    assert pressed == []
    assert accounts.selected_id() is None
    assert detail.account_id is None
    assert detail.currentIndex() == 0  # the hint: choose an account


def test_a_search_that_still_shows_the_chosen_account_keeps_it(qtbot, window: MainWindow) -> None:
    accounts = window.accounts
    _click_account(qtbot, accounts, SHENZHEN)

    accounts.tier_filter.setCurrentIndex(accounts.tier_filter.findData("b"))
    qtbot.waitUntil(lambda: SHANGHAI in _shown_ids(accounts))

    assert set(_shown_ids(accounts)) == {SHANGHAI, SHENZHEN}
    assert accounts.selected_id() == SHENZHEN
    assert window.detail.account_id == SHENZHEN


@pytest.mark.parametrize(
    ("key", "dialog_type"),
    [
        (Key.Key_K, ProcessRunnerDialog),
        (Key.Key_T, TaskFormDialog),
        (Key.Key_E, AccountFormDialog),
    ],
)
def test_a_filter_that_hides_the_chosen_account_moves_every_action_along(
    qtbot, window: MainWindow, key: Key, dialog_type: type[QDialog]
) -> None:
    accounts = window.accounts
    _click_account(qtbot, accounts, BEIJING)  # tier A

    accounts.tier_filter.setCurrentIndex(accounts.tier_filter.findData("b"))
    first = _shown_ids(accounts)[0]
    assert BEIJING not in _shown_ids(accounts)
    _press(qtbot, key)

    dialog = _opened(qtbot, window, dialog_type)
    assert dialog._account_id == first  # type: ignore[attr-defined]


def test_a_contact_is_added_to_the_account_on_screen(qtbot, window: MainWindow) -> None:
    accounts = window.accounts
    _click_account(qtbot, accounts, BEIJING)

    _search(qtbot, accounts, "pudong")
    window.detail.add_contact_button.click()

    dialog = window.findChild(ContactFormDialog)
    assert dialog is not None
    assert dialog._account_id == SHANGHAI


def test_an_account_opened_from_elsewhere_gives_way_to_a_search_that_hides_it(
    qtbot, window: MainWindow
) -> None:
    window.open_account(BEIJING)  # as from Insights or a new account
    assert window.detail.account_id == BEIJING

    _search(qtbot, window.accounts, "pudong")

    assert window.detail.account_id == SHANGHAI
    assert window.accounts.selected_id() == SHANGHAI


def _synced(window: MainWindow) -> None:
    """As if a sync had pulled account changes (written to the replica beforehand)."""
    report = SyncReport(pushed=0, pulled=1, conflicts=0)
    window.sync.on_succeeded(SyncResult(report, window.workspace.me, frozenset({"account"})))


def _set_tier(workspace: Workspace, account_id: str, tier: str) -> None:
    form = account_form(workspace, account_id)
    assert form is not None
    save_account(workspace, replace(form, tier=tier), account_id)


def test_a_sync_that_hides_the_chosen_account_moves_the_choice_along(
    qtbot, window: MainWindow, workspace: Workspace
) -> None:
    accounts = window.accounts
    accounts.tier_filter.setCurrentIndex(accounts.tier_filter.findData("b"))
    _click_account(qtbot, accounts, SHENZHEN)
    _synced(window)
    assert accounts.selected_id() == SHENZHEN  # still listed: stays

    _set_tier(workspace, SHENZHEN, "c")  # as a colleague's change pulled by a sync
    _synced(window)

    assert _shown_ids(accounts) == [SHANGHAI]
    assert window.detail.account_id == SHANGHAI


def test_an_account_opened_from_elsewhere_stays_through_a_sync(qtbot, window: MainWindow) -> None:
    accounts = window.accounts
    accounts.tier_filter.setCurrentIndex(accounts.tier_filter.findData("b"))
    window.open_account(BEIJING)  # tier A: not in the list
    assert accounts.selected_id() is None

    _synced(window)

    assert window.detail.account_id == BEIJING


def test_the_call_desks_pick_list_leaves_no_earlier_caller_to_act_on(
    qtbot, window: MainWindow
) -> None:
    window.show_section(window.CALL_DESK)
    desk = window.call_desk
    desk.look_up("010-12345678")
    assert desk.detail.account_id == BEIJING

    matches = desk.look_up("0")  # several accounts: the pick list
    assert len(matches) > 1
    pressed = _pressed_buttons(window)
    _press(qtbot, Key.Key_L)
    _press(qtbot, Key.Key_B)  # "call back tomorrow" of the wrap-up

    assert pressed == []
    assert desk.detail.account_id is None
    picked = str(desk.pick_list.currentItem().data(PICKED_ID_ROLE))
    with qtbot.waitSignal(desk.account_shown) as shown:
        qtbot.keyClick(desk.pick_list, Key.Key_Return)
    assert shown.args == [picked]
    _press(qtbot, Key.Key_L)
    assert _opened(qtbot, window, ProcessRunnerDialog)._account_id == picked
