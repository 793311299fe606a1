"""Starting from a copy in the designer: a process from a shipped template and a copy of a code
set through the "Start from…" menu, each a draft with a new key until it is published."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from app.workspace import Workspace
from local_store import queries
from tests.support.designer import choose
from tests.ui import test_designer
from ui.designer_view import CODE_SETS, KEY_ROLE, PROCESSES, DesignerView

designer, manager = test_designer.designer, test_designer.manager  # the same fixtures


def start_from(view: DesignerView, tab: int, text: str) -> None:
    """Open the tab's "Start from…" menu and choose the entry `text`."""
    view.tabs.setCurrentIndex(tab)
    page = view.tabs.widget(tab)
    assert page is not None
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "Start from…")
    menu = button.menu()
    menu.aboutToShow.emit()
    next(a for a in menu.actions() if a.text() == text).trigger()


def test_a_process_starts_from_a_template_and_publishes_under_a_new_key(
    designer: DesignerView, manager: Workspace
) -> None:
    start_from(designer, PROCESSES, "Template: Delivery confirmation")
    editor = designer.process_editor
    draft = editor.draft
    assert draft is not None
    assert draft.key == "delivery_confirmation_2" and draft.version == 0
    assert designer.process_list.currentItem().data(KEY_ROLE) == draft.key
    assert not editor.key_edit.isReadOnly()  # not published yet
    assert id(draft) in designer.unpublished
    assert set(designer.diagram.boxes) >= {"status", "condition", "signoff"}

    designer.refresh()  # a sync meanwhile keeps the draft
    assert designer.catalogue.processes[draft.key] is draft
    assert designer.publish_button.isEnabled()
    designer.publish_button.click()
    with manager.replica.session() as session:
        published = queries.processes(session)
    assert {(p.key, p.process_version) for p in published} >= {
        ("delivery_confirmation", 1),
        ("delivery_confirmation_2", 1),
    }


def test_a_code_set_starts_as_a_copy_whose_codes_may_still_go(designer: DesignerView) -> None:
    choose(designer, CODE_SETS, "visit_outcome")
    start_from(designer, CODE_SETS, "A copy of “Visit outcome”")
    editor = designer.code_set_editor
    draft = editor.draft
    assert draft is not None and draft.key == "visit_outcome_2"
    assert designer.catalogue.code_sets["visit_outcome"] is not draft
    assert not editor.key_edit.isReadOnly()
    count = len(draft.codes)
    first = editor.tree.topLevelItem(0)
    assert first is not None
    editor.tree.setCurrentItem(first)
    editor.on_delete()  # allowed: no activity used a code of the copy
    assert len(draft.codes) == count - 1
    assert not any(p.kind == "removed_code" for p in designer.problems)
    assert designer.publish_button.isEnabled()
