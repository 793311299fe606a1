"""Calendar and address-book files from the window's menus: the tasks to an .ics file, the
contacts to a .vcf file, and a .vcf file into the open account."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
import vobject
from PySide6.QtWidgets import QMenu
from sqlalchemy.exc import OperationalError

from app import sync_service
from app.accounts import account_detail
from app.errors import SaveError
from app.workspace import Workspace
from tests.ui.conftest import BEIJING
from ui.main_window import MainWindow
from ui.problems import save_failure_text

NEW_PEOPLE = """BEGIN:VCARD
VERSION:3.0
FN:王芳
TITLE:采购经理
TEL;TYPE=WORK:+86 10 6666 1234
EMAIL;TYPE=INTERNET:wang.fang@example.cn
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:
TEL;TYPE=CELL:138 0000 0000
END:VCARD
"""


@pytest.fixture
def told(monkeypatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(
        "ui.exchange.QMessageBox.information", lambda _parent, _title, text: messages.append(text)
    )
    return messages


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    return window


def _choose(monkeypatch, dialog: str, path: Path) -> None:
    monkeypatch.setattr(f"ui.exchange.QFileDialog.{dialog}", lambda *_args: (str(path), ""))


def _menu_action(window: MainWindow, menu_text: str, action_text: str):
    menu = next(a for a in window.menuBar().actions() if a.text() == menu_text).menu()
    assert isinstance(menu, QMenu)
    return next(a for a in menu.actions() if a.text() == action_text)


def test_the_file_menu_exports_open_tasks_as_a_calendar(window, monkeypatch, tmp_path, told):
    target = tmp_path / "week.ics"
    _choose(monkeypatch, "getSaveFileName", target)
    _menu_action(window, "&File", "Export tasks to &calendar…").trigger()

    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    summaries = [str(c.get("summary")) for c in calendar.walk() if c.name in ("VTODO", "VEVENT")]
    assert any("Call back about the price list" in summary for summary in summaries)
    assert told == [f"Saved to {target}."]


def test_the_file_menu_exports_contacts_as_vcards(window, monkeypatch, tmp_path, told):
    target = tmp_path / "people.vcf"
    _choose(monkeypatch, "getSaveFileName", target)
    _menu_action(window, "&File", "Export c&ontacts…").trigger()

    cards = list(vobject.readComponents(target.read_text(encoding="utf-8")))
    assert cards and all(card.fn.value for card in cards)
    assert told == [f"Saved to {target}."]


def test_a_folder_that_cannot_be_written_is_said_plainly(window, monkeypatch, tmp_path, told):
    target = tmp_path / "missing-folder" / "week.ics"
    _choose(monkeypatch, "getSaveFileName", target)
    window.exchange.on_export_calendar()
    assert told == [f"{target} could not be written. Choose another folder and try again."]


def test_vcards_are_imported_into_the_open_account(window, workspace, monkeypatch, tmp_path, told):
    source = tmp_path / "from-phone.vcf"
    source.write_text(NEW_PEOPLE, encoding="utf-8")
    window.open_account(BEIJING)
    before = sync_service.status(workspace).pending
    _choose(monkeypatch, "getOpenFileName", source)
    _menu_action(window, "&Account", "&Import contacts (vCard)…").trigger()

    assert told == [
        "Contacts added: 1. Cards skipped: 1 (already here, no name, or unreadable details)."
    ]
    detail = account_detail(workspace, BEIJING)
    assert detail is not None
    assert "王芳" in [contact.name for contact in detail.contacts]
    assert sync_service.status(workspace).pending == before + 1  # queued for the server


def test_a_file_that_is_no_vcard_adds_nothing(window, workspace, monkeypatch, tmp_path, told):
    source = tmp_path / "notes.vcf"
    source.write_text("just some notes", encoding="utf-8")
    window.open_account(BEIJING)
    before = sync_service.status(workspace).pending
    _choose(monkeypatch, "getOpenFileName", source)
    window.exchange.on_import_contacts(window.detail.account_id)
    assert told == ["notes.vcf could not be read as contacts (vCard). Nothing was added."]
    assert sync_service.status(workspace).pending == before


def test_an_import_the_disk_refuses_is_said_plainly(window, workspace, monkeypatch, tmp_path, told):
    source = tmp_path / "from-phone.vcf"
    source.write_text(NEW_PEOPLE, encoding="utf-8")
    window.open_account(BEIJING)
    before = sync_service.status(workspace).pending
    _choose(monkeypatch, "getOpenFileName", source)

    def refuse(*_args, **_kwargs) -> None:
        raise OperationalError("INSERT INTO contact", {}, Exception("disk I/O error"))

    monkeypatch.setattr("app.vcards.records.save", refuse)
    window.exchange.on_import_contacts(window.detail.account_id)
    monkeypatch.undo()

    assert told == [save_failure_text(SaveError())]
    assert sync_service.status(workspace).pending == before


def test_importing_needs_an_open_account(window, told):
    window.exchange.on_import_contacts(None)
    assert told == ["Open an account first; its contacts are added to it."]
