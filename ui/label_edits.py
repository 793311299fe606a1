"""Editing one text in the interface's languages: a line per language, the user's own first.

Nothing needs every language: an empty line shows, greyed, what its readers will see instead,
and carries the untranslated mark (`ui.label_marks`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app import languages
from protocol.labels import Labels, choose, normal_locale, written
from ui.label_marks import language_name, untranslated_mark, untranslated_tip


def ordered_locales(language: str) -> list[str]:
    """The interface's languages, the user's own first."""
    own = normal_locale(language)
    return [own, *(locale for locale in languages.locales() if locale != own)]


class LabelEdits(QWidget):
    """`edited` on every keystroke; `finished` when the user leaves a line or presses Enter."""

    edited = Signal()
    finished = Signal()

    def __init__(self, what: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self._marks: dict[str, QAction] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for locale in ordered_locales(language):
            edit = QLineEdit(self)
            name = self.tr("%1 in %2").replace("%1", what).replace("%2", language_name(locale))
            edit.setAccessibleName(name)
            edit.setToolTip(name)
            edit.textEdited.connect(self._on_edited)
            edit.editingFinished.connect(self.finished)
            mark = edit.addAction(untranslated_mark(), QLineEdit.ActionPosition.TrailingPosition)
            layout.addWidget(edit)
            self.edits[locale] = edit
            self._marks[locale] = mark
        self._show_marks()

    @property
    def own(self) -> QLineEdit:
        """The line of the user's own language."""
        return next(iter(self.edits.values()))

    def labels(self) -> Labels:
        return written({locale: edit.text() for locale, edit in self.edits.items()})

    def set_labels(self, labels: Labels) -> None:
        for locale, edit in self.edits.items():
            edit.setText(labels.get(locale, ""))
            edit.setCursorPosition(0)  # a text longer than its line shows from its beginning
        self._show_marks()

    def _on_edited(self) -> None:
        self._show_marks()
        self.edited.emit()

    def _show_marks(self) -> None:
        labels = self.labels()
        for locale, edit in self.edits.items():
            chosen = choose(labels, locale)
            tip = untranslated_tip(chosen, locale) if labels else ""
            edit.setPlaceholderText(chosen.text if chosen.fell_back else "")
            self._marks[locale].setVisible(bool(tip))
            self._marks[locale].setToolTip(tip)
