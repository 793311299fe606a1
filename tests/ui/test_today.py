"""Today: overdue, today's and upcoming work, completed in one click, moved by a quick choice,
and a planned visit started from its line."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableView
from sqlalchemy import select

from app import sync_service
from app import today as today_module
from app.accounts import account_detail
from app.today import next_monday
from app.workspace import Workspace
from local_store import queries
from local_store.models import Task
from protocol.sync import Change
from tests.ui.conftest import BEIJING, ME, default_changes, open_workspace, sample_changes
from tests.ui.input_counter import InputCounter
from ui.formats import qdate
from ui.process_runner import ProcessRunnerDialog
from ui.today_view import DatePickerDialog, TodayRow, TodayView

Key = Qt.Key
CALL_BACK = "Call back about the price list"  # overdue by three days in the sample


def _beijing() -> list[Change]:
    """The account the deliveries are for (tasks without their account are never listed)."""
    return [c for c in sample_changes(dt.date.today()) if c.record_id == BEIJING]


def _deliveries(count: int, due: dt.date, first: int = 0) -> list[Change]:
    return [
        Change(
            entity="task",
            record_id=f"6f1c3c1e-0000-4000-8000-{number:012d}",
            version=1,
            fields={
                "account_id": BEIJING,
                "title": f"Delivery {number:02d}",
                "kind": "task",
                "due_date": due.isoformat(),
                "done": False,
                "assignee_id": ME.id,
            },
        )
        for number in range(first, first + count)
    ]


@pytest.fixture
def planned(tmp_path) -> Workspace:
    today = dt.date.today()
    visit = Change(
        entity="task",
        record_id="6f1c3c1e-0000-4000-8000-000000000001",
        version=1,
        fields={
            "account_id": BEIJING,
            "title": "Quarterly visit",
            "kind": "visit",
            "due_date": today.isoformat(),
            "done": False,
            "assignee_id": ME.id,
        },
    )
    return open_workspace(tmp_path / "r.db", default_changes() + sample_changes(today) + [visit])


@pytest.fixture
def page(qtbot, planned: Workspace) -> TodayView:
    view = TodayView(planned)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    with qtbot.waitExposed(view):
        view.show()
    return view


def _task(workspace: Workspace, title: str):
    with workspace.replica.session() as session:
        return next(t for t in queries.tasks_due(session, dt.date(2100, 1, 1)) if t.title == title)


def test_overdue_today_and_upcoming_are_grouped(page: TodayView) -> None:
    overdue = [row.item.title for row in page.rows if row.item.due < dt.date.today()]
    today = [row.item.title for row in page.rows if row.item.due == dt.date.today()]
    assert overdue == [CALL_BACK]
    assert today == ["Quarterly visit"]
    assert page.rows[0].item.account_name == "北京科技有限公司"


def test_a_task_is_completed_with_its_outcome_in_one_click(
    page: TodayView, planned: Workspace, user: InputCounter
) -> None:
    row = page.row_of(_task(planned, CALL_BACK).id)
    assert row is not None
    assert [b.text() for b in row.outcome_buttons] == ["1 Done", "2 No answer", "3 Cancelled"]
    task_id = row.item.task_id
    user.click(row.outcome_buttons[1])
    assert user.clicks == 1
    with planned.replica.session() as session:
        task = queries.task(session, task_id)
        assert task is not None and task.done and task.outcome == "no_answer"
    assert page.row_of(task_id) is None
    assert sync_service.status(planned).pending == 1  # queued for the server


def test_rescheduling_by_quick_choice_and_by_key(
    page: TodayView, planned: Workspace, user: InputCounter, qtbot
) -> None:
    task_id = _task(planned, CALL_BACK).id
    row = page.row_of(task_id)
    assert row is not None
    user.click(row.later_button)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert _task(planned, CALL_BACK).due_date == tomorrow.isoformat()

    row = page.row_of(task_id)
    assert row is not None
    row.setFocus()
    qtbot.waitUntil(row.hasFocus)
    user.press(Qt.Key.Key_M)
    assert _task(planned, CALL_BACK).due_date == next_monday(dt.date.today()).isoformat()


def test_a_planned_visit_starts_the_visit_process(
    page: TodayView, planned: Workspace, user: InputCounter, qtbot
) -> None:
    task_id = _task(planned, "Quarterly visit").id
    row = page.row_of(task_id)
    assert row is not None
    row.setFocus()
    qtbot.waitUntil(row.hasFocus)
    user.press(Qt.Key.Key_V)
    dialog = page.findChild(ProcessRunnerDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    for key in (Key.Key_1, Key.Key_Return, Key.Key_2):
        user.press(key)
    qtbot.waitUntil(lambda: page.row_of(task_id) is None)
    assert user.typed == 0
    detail = account_detail(planned, BEIJING)
    assert detail is not None and detail.timeline[0].process_name == "Customer visit"


@pytest.mark.parametrize(
    ("counted", "heading", "note"),
    [
        (100, "Next 7 days · 10", "The first 3 of 10 are shown"),
        (8, "Next 7 days · more than 8", "The first 3 of more than 8 are shown"),
    ],
)
def test_a_crowded_week_lists_the_first_lines_and_says_how_many_there_are(
    qtbot, tmp_path, monkeypatch, counted, heading, note
) -> None:
    monkeypatch.setattr(today_module, "SHOWN_PER_GROUP", 3)
    monkeypatch.setattr(today_module, "COUNTED_PER_GROUP", counted)
    monkeypatch.setattr("ui.today_view.COUNTED_PER_GROUP", counted)
    crowded = _deliveries(10, dt.date.today() + dt.timedelta(days=1))
    workspace = open_workspace(tmp_path / "r.db", default_changes() + _beijing() + crowded)
    view = TodayView(workspace)
    qtbot.addWidget(view)
    titles = [row.item.title for row in view.rows]
    assert titles == ["Delivery 00", "Delivery 01", "Delivery 02"]
    texts = [label.text() for label in view.findChildren(QLabel)]
    assert heading in texts
    assert f"{note}; the rest follow as these are done." in texts


def _column(view: TodayView) -> list[str]:
    """The column's lines from the top: headings and notes by text, task lines by title."""
    body = view.area.widget()
    column = body.layout() if body is not None else None
    assert column is not None
    items = (column.itemAt(place) for place in range(column.count()))
    shown = (item.widget() for item in items if item is not None)
    return [
        widget.item.title if isinstance(widget, TodayRow) else widget.text()
        for widget in shown
        if isinstance(widget, (TodayRow, QLabel))
    ]


def test_a_long_today_shows_its_first_lines_at_once_and_the_others_right_after(
    qtbot, tmp_path, monkeypatch
) -> None:
    today = dt.date.today()
    later = today + dt.timedelta(days=2)
    changes = sample_changes(today) + _deliveries(3, today) + _deliveries(3, later, first=3)
    workspace = open_workspace(tmp_path / "r.db", default_changes() + changes)
    whole = TodayView(workspace)  # every line built at once
    qtbot.addWidget(whole)
    expected = _column(whole)
    assert expected == [
        "Overdue · 1",
        CALL_BACK,
        "Today · 3",
        *("Delivery 00", "Delivery 01", "Delivery 02"),
        "Next 7 days · 3",
        *("Delivery 03", "Delivery 04", "Delivery 05"),
    ]

    monkeypatch.setattr("ui.today_view.ROWS_A_TURN", 2)
    view = TodayView(workspace)
    qtbot.addWidget(view)
    assert len(view.rows) == 2
    assert [row.item.title for row in view.rows] == [row.item.title for row in whole.rows[:2]]
    view.refresh()  # again before the event loop turns: only the new column's lines follow
    qtbot.waitUntil(lambda: len(view.rows) == len(whole.rows))
    qtbot.wait(50)
    assert _column(view) == expected
    assert [row.item.title for row in view.rows] == [row.item.title for row in whole.rows]


def test_lines_built_later_never_squeeze_the_lines_shown(qtbot, tmp_path, monkeypatch) -> None:
    """Each turn's lines grow the column at once: a paint (or a picture) between two turns
    shows every line at its full height."""
    monkeypatch.setattr("ui.today_view.ROWS_A_TURN", 2)
    changes = _deliveries(20, dt.date.today())
    view = TodayView(open_workspace(tmp_path / "r.db", default_changes() + _beijing() + changes))
    qtbot.addWidget(view)
    view.resize(1100, 500)
    with qtbot.waitExposed(view):
        view.show()
    for _turn in range(100):
        QApplication.processEvents()  # one turn, and what it posted is not handled yet
        shown = [row for row in view.rows if row.isVisible()]
        assert all(row.height() >= row.minimumSizeHint().height() for row in shown)
        if len(view.rows) == 20:
            break
    assert len(view.rows) == 20


def _focused_row(page: TodayView, qtbot, task_id: str) -> TodayRow:
    row = page.row_of(task_id)
    assert row is not None
    row.setFocus()
    qtbot.waitUntil(row.hasFocus)
    return row


def test_completing_and_moving_can_be_undone(
    page: TodayView, planned: Workspace, user: InputCounter, qtbot
) -> None:
    task_id = _task(planned, CALL_BACK).id
    due = _task(planned, CALL_BACK).due_date
    _focused_row(page, qtbot, task_id)
    user.press(Key.Key_1)  # done, at once
    assert page.row_of(task_id) is None
    assert page.undo_bar.isVisible()
    assert page.undo_label.text() == f"Done: {CALL_BACK}"
    user.press(Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    task = _task(planned, CALL_BACK)
    assert (task.done, task.outcome, task.due_date) == (False, None, due)
    assert page.row_of(task_id) is not None and not page.undo_bar.isVisible()

    _focused_row(page, qtbot, task_id)
    user.press(Key.Key_Plus)
    assert _task(planned, CALL_BACK).due_date != due
    assert page.undo_label.text().startswith("Moved to ")
    user.click(page.undo_button)
    assert _task(planned, CALL_BACK).due_date == due


def test_undoing_a_logged_visit_takes_back_the_visit_and_its_follow_ups(
    page: TodayView, planned: Workspace, user: InputCounter, qtbot
) -> None:
    """The visit's activity and the "Send quote" task its answer made go too, not only the
    planned visit's completion: as if the visit had not been logged."""
    before = account_detail(planned, BEIJING)
    assert before is not None
    task_id = _task(planned, "Quarterly visit").id
    _focused_row(page, qtbot, task_id)
    user.press(Key.Key_V)
    dialog = page.findChild(ProcessRunnerDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    for key in (Key.Key_1, Key.Key_Return, Key.Key_2):  # … the outcome: quote requested
        user.press(key)
    qtbot.waitUntil(lambda: page.row_of(task_id) is None)
    assert page.undo_label.text() == "Visit logged: Quarterly visit"
    logged = account_detail(planned, BEIJING)
    assert logged is not None and len(logged.timeline) == len(before.timeline) + 1
    assert _open_titles(planned).count("Send quote") == 1

    user.click(page.undo_button)

    assert page.row_of(task_id) is not None
    assert not _task(planned, "Quarterly visit").done
    assert account_detail(planned, BEIJING) == before
    assert "Send quote" not in _open_titles(planned)
    with planned.replica.session() as session:
        assert "Send quote" not in {t.title for t in session.scalars(select(Task))}


def _open_titles(workspace: Workspace) -> list[str]:
    with workspace.replica.session() as session:
        return [t.title for t in queries.tasks_due(session, dt.date(2100, 1, 1))]


def test_the_undo_bar_goes_after_a_few_seconds(
    page: TodayView, planned: Workspace, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page._undo_timer.setInterval(50)
    task_id = _task(planned, CALL_BACK).id
    row = page.row_of(task_id)
    assert row is not None
    row.outcome_buttons[0].click()
    assert page.undo_bar.isVisible()
    qtbot.waitUntil(lambda: not page.undo_bar.isVisible())
    page.on_undo()  # nothing left to undo
    with planned.replica.session() as session:
        task = queries.task(session, task_id)
        assert task is not None and task.done


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_date_picker_shows_whole_starts_today_and_takes_keys(
    page: TodayView, planned: Workspace, qtbot, styled: None, language: str
) -> None:
    planned.language = language
    task_id = _task(planned, CALL_BACK).id
    row = _focused_row(page, qtbot, task_id)
    qtbot.keyClick(row, Key.Key_D)
    dialog = page.findChild(DatePickerDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    calendar = dialog.calendar
    assert calendar.selectedDate() == qdate(dt.date.today())  # not the old overdue date
    view = calendar.findChild(QTableView)
    assert view is not None
    metrics = view.fontMetrics()
    model = view.model()
    for column in range(model.columnCount()):
        name = str(model.index(0, column).data())
        assert metrics.horizontalAdvance(name) <= view.columnWidth(column), name
    last = model.rowCount() - 1
    assert view.rowViewportPosition(last) + view.rowHeight(last) <= view.viewport().height()
    assert view.hasFocus()
    qtbot.keyClick(view, Key.Key_Right)  # tomorrow
    qtbot.keyClick(view, Key.Key_Return)
    assert (
        _task(planned, CALL_BACK).due_date == (dt.date.today() + dt.timedelta(days=1)).isoformat()
    )


def test_a_first_sync_shows_loading(page: TodayView, planned: Workspace) -> None:
    page.loading = True
    page.refresh()
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert "Nothing here." not in texts
    assert "Loading… the first sync is bringing your work." in texts
    page.on_sync_finished(True)
    assert "Nothing here." in [label.text() for label in page.findChildren(QLabel)]


class _FirstPaint(QObject):
    """The number of Today's lines when the page was first painted."""

    def __init__(self, view: TodayView) -> None:
        super().__init__()
        self.view = view
        self.rows: int | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.rows is None and event.type() == QEvent.Type.Paint:
            self.rows = len(self.view.rows)
        return False


def test_a_long_today_is_painted_before_its_later_lines_are_built(
    qtbot, tmp_path, monkeypatch
) -> None:
    """The window's first frame shows the first screenful: the lines that follow are built
    after it (building them first made the app's start wait for them)."""
    monkeypatch.setattr("ui.today_view.ROWS_A_TURN", 2)
    changes = _deliveries(20, dt.date.today())
    view = TodayView(open_workspace(tmp_path / "r.db", default_changes() + _beijing() + changes))
    qtbot.addWidget(view)
    first_paint = _FirstPaint(view)
    view.installEventFilter(first_paint)
    view.resize(1100, 500)
    view.show()
    qtbot.waitUntil(lambda: len(view.rows) == 20)
    assert first_paint.rows == 2
