"""Editing one process: its name and kind, its steps in order, and for the chosen step its
question and guidance in the interface's languages (any one is enough), code set, single or
multiple choice, required or not, branches on answers and follow-up rules that create tasks.

Every edit is written into the draft at once and announced with `edited`, so the checks and
the flow diagram follow as the manager types. Keys are made from the first name or question
given (`app.keys`) and shown only under "Advanced"; a published process and its published
steps keep theirs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.drafts import (
    PROCESS_KINDS,
    TASK_KINDS,
    BranchDraft,
    CodeSetDraft,
    FollowUpDraft,
    ProcessDraft,
    StepDraft,
)
from app.keys import key_from_name
from app.processes import END
from protocol.labels import text
from ui.advanced import advanced_section
from ui.designer_layout import STEP_LIST_HEIGHT, compact_combo, shared_columns, wrapping_rows
from ui.label_edits import LabelEdits, ordered_locales
from ui.label_marks import language_name, shown_label, untranslated_mark


class ProcessEditor(QWidget):
    edited = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.draft: ProcessDraft | None = None
        self.code_sets: dict[str, CodeSetDraft] = {}
        self._loading = False

        self.key_edit = self._line(self.tr("Process key"))
        self.names = LabelEdits(self.tr("Name"), language, self)
        self.names.edited.connect(self._on_process_edited)
        self.kind_box = QComboBox(self)
        self.kind_box.setAccessibleName(self.tr("Kind"))
        kind_names = {
            "visit": self.tr("Visit"),
            "call": self.tr("Call"),
            "delivery": self.tr("Delivery"),
            "service": self.tr("Service"),
        }
        for kind in PROCESS_KINDS:
            self.kind_box.addItem(kind_names[kind], kind)
        self.kind_box.currentIndexChanged.connect(self._on_process_edited)
        head = wrapping_rows(QFormLayout())
        head.addRow(self.tr("Name"), self.names)
        head.addRow(self.tr("Kind"), self.kind_box)
        self.key_edit.textEdited.connect(self._on_process_edited)
        self.advanced = advanced_section(self, [(self.tr("Key"), self.key_edit)])
        head.addRow(self.advanced)

        self.step_list = QListWidget(self)
        self.step_list.setAccessibleName(self.tr("Steps"))
        self.step_list.setMaximumHeight(STEP_LIST_HEIGHT)  # the chosen step's fields in view
        self.step_list.currentRowChanged.connect(self._show_step)
        step_buttons = QHBoxLayout()
        self.add_step_button = self._button(self.tr("+ Step"), self.on_add_step, step_buttons)
        self._button(self.tr("Remove step"), self.on_remove_step, step_buttons)
        self._button(self.tr("↑"), lambda: self.move_step(-1), step_buttons)
        self._button(self.tr("↓"), lambda: self.move_step(1), step_buttons)
        step_buttons.addStretch(1)

        self.step_box = QGroupBox(self.tr("Step"), self)
        self.step_key = self._line(self.tr("Step key"))
        self.questions = LabelEdits(self.tr("Question"), language, self)
        self.hints = LabelEdits(self.tr("Guidance"), language, self)
        self.questions.finished.connect(self._on_question_finished)
        self.code_set_box = QComboBox(self)
        self.code_set_box.setAccessibleName(self.tr("Code set"))
        self.multiple_box = QCheckBox(self.tr("Several answers may be chosen"), self)
        self.required_box = QCheckBox(self.tr("An answer is required"), self)
        self.step_key.textEdited.connect(self._on_step_key_edited)
        for labels in (self.questions, self.hints):
            labels.edited.connect(self._on_step_edited)
        self.code_set_box.currentIndexChanged.connect(self._on_code_set_changed)
        self.then_box = QComboBox(self)
        self.then_box.setAccessibleName(self.tr("Then go to"))
        self.then_box.currentIndexChanged.connect(self._on_step_edited)
        self.multiple_box.toggled.connect(self._on_step_edited)
        self.required_box.toggled.connect(self._on_step_edited)

        self.branches = self._table([self.tr("If the answer is"), self.tr("go to step")])
        self.title_locales = ordered_locales(language)
        kind_column = len(self.title_locales) + 1  # after the answer and each language's title
        self.follow_ups = self._table(
            [
                self.tr("If the answer is"),
                *(
                    self.tr("Task (%1)").replace("%1", language_name(locale))
                    for locale in self.title_locales
                ),
                self.tr("Kind"),
                self.tr("Due in days"),
            ],
            fitted=(kind_column, kind_column + 1),  # the kind and the days
        )
        self._kind_column = kind_column
        self.branches.setAccessibleName(self.tr("Branches"))
        self.follow_ups.setAccessibleName(self.tr("Follow-up tasks"))
        self.follow_ups.itemChanged.connect(self._on_step_edited)
        branch_buttons, follow_up_buttons = QHBoxLayout(), QHBoxLayout()
        self.add_branch_button = self._button(
            self.tr("+ Branch"), self.on_add_branch, branch_buttons
        )
        self._button(
            self.tr("Remove branch"), lambda: self._remove_row(self.branches), branch_buttons
        )
        self.add_follow_up_button = self._button(
            self.tr("+ Follow-up"), self.on_add_follow_up, follow_up_buttons
        )
        self._button(
            self.tr("Remove follow-up"),
            lambda: self._remove_row(self.follow_ups),
            follow_up_buttons,
        )
        branch_buttons.addStretch(1)
        follow_up_buttons.addStretch(1)

        step_form = wrapping_rows(QFormLayout(self.step_box))
        step_form.addRow(self.tr("Question"), self.questions)
        step_form.addRow(self.tr("Guidance"), self.hints)
        step_form.addRow(self.tr("Answered with"), self.code_set_box)
        step_form.addRow("", self.multiple_box)
        step_form.addRow("", self.required_box)
        step_form.addRow(self.tr("Then go to"), self.then_box)
        # The rules' tables take the form's whole width, their title above them.
        step_form.addRow(QLabel(self.tr("Branches"), self.step_box))
        step_form.addRow(self.branches)
        step_form.addRow(branch_buttons)
        step_form.addRow(QLabel(self.tr("Follow-ups"), self.step_box))
        step_form.addRow(self.follow_ups)
        step_form.addRow(follow_up_buttons)
        self.step_advanced = advanced_section(self, [(self.tr("Key"), self.step_key)])
        step_form.addRow(self.step_advanced)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.step_list)
        layout.addLayout(step_buttons)
        layout.addWidget(self.step_box, 1)

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        return edit

    def _button(self, text: str, slot: Callable[[], object], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        row.addWidget(button)
        return button

    def _table(self, headers: list[str], fitted: tuple[int, ...] = ()) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        shared_columns(table, fitted)
        table.verticalHeader().hide()
        table.setMinimumHeight(110)
        return table

    # --- showing -------------------------------------------------------------------------

    def show_draft(self, draft: ProcessDraft, code_sets: dict[str, CodeSetDraft]) -> None:
        self.draft, self.code_sets = draft, code_sets
        self._loading = True
        self.key_edit.setText(draft.key)
        self.key_edit.setReadOnly(draft.version > 0)  # activities name a published process
        self.names.set_labels(draft.names)
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(draft.kind)))
        self.code_set_box.clear()
        self.code_set_box.addItem(self.tr("(choose a code set)"), "")
        for key, code_set in sorted(code_sets.items()):
            name, tip = shown_label(code_set.names, self._language, key)
            if tip:
                self.code_set_box.addItem(untranslated_mark(), name, key)
            else:
                self.code_set_box.addItem(name, key)
            self.code_set_box.setItemData(
                self.code_set_box.count() - 1, tip or None, Qt.ItemDataRole.ToolTipRole
            )
        self._loading = False
        self._fill_steps(0)

    def _fill_steps(self, current: int) -> None:
        assert self.draft is not None
        self._loading = True
        self.step_list.clear()
        for index in range(len(self.draft.steps)):
            self.step_list.addItem("")
            self._label_step(index)
        self._loading = False
        self.step_list.setCurrentRow(min(current, len(self.draft.steps) - 1))
        self.step_box.setEnabled(bool(self.draft.steps))

    @property
    def step(self) -> StepDraft | None:
        row = self.step_list.currentRow()
        if self.draft is None or not 0 <= row < len(self.draft.steps):
            return None
        return self.draft.steps[row]

    def _show_step(self, _row: int = 0) -> None:
        step = self.step
        if step is None or self._loading:
            return
        self._loading = True
        self.step_key.setText(step.key)
        self.step_key.setReadOnly(step.key in self.draft.published_steps if self.draft else False)
        self.questions.set_labels(step.questions)
        self.hints.set_labels(step.hints)
        index = self.code_set_box.findData(step.code_set)
        if index < 0 and step.code_set:  # a code set that does not exist: show it as it is
            self.code_set_box.addItem(step.code_set, step.code_set)
            index = self.code_set_box.count() - 1
        self.code_set_box.setCurrentIndex(max(index, 0))
        self.multiple_box.setChecked(step.multiple)
        self.required_box.setChecked(step.required)
        self._fill_targets(self.then_box, step.then, self.tr("(the next step)"))
        self.branches.setRowCount(0)
        for branch in step.branches:
            self._branch_row(branch)
        self.follow_ups.setRowCount(0)
        for follow_up in step.follow_ups:
            self._follow_up_row(follow_up)
        self._loading = False

    def _code_box(self, chosen: str) -> QComboBox:
        """The codes of the step's code set (retired ones marked), keyed by code key."""
        box = compact_combo(self)
        step = self.step
        codes = self.code_sets.get(step.code_set) if step else None
        listed = codes.frozen() if codes else None
        for code in listed.codes if listed else ():
            label = listed.label(code.key, self._language) if listed else code.key
            if code.retired:
                label = self.tr("%1 (retired)").replace("%1", label)
            box.addItem(label, code.key)
        if box.findData(chosen) < 0 and chosen:
            box.addItem(chosen, chosen)
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.currentIndexChanged.connect(self._on_step_edited)
        return box

    def _branch_row(self, branch: BranchDraft) -> None:
        row = self.branches.rowCount()
        self.branches.insertRow(row)
        self.branches.setCellWidget(row, 0, self._code_box(branch.if_code))
        target = compact_combo(self)
        self._fill_targets(target, branch.goto)
        target.currentIndexChanged.connect(self._on_step_edited)
        self.branches.setCellWidget(row, 1, target)

    def _fill_targets(self, box: QComboBox, chosen: str, in_order: str = "") -> None:
        """The steps a way may lead to, and the end; `in_order`: a first choice for "the next
        step in order"."""
        box.blockSignals(True)
        box.clear()
        if in_order:
            box.addItem(in_order, "")
        for index, step in enumerate(self.draft.steps if self.draft else ()):
            question = text(step.questions, self._language, step.key)
            box.addItem(f"{index + 1}. {question}", step.key)
        box.addItem(self.tr("End"), END)
        if box.findData(chosen) < 0:
            box.addItem(chosen, chosen)
        box.setCurrentIndex(box.findData(chosen))
        box.blockSignals(False)

    def _follow_up_row(self, follow_up: FollowUpDraft) -> None:
        row = self.follow_ups.rowCount()
        self.follow_ups.insertRow(row)
        self.follow_ups.setCellWidget(row, 0, self._code_box(follow_up.if_code))
        for column, locale in enumerate(self.title_locales, start=1):
            title = QTableWidgetItem(follow_up.titles.get(locale, ""))
            self.follow_ups.setItem(row, column, title)
        kind = compact_combo(self)
        names = {"task": self.tr("Task"), "visit": self.tr("Visit"), "call": self.tr("Call")}
        for key in TASK_KINDS:
            kind.addItem(names[key], key)
        kind.setCurrentIndex(max(0, kind.findData(follow_up.kind)))
        kind.currentIndexChanged.connect(self._on_step_edited)
        self.follow_ups.setCellWidget(row, self._kind_column, kind)
        days = QSpinBox(self)
        days.setRange(0, 365)
        days.setValue(min(max(follow_up.due_in_days, 0), 365))
        days.valueChanged.connect(self._on_step_edited)
        self.follow_ups.setCellWidget(row, self._kind_column + 1, days)

    # --- editing -------------------------------------------------------------------------

    def _on_process_edited(self) -> None:
        if self.draft is None or self._loading:
            return
        self.draft.key = self.key_edit.text().strip()
        self.draft.names = self.names.labels()
        self.draft.kind = str(self.kind_box.currentData())
        self.edited.emit()

    def _combo(self, table: QTableWidget, row: int, column: int) -> str:
        widget = table.cellWidget(row, column)
        return str(widget.currentData()) if isinstance(widget, QComboBox) else ""

    def _text(self, table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text().strip() if item else ""

    def _on_step_edited(self) -> None:
        step = self.step
        if step is None or self._loading:
            return
        step.questions = self.questions.labels()
        step.hints = self.hints.labels()
        step.code_set = str(self.code_set_box.currentData() or "")
        step.multiple = self.multiple_box.isChecked()
        step.required = self.required_box.isChecked()
        step.then = str(self.then_box.currentData() or "")
        step.branches = [
            BranchDraft(self._combo(self.branches, r, 0), self._combo(self.branches, r, 1))
            for r in range(self.branches.rowCount())
        ]
        table = self.follow_ups
        step.follow_ups = []
        for r in range(table.rowCount()):
            days = table.cellWidget(r, self._kind_column + 1)
            titles = {
                locale: self._text(table, r, column)
                for column, locale in enumerate(self.title_locales, start=1)
            }
            step.follow_ups.append(
                FollowUpDraft(
                    self._combo(table, r, 0),
                    {locale: title for locale, title in titles.items() if title},
                    self._combo(table, r, self._kind_column),
                    days.value() if isinstance(days, QSpinBox) else 1,
                )
            )
        self._label_step(self.step_list.currentRow())
        self.edited.emit()

    def _label_step(self, row: int) -> None:
        """The step's line in the list: its number and question, marked when untranslated."""
        item = self.step_list.item(row)
        if item is None or self.draft is None:
            return
        step = self.draft.steps[row]
        question, tip = shown_label(step.questions, self._language, step.key)
        item.setText(f"{row + 1}. {question}")
        item.setToolTip(tip)
        item.setIcon(untranslated_mark() if tip else QIcon())

    def _on_step_key_edited(self) -> None:
        """A key typed under "Advanced": the step's ways follow it, and no name replaces it."""
        step = self.step
        if step is None or self.draft is None or self._loading:
            return
        step.key_from_name = False
        self.draft.rename_step(step, self.step_key.text().strip())
        self._on_step_edited()

    def _on_question_finished(self) -> None:
        """A new step takes its key from the first question given to it."""
        step = self.step
        if step is None or self.draft is None or not step.key_from_name or not step.questions:
            return
        taken = {s.key for s in self.draft.steps if s is not step} | {END}
        key = key_from_name(text(step.questions, self._language), taken, fallback="step")
        step.key_from_name = False
        self.draft.rename_step(step, key)
        self._show_step()
        self.edited.emit()

    def _on_code_set_changed(self) -> None:
        if self._loading or self.step is None:
            return
        self._on_step_edited()
        self._show_step()  # the rules' code lists follow the new code set

    def on_add_step(self) -> None:
        if self.draft is None:
            return
        keys = {s.key for s in self.draft.steps}
        number = len(self.draft.steps) + 1
        while f"step_{number}" in keys:
            number += 1
        self.draft.steps.append(StepDraft(f"step_{number}", key_from_name=True))
        self._fill_steps(len(self.draft.steps) - 1)
        self.edited.emit()

    def on_remove_step(self) -> None:
        row = self.step_list.currentRow()
        if self.draft is None or self.step is None:
            return
        del self.draft.steps[row]
        self._fill_steps(max(0, row - 1))
        self.edited.emit()

    def move_step(self, offset: int) -> None:
        row = self.step_list.currentRow()
        target = row + offset
        if self.draft is None or self.step is None or not 0 <= target < len(self.draft.steps):
            return
        steps = self.draft.steps
        steps[row], steps[target] = steps[target], steps[row]
        self._fill_steps(target)
        self.edited.emit()

    def on_add_branch(self) -> None:
        step = self.step
        if step is None or self.draft is None:
            return
        codes = self.code_sets.get(step.code_set)
        first = codes.codes[0].key if codes and codes.codes else ""
        step.branches.append(BranchDraft(first, END))
        self._show_step()
        self.edited.emit()

    def on_add_follow_up(self) -> None:
        step = self.step
        if step is None:
            return
        codes = self.code_sets.get(step.code_set)
        first = codes.codes[0].key if codes and codes.codes else ""
        step.follow_ups.append(FollowUpDraft(first))
        self._show_step()
        self.edited.emit()

    def _remove_row(self, table: QTableWidget) -> None:
        row = table.currentRow() if table.currentRow() >= 0 else table.rowCount() - 1
        if row >= 0:
            table.removeRow(row)
            self._on_step_edited()
