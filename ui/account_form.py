"""Create or edit an account: plain fields, codes as buttons, and while a new account is typed,
a warning when its name or phone is close to an account already on this computer."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app import catalog
from app.accounts import AccountForm, account_form, countries, save_account, similar_accounts
from app.errors import SaveError
from app.workspace import Workspace
from protocol.entities import ENTITY_FIELDS, FieldProblem
from ui.code_choice import CodeChoice
from ui.form_dialog import FormDialog
from ui.style import styled_label

DUPLICATE_CHECK_DELAY_MS = 250


def _line(parent: QWidget, field: str, name: str) -> QLineEdit:
    line = QLineEdit(parent)
    line.setMaxLength(ENTITY_FIELDS["account"][field].max_length)
    line.setAccessibleName(name)
    return line


class AccountFormDialog(FormDialog):
    """Saves and accepts with the account's id in `saved_id`; Escape cancels."""

    def __init__(
        self,
        workspace: Workspace,
        account_id: str | None = None,
        *,
        phone: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Edit account") if account_id else self.tr("New account"), parent)
        self._workspace = workspace
        self._account_id = account_id
        self.saved_id: str | None = None
        self.setMinimumWidth(560)
        lists = catalog.code_lists(workspace)
        language = workspace.language

        self.name = _line(self, "name", self.tr("Name"))
        self.phone = _line(self, "phone", self.tr("Phone"))
        self.city = _line(self, "city", self.tr("City"))
        self.country = QComboBox(self)
        self.country.setAccessibleName(self.tr("Country"))
        self.country.addItem(self.tr("(not given)"), "")
        for code, country_name in countries(language):
            self.country.addItem(f"{country_name} ({code})", code)
        self.address = _line(self, "address", self.tr("Address"))
        tiers = lists["account_tier"].active() if "account_tier" in lists else ()
        statuses = lists["account_status"].active() if "account_status" in lists else ()
        self.tier = CodeChoice(tiers, language, self.tr("Tier"), self)
        self.status = CodeChoice(statuses, language, self.tr("Status"), self)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setFixedHeight(72)
        self.note.setTabChangesFocus(True)
        self.similar_label = styled_label("", "problem", self)
        self.similar_label.setWordWrap(True)
        self.similar_label.setAccessibleName(self.tr("Possible duplicates"))
        self.similar_label.hide()

        form = self.rows
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Phone"), self.phone)
        form.addRow(self.tr("C&ity"), self.city)
        form.addRow(self.tr("Countr&y"), self.country)
        form.addRow(self.tr("A&ddress"), self.address)
        form.addRow(self.tr("Tier"), self.tier)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("N&ote"), self.note)
        self.notes.addWidget(self.similar_label)

        current = account_form(workspace, account_id) if account_id else None
        self._fill(current or AccountForm(phone=phone))
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(DUPLICATE_CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_similar)
        if account_id is None:
            self.name.textChanged.connect(self._check_timer.start)
            self.phone.textChanged.connect(self._check_timer.start)

    def _fill(self, form: AccountForm) -> None:
        self.name.setText(form.name)
        self.phone.setText(form.phone)
        self.city.setText(form.city)
        self.country.setCurrentIndex(max(self.country.findData(form.country), 0))
        self.address.setText(form.address)
        self.tier.set_value(form.tier)
        self.status.set_value(form.status)
        self.note.setPlainText(form.note)

    def form(self) -> AccountForm:
        return AccountForm(
            name=self.name.text(),
            phone=self.phone.text(),
            city=self.city.text(),
            country=str(self.country.currentData() or ""),
            address=self.address.text(),
            tier=self.tier.value(),
            status=self.status.value(),
            note=self.note.toPlainText(),
        )

    def check_similar(self) -> None:
        """The offline duplicate check: accounts on this computer with a close name or the
        same number."""
        found = similar_accounts(self._workspace, self.name.text(), self.phone.text())
        if not found:
            self.similar_label.hide()
            return
        names = "; ".join(" · ".join(p for p in (a.name, a.city, a.phone) if p) for a in found)
        self.similar_label.setText(self.tr("Already on this computer: %1").replace("%1", names))
        self.similar_label.show()

    def save(self) -> None:
        if not self.name.text().strip():
            self.name.setFocus()
            raise SaveError([FieldProblem(field="name", message="must not be empty", kind="empty")])
        self.saved_id = save_account(self._workspace, self.form(), self._account_id)
