"""Small forms on an account: a new task (title and a due date with quick picks) and a new
contact."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.accounts import add_contact
from app.tasks import add_task
from app.today import next_monday
from app.workspace import Workspace
from ui.form_dialog import FormDialog
from ui.formats import pydate, qdate, speak_language


class DueDatePicker(QWidget):
    """A date field with the usual choices one click away: today, tomorrow, next Monday."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = dt.date.today()
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        speak_language(self.edit, language)
        self.edit.setAccessibleName(self.tr("Due date"))
        self.set_date(today + dt.timedelta(days=1))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        for text, day in (
            (self.tr("Today"), today),
            (self.tr("Tomorrow"), today + dt.timedelta(days=1)),
            (self.tr("Next Monday"), next_monday(today)),
        ):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, d=day: self.set_date(d))
            layout.addWidget(button)

    def set_date(self, day: dt.date) -> None:
        self.edit.setDate(qdate(day))

    def date(self) -> dt.date:
        return pydate(self.edit.date())


class TaskFormDialog(FormDialog):
    def __init__(self, workspace: Workspace, account_id: str, parent: QWidget | None = None):
        super().__init__(self.tr("New task"), parent)
        self._workspace = workspace
        self._account_id = account_id
        self.title = QLineEdit(self)
        self.title.setAccessibleName(self.tr("Task"))
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Kind"))
        for text, key in (
            (self.tr("Task"), "task"),
            (self.tr("Call"), "call"),
            (self.tr("Visit"), "visit"),
        ):
            self.kind.addItem(text, key)
        self.due = DueDatePicker(workspace.language, self)
        self.rows.addRow(self.tr("&What"), self.title)
        self.rows.addRow(self.tr("&Kind"), self.kind)
        self.rows.addRow(self.tr("&Due"), self.due)

    def save(self) -> None:
        add_task(
            self._workspace,
            self._account_id,
            self.title.text().strip(),
            self.due.date(),
            str(self.kind.currentData()),
        )


class ContactFormDialog(FormDialog):
    def __init__(self, workspace: Workspace, account_id: str, parent: QWidget | None = None):
        super().__init__(self.tr("New contact"), parent)
        self._workspace = workspace
        self._account_id = account_id
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Name"))
        self.title = QLineEdit(self)
        self.title.setAccessibleName(self.tr("Job title"))
        self.phone = QLineEdit(self)
        self.phone.setAccessibleName(self.tr("Phone"))
        self.rows.addRow(self.tr("&Name"), self.name)
        self.rows.addRow(self.tr("&Job title"), self.title)
        self.rows.addRow(self.tr("&Phone"), self.phone)

    def save(self) -> None:
        add_contact(
            self._workspace,
            self._account_id,
            self.name.text(),
            self.title.text(),
            self.phone.text(),
        )
