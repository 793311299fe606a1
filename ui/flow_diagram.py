"""A process as a flow diagram: steps as boxes in a column, the default way on as a plain arrow
down (around the side when the step goes on elsewhere), each branch as a labelled arrow round
the side to its target, and an End box. Redrawn from the draft whenever the manager edits it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from app.drafts import CodeSetDraft, ProcessDraft
from app.processes import END
from protocol.labels import text
from ui.style import ACCENT

BOX_WIDTH = 260.0
BOX_HEIGHT = 64.0
GAP = 46.0
LANE = 26.0  # how far each branch arrow that goes round the side sits from the boxes
MISSING = QColor("#c0504d")


@dataclass(frozen=True)
class Arrow:
    """One arrow as drawn: from a step to a step (or END); `code` "" for the default way."""

    source: str
    target: str
    code: str


class FlowDiagram(QGraphicsView):
    """Shows one process draft; `boxes` and `arrows` say what is drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(self.tr("Process flow"))
        self.setMinimumWidth(260)
        self.boxes: dict[str, QGraphicsRectItem] = {}
        self.arrows: list[Arrow] = []

    def show_process(
        self, draft: ProcessDraft, code_sets: dict[str, CodeSetDraft], language: str
    ) -> None:
        scene = self.scene()
        scene.clear()
        self.boxes, self.arrows = {}, []
        for index, step in enumerate(draft.steps):
            question = text(step.questions, language, step.key)
            self._box(step.key, index, f"{index + 1}. {question}", step.key)
        self._box(END, len(draft.steps), self.tr("End"), "", end=True)
        lane = 0
        for index, step in enumerate(draft.steps):
            codes = code_sets.get(step.code_set)
            for branch in step.branches:
                label = codes.frozen().label(branch.if_code, language) if codes else branch.if_code
                lane += 1
                self._arrow(step.key, branch.goto, branch.if_code, label, lane)
            self._arrow(step.key, draft.following(index), "", "", 0)
        self.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))
        self.fit()

    def fit(self) -> None:
        """Show the whole flow; shrink it when it is larger than the view, never enlarge it."""
        self.resetTransform()
        rect = self.sceneRect()
        view = self.viewport().rect()
        if rect.width() > view.width() or rect.height() > view.height():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def _box(self, key: str, row: int, text: str, detail: str, *, end: bool = False) -> None:
        rect = QRectF(0, row * (BOX_HEIGHT + GAP), BOX_WIDTH, BOX_HEIGHT * (0.6 if end else 1))
        box = self.scene().addRect(
            rect, QPen(ACCENT, 1.4), QBrush(QColor("#eef3f8" if end else "#ffffff"))
        )
        box.setToolTip(text)
        label = QGraphicsSimpleTextItem(_elided(text, 34), box)
        label.setPos(rect.left() + 12, rect.top() + 10)
        if detail:
            key_label = QGraphicsSimpleTextItem(detail, box)
            key_label.setBrush(QColor("#6b7b8c"))
            key_label.setPos(rect.left() + 12, rect.top() + 36)
        self.boxes[key] = box

    def _arrow(self, source: str, target: str, code: str, label: str, lane: int) -> None:
        self.arrows.append(Arrow(source, target, code))
        start_box = self.boxes[source].rect()
        target_box = self.boxes.get(target)
        pen = QPen(ACCENT if target_box else MISSING, 1.3)
        path = QPainterPath()
        if target_box is None:  # a branch to a step that does not exist: a red stub
            pen.setStyle(Qt.PenStyle.DashLine)
            start = QPointF(start_box.right(), start_box.center().y())
            end = start + QPointF(40 + lane * 6, 0)
            path.moveTo(start)
            path.lineTo(end)
            self._head(end, QPointF(1, 0), pen)
            self._label(end + QPointF(4, -8), f"{label} → {target}?", pen.color())
        elif lane == 0 and 0 < target_box.rect().top() - start_box.bottom() <= GAP + 1:
            start = QPointF(start_box.center().x(), start_box.bottom())
            end = QPointF(start.x(), target_box.rect().top())
            path.moveTo(start)
            path.lineTo(end)
            self._head(end, QPointF(0, 1), pen)
        else:  # round the right-hand side, one lane per branch (the default way on the first)
            x = start_box.right() + LANE * (lane + 1)
            start = QPointF(start_box.right(), start_box.center().y())
            end = QPointF(target_box.rect().right(), target_box.rect().center().y() + 6)
            path.moveTo(start)
            path.lineTo(x, start.y())
            path.lineTo(x, end.y())
            path.lineTo(end)
            self._head(end, QPointF(-1, 0), pen)
            # Written down along its own lane, so the labels of neighbouring lanes never overlap.
            self._label(QPointF(x + 16, min(start.y(), end.y()) + 6), label, pen.color(), 90)
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        self.scene().addItem(item)

    def _head(self, tip: QPointF, direction: QPointF, pen: QPen) -> None:
        back = QPointF(-direction.x() * 9, -direction.y() * 9)
        side = QPointF(-direction.y() * 5, direction.x() * 5)
        head = QPolygonF([tip, tip + back + side, tip + back - side])
        self.scene().addPolygon(head, pen, QBrush(pen.color()))

    def _label(self, where: QPointF, text: str, color: QColor, rotation: float = 0) -> None:
        item = self.scene().addSimpleText(text)
        item.setBrush(color)
        item.setPos(where)
        item.setRotation(rotation)


def _elided(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
