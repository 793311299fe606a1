"""One process step on screen: its question, its guidance, whether one or several answers are
wanted, and its codes as big buttons. Shared by the process runner and the call wrap-up."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from app.processes import CodeList, ProcessRun
from protocol.labels import Chosen
from ui.code_grid import CodeGrid
from ui.label_marks import untranslated_tip
from ui.style import styled_label


class StepView(QWidget):
    def __init__(
        self, question_kind: str, parent: QWidget | None = None, max_columns: int = 4
    ) -> None:
        super().__init__(parent)
        self.question_label = styled_label("", question_kind, self)
        self.question_label.setWordWrap(True)
        self.hint_label = styled_label("", "muted", self)
        self.hint_label.setWordWrap(True)
        self.mode_label = styled_label("", "chip", self)
        # Said when the step's texts are not yet written in the user's language.
        self.untranslated_label = styled_label("", "muted", self)
        self.grid = CodeGrid(self, max_columns)
        mode = QHBoxLayout()
        mode.addWidget(self.mode_label)
        mode.addStretch(1)
        mode.addWidget(self.untranslated_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.question_label)
        layout.addWidget(self.hint_label)
        layout.addLayout(mode)
        layout.addSpacing(8)
        layout.addWidget(self.grid)

    def show_step(
        self,
        run: ProcessRun,
        code_lists: dict[str, CodeList],
        language: str,
        *,
        question: str | None = None,
        guidance: bool = True,
    ) -> None:
        """Show the run's current step; `question` replaces the plain question text."""
        step = run.current
        self.question_label.setText(question or step.question(language))
        hint = step.hint(language)
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint) and guidance)
        mode = self.tr("Choose any") if step.multiple else self.tr("Choose one")
        if not step.required:
            mode = self.tr("%1 · optional").replace("%1", mode)
        self.mode_label.setText(mode)
        code_list = code_lists.get(step.code_set)
        self.grid.show_codes(code_list.choices() if code_list else (), language)
        self.grid.set_chosen(run.chosen())
        self._mark_untranslated(step.chosen_question(language), language)

    def _mark_untranslated(self, question: Chosen, language: str) -> None:
        """Say so when the question or a code is shown in another language than the user's."""
        tips = [untranslated_tip(question, language)] if question.text else []
        tips += [button.untranslated for button in self.grid.buttons]
        tip = next((t for t in tips if t), "")
        self.untranslated_label.setText(self.tr("Not yet translated") if tip else "")
        self.untranslated_label.setToolTip(tip)
        self.untranslated_label.setVisible(bool(tip))
        self.question_label.setToolTip(tips[0] if question.text else "")
