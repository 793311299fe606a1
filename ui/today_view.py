"""Today: what is overdue, due today and coming up, each line ready to act on.

A task is completed with its outcome code in one click (or the digit key on the focused line),
rescheduled by a quick choice (+1 day, next Monday, or a date), and a planned visit starts the
visit process right from its line. Each of these can be taken back for a few seconds: an undo
bar says what was done, and its button or Ctrl+Z puts the task back as it was. While the first
sync is still filling the replica, empty groups say so instead of "Nothing here."
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QPaintEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import catalog, sync_service
from app.activities import LoggedRun
from app.processes import Code
from app.today import (
    COUNTED_PER_GROUP,
    RESCHEDULED,
    TodayItem,
    Undo,
    complete_task,
    complete_visit,
    next_monday,
    outcome_codes,
    reschedule_task,
    today_view,
    undo,
)
from app.workspace import Workspace
from ui.card_page import CardPage
from ui.code_grid import digit_of
from ui.formats import long_date, pydate, qdate, short_date, speak_language
from ui.process_runner import ProcessRunnerDialog
from ui.style import styled_label

if TYPE_CHECKING:
    from ui.sync_controller import SyncController


class TodayRow(QFrame):
    """One task or planned visit, with its one-click actions. Keys on the focused line:
    digits complete with that outcome, + moves to tomorrow, M to next Monday, D picks a date,
    V starts the visit."""

    def __init__(
        self, item: TodayItem, outcomes: Sequence[Code], page: TodayView, overdue: bool
    ) -> None:
        super().__init__(page)
        self.item = item
        self._page = page
        self.setObjectName("todayRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        language = page.workspace.language
        self.setAccessibleName(f"{item.title} · {item.account_name}")

        due = styled_label(short_date(item.due, language), "overdue" if overdue else "muted")
        kind = {"visit": self.tr("Visit"), "call": self.tr("Call")}.get(item.kind, self.tr("Task"))
        text = QVBoxLayout()
        text.setSpacing(1)
        text.addWidget(styled_label(item.title, "strong"))
        text.addWidget(styled_label(f"{kind} · {item.account_name}", "muted"))

        line = QHBoxLayout(self)
        line.setContentsMargins(10, 8, 8, 8)
        line.setSpacing(5)
        line.addWidget(due)
        line.addLayout(text, 1)
        if item.kind == "visit":
            self._button(
                line, self.tr("Start visit"), "V", partial(page.start_visit, self), "primary"
            )
        self.outcome_buttons = []
        for number, code in enumerate(outcomes, start=1):
            label = code.label(language)
            complete = partial(page.complete, self, code.key)
            button = self._button(line, f"{number} {label}", str(number), complete)
            self.outcome_buttons.append(button)
        self.later_button = self._button(line, self.tr("+1 day"), "+", partial(page.postpone, self))
        self._button(line, self.tr("Monday"), "M", partial(page.to_next_monday, self))
        self._button(line, self.tr("Date…"), "D", partial(page.pick_date, self))

    def _button(
        self,
        line: QHBoxLayout,
        text: str,
        key: str,
        action: Callable[[], object],
        kind: str = "",
    ) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.setProperty("kind", kind or "small")
        button.setToolTip(self.tr("Key: %1").replace("%1", key))
        button.setAccessibleName(f"{text} · {self.item.title}")
        button.setAccessibleDescription(self.tr("Key: %1").replace("%1", key))
        button.clicked.connect(lambda _checked=False: action())
        line.addWidget(button)
        return button

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, page, digit = event.key(), self._page, digit_of(event)
        if digit is not None and digit <= len(self.outcome_buttons):
            self.outcome_buttons[digit - 1].click()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            page.postpone(self)
        elif key == Qt.Key.Key_M:
            page.to_next_monday(self)
        elif key == Qt.Key.Key_D:
            page.pick_date(self)
        elif key == Qt.Key.Key_V and self.item.kind == "visit":
            page.start_visit(self)
        elif key == Qt.Key.Key_Down:
            self.focusNextChild()
        elif key == Qt.Key.Key_Up:
            self.focusPreviousChild()
        else:
            super().keyPressEvent(event)


# Lines built in one turn of the event loop: about a screenful before the page shows, and as
# many in each turn after it until all are there. A rep's Today of 90 lines (30 a group) holds
# some 700 buttons: building them all at once made the app's first paint wait 0.4 s
# (docs/benchmarks.md, `startup_ms`), and a click or key would wait as long; between turns the
# window paints and answers.
ROWS_A_TURN = 12

# A line built after the page shows: its place in the column, its item, whether it is late.
_LaterRow = tuple[int, TodayItem, bool]

UNDO_MS = 8000  # how long the undo bar offers to take an action back


class TodayView(CardPage):
    """The Today page; `changed` when a task changed, so the window can sync and refresh."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self.workspace = workspace
        self.rows: list[TodayRow] = []
        self.loading = False
        # Until the page's first frame, the lines for later wait for it: a window shows its
        # first screenful before it builds the rest (`_add_rows`).
        self._painted = False
        self._waiting: tuple[QVBoxLayout, list[_LaterRow], list[Code]] | None = None
        super().__init__(parent)
        self._undo: Undo | None = None
        self.undo_bar = QFrame(self)
        self.undo_bar.setObjectName("undoBar")
        self.undo_label = styled_label("", "", self.undo_bar)
        self.undo_button = QPushButton(self.tr("Undo"), self.undo_bar)
        self.undo_button.setAutoDefault(False)
        self.undo_button.setToolTip(self.tr("Undo (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.on_undo)
        bar = QHBoxLayout(self.undo_bar)
        bar.setContentsMargins(10, 4, 4, 4)
        bar.addWidget(self.undo_label, 1)
        bar.addWidget(self.undo_button)
        self.undo_bar.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.area), self.undo_bar)
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_MS)
        self._undo_timer.timeout.connect(self.forget_undo)
        undo_key = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo_key.activated.connect(self.on_undo)
        self.refresh()

    def follow(self, sync: SyncController) -> None:
        """Refresh, while shown, after a sync that changed tasks, accounts or codes; say that
        the first sync is loading while it runs."""
        sync.follow(self, frozenset({"task", "account", "code_set"}), self.refresh)
        sync.started.connect(self.on_sync_started)
        sync.finished.connect(self.on_sync_finished)

    def on_sync_started(self) -> None:
        if sync_service.status(self.workspace).last_sync_at is None:
            self.loading = True
            self.refresh()

    def on_sync_finished(self, _ok: bool) -> None:
        if self.loading:
            self.loading = False
            self.refresh()

    def refresh(self, day: dt.date | None = None) -> None:
        day = day or dt.date.today()
        self.set_title(self.tr("Today · %1").replace("%1", long_date(day, self.workspace.language)))
        view = today_view(self.workspace, day)
        outcomes = [c for c in outcome_codes(self.workspace) if c.key != RESCHEDULED]
        widgets: list[QWidget] = []
        later: list[_LaterRow] = []
        self.rows = []
        for heading, group, late in (
            (self.tr("Overdue"), view.overdue, True),
            (self.tr("Today"), view.today, False),
            (self.tr("Next 7 days"), view.upcoming, False),
        ):
            total = (
                self.tr("more than %1").replace("%1", str(COUNTED_PER_GROUP))
                if group.more_than_counted
                else str(group.total)
            )
            widgets.append(styled_label(f"{heading} · {total}", "section"))
            if not group.items:
                empty = (
                    self.tr("Loading… the first sync is bringing your work.")
                    if self.loading
                    else self.tr("Nothing here.")
                )
                widgets.append(styled_label(empty, "muted"))
            for item in group.items:
                if len(self.rows) < ROWS_A_TURN:
                    self.rows.append(TodayRow(item, outcomes, self, late))
                    widgets.append(self.rows[-1])
                else:
                    later.append((len(widgets) + len(later), item, late))
            if group.total > len(group.items):
                more = self.tr("The first %1 of %2 are shown; the rest follow as these are done.")
                shown = more.replace("%1", str(len(group.items))).replace("%2", total)
                widgets.append(styled_label(shown, "muted"))
        column = self.show_column(widgets)
        if self.rows:
            self.rows[0].setFocus()
        self._waiting = None  # the lines of the column just replaced
        self._add_rows_later(column, later, outcomes)

    def _add_rows_later(
        self, column: QVBoxLayout, later: list[_LaterRow], outcomes: list[Code]
    ) -> None:
        """Build the next ROWS_A_TURN of the lines `refresh` left for later on the event loop's
        next turn, each at its place in the column (in order, so the lines before a place are
        there when it is filled), then the next ones. Tied to the column: a refresh deletes it
        with its widget, and the lines of a column no longer shown are not built."""
        if later:
            QTimer.singleShot(0, column, partial(self._add_rows, column, later, outcomes))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            waiting, self._waiting = self._waiting, None
            if waiting is not None:
                self._add_rows_later(*waiting)

    def _add_rows(self, column: QVBoxLayout, later: list[_LaterRow], outcomes: list[Code]) -> None:
        if self.isVisible() and not self._painted:  # shown, its first frame still to come
            self._waiting = (column, later, outcomes)
            return
        for place, item, late in later[:ROWS_A_TURN]:
            row = TodayRow(item, outcomes, self, late)
            self.rows.append(row)
            column.insertWidget(place, row)
            row.show()  # now: the layout leaves out a line until it is shown
        _grow_to_fit(column)
        self._add_rows_later(column, later[ROWS_A_TURN:], outcomes)

    def row_of(self, task_id: str) -> TodayRow | None:
        return next((row for row in self.rows if row.item.task_id == task_id), None)

    # --- actions ---------------------------------------------------------------------------

    def complete(self, row: TodayRow, outcome: str) -> None:
        item, workspace = row.item, self.workspace
        self._undoable(
            lambda: complete_task(workspace, item.task_id, outcome),
            self.tr("Done: %1").replace("%1", item.title),
        )

    def reschedule(self, row: TodayRow, due: dt.date) -> None:
        self._move(row.item, due)

    def _move(self, item: TodayItem, due: dt.date) -> None:
        workspace = self.workspace
        self._undoable(
            lambda: reschedule_task(workspace, item.task_id, due),
            self.tr("Moved to %1: %2")
            .replace("%1", short_date(due, workspace.language))
            .replace("%2", item.title),
        )

    def postpone(self, row: TodayRow) -> None:
        self.reschedule(row, max(row.item.due, dt.date.today()) + dt.timedelta(days=1))

    def to_next_monday(self, row: TodayRow) -> None:
        self.reschedule(row, next_monday(dt.date.today()))

    def pick_date(self, row: TodayRow) -> DatePickerDialog:
        item = row.item  # the line may be rebuilt (a sync) while the dialog is open
        dialog = DatePickerDialog(self.workspace.language, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._move(item, dialog.date()))
        dialog.open()
        return dialog

    def start_visit(self, row: TodayRow) -> ProcessRunnerDialog | None:
        definition = catalog.process(self.workspace, "visit")
        if definition is None:
            return None
        item = row.item
        dialog = ProcessRunnerDialog(
            self.workspace, item.account_id, item.account_name, definition, self
        )
        dialog.accepted.connect(lambda: self.visit_logged(item, dialog.logged))
        dialog.open()
        return dialog

    def visit_logged(self, item: TodayItem, logged: LoggedRun | None) -> None:
        """After the planned visit was logged: its task is done. Undo opens it again and takes
        the visit and its follow-up tasks back."""
        assert logged is not None, "a runner that is no test run accepts once it has logged"
        workspace = self.workspace
        self._undoable(
            lambda: complete_visit(workspace, item.task_id, logged),
            self.tr("Visit logged: %1").replace("%1", item.title),
        )

    # --- undo ------------------------------------------------------------------------------

    def _undoable(self, action: Callable[[], Undo], said: str) -> None:
        done: list[Undo] = []
        self.saving(lambda: done.append(action()))
        if done:
            self._undo = done[0]
            self.undo_label.setText(said)
            self.undo_bar.show()
            self._undo_timer.start()

    def on_undo(self) -> None:
        taken_back, workspace = self._undo, self.workspace
        if taken_back is None:
            return
        self.forget_undo()
        self.saving(lambda: undo(workspace, taken_back))
        focused = next((r for r in self.rows if r.item.task_id == taken_back.task_id), None)
        if focused is not None:
            focused.setFocus()

    def forget_undo(self) -> None:
        self._undo = None
        self._undo_timer.stop()
        self.undo_bar.hide()


def _grow_to_fit(column: QVBoxLayout) -> None:
    """Make the column's widget tall enough for the lines just added, and lay them out now.
    The scroll area would grow it only on a later turn of the event loop, and until then every
    line was squeezed into the old height (a paint or a picture in between showed it)."""
    body = column.parentWidget()
    assert body is not None  # the column of a shown page
    body.resize(body.width(), max(body.height(), column.sizeHint().height()))
    column.activate()


class DatePickerDialog(QDialog):
    """A month to pick the new day from, in the UI language, whole (the day names and the last
    week never clipped), starting on today and answering keys: arrows move, Enter picks."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Move to which day?"))
        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("datePicker")
        speak_language(self.calendar, language)
        self.calendar.setSelectedDate(qdate(dt.date.today()))
        self.calendar.setAccessibleName(self.tr("Due date"))
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.calendar.activated.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar, 1)
        layout.addWidget(buttons)
        # The size the calendar needs in the app's style sheet (its fonts and paddings), not in
        # Qt's plain style: measured before polishing, the day names showed as "…".
        self.calendar.ensurePolished()
        self.calendar.setMinimumSize(self.calendar.sizeHint())
        self.calendar.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_days()

    def _fit_days(self) -> None:
        """Grow the calendar until each day and day name gets its smallest cell: its size hint
        forgets the cells' minimum, so the last week was cut off."""
        days = self.calendar.findChild(QTableView)
        model = days.model() if days is not None else None
        if days is None or model is None:
            return
        layout = self.layout()
        if layout is not None:
            layout.activate()
        viewport = days.viewport().size()
        short = model.rowCount() * days.verticalHeader().minimumSectionSize() - viewport.height()
        narrow = (
            model.columnCount() * days.horizontalHeader().minimumSectionSize() - viewport.width()
        )
        if short > 0 or narrow > 0:
            grown = self.calendar.minimumSize() + QSize(max(narrow, 0), max(short, 0))
            self.calendar.setMinimumSize(grown)
            self.adjustSize()

    def date(self) -> dt.date:
        return pydate(self.calendar.selectedDate())
