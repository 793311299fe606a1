"""Creating and editing accounts: plain-words validation, codes as buttons, and the offline
duplicate warning while a new account is typed; contacts and tasks from the account pane."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel

from app import sync_service
from app.accounts import account_detail, search_accounts
from app.today import next_monday
from app.workspace import Workspace
from tests.ui.conftest import BEIJING
from tests.ui.input_counter import InputCounter
from ui.account_detail import AccountDetailPane
from ui.account_form import AccountFormDialog
from ui.task_form import ContactFormDialog, TaskFormDialog


def _form(qtbot, workspace: Workspace, account_id: str | None = None) -> AccountFormDialog:
    dialog = AccountFormDialog(workspace, account_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_close_name_or_the_same_number_is_flagged_while_typing(
    qtbot, workspace: Workspace
) -> None:
    dialog = _form(qtbot, workspace)
    dialog.name.setText("北京科技")
    qtbot.waitUntil(dialog.similar_label.isVisible)
    assert "北京科技有限公司" in dialog.similar_label.text()

    dialog.name.setText("Totally New Ltd")
    qtbot.waitUntil(lambda: not dialog.similar_label.isVisible())
    dialog.phone.setText("+86 21 5555 0101")  # Shanghai Ocean Trading's, written otherwise
    qtbot.waitUntil(dialog.similar_label.isVisible)
    assert "Shanghai Ocean Trading" in dialog.similar_label.text()


def test_a_missing_name_is_said_in_plain_words(qtbot, workspace: Workspace) -> None:
    dialog = _form(qtbot, workspace)
    dialog.phone.setText("0571-8888 1234")
    dialog.on_save()
    assert dialog.problem_label.text() == "Name is needed."
    assert dialog.saved_id is None
    assert sync_service.status(workspace).pending == 0


def test_codes_are_buttons_and_the_account_is_saved(
    qtbot, workspace: Workspace, user: InputCounter
) -> None:
    dialog = _form(qtbot, workspace)
    dialog.name.setText("杭州西湖茶业")
    dialog.city.setText("杭州")
    user.click(dialog.tier.buttons["b"])
    user.click(dialog.status.buttons["prospect"])
    dialog.on_save()
    assert dialog.saved_id is not None
    detail = account_detail(workspace, dialog.saved_id)
    assert detail is not None
    assert (detail.name, detail.city, detail.tier, detail.status) == (
        "杭州西湖茶业",
        "杭州",
        "B · Growth",
        "Prospect",
    )
    assert [a.name for a in search_accounts(workspace, "hzxh")] == ["杭州西湖茶业"]


def test_editing_keeps_what_was_not_touched(qtbot, workspace: Workspace) -> None:
    dialog = _form(qtbot, workspace, BEIJING)
    assert dialog.name.text() == "北京科技有限公司"
    assert dialog.tier.value() == "a"
    assert not dialog.similar_label.isVisible()
    dialog.phone.setText("010-8765 4321")
    dialog.on_save()
    detail = account_detail(workspace, BEIJING)
    assert detail is not None
    assert (detail.phone, detail.city) == ("010-8765 4321", "海淀")


def test_a_task_with_a_quick_due_date_and_a_contact(qtbot, workspace: Workspace) -> None:
    pane = AccountDetailPane(workspace)
    qtbot.addWidget(pane)
    pane.show_account(BEIJING)
    with qtbot.waitSignal(pane.account_changed):
        pane.on_add_task()
        dialog = pane.findChild(TaskFormDialog)
        assert dialog is not None
        dialog.title.setText("Bring the new catalogue")
        monday = next(
            b for b in dialog.findChildren(type(pane.edit_button)) if b.text() == "Next Monday"
        )
        monday.click()
        dialog.on_save()
    detail = account_detail(workspace, BEIJING)
    assert detail is not None
    task = next(t for t in detail.open_tasks if t.title == "Bring the new catalogue")
    assert task.due_date == next_monday(dt.date.today()).isoformat()
    assert "Bring the new catalogue" in [label.text() for label in pane.findChildren(QLabel)]

    pane.on_add_contact()
    contact = pane.findChild(ContactFormDialog)
    assert contact is not None
    contact.on_save()  # no name
    assert contact.problem_label.text() == "Name is needed."
    contact.name.setText("李静")
    contact.phone.setText("139 1111 2222")
    contact.on_save()
    assert [a.id for a in search_accounts(workspace, "139 1111 2222")] == [BEIJING]


def test_a_country_is_chosen_by_name_shown_and_reads_the_number_there(
    qtbot, workspace: Workspace
) -> None:
    dialog = _form(qtbot, workspace)
    dialog.name.setText("Borough Market Traders")
    dialog.phone.setText("020 7407 1002")
    dialog.country.setCurrentIndex(dialog.country.findData("GB"))
    assert dialog.country.currentText() == "United Kingdom (GB)"
    dialog.on_save()
    assert dialog.saved_id is not None

    edit = _form(qtbot, workspace, dialog.saved_id)
    assert edit.country.currentData() == "GB"
    detail = account_detail(workspace, dialog.saved_id)
    assert detail is not None and detail.country == "United Kingdom"
    pane = AccountDetailPane(workspace)
    qtbot.addWidget(pane)
    pane.show_account(dialog.saved_id)
    assert "United Kingdom" in pane.contact_label.text()
    # the London number, dialled from abroad, finds it: read in the United Kingdom
    assert [a.id for a in search_accounts(workspace, "+44 20 7407 1002")] == [dialog.saved_id]
    assert [a.id for a in search_accounts(workspace, "英国")] == [dialog.saved_id]
