"""Every dialog opens with the keyboard in the first field a person types in: typed letters
land there, and Space never presses a button by surprise."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app import catalog
from app.accounts import account_detail
from app.settings import Settings
from app.workspace import Workspace
from sync.credentials import TokenStore
from tests.ui.conftest import BEIJING
from ui.account_form import AccountFormDialog
from ui.change_password import ChangePasswordDialog
from ui.process_runner import ProcessRunnerDialog
from ui.settings_dialog import SettingsDialog
from ui.sign_in import SignInDialog
from ui.task_form import ContactFormDialog, TaskFormDialog


def _opened(qtbot, dialog: QDialog) -> QWidget | None:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    return QApplication.focusWidget()


def _runner(workspace: Workspace) -> ProcessRunnerDialog:
    visit = catalog.process(workspace, "visit")
    assert visit is not None
    return ProcessRunnerDialog(workspace, BEIJING, "北京科技有限公司", visit)


def _opening(name: str, workspace: Workspace, tmp_path: Path) -> tuple[QDialog, QWidget]:
    """The dialog called `name`, and the field a person types in first."""
    if name in ("new account", "edit account"):
        account = AccountFormDialog(workspace, BEIJING if name == "edit account" else None)
        return account, account.name
    if name == "new task":
        task = TaskFormDialog(workspace, BEIJING)
        return task, task.title
    if name == "new contact":
        contact = ContactFormDialog(workspace, BEIJING)
        return contact, contact.name
    if name == "change password":
        password = ChangePasswordDialog(workspace)
        return password, password.current
    if name == "settings":
        settings = SettingsDialog(Settings(), workspace)
        return settings, settings.language
    if name == "sign in":
        sign_in = SignInDialog(Settings(), TokenStore(), tmp_path / "data", "en")
        return sign_in, sign_in.server
    runner = _runner(workspace)
    return runner, runner.grid


DIALOGS = [
    "new account",
    "edit account",
    "new task",
    "new contact",
    "change password",
    "settings",
    "sign in",
    "process runner",
]


@pytest.mark.parametrize("name", DIALOGS)
def test_each_dialog_opens_on_its_first_field(
    qtbot, workspace: Workspace, tmp_path: Path, name: str
) -> None:
    dialog, first = _opening(name, workspace, tmp_path)
    assert _opened(qtbot, dialog) is first


def test_typing_into_a_new_task_at_once(qtbot, workspace: Workspace) -> None:
    dialog = TaskFormDialog(workspace, BEIJING)
    _opened(qtbot, dialog)
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, "Send samples")  # the space types a space, it saves nothing
    assert dialog.title.text() == "Send samples"
    assert dialog.isVisible() and not dialog.problem_label.isVisible()
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.kind  # Tab walks the fields, then the buttons
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Return)
    detail = account_detail(workspace, BEIJING)
    assert detail is not None and "Send samples" in [t.title for t in detail.open_tasks]
