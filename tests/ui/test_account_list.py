"""The account list searches as you type and loads rows in windows."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from app.accounts import count_accounts
from app.workspace import Workspace
from ui.account_list import (
    ACCOUNT_ID_ROLE,
    COUNT_LIMIT,
    FIRST_PAGE,
    AccountListView,
)
from ui.overdue_mark import OVERDUE_ROLE, OverdueMarkDelegate


def _names(view: AccountListView) -> list[str]:
    model = view.model
    return [str(model.index(row, model.NAME).data()) for row in range(model.rowCount())]


def _search(qtbot, view: AccountListView, text: str) -> None:
    view.search.clear()
    qtbot.keyClicks(view.search, text)
    qtbot.waitUntil(lambda: not view._debounce.isActive())


def _type_with_input_method(field: QLineEdit, text: str) -> None:
    """Chinese arrives from the input method as committed text, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def test_search_as_you_type(qtbot, workspace: Workspace) -> None:
    view = AccountListView(workspace)
    qtbot.addWidget(view)
    assert view.model.total == 5

    view.search.clear()
    _type_with_input_method(view.search, "科技")
    assert view.model.total == 5  # debounced: nothing searched on every key
    qtbot.waitUntil(lambda: _names(view) == ["北京科技有限公司"])

    _search(qtbot, view, "bjkj")  # pinyin initials
    assert _names(view) == ["北京科技有限公司"]

    _search(qtbot, view, "+86 10 1234-5678")  # stored as 010-1234 5678
    assert _names(view) == ["北京科技有限公司"]

    _search(qtbot, view, "pudong")
    assert _names(view) == ["Shanghai Ocean Trading"]

    _search(qtbot, view, "no such customer")
    assert _names(view) == []
    assert view.count_label.text() == "No account matches this search."


def test_rows_are_fetched_lazily(qtbot, large_workspace: Workspace) -> None:
    view = AccountListView(large_workspace)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    model = view.model
    assert model.total == 1005
    assert model.rowCount() == FIRST_PAGE < model.total
    assert model.canFetchMore(QModelIndex())

    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > FIRST_PAGE)
    assert model.rowCount() < model.total


def test_choosing_a_row_names_the_account(qtbot, workspace: Workspace) -> None:
    view = AccountListView(workspace)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    row = next(i for i, name in enumerate(_names(view)) if name == "北京科技有限公司")
    rect = view.table.visualRect(view.model.index(row, 0))
    with qtbot.waitSignal(view.account_selected) as picked:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picked.args == [view.selected_id()]
    assert view.model.index(row, view.model.TIER).data() == "A · Key"


def test_filters_by_code_and_owner_and_sort(qtbot, workspace: Workspace) -> None:
    view = AccountListView(workspace)
    qtbot.addWidget(view)
    view.status_filter.setCurrentIndex(view.status_filter.findData("prospect"))
    assert sorted(_names(view)) == ["Alpine Tools GmbH", "广州华南贸易"]
    view.status_filter.setCurrentIndex(0)
    view.tier_filter.setCurrentIndex(view.tier_filter.findData("b"))
    view.sort_choice.setCurrentIndex(view.sort_choice.findData("city"))
    assert _names(view) == ["Shanghai Ocean Trading", "深圳创新电子"]  # Pudong, 南山
    view.mine_only.setChecked(True)
    assert len(_names(view)) == 2  # all sample accounts are Li Na's


def test_a_search_with_many_matches_is_counted_to_a_limit_and_scrolled_to_its_end(
    qtbot, large_workspace: Workspace
) -> None:
    view = AccountListView(large_workspace)
    qtbot.addWidget(view)
    _search(qtbot, view, "generated")
    assert (view.model.total, view.model.counted_all) == (1000, True)
    assert view.count_label.text() == "1000 accounts"

    _search(qtbot, view, "t")  # "Generated Customer", "Tianjin", and the sample accounts
    model = view.model
    assert not model.counted_all and model.total == COUNT_LIMIT + 1
    assert view.count_label.text() == f"More than {COUNT_LIMIT} accounts"
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    every = count_accounts(large_workspace, "t")
    assert model.counted_all and model.total == model.rowCount() == every > COUNT_LIMIT
    ids = [model.index(row, 0).data(ACCOUNT_ID_ROLE) for row in range(model.rowCount())]
    assert len(set(ids)) == len(ids)


def test_overdue_has_its_own_mark_and_words(qtbot, workspace: Workspace) -> None:
    view = AccountListView(workspace)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    model = view.model
    beijing = next(i for i, name in enumerate(_names(view)) if name == "北京科技有限公司")
    assert model.index(beijing, model.NAME).data(OVERDUE_ROLE) == "⚠ Overdue"
    assert model.index(beijing, model.STATUS).data() == "Active"  # the status says only that
    marks = [model.index(r, model.NAME).data(OVERDUE_ROLE) for r in range(model.rowCount())]
    assert marks.count("") == model.rowCount() - 1
    assert isinstance(view.table.itemDelegateForColumn(model.NAME), OverdueMarkDelegate)
    # The mark is drawn in the warning colour under the name, in the name's cell.
    cell = view.table.visualRect(model.index(beijing, model.NAME))
    picture = view.table.viewport().grab(cell).toImage()
    right = picture.copy(0, picture.height() // 2, picture.width(), picture.height() // 2)
    reddish = [
        colour
        for x in range(right.width())
        for y in range(right.height())
        if (colour := right.pixelColor(x, y)).red() > colour.green() + 60
        and colour.red() > colour.blue() + 60
    ]
    assert reddish, "no mark in the warning colour under the name"
