"""The designer (managers and admins): code sets and processes, their checks in plain
sentences as they are edited, the process as a flow diagram, a test run that saves nothing, and
publishing through sync (app.publishing says what publishing writes)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.design_rules import (
    CONTEXT,
    SENTENCES,
    Problem,
    check_code_set,
    check_process,
    errors,
)
from app.drafts import CodeSetDraft, ProcessDraft, StepDraft
from app.errors import SaveError
from app.keys import key_from_name
from app.publishing import PublishError, load_catalogue, publish_code_set, publish_process
from app.starting import copy_code_set, copy_process, start_from_template, templates
from app.workspace import Workspace
from protocol.labels import normal_locale, text
from ui.code_set_editor import CodeSetEditor
from ui.designer_layout import scrolled_down_only, wrapped_list
from ui.designer_start import Entries, Entry, start_button
from ui.designer_undo import DesignerUndo
from ui.flow_diagram import FlowDiagram
from ui.label_marks import shown_label, untranslated_mark
from ui.problems import save_failure_text
from ui.process_editor import ProcessEditor
from ui.process_runner import ProcessRunnerDialog
from ui.style import styled_label

if TYPE_CHECKING:
    from ui.sync_controller import SyncController

CODE_SETS, PROCESSES = range(2)
Draft = TypeVar("Draft", CodeSetDraft, ProcessDraft)
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def problem_text(problem: Problem) -> str:
    """The problem's sentence in the user's language, with its names filled in."""
    template = QCoreApplication.translate(CONTEXT, SENTENCES[problem.kind])
    return template.format(**problem.names)


class DesignerView(QWidget):
    published = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setAccessibleName(self.tr("Designer"))
        self.catalogue = load_catalogue(workspace)
        self.problems: list[Problem] = []
        # Drafts with edits not yet published: a refresh from the replica keeps them.
        self.unpublished: set[int] = set()

        self.tabs = QTabWidget(self)
        self.code_set_list = self._list(self.tr("Code sets"))
        self.code_set_editor = CodeSetEditor(workspace.language, self)
        self.code_set_editor.edited.connect(self._on_code_set_edited)
        self.process_list = self._list(self.tr("Processes"))
        self.process_editor = ProcessEditor(workspace.language, self)
        self.process_editor.edited.connect(self._on_process_edited)
        self.diagram = FlowDiagram(self)
        self.undo = DesignerUndo(self)
        self.undo.restored.connect(self._on_restored)
        self.tabs.addTab(
            self._page(
                self.code_set_list,
                self.tr("+ Code set"),
                self.on_new_code_set,
                self._code_set_starts,
                self.code_set_editor,
            ),
            self.tr("Code sets"),
        )
        self.tabs.addTab(
            self._page(
                self.process_list,
                self.tr("+ Process"),
                self.on_new_process,
                self._process_starts,
                self.process_editor,
                self.diagram,
            ),
            self.tr("Processes"),
        )
        self.tabs.currentChanged.connect(self.check)
        self.code_set_list.currentItemChanged.connect(self._on_code_set_chosen)
        self.process_list.currentItemChanged.connect(self._on_process_chosen)

        self.problem_list = QListWidget(self)
        self.problem_list.setAccessibleName(self.tr("Problems"))
        self.problem_list.setMaximumHeight(84)
        self.status_label = styled_label("", "muted", self)
        self.status_label.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Test run…"), self)
        self.test_button.setToolTip(
            self.tr("Walk through the draft as a user would; nothing is saved")
        )
        self.test_button.clicked.connect(self.on_test_run)
        self.publish_button = QPushButton(self.tr("Publish"), self)
        self.publish_button.setProperty("kind", "primary")
        self.publish_button.clicked.connect(self.on_publish)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo.toolbar)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.publish_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem_list)
        layout.addLayout(buttons)
        self._fill_lists()

    def _list(self, name: str) -> QListWidget:
        found = QListWidget(self)
        found.setAccessibleName(name)
        found.setMinimumWidth(150)
        found.setMaximumWidth(180)
        wrapped_list(found)
        return found

    def _page(
        self,
        chooser: QListWidget,
        new_text: str,
        on_new: Callable[[], object],
        starts: Entries,
        *editors: QWidget,
    ) -> QWidget:
        page = QWidget(self)
        new_button = QPushButton(new_text, page)
        new_button.clicked.connect(lambda _checked=False: on_new())
        column = QVBoxLayout()
        column.addWidget(chooser, 1)
        column.addWidget(new_button)
        column.addWidget(start_button(page, self.tr("Start from…"), starts))
        split = QSplitter(Qt.Orientation.Horizontal, page)
        for editor in editors:
            split.addWidget(
                scrolled_down_only(editor) if not isinstance(editor, FlowDiagram) else editor
            )
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)  # the editor gets more of a wider window than the flow
        split.setStretchFactor(1, 2)
        split.setSizes([660, 340][: len(editors)])
        row = QHBoxLayout(page)
        row.addLayout(column)
        row.addWidget(split, 1)
        return page

    def _name(self, draft: CodeSetDraft | ProcessDraft) -> str:
        return text(draft.names, self._workspace.language, draft.key)

    def _fill_lists(self) -> None:
        for chooser, drafts in (
            (self.code_set_list, self.catalogue.code_sets),
            (self.process_list, self.catalogue.processes),
        ):
            current = chooser.currentItem()
            shown = current.data(KEY_ROLE) if current is not None else None
            chooser.blockSignals(True)
            chooser.clear()
            for key, draft in drafts.items():
                name, tip = shown_label(draft.names, self._workspace.language, key)
                if isinstance(draft, ProcessDraft) and draft.version:
                    name += " · " + self.tr("v%1").replace("%1", str(draft.version))
                item = QListWidgetItem(name, chooser)
                item.setData(KEY_ROLE, key)
                item.setToolTip(tip)
                if tip:
                    item.setIcon(untranslated_mark())
                if key == shown:
                    chooser.setCurrentItem(item)
            chooser.blockSignals(False)
            if chooser.currentRow() < 0:
                chooser.setCurrentRow(0)
        self._on_code_set_chosen(self.code_set_list.currentItem())
        self._on_process_chosen(self.process_list.currentItem())

    def follow(self, sync: SyncController) -> None:
        """Take in, shown or not, what a sync brought to the catalogue."""
        sync.follow(self, frozenset({"process", "code_set"}), self.refresh, while_hidden=True)

    def refresh(self) -> None:
        """Take in what sync brought (another manager's publishing); drafts edited here and
        not yet published stay as they are."""
        fresh = load_catalogue(self._workspace)
        self.catalogue.code_sets = fresh.code_sets | _kept(
            self.catalogue.code_sets, self.unpublished
        )
        self.catalogue.processes = fresh.processes | _kept(
            self.catalogue.processes, self.unpublished
        )
        self._fill_lists()

    def _on_code_set_edited(self) -> None:
        if self.code_set_editor.draft is not None:
            self.unpublished.add(id(self.code_set_editor.draft))
            self.undo.record(self.code_set_editor.draft)
        self.check()

    def _on_process_edited(self) -> None:
        if self.process_editor.draft is not None:
            self.unpublished.add(id(self.process_editor.draft))
            self.undo.record(self.process_editor.draft)
        self.check()

    def _on_restored(self, draft: CodeSetDraft | ProcessDraft) -> None:
        """Show a draft that undo or redo put back, on the step that was in view."""
        if self.undo.unchanged(draft):
            self.unpublished.discard(id(draft))
        else:
            self.unpublished.add(id(draft))
        if isinstance(draft, CodeSetDraft):
            self.code_set_editor.show_draft(draft)
        else:
            row = self.process_editor.step_list.currentRow()
            self.process_editor.show_draft(draft, self.catalogue.code_sets)
            self.process_editor.step_list.setCurrentRow(min(max(row, 0), len(draft.steps) - 1))
        self.check()

    # --- choosing and creating -----------------------------------------------------------

    def _on_code_set_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.code_set_editor.show_draft(self.catalogue.code_sets[item.data(KEY_ROLE)])
            self.check()

    def _on_process_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            draft = self.catalogue.processes[item.data(KEY_ROLE)]
            self.process_editor.show_draft(draft, self.catalogue.code_sets)
            self.check()

    def _ask_name(self, title: str) -> str | None:
        name, ok = QInputDialog.getText(self, title, self.tr("Name:"))
        return name.strip() if ok and name.strip() else None

    def on_new_code_set(self, name: str | None = None) -> CodeSetDraft | None:
        """A new code set named `name` (asked for when not given); its key is made from it."""
        name = name or self._ask_name(self.tr("New code set"))
        if not name:
            return None
        key = key_from_name(name, self.catalogue.code_sets, fallback="codes")
        draft = CodeSetDraft(key, {normal_locale(self._workspace.language): name})
        self.catalogue.code_sets[key] = draft
        self._add_item(self.code_set_list, key, name)
        return draft

    def on_new_process(self, name: str | None = None) -> ProcessDraft | None:
        """A new process named `name` (asked for when not given); its key is made from it."""
        name = name or self._ask_name(self.tr("New process"))
        if not name:
            return None
        key = key_from_name(name, self.catalogue.processes, fallback="process")
        names = {normal_locale(self._workspace.language): name}
        draft = ProcessDraft(key, names, steps=[StepDraft("step_1", key_from_name=True)])
        self.catalogue.processes[key] = draft
        self._add_item(self.process_list, key, name)
        return draft

    def _code_set_starts(self) -> list[Entry]:
        shown = self.code_set_editor.draft
        if shown is None:
            return []
        name = text(shown.names, self._workspace.language, shown.key)
        return [(self.tr("A copy of “%1”").replace("%1", name), self.on_copy_code_set)]

    def _process_starts(self) -> list[Entry]:
        language = self._workspace.language
        entries: list[Entry] = [
            (
                self.tr("Template: %1").replace("%1", text(t.names, language, t.name)),
                partial(self.on_start_from_template, t.name),
            )
            for t in templates()
        ]
        shown = self.process_editor.draft
        if shown is not None:
            name = text(shown.names, language, shown.key)
            copy_text = self.tr("A copy of “%1”").replace("%1", name)
            entries += [None, (copy_text, self.on_copy_process)]
        return entries

    def on_start_from_template(self, name: str) -> ProcessDraft:
        """A new process from a shipped template, with any code sets it brings."""
        draft = start_from_template(self.catalogue, name)
        for step in draft.steps:
            code_set = self.catalogue.code_sets.get(step.code_set)
            if code_set is not None and not code_set.published_codes:  # came with the template
                self.unpublished.add(id(code_set))
        return self._adopt(self.process_list, draft)

    def on_copy_process(self) -> ProcessDraft | None:
        shown = self.process_editor.draft
        if shown is None:
            return None
        return self._adopt(self.process_list, copy_process(self.catalogue, shown))

    def on_copy_code_set(self) -> CodeSetDraft | None:
        shown = self.code_set_editor.draft
        if shown is None:
            return None
        return self._adopt(self.code_set_list, copy_code_set(self.catalogue, shown))

    def _adopt(self, chooser: QListWidget, draft: Draft) -> Draft:
        """List and show a new draft (already in the catalogue), not yet published."""
        self.unpublished.add(id(draft))
        self._fill_lists()
        chooser.setCurrentRow(
            next(r for r in range(chooser.count()) if chooser.item(r).data(KEY_ROLE) == draft.key)
        )
        return draft

    def _add_item(self, chooser: QListWidget, key: str, name: str) -> None:
        item = QListWidgetItem(name, chooser)
        item.setData(KEY_ROLE, key)
        chooser.setCurrentItem(item)

    # --- checking ------------------------------------------------------------------------

    def check(self) -> list[Problem]:
        """Check the draft in view, show its problems and redraw its flow."""
        sets = self.catalogue.code_sets
        if self.tabs.currentIndex() == CODE_SETS:
            draft = self.code_set_editor.draft
            others = [k for k, v in sets.items() if v is not draft]
            self.problems = check_code_set(draft, others) if draft else []
            self.undo.show(draft)
        else:
            process = self.process_editor.draft
            others = [k for k, v in self.catalogue.processes.items() if v is not process]
            self.problems = check_process(process, sets, others) if process else []
            self.undo.show(process)
            if process is not None:
                self.diagram.show_process(process, sets, self._workspace.language)
        self.problem_list.clear()
        for problem in self.problems:
            mark = "⚠" if problem.severity == "warning" else "✖"
            self.problem_list.addItem(f"{mark} {problem_text(problem)}")
        if not self.problems:
            self.problem_list.addItem(self.tr("✔ No problems found."))
        self.publish_button.setEnabled(not errors(self.problems))
        self.test_button.setEnabled(
            self.tabs.currentIndex() == PROCESSES and not errors(self.problems)
        )
        return self.problems

    # --- trying and publishing -----------------------------------------------------------

    def on_test_run(self) -> ProcessRunnerDialog | None:
        draft = self.process_editor.draft
        if draft is None or errors(self.check()):
            return None
        lists = {k: c.frozen() for k, c in self.catalogue.code_sets.items()}
        dialog = ProcessRunnerDialog(
            self._workspace,
            "",
            self.tr("Test run"),
            draft.definition(lists),
            self,
            code_lists=lists,
        )
        dialog.finished.connect(lambda _result: self.status_label.setText(dialog.trial_summary))
        dialog.open()
        return dialog

    def on_publish(self) -> None:
        try:
            if self.tabs.currentIndex() == CODE_SETS:
                self._publish_code_set()
            else:
                self._publish_process()
        except PublishError as exc:
            self.status_label.setText(
                " ".join(problem_text(p) for p in exc.problems)
                or self.tr("Only managers and admins may publish.")
            )
            return
        except SaveError as exc:
            self.status_label.setText(save_failure_text(exc))
            return
        self.published.emit()

    def _publish_code_set(self) -> None:
        draft = self.code_set_editor.draft
        if draft is None:
            return
        others = [k for k, v in self.catalogue.code_sets.items() if v is not draft]
        publish_code_set(self._workspace, draft, others)
        self.unpublished.discard(id(draft))
        self.undo.restart(draft)
        self.code_set_editor.show_draft(draft)
        self.status_label.setText(
            self.tr("Code set “%1” published; it reaches everyone at the next sync.").replace(
                "%1", self._name(draft)
            )
        )

    def _publish_process(self) -> None:
        draft = self.process_editor.draft
        if draft is None:
            return
        others = [k for k, v in self.catalogue.processes.items() if v is not draft]
        version = publish_process(self._workspace, draft, self.catalogue.code_sets, others)
        self.unpublished.discard(id(draft))
        sets = self.catalogue.code_sets
        used = [sets[s.code_set] for s in draft.steps if s.code_set in sets]
        self.unpublished -= {id(code_set) for code_set in used}
        published: list[CodeSetDraft | ProcessDraft] = [draft, *used]
        for published_draft in published:
            self.undo.restart(published_draft)
        self._fill_lists()  # shows the new version number
        self.status_label.setText(
            self.tr("“%1” version %2 published; new activities use it after the next sync.")
            .replace("%1", self._name(draft))
            .replace("%2", str(version))
        )


def _kept(drafts: dict[str, Draft], unpublished: set[int]) -> dict[str, Draft]:
    return {key: draft for key, draft in drafts.items() if id(draft) in unpublished}
