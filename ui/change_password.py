"""The signed-in user changes their own password (from the settings)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import session
from app.workspace import Workspace
from sync.errors import Outcome, SyncError
from ui import sync_text
from ui.background import run_in_background
from ui.new_password import NewPasswordFields
from ui.style import styled_label


class ChangePasswordDialog(QDialog):
    """Accepted once the server took the new password."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setWindowTitle(self.tr("Change password"))
        self.current = QLineEdit(self)
        self.current.setAccessibleName(self.tr("Current password"))
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields = NewPasswordFields(self)
        self.problem_label = styled_label("", "problem", self)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Current password"), self.current)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.on_change)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.fields)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.current.setFocus()

    def on_change(self) -> None:
        current = self.current.text()
        problem = (
            self.fields.problem(current) if current else self.tr("Type your current password.")
        )
        if problem:
            self._show_problem(problem)
            return
        workspace, new = self._workspace, self.fields.value()
        self.buttons.setEnabled(False)
        run_in_background(
            lambda: session.change_password(workspace, current, new),
            lambda _answer: self.accept(),
            self.on_failed,
        )

    def on_failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, SyncError) and error.outcome is Outcome.WRONG_PASSWORD:
            self._show_problem(self.tr("The current password is wrong. Please try again."))
            self.current.selectAll()
            self.current.setFocus()
        else:
            self._show_problem(sync_text.failure_text(error))

    def _show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.show()
