"""The call desk: a caller's number in any format finds the account; several matches give a
pick list; none opens a new account with the number; the wrap-up takes two clicks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.accounts import account_detail
from app.settings import NoPolicies, Settings
from app.workspace import Workspace
from tests.ui.conftest import BEIJING
from tests.ui.input_counter import InputCounter
from ui.account_form import AccountFormDialog
from ui.call_desk import CallDesk
from ui.code_grid import CodeButton
from ui.main_window import MainWindow
from ui.settings_dialog import SettingsDialog

Key = Qt.Key


@pytest.fixture
def desk(qtbot, workspace: Workspace) -> CallDesk:
    view = CallDesk(workspace)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    with qtbot.waitActive(view):
        view.show()
    return view


@pytest.mark.parametrize(
    "typed",
    ["+86 10 1234 5678", "010-12345678", "1234 5678", "(010) 1234-5678", "8610 12345678"],
)
def test_the_callers_number_in_any_format_finds_the_account(desk: CallDesk, typed: str) -> None:
    matches = desk.look_up(typed)
    assert [m.id for m in matches] == [BEIJING]
    assert desk.pages.currentIndex() == CallDesk.ACCOUNT
    assert desk.detail.name_label.text() == "北京科技有限公司"


def test_a_contacts_number_finds_the_account(desk: CallDesk) -> None:
    assert [m.id for m in desk.look_up("+86 138 0013 8000")] == [BEIJING]


def test_typing_the_number_and_enter(desk: CallDesk, qtbot) -> None:
    desk.phone_box.setFocus()
    qtbot.keyClicks(desk.phone_box, "010 1234 5678")
    with qtbot.waitSignal(desk.account_shown) as shown:
        qtbot.keyClick(desk.phone_box, Key.Key_Return)
    assert shown.args == [BEIJING]


def test_several_matches_show_a_short_pick_list(desk: CallDesk, qtbot) -> None:
    matches = desk.look_up("0")  # in every sample number
    assert len(matches) > 1
    assert desk.pages.currentIndex() == CallDesk.PICK
    assert desk.pick_list.count() == len(matches)
    row = next(i for i, m in enumerate(matches) if m.id == BEIJING)
    desk.pick_list.setCurrentRow(row)
    with qtbot.waitSignal(desk.account_shown) as shown:
        qtbot.keyClick(desk.pick_list, Key.Key_Return)
    assert shown.args == [BEIJING]


def test_no_match_opens_a_new_account_with_the_number(
    desk: CallDesk, qtbot, workspace: Workspace
) -> None:
    assert desk.look_up("0512-6666 7777") == []
    dialog = desk.findChild(AccountFormDialog)
    assert dialog is not None
    assert dialog.phone.text() == "0512-6666 7777"
    dialog.name.setText("苏州新客户")  # keyClicks sends ASCII only
    with qtbot.waitSignal(desk.account_shown) as shown:
        dialog.on_save()
    detail = account_detail(workspace, shown.args[0])
    assert detail is not None and detail.phone == "0512-6666 7777"
    assert desk.detail.name_label.text() == "苏州新客户"


def _code(desk: CallDesk, key: str) -> CodeButton:
    return next(b for b in desk.wrap_up.grid.buttons if b.code_key == key)


def test_wrap_up_takes_two_clicks_and_a_callback_one_more(
    desk: CallDesk, workspace: Workspace, user: InputCounter
) -> None:
    desk.look_up("010-12345678")
    before = account_detail(workspace, BEIJING)
    assert before is not None

    user.click(_code(desk, "complaint"))  # why the customer called
    user.click(_code(desk, "resolved"))  # the disposition: saves at once
    assert user.clicks == 2
    assert user.typed == 0
    after = account_detail(workspace, BEIJING)
    assert after is not None
    assert len(after.timeline) == len(before.timeline) + 1
    assert after.timeline[0].codes == ("Complaint", "Resolved")
    assert desk.wrap_up.done_label.text() == "Call saved. Ready for the next call."

    user.click(desk.wrap_up.callback_button)
    assert user.clicks == 3
    tasks = account_detail(workspace, BEIJING)
    assert tasks is not None
    assert "Call back 北京科技有限公司" in [t.title for t in tasks.open_tasks]


def test_wrap_up_by_keys_with_a_note(
    desk: CallDesk, workspace: Workspace, user: InputCounter, qtbot
) -> None:
    desk.look_up("010-12345678")
    desk.wrap_up.note.setText("Asked about delivery dates")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is desk.wrap_up.grid)
    user.press(Key.Key_5)  # reason: delivery
    user.press(Key.Key_2)  # disposition: callback, which the rules follow up with a task
    assert user.keys == 2
    detail = account_detail(workspace, BEIJING)
    assert detail is not None
    assert detail.timeline[0].codes == ("Delivery", "Call back")
    assert detail.timeline[0].note == "Asked about delivery dates"


def test_wrap_up_keys_are_the_runners(
    desk: CallDesk, workspace: Workspace, user: InputCounter, qtbot
) -> None:
    """Digit answers and goes on, Backspace goes back, Enter goes on, the last digit saves."""
    desk.look_up("010-12345678")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is desk.wrap_up.grid)
    user.press(Key.Key_5)
    assert desk.wrap_up.steps is not None and desk.wrap_up.steps.run.position == 2
    user.press(Key.Key_Backspace)
    assert desk.wrap_up.steps.run.position == 1
    assert _code(desk, "delivery").isChecked()
    user.press(Key.Key_Return)
    assert desk.wrap_up.steps.run.position == 2
    with qtbot.waitSignal(desk.wrap_up.saved):
        user.press(Key.Key_1)
    assert (user.keys, user.clicks, user.typed) == (4, 0, 0)
    detail = account_detail(workspace, BEIJING)
    assert detail is not None
    assert detail.timeline[0].codes == ("Delivery", "Resolved")


def test_the_callers_card_shows_contacts_tasks_and_activities_at_1280x800(
    qtbot, workspace: Workspace
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
    window.show_section(window.CALL_DESK)
    window.call_desk.look_up("010-12345678")
    detail = window.call_desk.detail
    area = detail.sections_area
    body = area.widget()
    assert body is not None
    qtbot.waitUntil(body.isVisible)
    assert area.verticalScrollBar().maximum() == 0  # nothing to scroll to
    bottom = area.viewport().height()
    shown = {
        label.text()
        for label in area.findChildren(QLabel)
        if label.isVisible()
        and not label.visibleRegion().isEmpty()
        and label.mapTo(area.viewport(), label.rect().bottomLeft()).y() <= bottom
    }
    assert "Call back about the price list" in shown
    assert "Customer visit" in shown
    assert any(text.startswith("王伟") for text in shown)


@pytest.mark.parametrize(
    ("role", "setting", "section"),
    [
        ("agent", "", MainWindow.CALL_DESK),
        ("rep", "", MainWindow.TODAY),
        ("rep", "call_desk", MainWindow.CALL_DESK),
        ("agent", "today", MainWindow.TODAY),
    ],
)
def test_agents_start_on_the_call_desk(
    qtbot, workspace: Workspace, tmp_path: Path, role: str, setting: str, section: int
) -> None:
    workspace.me = replace(workspace.me, role=role)
    settings = Settings(tmp_path / "settings.json", policies=NoPolicies())
    if setting:
        settings.set("StartSection", setting)
    window = MainWindow(workspace, settings=settings)
    qtbot.addWidget(window)
    assert window.pages.currentIndex() == section
    if section == MainWindow.CALL_DESK:
        assert window.focusWidget() is window.call_desk.phone_box


def test_where_to_start_is_chosen_in_the_settings(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    settings = Settings(tmp_path / "settings.json", policies=NoPolicies())
    dialog = SettingsDialog(settings, workspace)
    qtbot.addWidget(dialog)
    assert dialog.start.currentText() == "My role's page"
    dialog.start.setCurrentIndex(dialog.start.findData("call_desk"))
    dialog.on_ok()
    assert settings.get("StartSection") == "call_desk"
