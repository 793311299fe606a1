"""Choosing a new password: the field and its repetition, checked before anything is sent."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from protocol.auth import MIN_NEW_PASSWORD


class NewPasswordFields(QWidget):
    """ "New password" and "Repeat it", laid out as two form rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new = QLineEdit(self)
        self.new.setAccessibleName(self.tr("New password"))
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setAccessibleName(self.tr("Repeat the new password"))
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("&New password"), self.new)
        form.addRow(self.tr("&Repeat it"), self.repeat)

    def problem(self, current: str) -> str | None:
        """What is wrong with the new password, as a sentence; None when it may be sent."""
        if len(self.new.text()) < MIN_NEW_PASSWORD:
            return self.tr("Choose a new password of at least %n characters.", "", MIN_NEW_PASSWORD)
        if self.new.text() != self.repeat.text():
            return self.tr("The two new passwords differ; type the same one twice.")
        if self.new.text() == current:
            return self.tr("The new password must differ from the current one.")
        return None

    def value(self) -> str:
        return self.new.text()
