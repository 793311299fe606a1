"""The sign-in dialog: server address (preset, and read-only when IT locked it), user name,
password, and "stay signed in" where the site allows saving it (with a sentence saying why it
cannot work where the computer has no keyring). After a one-time password from IT it asks for a
new password before it signs in. When the server cannot be reached, a user who signed in here
before gets in with their password (`app.session.sign_in`).

Opened `again` for a workspace whose session the server refused (a password changed since an
offline sign-in, a session ended by IT), it signs that user in again and the window goes on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import session
from app.errors import OfflineSignInError
from app.offline import OfflinePolicy
from app.settings import Settings
from app.workspace import Network, Workspace
from sync.credentials import TokenStore
from sync.errors import Outcome, SyncError
from ui import sync_text
from ui.background import run_in_background
from ui.new_password import NewPasswordFields
from ui.style import styled_label


class SignInDialog(QDialog):
    """Accepted with the opened workspace in `workspace`."""

    def __init__(
        self,
        settings: Settings,
        tokens: TokenStore,
        data_dir: Path,
        language: str,
        parent: QWidget | None = None,
        *,
        again: Workspace | None = None,
        server: str | None = None,
        user: str | None = None,
    ) -> None:
        """`server` and `user`: given at start (`--server`, `--user`); a managed address wins."""
        super().__init__(parent)
        self._settings = settings
        self._tokens = tokens
        self._data_dir = data_dir
        self._language = language
        self._again = again
        self.workspace: Workspace | None = None
        self.setWindowTitle(self.tr("Sign in to Fieldbook"))
        self.setMinimumWidth(460)

        if again is not None:
            server_text = again.transport.base_url
        else:
            server_text = str(settings.given_or_setting("ServerUrl", server) or "")
        self.server = QLineEdit(server_text, self)
        self.server.setAccessibleName(self.tr("Server address"))
        self.server.setPlaceholderText("https://crm.example.com")
        locked = settings.is_locked("ServerUrl")
        self.server.setReadOnly(locked or again is not None)
        if locked:
            self.server.setToolTip(self.tr("Set by your IT department"))
        user_text = again.me.name if again else settings.given_or_setting("UserName", user)
        self.user = QLineEdit(str(user_text or ""), self)
        self.user.setAccessibleName(self.tr("User name"))
        self.user.setReadOnly(again is not None)
        self.password = QLineEdit(self)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.stay = QCheckBox(self.tr("&Stay signed in on this computer"), self)
        self.stay.setChecked(True)
        self.stay.setVisible(bool(settings.get("AllowPasswordSaving")))
        # Where nothing can keep the session past this run, the box says why it does nothing.
        self.no_keyring = styled_label(
            self.tr(
                "Staying signed in cannot work on this computer: it has no keyring (password "
                "store) to keep your sign-in in, so you will type your password at each start."
            ),
            "muted",
            self,
        )
        self.no_keyring.setWordWrap(True)
        self.no_keyring.setVisible(self.stay.isVisibleTo(self) and not tokens.usable)
        self.stay.setEnabled(tokens.usable)
        # Shown when the password was a one-time password from IT: a new one is chosen here.
        self.new_password = NewPasswordFields(self)
        self.new_password.hide()
        self.problem_label = styled_label("", "problem", self)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()

        form = QFormLayout()
        form.setSpacing(10)
        form.addRow(self.tr("S&erver"), self.server)
        if locked:
            form.addRow("", styled_label(self.tr("Set by your IT department"), "muted"))
        form.addRow(self.tr("&User"), self.user)
        form.addRow(self.tr("&Password"), self.password)
        form.addRow("", self.stay)
        form.addRow("", self.no_keyring)
        form.addRow(self.new_password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.on_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(styled_label(self.tr("Sign in"), "title"))
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.first_empty_field().setFocus()
        if again is not None:
            self._show_problem(
                self.tr(
                    "The server did not accept your sign-in. Type your password to go on "
                    "syncing; your work on this computer is safe."
                )
            )

    def first_empty_field(self) -> QLineEdit:
        """Where the person starts typing: the first field still empty (the password at last)."""
        fields = ([] if self.server.isReadOnly() else [self.server]) + [self.user]
        return next((field for field in fields if not field.text()), self.password)

    def on_sign_in(self) -> None:
        server, user = self.server.text().strip(), self.user.text().strip()
        if not server or not user or not self.password.text():
            self._show_problem(self.tr("Fill in the server address, user name and password."))
            return
        changing = self.new_password.isVisible()
        if changing and (problem := self.new_password.problem(self.password.text())):
            self._show_problem(problem)
            return
        new_password = self.new_password.value() if changing else None
        remember = self.stay.isVisible() and self.stay.isChecked()
        password, tokens, data_dir, language = (
            self.password.text(),
            self._tokens,
            self._data_dir,
            self._language,
        )
        network, offline = Network.of(self._settings), OfflinePolicy.of(self._settings)
        self.buttons.setEnabled(False)
        self._show_problem(self.tr("Signing in…"))
        if (again := self._again) is not None:
            run_in_background(
                lambda: session.sign_in_again(
                    again,
                    password,
                    tokens,
                    remember=remember,
                    new_password=new_password,
                    offline=offline,
                ),
                self.on_signed_in,
                self.on_failed,
            )
            return
        run_in_background(
            lambda: session.sign_in(
                data_dir,
                server,
                user,
                password,
                tokens,
                language,
                remember=remember,
                network=network,
                new_password=new_password,
                offline=offline,
            ),
            self.on_signed_in,
            self.on_failed,
        )

    def on_signed_in(self, workspace: Workspace) -> None:
        if not self._settings.is_locked("ServerUrl"):
            self._settings.set("ServerUrl", self.server.text().strip())
        if not self._settings.is_locked("UserName"):
            self._settings.set("UserName", self.user.text().strip())
        self.workspace = workspace
        self.accept()

    def on_failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, SyncError) and error.outcome in (
            Outcome.WRONG_PASSWORD,
            Outcome.SIGNED_OUT,
        ):
            self._show_problem(self.tr("The user name or password is wrong. Please try again."))
        elif isinstance(error, SyncError) and error.outcome is Outcome.PASSWORD_CHANGE_REQUIRED:
            self.new_password.show()
            self._show_problem(
                self.tr(
                    "This password was given by IT for one sign-in. Choose a new password "
                    "and type it twice."
                )
            )
            self.new_password.new.setFocus()
            return
        elif isinstance(error, OfflineSignInError):
            self._show_problem(self._offline_problem(error))
        elif isinstance(error, SyncError) and error.outcome is Outcome.OFFLINE:
            self._show_problem(
                self.tr(
                    "The server cannot be reached. Check the address and your connection, "
                    "then try again."
                )
            )
        else:
            self._show_problem(sync_text.failure_text(error))
        self.password.selectAll()
        self.password.setFocus()

    def _offline_problem(self, error: OfflineSignInError) -> str:
        """Why a user who signed in here before cannot get in without the server."""
        if error.reason == "wrong_password":
            return self.tr("The user name or password is wrong. Please try again.")
        if error.reason == "too_long":
            return self.tr(
                "This computer has not reached the server for more than %n days, the most "
                "your IT department allows. Connect to the network to sign in.",
                "",
                error.days,
            )
        return self.tr(
            "The server cannot be reached, and your IT department does not allow signing in "
            "without it."
        )

    def _show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.show()
