"""The call desk: the caller's number in, the caller's account on screen, and the wrap-up.

A number comes from the phone box, from `fieldbook lookup --phone` or a `fieldbook:` link (see
MainWindow.show_caller). One match shows the account at once; several show a short pick list;
none opens a new account with the number filled in. The wrap-up walks the call process inline
with the runner's grammar (`app.steps`): a click or digit key per single-choice step, the last
one saves at once, so a reason and a disposition take two clicks or two keys; Enter goes on
from a multiple-choice step, Backspace goes back; a callback task is one more click.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import catalog
from app.accounts import find_by_phone, identifies_one
from app.activities import log_activity
from app.errors import SaveError
from app.processes import ProcessRun
from app.settings import Settings
from app.steps import StepController
from app.tasks import add_task
from app.views import AccountSummary
from app.workspace import Workspace
from protocol.paths import MAX_TEXT
from ui.account_detail import AccountDetailPane
from ui.account_form import AccountFormDialog
from ui.problems import save_failure_text
from ui.result_keys import ResultKeys
from ui.step_keys import handle_step_key
from ui.step_view import StepView
from ui.style import styled_label

if TYPE_CHECKING:
    from ui.sync_controller import SyncController

log = logging.getLogger(__name__)

ACCOUNT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class WrapUpPanel(QWidget):
    """The call process for one account, one step at a time; the last click saves."""

    saved = Signal(str)  # the account id

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._account_id = ""
        self._account_name = ""
        self.steps: StepController | None = None
        self.setAccessibleName(self.tr("Call wrap-up"))
        # Beside the caller's card, narrow: two columns of codes.
        self.step_view = StepView("strong", self, max_columns=2)
        self.grid = self.step_view.grid
        self.grid.code_clicked.connect(self.on_code_clicked)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.note.setAccessibleName(self.tr("Call note"))
        self.note.setMaxLength(MAX_TEXT)
        self.back_button = QPushButton(self.tr("← Back"), self)
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.on_back)
        self.next_button = QPushButton(self.tr("Next →"), self)
        self.next_button.setAutoDefault(False)
        self.next_button.setProperty("kind", "primary")
        self.next_button.clicked.connect(self.on_next)
        self.callback_button = QPushButton(self.tr("Call back tomorrow"), self)
        self.callback_button.setShortcut(QKeySequence("Ctrl+B"))
        self.callback_button.setToolTip(self.tr("Add a callback task for tomorrow (Ctrl+B)"))
        self.callback_button.setAutoDefault(False)
        self.callback_button.clicked.connect(self.on_callback)
        self.done_label = styled_label("", "muted", self)
        self.done_label.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.callback_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.step_view)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(self.done_label)
        layout.addStretch(1)

    def start(self, account_id: str, account_name: str) -> None:
        """A fresh wrap-up for a new call; hidden when the replica has no call process."""
        definition = catalog.process(self._workspace, "call")
        self._account_id, self._account_name = account_id, account_name
        self.steps = StepController(ProcessRun(definition)) if definition else None
        self.setVisible(self.steps is not None)
        self.note.clear()
        self.done_label.clear()
        self.callback_button.setEnabled(True)
        self.show_step()

    def clear(self) -> None:
        """No caller on screen: nothing to wrap up (until the next `start`)."""
        self._account_id, self._account_name = "", ""
        self.steps = None
        self.setVisible(False)

    def show_step(self) -> None:
        if self.steps is None:
            return
        run = self.steps.run
        step = run.current
        language = self._workspace.language
        title = self.tr("Wrap-up %1 of %2: %3")
        self.step_view.show_step(
            run,
            catalog.code_lists(self._workspace),
            language,
            question=title.replace("%1", str(run.position))
            .replace("%2", str(run.total))
            .replace("%3", step.question(language)),
            guidance=bool(Settings().get("ShowGuidance")),
        )
        self.back_button.setEnabled(run.position > 1)
        # Single choice goes on (or saves) by the click itself; only "choose any" needs Next.
        self.next_button.setVisible(step.multiple or not step.required)
        self.next_button.setText(self.tr("Save") if run.is_last() else self.tr("Next →"))

    def on_code_clicked(self, code_key: str) -> None:
        if self.steps is not None:
            self.steps.pick(code_key, self)

    def on_next(self) -> None:
        if self.steps is not None:
            self.steps.next(self)

    def on_back(self) -> None:
        if self.steps is not None:
            self.steps.back(self)

    def show_choice(self) -> None:
        if self.steps is not None:
            self.grid.set_chosen(self.steps.run.chosen())

    def finish(self) -> None:
        assert self.steps is not None
        try:
            log_activity(
                self._workspace, self._account_id, self.steps.run, self.note.text().strip()
            )
        except SaveError as exc:
            self.done_label.setText(save_failure_text(exc))
            return
        log.info("call wrap-up saved for account %s", self._account_id)
        account_id = self._account_id
        self.start(account_id, self._account_name)
        self.done_label.setText(self.tr("Call saved. Ready for the next call."))
        self.saved.emit(account_id)

    def on_callback(self) -> None:
        if not self._account_id:
            return
        title = self.tr("Call back %1").replace("%1", self._account_name)
        try:
            add_task(
                self._workspace,
                self._account_id,
                title,
                dt.date.today() + dt.timedelta(days=1),
                "call",
            )
        except SaveError as exc:
            self.done_label.setText(save_failure_text(exc))
            return
        self.callback_button.setEnabled(False)
        self.done_label.setText(self.tr("Callback task added for tomorrow."))
        self.saved.emit(self._account_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.steps is None or not handle_step_key(
            event, self.steps, self, self.grid, typing=self.note.hasFocus()
        ):
            super().keyPressEvent(event)


class CallDesk(QWidget):
    """Phone box, the matches, and the caller's account with its wrap-up."""

    account_shown = Signal(str)
    changed = Signal(str)  # an account was saved, or a call was logged on it

    HINT, PICK, ACCOUNT = range(3)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setAccessibleName(self.tr("Call desk"))
        self.phone_box = QLineEdit(self)
        self.phone_box.setPlaceholderText(self.tr("Caller's number"))
        self.phone_box.setAccessibleName(self.tr("Caller's number"))
        self.phone_box.setClearButtonEnabled(True)
        self.phone_box.returnPressed.connect(self.on_lookup)
        self.lookup_button = QPushButton(self.tr("Look up"), self)
        self.lookup_button.setProperty("kind", "primary")
        self.lookup_button.setAutoDefault(False)
        self.lookup_button.clicked.connect(self.on_lookup)
        self.message_label = styled_label("", "muted", self)
        self.message_label.setWordWrap(True)

        self.pages = QStackedWidget(self)
        hint = styled_label(
            self.tr(
                "Type the caller's number and press Enter. Incoming calls from the phone "
                "system open here by themselves."
            ),
            "muted",
        )
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.pick_list = QListWidget(self)
        self.pick_list.setAccessibleName(self.tr("Matching accounts"))
        self.pick_list.itemActivated.connect(self.on_picked)
        self.pick_list.itemClicked.connect(self.on_picked)
        self.result_keys = ResultKeys(self.phone_box, self.pick_list)
        account_page = QWidget(self)
        self.detail = AccountDetailPane(workspace, account_page)
        self.detail.account_changed.connect(self.changed)
        self.detail.activity_logged.connect(self.changed)
        self.wrap_up = WrapUpPanel(workspace, account_page)
        self.wrap_up.saved.connect(self.on_wrap_up_saved)
        # The caller's card beside the wrap-up, not above it: the card gets the page's height,
        # so contacts, open tasks and the last activities show without scrolling (below the
        # wrap-up it was squeezed to some 100 px).
        account_layout = QHBoxLayout(account_page)
        account_layout.setContentsMargins(0, 0, 0, 0)
        account_layout.setSpacing(16)
        account_layout.addWidget(self.detail, 3)
        account_layout.addWidget(self.wrap_up, 2)
        for page in (hint, self.pick_list, account_page):
            self.pages.addWidget(page)

        box = QHBoxLayout()
        box.addWidget(self.phone_box, 1)
        box.addWidget(self.lookup_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(8)
        layout.addLayout(box)
        layout.addWidget(self.message_label)
        layout.addWidget(self.pages, 1)

    def follow(self, sync: SyncController) -> None:
        """The caller's account refreshes itself after syncs (`AccountDetailPane.follow`)."""
        self.detail.follow(sync)

    def look_up(self, phone: str) -> list[AccountSummary]:
        """Show the caller of `phone`: the account, a pick list, or a new account form. Until
        an account is shown, the previous caller's is gone: nothing acts on it any more."""
        self.phone_box.setText(phone)
        matches = find_by_phone(self._workspace, phone)
        one = len(matches) == 1 and identifies_one(phone)
        if not one and phone.strip():
            self.detail.show_account(None)
            self.wrap_up.clear()
        if one:
            self.message_label.clear()
            self.show_account(matches[0].id)
        elif matches:
            if len(matches) == 1:  # a fragment of a number: the agent decides
                text = self.tr("Only part of a number was given; open the account if it fits.")
            else:
                text = self.tr("%n accounts have this number; choose one.", None, len(matches))
            self.message_label.setText(text)
            self.pick_list.clear()
            for match in matches:
                text = " · ".join(p for p in (match.name, match.city, match.phone) if p)
                item = QListWidgetItem(text, self.pick_list)
                item.setData(ACCOUNT_ID_ROLE, match.id)
            self.pick_list.setCurrentRow(0)
            self.pages.setCurrentIndex(self.PICK)
            self.pick_list.setFocus()
        elif phone.strip():
            self.message_label.setText(
                self.tr("No account has this number. A new account is opened for it.")
            )
            self.pages.setCurrentIndex(self.HINT)
            self.new_account(phone)
        return matches

    def new_account(self, phone: str) -> AccountFormDialog:
        dialog = AccountFormDialog(self._workspace, phone=phone, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_created(dialog.saved_id))
        dialog.open()
        return dialog

    def _on_created(self, account_id: str | None) -> None:
        if account_id:
            self.message_label.clear()
            self.show_account(account_id)
            self.changed.emit(account_id)

    def show_account(self, account_id: str) -> None:
        self.detail.show_account(account_id)
        self.wrap_up.start(account_id, self.detail.account_name)
        self.pages.setCurrentIndex(self.ACCOUNT)
        self.wrap_up.grid.setFocus()
        log.info("call desk shows account %s", account_id)
        self.account_shown.emit(account_id)

    def on_lookup(self) -> None:
        self.look_up(self.phone_box.text())

    def on_picked(self, item: QListWidgetItem) -> None:
        self.show_account(str(item.data(ACCOUNT_ID_ROLE)))

    def on_wrap_up_saved(self, account_id: str) -> None:
        self.detail.refresh()
        self.changed.emit(account_id)
