"""Undo and redo in the designer through its keys and toolbar: several edits of a process and
of a code set undone and redone, typing in a field undone as one step, and publishing starting
the history afresh."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from app.workspace import Workspace
from tests.support.designer import choose
from tests.ui import test_designer
from ui.designer_view import CODE_SETS, PROCESSES, DesignerView

designer, manager = test_designer.designer, test_designer.manager  # the same fixtures
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def toolbar_button(view: DesignerView, text: str) -> QToolButton:
    buttons = view.undo.toolbar.findChildren(QToolButton)
    return next(b for b in buttons if b.defaultAction() and b.defaultAction().text() == text)


def test_process_edits_are_undone_and_redone_with_the_keys(qtbot, designer: DesignerView) -> None:
    designer.activateWindow()
    qtbot.waitActive(designer)
    choose(designer, PROCESSES, "inbound_call")
    editor = designer.process_editor
    draft = editor.draft
    assert draft is not None
    assert not designer.undo.undo_action.isEnabled()
    name = draft.names["en"]

    editor.names.own.setFocus()
    editor.names.own.end(False)
    qtbot.keyClicks(editor.names.own, " (new)")  # six letters, one step
    qtbot.mouseClick(editor.add_step_button, Qt.MouseButton.LeftButton)
    editor.step_list.setFocus()
    assert [s.key for s in draft.steps] == ["reason", "disposition", "step_3"]
    assert draft.names["en"] == f"{name} (new)"

    qtbot.keyClick(editor.step_list, Qt.Key.Key_Z, CTRL)
    assert [s.key for s in draft.steps] == ["reason", "disposition"]
    assert draft.names["en"] == f"{name} (new)"
    assert editor.step_list.count() == 2  # the editor shows the draft as it is again
    qtbot.keyClick(editor.step_list, Qt.Key.Key_Z, CTRL)
    assert draft.names["en"] == name and editor.names.own.text() == name
    assert not designer.undo.undo_action.isEnabled()
    assert id(draft) not in designer.unpublished  # back as published: nothing to publish

    qtbot.keyClick(editor.step_list, Qt.Key.Key_Z, CTRL | SHIFT)
    assert draft.names["en"] == f"{name} (new)"
    qtbot.keyClick(editor.step_list, Qt.Key.Key_Z, CTRL | SHIFT)
    assert [s.key for s in draft.steps] == ["reason", "disposition", "step_3"]
    assert not designer.undo.redo_action.isEnabled()
    assert designer.diagram.boxes.keys() >= {"step_3"}  # the flow follows


def test_code_set_edits_are_undone_with_the_toolbar_and_published_ones_stay(
    qtbot, designer: DesignerView, manager: Workspace
) -> None:
    choose(designer, CODE_SETS, "visit_outcome")
    editor = designer.code_set_editor
    draft = editor.draft
    assert draft is not None
    before = [c.key for c in draft.codes]
    undo, redo = toolbar_button(designer, "Undo"), toolbar_button(designer, "Redo")
    assert not undo.isEnabled() and not redo.isEnabled()

    item = editor.on_add_code()
    item.setText(editor.label_columns["en"], "Asked for a demo")
    assert [c.labels.get("en") for c in draft.codes][-1] == "Asked for a demo"
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert "en" not in draft.codes[-1].labels  # the label typed, undone
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert [c.key for c in draft.codes] == before
    qtbot.mouseClick(redo, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(redo, Qt.MouseButton.LeftButton)
    assert draft.codes[-1].labels["en"] == "Asked for a demo"
    assert editor.tree.topLevelItemCount() == len(before) + 1

    draft.codes[-1].labels["zh_CN"] = "要求演示"
    designer.code_set_editor.show_draft(draft)
    designer.undo.record(draft)
    designer.check()
    assert designer.publish_button.isEnabled()
    designer.publish_button.click()
    assert "published" in designer.status_label.text()
    assert not undo.isEnabled() and not redo.isEnabled()  # publishing cannot be undone
    designer.undo.undo()
    assert draft.codes[-1].labels["zh_CN"] == "要求演示"


def test_each_draft_keeps_its_own_history(qtbot, designer: DesignerView) -> None:
    choose(designer, PROCESSES, "inbound_call")
    editor = designer.process_editor
    first = editor.draft
    assert first is not None
    editor.on_add_step()
    choose(designer, PROCESSES, "field_visit")
    assert not designer.undo.undo_action.isEnabled()  # nothing edited here yet
    choose(designer, PROCESSES, "inbound_call")
    assert designer.undo.undo_action.isEnabled()
    designer.undo.undo_action.trigger()
    assert len(first.steps) == 2
