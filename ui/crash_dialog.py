"""The crash dialog: what happened in a sentence, where the log is, and the details to copy
for support (ui.crash shows it); and the box that says a UserError's sentence."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.crash_text import log_place_sentence
from ui.style import styled_label


class CrashDialog(QDialog):
    """What happened, where the log is, and the details to copy for support."""

    def __init__(
        self, sentence: str, details: str, log_file: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Fieldbook: unexpected problem"))
        self.sentence_label = styled_label(sentence, "strong")
        self.sentence_label.setWordWrap(True)
        self.log_label = styled_label(log_place_sentence(log_file), "muted")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details, self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Details"))
        self.copy_button = QPushButton(self.tr("Copy details"), self)
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.on_copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sentence_label)
        layout.addWidget(self.log_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def add_error(self, sentence: str, details: str) -> None:
        """A further error while this one is shown: its details below, no second dialog."""
        self.details.appendPlainText("\n" + sentence + "\n" + details)

    def on_copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Copied"))


def user_error_box(text: str, parent: QWidget | None) -> QMessageBox:
    """A UserError's sentence, opened (not waited for); deleted when closed."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Fieldbook", text, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
