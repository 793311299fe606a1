"""Logging a visit through the real widgets: a few clicks or a few keys, never typing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.accounts import account_detail
from app.workspace import Workspace
from tests.ui.conftest import BEIJING, default_changes, open_workspace, sample_changes
from tests.ui.input_counter import InputCounter
from ui.account_detail import AccountDetailPane
from ui.code_grid import CodeButton
from ui.main_window import MainWindow
from ui.process_runner import ProcessRunnerDialog

Key = Qt.Key


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
    window.show_section(window.ACCOUNTS)
    window.detail.show_account(BEIJING)
    return window


def _runner(qtbot, window: MainWindow) -> ProcessRunnerDialog:
    qtbot.waitUntil(lambda: window.detail.findChild(ProcessRunnerDialog) is not None)
    dialog = window.detail.findChild(ProcessRunnerDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _button(dialog: ProcessRunnerDialog, code_key: str) -> CodeButton:
    return next(b for b in dialog.grid.buttons if b.code_key == code_key)


def test_a_visit_by_clicks_takes_four_clicks(
    qtbot, window: MainWindow, user: InputCounter, workspace: Workspace
) -> None:
    user.click(window.detail.log_visit_button)
    dialog = _runner(qtbot, window)
    assert dialog.windowTitle() == "Customer visit · 北京科技有限公司"
    assert dialog.step_label.text() == "Step 1 of 3"
    assert not dialog.next_button.isEnabled()  # the purpose is required
    assert [b.text() for b in dialog.grid.buttons][:2] == ["1 Introduction", "2 Product demo"]
    opening_clicks, user.clicks = user.clicks, 0

    user.click(_button(dialog, "demo"))  # single choice: moves on by itself
    assert dialog.question_label.text() == "What decided it, or what interests the customer most?"
    assert dialog.next_button.isEnabled()  # reasons are optional
    user.click(dialog.next_button)
    assert dialog.step_label.text() == "Step 3 of 3"
    assert dialog.next_button.text() == "Save"
    with qtbot.waitSignal(window.detail.activity_logged):
        user.click(_button(dialog, "quote_requested"))  # the last answer saves

    assert opening_clicks == 1
    assert user.clicks <= 4
    assert user.typed == 0
    detail = account_detail(workspace, BEIJING)
    assert detail is not None
    assert detail.timeline[0].codes == ("Product demo", "Quote requested")
    assert "Send quote" in [task.title for task in detail.open_tasks]
    assert "2 unsynced" in window.sync_bar.status_label.text()
    assert "Send quote" in [label.text() for label in window.detail.findChildren(QLabel)]


def _single_choice_visit(tmp_path: Path) -> Workspace:
    """The shipped visit as a designer could change it: its reasons asked as one answer."""
    changes = default_changes()
    for change in changes:
        if change.entity == "process" and change.fields["key"] == "field_visit":
            reasons = change.fields["steps"][1]
            reasons["multiple"], reasons["required"] = False, True
    return open_workspace(tmp_path / "r.db", changes + sample_changes(dt.date.today()))


@pytest.fixture
def designed(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    workspace = _single_choice_visit(tmp_path)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
    window.show_section(window.ACCOUNTS)
    window.detail.show_account(BEIJING)
    yield window
    window.close()
    workspace.close()


def _logged_codes(window: MainWindow) -> tuple[str, ...]:
    detail = account_detail(window.workspace, BEIJING)
    assert detail is not None
    return detail.timeline[0].codes


def test_three_single_choice_steps_take_three_keys(
    qtbot, designed: MainWindow, user: InputCounter
) -> None:
    user.press(Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    _runner(qtbot, designed)
    opening, user.keys = user.keys, 0
    user.press(Key.Key_1)
    user.press(Key.Key_3)
    with qtbot.waitSignal(designed.detail.activity_logged):
        user.press(Key.Key_2)  # the last answer saves
    assert (opening, user.keys, user.clicks, user.typed) == (1, 3, 0, 0)
    assert _logged_codes(designed) == ("Introduction", "Safety", "Quote requested")


def test_three_single_choice_steps_take_three_clicks_and_one_to_open(
    qtbot, designed: MainWindow, user: InputCounter
) -> None:
    user.click(designed.detail.log_visit_button)
    dialog = _runner(qtbot, designed)
    user.click(dialog.grid.buttons[0])
    assert dialog.step_label.text() == "Step 2 of 3"
    user.click(dialog.grid.buttons[2])
    assert dialog.step_label.text() == "Step 3 of 3"
    with qtbot.waitSignal(designed.detail.activity_logged):
        user.click(dialog.grid.buttons[1])  # the last answer saves
    assert (user.clicks, user.keys, user.typed) == (4, 0, 0)
    assert _logged_codes(designed) == ("Introduction", "Safety", "Quote requested")


def test_a_visit_by_keys_types_nothing(
    qtbot, window: MainWindow, user: InputCounter, workspace: Workspace
) -> None:
    user.press(Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = _runner(qtbot, window)
    user.press(Key.Key_1)  # a single choice answers and goes on
    assert dialog.step_label.text() == "Step 2 of 3"
    for key in (Key.Key_3, Key.Key_5, Key.Key_3):  # a multiple choice toggles
        user.press(key)
    assert dialog.run.chosen() == ["price"]  # 3 toggled on and off again
    user.press(Key.Key_Enter)  # the keypad's Enter goes on too
    assert dialog.next_button.text() == "Save"
    with qtbot.waitSignal(window.detail.activity_logged):
        user.press(Key.Key_2)  # the last answer saves

    assert user.clicks == 0
    assert user.typed == 0
    assert user.keys == 7
    detail = account_detail(workspace, BEIJING)
    assert detail is not None
    assert detail.timeline[0].codes == ("Introduction", "Price", "Quote requested")
    assert "Send quote" in [task.title for task in detail.open_tasks]
    assert "2 unsynced" in window.sync_bar.status_label.text()


def test_branch_back_and_note(
    qtbot, window: MainWindow, user: InputCounter, workspace: Workspace
) -> None:
    user.click(window.detail.log_visit_button)
    dialog = _runner(qtbot, window)
    user.click(_button(dialog, "delivery"))  # a delivery skips the reasons
    assert dialog.step_label.text() == "Step 2 of 2"
    user.press(Key.Key_Backspace)
    assert dialog.step_label.text() == "Step 1 of 3"
    assert _button(dialog, "delivery").isChecked()
    user.press(Key.Key_Return)
    user.press(Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.run.position == 1)  # a button shortcut clicks animated

    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "Dock 4")  # in the note, digits are text
    user.press(Key.Key_Backspace)  # and Backspace edits it
    assert dialog.note.text() == "Dock "
    assert user.typed == 6  # the counter sees typing when there is some
    assert dialog.run.position == 1
    user.press(Key.Key_Return)  # from the note too, Enter goes on
    assert dialog.step_label.text() == "Step 2 of 2"
    with qtbot.waitSignal(window.detail.activity_logged):
        user.click(_button(dialog, "order_placed"))
    detail = account_detail(workspace, BEIJING)
    assert detail is not None
    assert detail.timeline[0].codes == ("Delivery", "Order placed")
    assert detail.timeline[0].note == "Dock"


def test_escape_cancels_at_once_when_nothing_was_picked(
    qtbot, window: MainWindow, user: InputCounter
) -> None:
    user.click(window.detail.log_call_button)
    dialog = _runner(qtbot, window)
    assert dialog.windowTitle().startswith("Inbound call")
    with qtbot.waitSignal(dialog.rejected):
        user.press(Key.Key_Escape)
    assert window.sync_bar.status_label.text().count("0 unsynced") == 1


def test_escape_asks_before_dropping_answers(
    qtbot, window: MainWindow, user: InputCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    user.click(window.detail.log_visit_button)
    dialog = _runner(qtbot, window)
    user.press(Key.Key_2)
    asked: list[str] = []

    def keep_answers() -> bool:
        asked.append("discard?")
        return False

    monkeypatch.setattr(dialog, "_confirm_discard", keep_answers)
    user.press(Key.Key_Escape)
    assert asked == ["discard?"]
    assert dialog.isVisible()  # the user said "Cancel": keep the answers
    monkeypatch.setattr(dialog, "_confirm_discard", lambda: True)
    with qtbot.waitSignal(dialog.rejected):
        user.press(Key.Key_Escape)


def test_log_buttons_are_greyed_without_processes(qtbot, tmp_path) -> None:
    no_processes = [c for c in default_changes() if c.entity != "process"]
    workspace = open_workspace(tmp_path / "r.db", no_processes + sample_changes(dt.date.today()))
    pane = AccountDetailPane(workspace)
    qtbot.addWidget(pane)
    pane.show_account(BEIJING)
    assert pane.name_label.text() == "北京科技有限公司"
    assert not pane.log_visit_button.isEnabled()
    assert not pane.log_call_button.isEnabled()
    workspace.close()


def test_every_process_can_be_run_from_the_account_pane(
    qtbot, window: MainWindow, workspace: Workspace
) -> None:
    window.detail.fill_process_menu()  # what "Process…" pops up (offscreen cannot pop up)
    menu = window.detail.process_menu
    names = [a.text() for a in menu.actions()]
    assert names == ["After-sales check", "Delivery confirmation", "Customer visit", "Inbound call"]
    menu.actions()[1].trigger()
    dialog = _runner(qtbot, window)
    assert dialog.run.definition.kind == "delivery"
    assert dialog.grid.buttons[2].text() == "3 Not delivered › Customer not there"
    with qtbot.waitSignal(dialog.accepted):
        _button(dialog, "customer_absent").click()  # not delivered: the run ends and saves
    detail = account_detail(workspace, BEIJING)
    assert detail is not None
    assert detail.timeline[0].process_name == "Delivery confirmation"
    assert detail.timeline[0].codes == ("Not delivered › Customer not there",)
    assert any(t.title == "Deliver again" and t.kind == "visit" for t in detail.open_tasks)
