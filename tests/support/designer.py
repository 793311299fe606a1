"""Driving the designer's widgets in tests: choosing a code set or process, adding a step."""

from __future__ import annotations

from ui.designer_view import CODE_SETS, KEY_ROLE, DesignerView
from ui.label_edits import LabelEdits
from ui.process_editor import ProcessEditor


def choose(view: DesignerView, tab: int, key: str) -> None:
    """Show the code set (tab CODE_SETS) or process (PROCESSES) with `key` in the designer."""
    view.tabs.setCurrentIndex(tab)
    chooser = view.code_set_list if tab == CODE_SETS else view.process_list
    row = next(r for r in range(chooser.count()) if chooser.item(r).data(KEY_ROLE) == key)
    chooser.setCurrentRow(row)


def add_step(
    editor: ProcessEditor, key: str, question_en: str, question_zh: str, code_set: str
) -> None:
    """A new last step typed in as a manager would, its key given under "Advanced"."""
    editor.on_add_step()
    editor.step_key.setText(key)
    editor.step_key.textEdited.emit(key)
    type_label(editor.questions, "en", question_en)
    type_label(editor.questions, "zh_CN", question_zh)
    editor.code_set_box.setCurrentIndex(editor.code_set_box.findData(code_set))


def type_label(labels: LabelEdits, locale: str, text: str) -> None:
    """`text` typed into the line of `locale`."""
    edit = labels.edits[locale]
    edit.setText(text)
    edit.textEdited.emit(text)
