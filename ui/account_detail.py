"""The account pane: who the customer is, what to do next, and everything logged so far.

The header carries the two everyday actions, "Log visit" (Ctrl+L) and "Log call" (Ctrl+K); each
runs the newest process of its kind and is greyed out when the replica has none. "Process…"
(Ctrl+R) offers every process (a delivery confirmation, an after-sales check, ...).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import catalog
from app.accounts import account_detail
from app.processes import ProcessDefinition
from app.views import AccountDetail, ContactView, TaskView, TimelineEntry
from app.workspace import Workspace
from ui.account_form import AccountFormDialog
from ui.formats import recorded_time, short_date
from ui.process_runner import ProcessRunnerDialog
from ui.style import styled_label
from ui.task_form import ContactFormDialog, TaskFormDialog

if TYPE_CHECKING:
    from ui.sync_controller import SyncController


def _due(due_date: str, language: str) -> str:
    try:
        return short_date(dt.date.fromisoformat(due_date), language)
    except ValueError:
        return due_date


class AccountDetailPane(QStackedWidget):
    """Shows one account; a hint until one is chosen."""

    activity_logged = Signal(str)
    # Any other edit made from this pane (the account, a contact, a task).
    account_changed = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._detail: AccountDetail | None = None
        self.setObjectName("detail")
        self.setAccessibleName(self.tr("Account details"))

        hint = styled_label(
            self.tr("Choose an account to see its contacts, open tasks and timeline."), "muted"
        )
        hint.setWordWrap(True)
        hint.setContentsMargins(24, 24, 24, 24)
        self.addWidget(hint)

        page = QWidget(self)
        self.name_label = styled_label("", "title")
        self.name_label.setWordWrap(True)
        self.name_label.setAccessibleName(self.tr("Account name"))
        self.facts_label = styled_label("", "muted")
        self.contact_label = styled_label("", "")
        # The phone is a tel: link: a click hands it to the softphone or the phone app.
        self.contact_label.setTextFormat(Qt.TextFormat.RichText)
        self.contact_label.setOpenExternalLinks(True)
        self.contact_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.address_label = styled_label("", "muted")
        self.address_label.setWordWrap(True)

        self.log_visit_button = self._action_button(self.tr("Log visit"), "Ctrl+L", "visit")
        self.log_visit_button.setProperty("kind", "primary")
        self.log_call_button = self._action_button(self.tr("Log call"), "Ctrl+K", "call")
        self.run_button = self._form_button(self.tr("Process…"), "Ctrl+R", self.on_choose_process)
        self.run_button.setAccessibleName(self.tr("Run a process"))
        self.run_button.setToolTip(self.tr("Run any process: delivery, after-sales, … (Ctrl+R)"))
        self.process_menu = QMenu(self)
        self.process_menu.setAccessibleName(self.tr("Processes"))
        self.add_task_button = self._form_button(self.tr("+ Task"), "Ctrl+T", self.on_add_task)
        self.add_contact_button = self._form_button(
            self.tr("+ Contact"), "Ctrl+Shift+N", self.on_add_contact
        )
        self.edit_button = self._form_button(self.tr("Edit"), "Ctrl+E", self.on_edit)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        for button in (
            self.log_visit_button,
            self.log_call_button,
            self.run_button,
            self.add_task_button,
            self.add_contact_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.edit_button)

        self.sections_area = QScrollArea(page)
        self.sections_area.setWidgetResizable(True)
        self.sections_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections_area.setAccessibleName(self.tr("Contacts, open tasks and timeline"))

        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(4)
        for widget in (self.name_label, self.facts_label, self.contact_label, self.address_label):
            layout.addWidget(widget)
        layout.addSpacing(10)
        layout.addLayout(actions)
        layout.addSpacing(6)
        layout.addWidget(self.sections_area, 1)
        self.addWidget(page)

    def _action_button(self, text: str, shortcut: str, kind: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setShortcut(QKeySequence(shortcut))
        button.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})")
        button.setAccessibleName(text)
        button.setEnabled(False)
        button.clicked.connect(lambda: self.on_log(kind))
        return button

    def _form_button(self, text: str, shortcut: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setShortcut(QKeySequence(shortcut))
        button.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})")
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        return button

    def open_account(self, account_id: str) -> None:
        """Show the account and put the keyboard on its first action (Log visit)."""
        if account_id != self.account_id:
            self.show_account(account_id)
        target = self.log_visit_button if self.log_visit_button.isEnabled() else self.edit_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def account_id(self) -> str | None:
        return self._detail.id if self._detail else None

    @property
    def account_name(self) -> str:
        return self._detail.name if self._detail else ""

    def show_account(self, account_id: str | None) -> None:
        detail = account_detail(self._workspace, account_id) if account_id else None
        self._detail = detail
        if detail is None:
            self.setCurrentIndex(0)
            self.log_visit_button.setEnabled(False)
            self.log_call_button.setEnabled(False)
            return
        self.name_label.setText(detail.name)
        self.facts_label.setText(_joined(detail.tier, detail.status))
        place = ", ".join(p for p in (detail.city, detail.country) if p)
        self.contact_label.setText(_joined(_tel_link(detail.phone), html.escape(place)))
        self.contact_label.setVisible(bool(detail.phone or place))
        self.address_label.setText(detail.address)
        self.address_label.setVisible(bool(detail.address))
        self.log_visit_button.setEnabled(catalog.process(self._workspace, "visit") is not None)
        self.log_call_button.setEnabled(catalog.process(self._workspace, "call") is not None)
        self.sections_area.setWidget(self._body(detail))  # the old body is deleted
        self.setCurrentIndex(1)

    def follow(self, sync: SyncController) -> None:
        """Refresh, shown or not, after a sync that changed what an account shows."""
        sync.follow(
            self,
            frozenset({"account", "contact", "task", "activity", "process", "code_set"}),
            self.refresh,
            while_hidden=True,
        )

    def refresh(self) -> None:
        self.show_account(self.account_id)

    def on_log(self, kind: str) -> None:
        self.run_process(catalog.process(self._workspace, kind))

    def on_choose_process(self) -> None:
        """A menu of every process (its newest version); the chosen one runs."""
        self.fill_process_menu()
        self.process_menu.popup(self.run_button.mapToGlobal(self.run_button.rect().bottomLeft()))

    def fill_process_menu(self) -> None:
        self.process_menu.clear()
        for definition in catalog.processes(self._workspace):
            action = self.process_menu.addAction(definition.name(self._workspace.language))
            action.triggered.connect(
                lambda _checked=False, chosen=definition: self.run_process(chosen)
            )

    def run_process(self, definition: ProcessDefinition | None) -> ProcessRunnerDialog | None:
        if self._detail is None or definition is None:
            return None
        dialog = ProcessRunnerDialog(
            self._workspace, self._detail.id, self._detail.name, definition, self
        )
        dialog.accepted.connect(self.on_runner_accepted)
        dialog.open()
        return dialog

    def _open_form(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.on_form_accepted)
        dialog.open()

    def on_add_task(self) -> None:
        if self._detail is not None:
            self._open_form(TaskFormDialog(self._workspace, self._detail.id, self))

    def on_add_contact(self) -> None:
        if self._detail is not None:
            self._open_form(ContactFormDialog(self._workspace, self._detail.id, self))

    def on_edit(self) -> None:
        if self._detail is not None:
            self._open_form(AccountFormDialog(self._workspace, self._detail.id, parent=self))

    def on_form_accepted(self) -> None:
        account_id = self.account_id
        self.refresh()
        if account_id:
            self.account_changed.emit(account_id)

    def on_runner_accepted(self) -> None:
        account_id = self.account_id
        self.refresh()
        if account_id:
            self.activity_logged.emit(account_id)

    # --- the sections ---------------------------------------------------------------------

    def _body(self, detail: AccountDetail) -> QWidget:
        body = QWidget()
        body.setObjectName("detailBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 12)
        layout.setSpacing(6)
        sections = (
            (self.tr("Contacts"), self.tr("No contacts yet."), self._contacts(detail.contacts)),
            (self.tr("Open tasks"), self.tr("No open tasks."), self._tasks(detail.open_tasks)),
            (
                self.tr("Timeline"),
                self.tr("Nothing logged yet. Log a visit or a call to start the timeline."),
                self._timeline(detail.timeline),
            ),
        )
        for title, empty_text, entries in sections:
            layout.addWidget(styled_label(title, "section"))
            if entries.count():
                layout.addLayout(entries)
            else:
                layout.addWidget(styled_label(empty_text, "muted"))
        layout.addStretch(1)
        return body

    def _contacts(self, contacts: tuple[ContactView, ...]) -> QVBoxLayout:
        column = _column()
        for contact in contacts:
            column.addWidget(_wrapped(_joined(contact.name, contact.title), ""))
            reach = _joined(contact.phone, contact.email)
            if reach:
                column.addWidget(_wrapped(reach, "muted"))
            column.addSpacing(6)
        return column

    def _tasks(self, tasks: tuple[TaskView, ...]) -> QVBoxLayout:
        column = _column()
        for task in tasks:
            line = QHBoxLayout()
            line.setSpacing(10)
            line.addWidget(styled_label(_due(task.due_date, self._workspace.language), "muted"))
            if task.overdue:
                line.addWidget(styled_label(self.tr("Overdue"), "overdue"))
            line.addWidget(_wrapped(task.title, ""), 1)
            column.addLayout(line)
        return column

    def _timeline(self, entries: tuple[TimelineEntry, ...]) -> QVBoxLayout:
        column = _column()
        for entry in entries:
            line = QHBoxLayout()
            line.addWidget(_wrapped(entry.process_name, "strong"), 1)
            when = recorded_time(entry.occurred_at, self._workspace.language)
            line.addWidget(styled_label(when, "muted"))
            column.addLayout(line)
            if entry.codes:
                column.addWidget(_wrapped(_joined(*entry.codes), ""))
            if entry.note:
                column.addWidget(_wrapped(entry.note, "muted"))
            column.addSpacing(10)
        return column


def _joined(*parts: str) -> str:
    """The parts that are there, as "a · b"."""
    return " · ".join(part for part in parts if part)


def _tel_link(phone: str) -> str:
    """The phone as a tel: link (digits and + only in the address), escaped for rich text."""
    if not phone:
        return ""
    target = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f'<a href="tel:{target}">☎ {html.escape(phone)}</a>'


def _wrapped(text: str, kind: str) -> QLabel:
    label = styled_label(text, kind)
    label.setWordWrap(True)
    return label


def _column() -> QVBoxLayout:
    column = QVBoxLayout()
    column.setSpacing(3)
    return column
