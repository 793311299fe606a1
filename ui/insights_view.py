"""Insights: what the codes say. Pick a process, its version, a question, a period (and a
territory or a rep); see each code's count and share ranked as bars and its trend as lines;
click a bar for the activities behind it and open their accounts; export the charts as PNG
and their data as CSV.

Everyone sees their own scope, counted on this computer even offline. Managers and admins open
on the whole team, counted by the server, while it answers (offline on their own replica); they
may switch either way, and offline that says so in a plain sentence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app import catalog, insights
from app.insights import ActivityLine, InsightReport
from app.workspace import Workspace
from protocol.reports import ALL_VERSIONS, ReportParams
from sync.errors import Outcome, SyncError
from ui.background import run_in_background
from ui.formats import qdate, recorded_time, speak_language
from ui.insight_charts import BarChart, TrendChart
from ui.style import styled_label

if TYPE_CHECKING:
    from ui.sync_controller import SyncController

# Period presets: how many days back from today, 0 for a period picked by hand.
PRESETS = (28, 91, 365, 0)


class InsightsView(QWidget):
    """`account_opened(account_id)`: the user asked to see an account behind a bar."""

    account_opened = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.report: InsightReport | None = None
        self.lines: list[ActivityLine] = []
        self._filling = False
        # Questions asked so far, per kind ("report", "lines"); only the latest one's answer
        # is shown.
        self._asked: Counter[str] = Counter()
        self.pending = 0  # answers still to come

        self.scope = self._combo(self.tr("Whose activities"))
        self.scope.addItem(self.tr("Mine (on this computer)"), False)
        if insights.sees_team(workspace):
            self.scope.addItem(self.tr("Whole team (online)"), True)
        if insights.opens_on_team(workspace):
            self.scope.setCurrentIndex(self.scope.findData(True))
        self.process = self._combo(self.tr("Process"))
        self.question = self._combo(self.tr("Question"))
        # Questions are sentences: show the first words and leave the row room for the rest.
        self.question.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.question.setMinimumContentsLength(28)
        self.version = self._combo(self.tr("Version"))
        self.period = self._combo(self.tr("Period"))
        for days, text in zip(
            PRESETS,
            (
                self.tr("Last 4 weeks"),
                self.tr("Last 3 months"),
                self.tr("Last 12 months"),
                self.tr("Dates below"),
            ),
            strict=True,
        ):
            self.period.addItem(text, days)
        self.period.setCurrentIndex(1)
        self.date_from = self._date(self.tr("From"))
        self.date_to = self._date(self.tr("To"))
        self.trend_by = self._combo(self.tr("Trend"))
        self.trend_by.addItem(self.tr("By week"), "week")
        self.trend_by.addItem(self.tr("By month"), "month")
        self.territory = self._combo(self.tr("Territory"))
        self.rep = self._combo(self.tr("Rep"))
        self.export_png_button = QPushButton(self.tr("Export chart (PNG)…"), self)
        self.export_csv_button = QPushButton(self.tr("Export data (CSV)…"), self)
        self.export_png_button.clicked.connect(self.on_export_png)
        self.export_csv_button.clicked.connect(self.on_export_csv)

        self.problem_label = styled_label("", "problem", self)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.summary_label = styled_label("", "muted", self)
        self.summary_label.setWordWrap(True)
        self.bar_chart = BarChart(self)
        self.bar_chart.setAccessibleName(self.tr("Codes ranked by count"))
        self.trend_chart = TrendChart(self)
        self.trend_chart.setAccessibleName(self.tr("Trend of each code"))
        self.charts = QSplitter(Qt.Orientation.Horizontal, self)
        self.charts.addWidget(self.bar_chart)
        self.charts.addWidget(self.trend_chart)
        self.charts.setChildrenCollapsible(False)
        # Half each, whatever the charts first hold: the sizes the splitter would take from
        # its children's hints depend on the data shown when the page is first laid out.
        self.charts.setSizes([1, 1])
        self.behind_label = styled_label(self.tr("Click a bar to see its activities."), "muted")
        self.activities = QTableWidget(0, 3, self)
        self.activities.setAccessibleName(self.tr("Activities behind the bar"))
        self.activities.setHorizontalHeaderLabels(
            [self.tr("Account"), self.tr("Date"), self.tr("Rep")]
        )
        self.activities.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.activities.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.activities.verticalHeader().hide()
        self.activities.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.activities.cellActivated.connect(self._on_activity_activated)
        self.activities.cellDoubleClicked.connect(self._on_activity_activated)

        self._lay_out()
        self.scope.currentIndexChanged.connect(self._on_choice)
        self.process.currentIndexChanged.connect(self._fill_questions)
        self.question.currentIndexChanged.connect(self._fill_versions)
        self.period.currentIndexChanged.connect(self._on_preset)
        for combo in (self.version, self.trend_by, self.territory, self.rep):
            combo.currentIndexChanged.connect(self._on_choice)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._on_dates_edited)
        self.bar_chart.bar_clicked.connect(self.show_activities)

    # --- building ------------------------------------------------------------------------

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def _date(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        speak_language(edit, self.workspace.language)
        return edit

    def _lay_out(self) -> None:
        controls = QVBoxLayout()
        first = (self.scope, self.process, self.question, self.version)
        second = (self.period, self.date_from, self.date_to, self.trend_by)
        third = (self.territory, self.rep)
        for widgets in (first, second, third):
            row = QHBoxLayout()
            row.setSpacing(8)
            for widget in widgets:
                row.addWidget(styled_label(widget.accessibleName(), "muted"))
                row.addWidget(widget)
                row.addSpacing(8)
            row.addStretch(1)
            controls.addLayout(row)
        exports = QHBoxLayout()
        exports.addWidget(self.summary_label, 1)
        exports.addWidget(self.export_png_button)
        exports.addWidget(self.export_csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.addWidget(styled_label(self.tr("Insights"), "title", self))
        layout.addLayout(controls)
        layout.addWidget(self.problem_label)
        layout.addLayout(exports)
        layout.addWidget(self.charts, 3)
        layout.addWidget(self.behind_label)
        layout.addWidget(self.activities, 2)

    # --- choices -------------------------------------------------------------------------

    def follow(self, sync: SyncController) -> None:
        """Refresh, while shown, after a sync that brought activities or catalogue."""
        sync.follow(
            self,
            frozenset({"activity", "process", "code_set", "user", "territory", "account"}),
            self.refresh,
        )

    def refresh(self) -> None:
        """Fill the choices from the replica (keeping what was picked) and count again."""
        self._filling = True
        picked = self.process.currentData()
        self.process.clear()
        for definition in catalog.processes(self.workspace):
            self.process.addItem(definition.name(self.workspace.language), definition.key)
        if picked is not None and self.process.findData(picked) >= 0:
            self.process.setCurrentIndex(self.process.findData(picked))
        self._fill_scope_filters()
        if self.period.currentData():
            self._on_preset()
        self._filling = False
        self._fill_questions()

    def _fill_scope_filters(self) -> None:
        territory, rep = self.territory.currentData(), self.rep.currentData()
        self.territory.clear()
        self.territory.addItem(self.tr("All"), "")
        for territory_id, name in insights.territory_choices(self.workspace):
            self.territory.addItem(name, territory_id)
        self.rep.clear()
        self.rep.addItem(self.tr("Anyone"), "")
        for user_id, name in insights.rep_choices(self.workspace):
            self.rep.addItem(name, user_id)
        for combo, value in ((self.territory, territory), (self.rep, rep)):
            if value and combo.findData(value) >= 0:
                combo.setCurrentIndex(combo.findData(value))

    def _fill_questions(self) -> None:
        key = self.process.currentData()
        definition = next((p for p in catalog.processes(self.workspace) if p.key == key), None)
        self._filling = True
        self.question.clear()
        for step in definition.steps if definition else ():
            self.question.addItem(step.question(self.workspace.language), step.key)
        self._filling = False
        self._fill_versions()

    def _fill_versions(self) -> None:
        self._filling = True
        self.version.clear()
        key, step = self.process.currentData(), self.question.currentData()
        if key and step:
            for choice in insights.version_choices(self.workspace, key, step):
                text = self.tr("All versions") if choice == ALL_VERSIONS else choice
                self.version.addItem(text, choice)
        self._filling = False
        self.count()

    def _on_preset(self) -> None:
        days = self.period.currentData()
        if not days:
            return
        today = dt.date.today()
        was_filling, self._filling = self._filling, True
        self.date_to.setDate(qdate(today))
        self.date_from.setDate(qdate(today - dt.timedelta(days=days - 1)))
        self._filling = was_filling
        self._on_choice()

    def _on_dates_edited(self) -> None:
        if self._filling:
            return
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(0))
        self.period.blockSignals(False)
        self.count()

    def _on_choice(self) -> None:
        if not self._filling:
            self.count()

    # --- counting ------------------------------------------------------------------------

    def params(self) -> ReportParams | None:
        """The report the choices ask for; None while a choice is missing."""
        key, step, version = (
            self.process.currentData(),
            self.question.currentData(),
            self.version.currentData(),
        )
        if not (key and step and version):
            return None
        return ReportParams(
            process_key=key,
            step=step,
            version=version,
            date_from=self.date_from.date().toPython(),
            date_to=self.date_to.date().toPython(),
            territories=[self.territory.currentData()] if self.territory.currentData() else [],
            rep=self.rep.currentData() or None,
            trend_by=self.trend_by.currentData(),
        )

    def team(self) -> bool:
        return bool(self.scope.currentData())

    def count(self) -> None:
        """Count with the current choices: here on the replica, or for the team online."""
        params = self.params()
        if params is None:
            self._show_problem(self.tr("There is no question to count yet."))
            return
        if params.date_from > params.date_to:
            self._show_problem(self.tr("The period must start on or before its end."))
            return
        team, workspace = self.team(), self.workspace
        self.summary_label.setText(self.tr("Asking the server…") if team else self.tr("Counting…"))
        self._ask(
            "report", lambda: insights.report(workspace, params, team=team), self.show_report, team
        )

    def _ask(
        self, kind: str, op: Callable[[], Any], deliver: Callable[[Any], None], team: bool
    ) -> None:
        """Run `op` in the background (the server's on the network worker, the replica's on
        its own) and hand its result to `deliver`, unless a newer question of its `kind` was
        asked since."""
        self._asked[kind] += 1
        self.pending += 1
        asked = self._asked[kind]

        def current() -> bool:
            """Whether the answer is still wanted: the view is open and nothing newer asked."""
            if not isValid(self):  # closed and deleted while the answer was on its way
                return False
            self.pending -= 1
            return asked == self._asked[kind]

        def succeeded(result: Any) -> None:
            if current():
                deliver(result)

        def failed(error: Exception) -> None:
            if current():
                self._on_failed(error, team)

        run_in_background(op, succeeded, failed, worker="network" if team else "replica")

    def show_report(self, counted: InsightReport) -> None:
        self.problem_label.hide()
        self.report = counted
        question = self.question.currentText()
        self.bar_chart.show_report(counted, question)
        self.trend_chart.show_report(
            counted,
            self.tr("By month") if counted.params.trend_by == "month" else self.tr("By week"),
        )
        if counted.answered:
            self.summary_label.setText(
                self.tr("%n activities answered this question.", "", counted.answered)
            )
        else:
            self.summary_label.setText(self.tr("No activity answered this question in the period."))
        self._asked["lines"] += 1  # a list still coming belongs to the report before
        self._show_lines([], "")

    def _on_failed(self, error: Exception, team: bool) -> None:
        self.summary_label.setText("")
        outcome = error.outcome if isinstance(error, SyncError) else None
        if not team:
            self._show_problem(self.tr("Your insights could not be counted just now."))
        elif outcome is Outcome.OFFLINE:
            self._show_problem(
                self.tr(
                    "You are offline. The team's insights need a connection to the server; "
                    "your own insights work offline."
                )
            )
        elif outcome is Outcome.SIGNED_OUT:
            self._show_problem(self.tr("Sign in again to see the team's insights."))
        else:
            self._show_problem(self.tr("The server could not count the team's answers just now."))

    def _show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.show()

    # --- the activities behind a bar -----------------------------------------------------

    def show_activities(self, code: str) -> None:
        """List the activities that gave `code` (the bar clicked)."""
        if self.report is None:
            return
        counted = self.report
        label = next((bar.label for bar in counted.bars if bar.code == code), code)
        workspace, team = self.workspace, counted.team
        self._ask(
            "lines",
            lambda: insights.activities_behind(workspace, counted.params, code, team=team),
            lambda found: self._show_lines(found, label),
            team,
        )

    def _show_lines(self, lines: list[ActivityLine], label: str) -> None:
        self.lines = lines
        self.activities.setRowCount(len(lines))
        for row, line in enumerate(lines):
            when = recorded_time(line.occurred_at, self.workspace.language)
            cells = (line.account_name, when, line.user_name)
            for column, text in enumerate(cells):
                self.activities.setItem(row, column, QTableWidgetItem(text))
        if label:
            self.behind_label.setText(
                self.tr("Activities that answered “%1”:").replace("%1", label)
            )
        else:
            self.behind_label.setText(self.tr("Click a bar to see its activities."))

    def _on_activity_activated(self, row: int, _column: int = 0) -> None:
        if 0 <= row < len(self.lines):
            self.account_opened.emit(self.lines[row].account_id)

    # --- exports -------------------------------------------------------------------------

    def export_png(self, path: Path) -> bool:
        """Save both charts as one picture; False if it could not be written."""
        return self.charts.grab().save(str(path), "PNG")

    def export_csv(self, path: Path) -> bool:
        """Save the counted data; False if there is none or it could not be written."""
        if self.report is None:
            return False
        headings = [self.tr("Code"), self.tr("Label"), self.tr("Count"), self.tr("Share")]
        try:
            insights.write_csv(path, self.report, headings)
        except OSError:
            return False
        return True

    def on_export_png(self) -> None:
        path = self._ask_path(
            self.tr("Export chart"), "insights.png", self.tr("PNG images (*.png)")
        )
        if path is not None and not self.export_png(path):
            self._show_problem(self.tr("The picture could not be saved there."))

    def on_export_csv(self) -> None:
        path = self._ask_path(self.tr("Export data"), "insights.csv", self.tr("CSV files (*.csv)"))
        if path is not None and not self.export_csv(path):
            self._show_problem(self.tr("The data could not be saved there."))

    def _ask_path(self, title: str, name: str, kinds: str) -> Path | None:
        chosen, _kind = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), kinds)
        return Path(chosen) if chosen else None
