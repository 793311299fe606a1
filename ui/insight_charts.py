"""The two charts of the insights: codes ranked as horizontal bars, and their trend as lines."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QPoint, QPointF, Qt, QTime, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from app.insights import Bar, InsightReport
from ui.formats import qdate

# Up to this many, a count axis has a tick for every whole number.
SMALL_COUNT = 10


class _ChartView(QChartView):
    """A chart without animation, drawn smoothly, emptied before each report."""

    def __init__(self, parent: QWidget) -> None:
        chart = QChart()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(320, 260)

    def _cleared(self, title: str) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(title)
        return chart


class BarChart(_ChartView):
    """Codes as horizontal bars, most given at the top, each labelled with its share.
    `bar_clicked` says which code's bar was clicked."""

    bar_clicked = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.chart().legend().hide()
        self.bars: list[Bar] = []  # bottom to top, as the series draws them
        self.series: QHorizontalBarSeries | None = None

    def show_report(self, counted: InsightReport, title: str) -> None:
        chart = self._cleared(title)
        self.bars = list(reversed(counted.bars))
        counts = QBarSet(title)
        counts.setColor(QColor("#4e79a7"))
        counts.append([float(bar.count) for bar in self.bars])
        counts.clicked.connect(self._on_clicked)
        series = QHorizontalBarSeries()
        series.append(counts)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsInsideEnd)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.setTruncateLabels(False)  # a label is the point of the bar
        categories.append([f"{bar.label} · {bar.share:.0%}" for bar in self.bars] or [""])
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        values = _count_axis(max([bar.count for bar in self.bars], default=0))
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        self.series = series

    def bar_position(self, code: str) -> QPoint:
        """Where the middle of a code's bar is, in viewport coordinates."""
        index = next(i for i, bar in enumerate(self.bars) if bar.code == code)
        assert self.series is not None
        middle = self.chart().mapToPosition(QPointF(self.bars[index].count / 2, index), self.series)
        return self.mapFromScene(middle)

    def _on_clicked(self, index: int) -> None:
        if 0 <= index < len(self.bars):
            self.bar_clicked.emit(self.bars[index].code)


class TrendChart(_ChartView):
    """How often each code was given per week or month, one line per code."""

    def show_report(self, counted: InsightReport, title: str) -> None:
        chart = self._cleared(title)
        periods = counted.periods()
        dates = QDateTimeAxis()
        dates.setFormat("yyyy-MM" if counted.params.trend_by == "month" else "MM-dd")
        dates.setTickCount(min(max(len(periods), 2), 8))
        if periods:
            dates.setRange(_moment(periods[0]), _moment(periods[-1]))
        chart.addAxis(dates, Qt.AlignmentFlag.AlignBottom)
        values = _count_axis(max([point.count for point in counted.trend], default=0))
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        for bar in counted.bars:
            line = QLineSeries()
            line.setName(bar.label)
            line.setColor(QColor(bar.color))
            by_period = counted.trend_of(bar.code)
            for period in periods:
                line.append(float(_moment(period).toMSecsSinceEpoch()), by_period.get(period, 0))
            chart.addSeries(line)
            line.attachAxis(dates)
            line.attachAxis(values)


def _count_axis(top: int) -> QValueAxis:
    """An axis of counts from 0 whose labels are whole numbers, each shown once: small counts
    step by one (a "%d" label on a tick at 0.5 repeated its neighbour), larger ones by nice
    round steps."""
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setRange(0, max(top, 1))
    if top <= SMALL_COUNT:
        axis.setTickCount(max(top, 1) + 1)
    else:
        axis.applyNiceNumbers()
    return axis


def _moment(day: dt.date) -> QDateTime:
    return QDateTime(qdate(day), QTime(0, 0))
