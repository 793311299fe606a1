"""Settings the user may change: language, how often to sync, their password, and signing out.
A setting IT manages is shown with its value and "managed by your IT department", and cannot be
changed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.languages import UI_LANGUAGES
from app.settings import Settings
from app.workspace import Workspace
from ui.change_password import ChangePasswordDialog
from ui.style import styled_label


class SettingsDialog(QDialog):
    """Applies on OK; `sign_out_requested(wipe)` when the user signs out from here."""

    sign_out_requested = Signal(bool)

    def __init__(
        self, settings: Settings, workspace: Workspace, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(500)

        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language"))
        for key, name in UI_LANGUAGES:
            self.language.addItem(name, key)
        self.language.setCurrentIndex(max(0, self.language.findData(workspace.language)))
        self.interval = QSpinBox(self)
        self.interval.setAccessibleName(self.tr("Sync every (minutes)"))
        self.interval.setRange(1, 240)
        self.interval.setSuffix(self.tr(" min"))
        self.interval.setValue(max(1, int(settings.get("SyncInterval")) // 60))
        self.start = QComboBox(self)
        self.start.setAccessibleName(self.tr("Start on"))
        for text, key in (
            (self.tr("My role's page"), ""),
            (self.tr("Today"), "today"),
            (self.tr("Call desk"), "call_desk"),
        ):
            self.start.addItem(text, key)
        self.start.setCurrentIndex(max(0, self.start.findData(settings.get("StartSection"))))
        self.server = QLineEdit(workspace.transport.base_url, self)
        self.server.setReadOnly(True)
        self.server.setAccessibleName(self.tr("Server address"))
        self.wipe = QCheckBox(self.tr("Also &remove this user's data from this computer"), self)
        self.password_button = QPushButton(self.tr("Change &password…"), self)
        self.password_button.setAutoDefault(False)
        self.password_button.clicked.connect(lambda: ChangePasswordDialog(workspace, self).open())
        self.sign_out_button = QPushButton(self.tr("Sign &out"), self)
        self.sign_out_button.setAutoDefault(False)
        self.sign_out_button.clicked.connect(self.on_sign_out)

        form = QFormLayout()
        form.setSpacing(10)
        self._row(form, self.tr("&Language"), self.language, "Language")
        self._row(form, self.tr("&Sync every"), self.interval, "SyncInterval")
        self._row(form, self.tr("Start &on"), self.start, "StartSection")
        self._row(form, self.tr("Server"), self.server, "ServerUrl")
        form.addRow(self.tr("Signed in as"), styled_label(workspace.me.display_name, ""))
        form.addRow("", self.password_button)
        form.addRow("", self.wipe)
        form.addRow("", self.sign_out_button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _row(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> None:
        form.addRow(label, widget)
        if self._settings.is_locked(key):
            widget.setEnabled(False)
            widget.setToolTip(self.tr("Managed by your IT department"))
            form.addRow("", styled_label(self.tr("Managed by your IT department"), "muted"))

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def on_ok(self) -> None:
        if not self._settings.is_locked("Language"):
            self._settings.set("Language", self.chosen_language())
        if not self._settings.is_locked("SyncInterval"):
            self._settings.set("SyncInterval", self.interval.value() * 60)
        if not self._settings.is_locked("StartSection"):
            self._settings.set("StartSection", str(self.start.currentData()))
        self.accept()

    def on_sign_out(self) -> None:
        wipe = self.wipe.isChecked()
        if wipe:
            answer = QMessageBox.question(
                self,
                self.tr("Remove the data on this computer?"),
                self.tr(
                    "Changes that were not synced yet are lost with it. The data comes back "
                    "from the server at the next sign-in."
                ),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self.sign_out_requested.emit(wipe)
        self.reject()
