"""From a search box to the account with keys only: Down into the results, Enter opens the
highlighted account, Escape returns to the search. The same in the call desk's pick list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.workspace import Workspace
from tests.ui.conftest import BEIJING
from tests.ui.input_counter import InputCounter
from ui.call_desk import CallDesk
from ui.main_window import MainWindow

Key = Qt.Key


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
    return window


def _type(qtbot, user: InputCounter, text: str) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, text)
    user.keys += len(text)


def test_search_to_account_by_keys_only(qtbot, window: MainWindow, user: InputCounter) -> None:
    user.press(Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    accounts = window.accounts
    assert QApplication.focusWidget() is accounts.search
    _type(qtbot, user, "bjkj")  # pinyin initials; Down does not wait for the typing pause
    user.press(Key.Key_Down)
    assert QApplication.focusWidget() is accounts.table
    assert accounts.selected_id() == BEIJING
    assert window.detail.name_label.text() == "北京科技有限公司"

    user.press(Key.Key_Escape)
    assert QApplication.focusWidget() is accounts.search
    assert accounts.search.selectedText() == "bjkj"  # typing replaces it
    _type(qtbot, user, "pudong")
    user.press(Key.Key_Return)  # the first match opens: the keyboard is on its actions
    assert window.detail.name_label.text() == "Shanghai Ocean Trading"
    assert QApplication.focusWidget() is window.detail.log_visit_button

    shanghai = window.detail.account_id
    accounts.search.setFocus()
    accounts.search.clear()
    user.press(Key.Key_Down)  # into the results, on the account still on screen
    assert accounts.selected_id() == shanghai
    on_screen = accounts.table.currentIndex().row()
    user.press(Key.Key_Down)
    second = accounts.selected_id()
    assert second not in (None, shanghai) and accounts.table.currentIndex().row() == on_screen + 1
    user.press(Key.Key_Return)
    assert window.detail.account_id == second
    assert QApplication.focusWidget() is window.detail.log_visit_button
    assert user.clicks == 0


def test_the_call_desks_pick_list_by_keys(qtbot, workspace: Workspace, user: InputCounter) -> None:
    desk = CallDesk(workspace)
    qtbot.addWidget(desk)
    with qtbot.waitActive(desk):
        desk.show()
    desk.phone_box.setFocus()
    _type(qtbot, user, "0")  # in every sample number
    user.press(Key.Key_Return)
    assert desk.pages.currentIndex() == CallDesk.PICK
    assert QApplication.focusWidget() is desk.pick_list
    user.press(Key.Key_Escape)
    assert QApplication.focusWidget() is desk.phone_box
    user.press(Key.Key_Down)
    assert QApplication.focusWidget() is desk.pick_list
    user.press(Key.Key_Down)
    picked = desk.pick_list.currentItem()
    assert picked is not None and desk.pick_list.currentRow() == 1
    with qtbot.waitSignal(desk.account_shown) as shown:
        user.press(Key.Key_Return)
    assert shown.args == [picked.data(Qt.ItemDataRole.UserRole + 1)]
    assert user.clicks == 0
