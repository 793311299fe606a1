"""The frame of Fieldbook's small forms: rows of fields, Save and Cancel, and a plain sentence
when the save is refused."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from app.errors import SaveError
from ui.problems import save_failure_text
from ui.style import styled_label


class FormDialog(QDialog):
    """Rows, room for notes below them, a problem line and Save/Cancel. Subclasses fill the
    rows and implement `save`, which raises SaveError to say what is wrong."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.rows = QFormLayout()
        self.rows.setSpacing(10)
        self.problem_label = styled_label("", "problem", self)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        self.notes = QVBoxLayout()
        layout.addLayout(self.rows)
        layout.addLayout(self.notes)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)

    def save(self) -> None:
        raise NotImplementedError

    def on_save(self) -> None:
        try:
            self.save()
        except SaveError as exc:
            self.problem_label.setText(save_failure_text(exc))
            self.problem_label.show()
            return
        self.accept()
