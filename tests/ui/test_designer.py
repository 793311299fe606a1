"""The designer through its real widgets, over a real replica: code sets with hierarchy and
colours, retiring a code, a process with a branch and a follow-up, the flow diagram, the
problems shown, a test run that saves nothing, and publishing a new version."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMenu, QTableWidgetItem, QTreeWidgetItem

from app import catalog
from app.processes import END
from app.publishing import load_catalogue
from app.sync_service import SyncResult
from app.workspace import Workspace
from local_store import outbox, queries
from protocol.entities import catalogue_record_id
from protocol.sync import Change
from sync.engine import SyncReport
from sync.replica_side import apply_changes
from tests.support.designer import add_step, choose, type_label
from tests.ui.conftest import ME, default_changes, open_workspace, sample_changes
from ui.designer_view import CODE_SETS, PROCESSES, DesignerView
from ui.flow_diagram import Arrow
from ui.main_window import MainWindow

# The code tree's columns in an English designer: the key (under "Advanced"), the labels in
# English and in Chinese, the colour, retired.
KEY, LABEL_EN, LABEL_ZH, COLOR, RETIRED = range(5)


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path / "m.db", default_changes() + sample_changes(dt.date.today()))
    ws.me = dataclasses.replace(ME, role="manager")
    yield ws
    ws.close()


@pytest.fixture
def designer(qtbot, manager: Workspace) -> DesignerView:
    view = DesignerView(manager)
    qtbot.addWidget(view)
    view.resize(1300, 860)
    view.show()
    return view


def shown_problems(view: DesignerView) -> list[str]:
    return [view.problem_list.item(i).text() for i in range(view.problem_list.count())]


def pending(workspace: Workspace, entity: str) -> list[dict]:
    with workspace.replica.session() as session:
        return [
            {"record_id": e.record_id, **e.fields}
            for e in outbox.oldest(session, 1000)
            if e.entity == entity
        ]


def test_only_managers_and_admins_see_the_designer(
    qtbot, workspace: Workspace, manager: Workspace
) -> None:
    rep_window = MainWindow(workspace)
    qtbot.addWidget(rep_window)
    assert rep_window.designer is None
    assert rep_window.nav_list.count() == MainWindow.DESIGNER
    manager_window = MainWindow(manager)
    qtbot.addWidget(manager_window)
    assert manager_window.designer is not None
    designer_item = manager_window.nav_list.item(MainWindow.DESIGNER)
    assert designer_item.text() == "Designer"
    assert designer_item.toolTip() == "Ctrl+6"
    go = next(a for a in manager_window.menuBar().actions() if a.text() == "&Go").menu()
    assert isinstance(go, QMenu)
    assert any(a.text() == "Designer" and a.shortcut().toString() == "Ctrl+6" for a in go.actions())


def test_edit_a_code_set_with_hierarchy_and_colours(
    designer: DesignerView, manager: Workspace
) -> None:
    draft = designer.on_new_code_set("damage")
    assert draft is not None
    editor = designer.code_set_editor
    assert editor.label_columns == {"en": LABEL_EN, "zh_CN": LABEL_ZH}
    type_label(editor.names, "en", "Damage")
    type_label(editor.names, "zh_CN", "损坏")

    top = editor.on_add_code()
    top.setText(KEY, "packaging")
    top.setText(LABEL_EN, "Packaging")
    top.setText(LABEL_ZH, "包装")
    top.setText(COLOR, "#c0504d")
    child = editor.on_add_child()
    assert child is not None
    child.setText(KEY, "dented")
    child.setText(LABEL_EN, "Dented")
    child.setText(LABEL_ZH, "凹陷")
    editor.tree.setCurrentItem(child)
    grandchild = editor.on_add_child()
    assert grandchild is not None
    grandchild.setText(KEY, "corner")
    grandchild.setText(LABEL_EN, "Corner")
    assert shown_problems(designer) == ["✔ No problems found."]  # English alone will do
    assert grandchild.toolTip(LABEL_ZH) == (
        "Not translated into 中文（简体） yet: shown as written in English."
    )
    grandchild.setText(LABEL_ZH, "边角")
    assert grandchild.toolTip(LABEL_ZH) == ""
    assert [(c.key, c.parent) for c in draft.codes] == [
        ("packaging", None),
        ("dented", "packaging"),
        ("corner", "dented"),
    ]
    assert draft.codes[0].color == "#c0504d"
    editor.tree.setCurrentItem(grandchild)
    deep = editor.on_add_child()  # a fourth level
    assert deep is not None
    deep.setText(KEY, "deep")
    assert any("codes nest at most 3 levels" in p for p in shown_problems(designer))
    editor.on_delete()
    assert shown_problems(designer) == ["✔ No problems found."]

    designer.publish_button.click()
    assert "published" in designer.status_label.text()
    with manager.replica.session() as session:
        stored = queries.code_sets(session)["damage"]
        assert [c["parent"] for c in stored.codes] == [None, "packaging", "dented"]
    assert catalog.code_lists(manager)["damage"].label("corner", "zh") == "包装 › 凹陷 › 边角"


def test_retire_a_code_keeps_it_readable(designer: DesignerView, manager: Workspace) -> None:
    choose(designer, CODE_SETS, "visit_outcome")
    editor = designer.code_set_editor
    item = editor.tree.topLevelItem(0)
    assert isinstance(item, QTreeWidgetItem)
    key, label = item.text(KEY), item.text(LABEL_EN)
    editor.tree.setCurrentItem(item)
    editor.on_retire()
    assert item.checkState(RETIRED) == Qt.CheckState.Checked
    assert item.font(LABEL_EN).strikeOut()
    designer.publish_button.click()
    lists = catalog.code_lists(manager)
    assert key not in [c.key for c in lists["visit_outcome"].choices()]
    assert lists["visit_outcome"].label(key, "en") == label  # still readable

    shown_again = editor.tree.topLevelItem(0)  # the tree was shown afresh
    assert shown_again is not None
    editor.tree.setCurrentItem(shown_again)
    editor.on_delete()  # a published code may not be deleted
    assert any("retire it instead" in p for p in shown_problems(designer))
    assert not designer.publish_button.isEnabled()


def test_edit_a_process_with_a_branch_and_a_follow_up(qtbot, designer: DesignerView) -> None:
    choose(designer, PROCESSES, "inbound_call")
    editor = designer.process_editor
    diagram = designer.diagram
    assert set(diagram.boxes) == {"reason", "disposition", END}
    assert Arrow("reason", "disposition", "") in diagram.arrows
    assert Arrow("disposition", END, "") in diagram.arrows

    add_step(
        editor, "complaint", "What was the complaint about?", "投诉的内容是什么？", "service_issue"
    )
    assert set(diagram.boxes) == {"reason", "disposition", "complaint", END}

    editor.step_list.setCurrentRow(0)
    editor.on_add_branch()
    code_box = editor.branches.cellWidget(0, 0)
    target_box = editor.branches.cellWidget(0, 1)
    assert isinstance(code_box, QComboBox) and isinstance(target_box, QComboBox)
    code_box.setCurrentIndex(code_box.findData("complaint"))
    target_box.setCurrentIndex(target_box.findData("complaint"))
    assert Arrow("reason", "complaint", "complaint") in diagram.arrows

    editor.on_add_follow_up()
    follow_up_code = editor.follow_ups.cellWidget(0, 0)
    assert isinstance(follow_up_code, QComboBox)
    follow_up_code.setCurrentIndex(follow_up_code.findData("complaint"))
    editor.follow_ups.setItem(0, 1, QTableWidgetItem("Call about the complaint"))
    assert not any("task title" in p for p in shown_problems(designer))
    editor.follow_ups.setItem(0, 2, QTableWidgetItem("就投诉回电"))
    draft = editor.draft
    assert draft is not None
    step = draft.steps[0]
    assert [(b.if_code, b.goto) for b in step.branches] == [("complaint", "complaint")]
    assert [(f.if_code, f.titles["zh_CN"]) for f in step.follow_ups] == [
        ("complaint", "就投诉回电")
    ]

    # A branch back to the first step makes a circle: shown, and publishing is blocked.
    editor.step_list.setCurrentRow(2)
    editor.on_add_branch()
    back = editor.branches.cellWidget(0, 1)
    assert isinstance(back, QComboBox)
    back.setCurrentIndex(back.findData("reason"))
    assert any(
        "go round in a circle: reason → disposition → complaint → reason" in p
        for p in shown_problems(designer)
    )
    assert Arrow("complaint", "reason", draft.steps[2].branches[0].if_code) in diagram.arrows
    assert not designer.publish_button.isEnabled()
    editor._remove_row(editor.branches)
    assert not any("circle" in p for p in shown_problems(designer))


def test_a_branch_to_a_missing_step_is_explained(designer: DesignerView) -> None:
    choose(designer, PROCESSES, "field_visit")
    draft = designer.process_editor.draft
    assert draft is not None
    draft.steps[0].branches[0].goto = "gone"
    designer.check()
    assert (
        "✖ Step “purpose”: the answer “delivery” leads to the step “gone”, which does not exist."
        in shown_problems(designer)
    )
    assert Arrow("purpose", "gone", "delivery") in designer.diagram.arrows
    assert "gone" not in designer.diagram.boxes


def test_test_run_saves_nothing(qtbot, designer: DesignerView, manager: Workspace) -> None:
    choose(designer, PROCESSES, "delivery_confirmation")
    with manager.replica.session() as session:
        before = (len(outbox.oldest(session, 1000)), len(queries.timeline_of(session, "x")))
    dialog = designer.on_test_run()
    assert dialog is not None and dialog.trial
    assert dialog.hint_label.isVisible()
    dialog.guidance_box.setChecked(False)  # an experienced user hides the guidance
    assert not dialog.hint_label.isVisible()
    next(b for b in dialog.grid.buttons if b.code_key == "on_time").click()
    next(b for b in dialog.grid.buttons if b.code_key == "damaged_goods").click()
    dialog.next_button.click()
    next(b for b in dialog.grid.buttons if b.code_key == "signed").click()  # and saves
    qtbot.waitUntil(lambda: "Nothing was saved" in designer.status_label.text())
    assert "Arrange a replacement" in designer.status_label.text()
    with manager.replica.session() as session:
        assert (len(outbox.oldest(session, 1000)), len(queries.timeline_of(session, "x"))) == before
        assert not queries.timeline_of(session, "")


def test_publish_makes_a_new_version(designer: DesignerView, manager: Workspace) -> None:
    choose(designer, PROCESSES, "inbound_call")
    editor = designer.process_editor
    type_label(editor.questions, "en", "Why did they call?")
    designer.publish_button.click()
    assert designer.status_label.text() == (
        "“Inbound call” version 2 published; new activities use it after the next sync."
    )
    newest = catalog.process(manager, "call")
    assert newest is not None and newest.version == 2
    assert newest.steps[0].question("en") == "Why did they call?"
    assert newest.steps[0].codes is not None  # the code set as published with it
    queued = pending(manager, "process")
    assert [q["version"] for q in queued] == [2]
    with manager.replica.session() as session:
        assert sorted(
            p.process_version for p in queries.process_versions(session) if p.key == "inbound_call"
        ) == [1, 2]


def test_a_refresh_takes_in_new_versions_and_keeps_unpublished_edits(
    designer: DesignerView, manager: Workspace
) -> None:
    choose(designer, CODE_SETS, "call_reason")
    item = designer.code_set_editor.tree.topLevelItem(0)
    assert item is not None
    item.setText(LABEL_EN, "Where is my order?")
    catalogue = load_catalogue(manager)
    theirs = catalogue.processes["inbound_call"]
    theirs.names = {"en": "Inbound call (new)"}
    fields = theirs.to_fields(2, {k: c.frozen() for k, c in catalogue.code_sets.items()})
    with manager.replica.session() as session:  # another manager's version, as sync brings it
        apply_changes(
            session,
            [
                Change(
                    entity="process",
                    record_id=catalogue_record_id("process", "inbound_call", 2),
                    version=99,
                    fields=fields,
                )
            ],
        )
    designer.refresh()
    assert designer.catalogue.processes["inbound_call"].version == 2
    assert designer.catalogue.code_sets["call_reason"].codes[0].labels["en"] == "Where is my order?"
    shown = designer.code_set_editor.tree.topLevelItem(0)
    assert shown is not None and shown.text(LABEL_EN) == "Where is my order?"


def test_a_sync_does_not_build_a_designer_nobody_opened(qtbot, manager: Workspace) -> None:
    window = MainWindow(manager)
    qtbot.addWidget(window)

    window.sync.on_succeeded(
        SyncResult(SyncReport(pushed=0, pulled=3, conflicts=0), manager.me, frozenset({"process"}))
    )

    assert not isinstance(window.pages.widget(MainWindow.DESIGNER), DesignerView)
    window.show_section(MainWindow.DESIGNER)
    assert isinstance(window.pages.widget(MainWindow.DESIGNER), DesignerView)
