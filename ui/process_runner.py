"""The process runner: one step per screen, answered with code buttons or digit keys.

Fast by design, with the one grammar of `app.steps`: a code clicked (or its digit pressed) on a
single-choice step answers it and moves on, and on the last step saves, so a visit of three
single-choice steps takes three clicks or three keys after opening it; on a multiple-choice step
clicks and digits toggle and Next (Enter) goes on. Backspace or Alt+Left goes back, Escape
cancels. Free text is one optional note for the whole run. Each step's guidance shows unless the
user hid it (the ShowGuidance setting, a check box here). A test run (the designer's) walks a
draft the same way and saves nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import catalog
from app.activities import LoggedRun, log_run
from app.errors import SaveError
from app.processes import CodeList, ProcessDefinition, ProcessRun
from app.settings import LockedSettingError, Settings
from app.steps import StepController
from app.workspace import Workspace
from protocol.paths import MAX_TEXT
from ui.problems import field_problem_text
from ui.step_dots import StepDots
from ui.step_keys import handle_step_key
from ui.step_view import StepView
from ui.style import styled_label


class ProcessRunnerDialog(QDialog):
    """Runs one process for one account; saves the activity and accepts, or is cancelled.

    With `code_lists` given (a draft's code sets) it is a test run: the last step accepts
    without saving anything and `trial_summary` says what would have been recorded."""

    def __init__(
        self,
        workspace: Workspace,
        account_id: str,
        account_name: str,
        definition: ProcessDefinition,
        parent: QWidget | None = None,
        *,
        code_lists: dict[str, CodeList] | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._workspace = workspace
        self._account_id = account_id
        self._language = workspace.language
        self.trial = code_lists is not None
        self.trial_summary = ""
        self.logged: LoggedRun | None = None  # what the finished run wrote (not in a test run)
        self._code_lists = code_lists if code_lists is not None else catalog.code_lists(workspace)
        self._settings = settings or Settings()
        self.steps = StepController(ProcessRun(definition))

        title = f"{definition.name(self._language)} · {account_name}"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumSize(820, 540)

        title_label = styled_label(title, "strong")
        self.step_label = styled_label("", "muted")
        self.dots = StepDots(self)
        self.step_view = StepView("question", self)
        self.question_label = self.step_view.question_label
        self.hint_label = self.step_view.hint_label
        self.grid = self.step_view.grid
        self.grid.code_clicked.connect(self.on_code_clicked)
        self.guidance_box = QCheckBox(self.tr("Show guidance"), self)
        self.guidance_box.setChecked(bool(self._settings.get("ShowGuidance")))
        self.guidance_box.setEnabled(not self._settings.is_locked("ShowGuidance"))
        self.guidance_box.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.guidance_box.toggled.connect(self.on_guidance_toggled)

        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setMaxLength(MAX_TEXT)

        self.cancel_button = self._button(self.tr("Cancel"), self.reject)
        self.back_button = self._button(self.tr("← Back"), self.on_back)
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.next_button = self._button("", self.on_next)
        self.next_button.setProperty("kind", "primary")
        self.next_button.setMinimumWidth(120)

        top = QHBoxLayout()
        top.addWidget(title_label, 1)
        top.addWidget(self.step_label)
        top.addWidget(self.dots)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.guidance_box)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(self.step_view)
        layout.addStretch(1)
        layout.addWidget(self.note)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        self.show_step()

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        # Enter belongs to the dialog (go on / save), never to whichever button has focus.
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- showing the current step ---------------------------------------------------------

    def show_step(self) -> None:
        self.step_label.setText(
            self.tr("Step %1 of %2")
            .replace("%1", str(self.run.position))
            .replace("%2", str(self.run.total))
        )
        self.dots.show_step(self.run.position, self.run.total)
        self.step_view.show_step(
            self.run, self._code_lists, self._language, guidance=self.guidance_box.isChecked()
        )
        self.back_button.setEnabled(self.run.position > 1)
        self.grid.setFocus()
        self.show_choice()

    def show_choice(self) -> None:
        self.grid.set_chosen(self.run.chosen())
        self.next_button.setEnabled(self.run.can_go_on())
        # A choice may change where the run leads (a branch to the last step).
        self.next_button.setText(self.tr("Save") if self.run.is_last() else self.tr("Next →"))
        self.next_button.setAccessibleName(self.next_button.text())

    # --- the user's moves -----------------------------------------------------------------

    @property
    def run(self) -> ProcessRun:
        return self.steps.run

    def on_code_clicked(self, code_key: str) -> None:
        self.steps.pick(code_key, self)

    def on_next(self) -> None:
        self.steps.next(self)

    def on_back(self) -> None:
        self.steps.back(self)

    def on_guidance_toggled(self, shown: bool) -> None:
        with contextlib.suppress(LockedSettingError, OSError):  # then for this run only
            self._settings.set("ShowGuidance", shown)
        self.hint_label.setVisible(shown and bool(self.run.current.hint(self._language)))

    def finish(self) -> None:
        if self.trial:
            self.trial_summary = self._trial_summary()
            self.accept()
            return
        try:
            self.logged = log_run(
                self._workspace, self._account_id, self.run, self.note.text().strip()
            )
        except SaveError as exc:
            QMessageBox.warning(self, self.tr("Not saved"), self._save_failure(exc))
            return
        self.accept()

    def _trial_summary(self) -> str:
        """What a real run would have recorded: the answers and the follow-up tasks."""
        answers = sum(len(a["codes"]) for a in self.run.recorded_answers())
        tasks = [f.title(self._language) for f in self.run.follow_ups()]
        text = self.tr("Test run complete: %1 steps, %2 answers. Nothing was saved.")
        text = text.replace("%1", str(self.run.position)).replace("%2", str(answers))
        if tasks:
            text += " " + self.tr("It would create these tasks: %1.").replace(
                "%1", ", ".join(tasks)
            )
        return text

    def _save_failure(self, error: SaveError) -> str:
        if error.problems:
            details = " ".join(field_problem_text(problem) for problem in error.problems)
            sentence = self.tr("This activity could not be saved, and nothing was written: %1")
            return sentence.replace("%1", details)
        return self.tr(
            "This activity could not be saved on this computer; the disk may be full. "
            "Nothing was written: free some space and press Save again."
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handle_step_key(event, self.steps, self, self.grid, typing=self.note.hasFocus()):
            super().keyPressEvent(event)

    def reject(self) -> None:
        """Cancel; ask first only when something would be lost."""
        picked = any(self.run.answers.values()) or bool(self.note.text().strip())
        if picked and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Discard this entry?"),
            self.tr("The answers you picked have not been saved and will be lost."),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
