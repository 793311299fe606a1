"""Where a run stands: one dot per step, the current one filled ("○ ● ○")."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ui.style import ACCENT, ACCENT_SOFT, LINE

_SPACING = 16
_RADIUS = 4.5


class StepDots(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._position = 1
        self._total = 1

    def show_step(self, position: int, total: int) -> None:
        """`position` is 1-based."""
        self._position, self._total = position, total
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self._total * _SPACING + 4, 2 * _SPACING)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        middle = self.height() / 2
        for index in range(self._total):
            number = index + 1
            centre = QPointF(_SPACING / 2 + 2 + index * _SPACING, middle)
            if number == self._position:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(ACCENT)
            elif number < self._position:
                painter.setPen(QPen(ACCENT, 1.2))
                painter.setBrush(ACCENT_SOFT)
            else:
                painter.setPen(QPen(LINE.darker(115), 1.2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, _RADIUS, _RADIUS)
        painter.end()
