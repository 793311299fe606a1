"""A process as a flow diagram: steps as boxes in layers from top to bottom, laid out so ways
do not cross where they need not (ui.flow_layout), every way an arrow downwards into the step it
leads to, branches labelled with their answers written across, ways that lead back round the
right-hand side, and an End box at the bottom. Redrawn from the draft whenever the manager
edits it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

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
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from app.drafts import CodeSetDraft, ProcessDraft
from app.processes import END
from protocol import labels
from ui.flow_layout import Layout, is_waypoint, layered
from ui.style import ACCENT

BOX_WIDTH = 220.0
BOX_HEIGHT = 64.0
GAP = 60.0  # between layers, where the branches' labels go
SIDE_GAP = 36.0  # between neighbours in a layer
WAYPOINT_WIDTH = 24.0
LANE = 26.0  # how far each way that leads back sits from the boxes and from the next one
LABEL_CHARACTERS = 40
MISSING = QColor("#c0504d")
LABEL_BACKGROUND = QColor(255, 255, 255, 230)


@dataclass(frozen=True)
class Arrow:
    """One way as drawn: from a step to a step (or END); `code` "" for the default way."""

    source: str
    target: str
    code: str


class FlowDiagram(QGraphicsView):
    """Shows one process draft; `boxes`, `arrows`, `lines` (each way's polyline in scene
    coordinates) and `labels` say what is drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(self.tr("Process flow"))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(240)
        self.boxes: dict[str, QGraphicsRectItem] = {}
        self.arrows: list[Arrow] = []
        self.lines: list[list[QPointF]] = []
        self.labels: list[QGraphicsSimpleTextItem] = []

    def show_process(
        self, draft: ProcessDraft, code_sets: dict[str, CodeSetDraft], language: str
    ) -> None:
        self.scene().clear()
        self.boxes, self.arrows, self.lines, self.labels = {}, [], [], []
        texts: dict[tuple[str, str], list[str]] = {}  # each way's label lines
        defaults: set[tuple[str, str]] = set()
        for index, step in enumerate(draft.steps):
            codes = code_sets.get(step.code_set)
            for branch in step.branches:
                label = codes.frozen().label(branch.if_code, language) if codes else branch.if_code
                texts.setdefault((step.key, branch.goto), []).append(_elided(label))
                self.arrows.append(Arrow(step.key, branch.goto, branch.if_code))
            way = (step.key, draft.following(index))
            defaults.add(way)
            self.arrows.append(Arrow(*way, ""))
        for way in defaults & texts.keys():  # a branch where the step goes anyway
            texts[way].append(self.tr("(otherwise)"))
        keys = [s.key for s in draft.steps]
        ways = list(dict.fromkeys([*texts, *defaults]))
        layout = layered([*dict.fromkeys(keys), END], ways, END)
        centres = _centres(layout)
        for index, step in enumerate(draft.steps):
            question = labels.text(step.questions, language, step.key)
            self._box(step.key, centres[step.key], f"{index + 1}. {question}", step.key)
        self._box(END, centres[END], self.tr("End"), "", end=True)
        self._draw_ways(layout, centres, ways, texts)
        self.setSceneRect(self.scene().itemsBoundingRect().adjusted(-20, -20, 20, 20))
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

    # --- boxes ---------------------------------------------------------------------------

    def _box(self, key: str, centre: QPointF, text: str, detail: str, *, end: bool = False) -> None:
        height = BOX_HEIGHT * (0.6 if end else 1)
        rect = QRectF(centre.x() - BOX_WIDTH / 2, centre.y(), BOX_WIDTH, height)
        box = self.scene().addRect(
            rect, QPen(ACCENT, 1.4), QBrush(QColor("#eef3f8" if end else "#ffffff"))
        )
        box.setToolTip(text)
        label = QGraphicsSimpleTextItem(_elided(text, 30), box)
        label.setPos(rect.left() + 12, rect.top() + 10)
        if detail:
            key_label = QGraphicsSimpleTextItem(detail, box)
            key_label.setBrush(QColor("#6b7b8c"))
            key_label.setPos(rect.left() + 12, rect.top() + 36)
        self.boxes[key] = box

    # --- ways ----------------------------------------------------------------------------

    def _draw_ways(
        self,
        layout: Layout,
        centres: dict[str, QPointF],
        ways: list[tuple[str, str]],
        texts: dict[tuple[str, str], list[str]],
    ) -> None:
        outs = _ports(layout, centres, out=True)
        ins = _ports(layout, centres, out=False)
        for way, chain in layout.chains.items():
            points = [outs[way]]
            for waypoint in chain[1:-1]:
                x, top = centres[waypoint].x(), centres[waypoint].y()
                points += [QPointF(x, top), QPointF(x, top + BOX_HEIGHT)]
            self._line([*points, ins[way]], texts.get(way, []), ACCENT)
        right = max((b.rect().right() for b in self.boxes.values()), default=0.0)
        right = max([right, *(c.x() + WAYPOINT_WIDTH for c in centres.values())])
        for lane, (source, target) in enumerate(layout.back, start=1):
            # Down into the gap below the step, round the right-hand side of everything and
            # into the step it leads back to: never through a box.
            start, end = self.boxes[source].rect(), self.boxes[target].rect()
            x, below = right + LANE * lane, start.bottom() + GAP * 0.3
            begin = QPointF(start.right() - 14, start.bottom())
            finish = QPointF(end.right(), end.center().y() + 6)
            points = [begin, QPointF(begin.x(), below), QPointF(x, below)]
            points += [QPointF(x, finish.y()), finish]
            self._line(points, texts.get((source, target), []), ACCENT, label_from=2)
        for source, target in ways:
            if target not in self.boxes:  # a way to a step that does not exist: a red stub
                start = self.boxes[source].rect()
                begin = QPointF(start.right(), start.center().y())
                lines = [f"{t} → {target}?" for t in texts.get((source, target), [target])]
                self._line([begin, begin + QPointF(40, 0)], lines, MISSING, dashed=True)

    def _line(
        self,
        points: list[QPointF],
        text: list[str],
        color: QColor,
        *,
        dashed: bool = False,
        label_from: int = 0,
    ) -> None:
        """Draw a way through `points`, its label beside it from segment `label_from` on."""
        pen = QPen(color, 1.3)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        self.scene().addPath(path, pen)
        self._head(points[-1], points[-1] - points[-2], pen)
        self.lines.append(points)
        if text:
            self._label(points[label_from:], "\n".join(text), color)

    def _head(self, tip: QPointF, along: QPointF, pen: QPen) -> None:
        length = math.hypot(along.x(), along.y()) or 1.0
        direction = QPointF(along.x() / length, along.y() / length)
        back = QPointF(-direction.x() * 9, -direction.y() * 9)
        side = QPointF(-direction.y() * 5, direction.x() * 5)
        head = QPolygonF([tip, tip + back + side, tip + back - side])
        self.scene().addPolygon(head, QPen(pen.color(), 1), QBrush(pen.color()))

    def _label(self, points: list[QPointF], text: str, color: QColor) -> None:
        """The label written across, beside its way where it covers no box and no other
        label: tried along the way from its start, else moved right until free."""
        item = QGraphicsSimpleTextItem(text)
        item.setBrush(color)
        size = item.boundingRect().size()
        taken = [b.sceneBoundingRect() for b in self.boxes.values()]
        taken += [label.sceneBoundingRect() for label in self.labels]
        spot = None
        for first, second in pairwise(points):
            for share in (0.5, 0.25, 0.75):
                at = first + (second - first) * share
                for corner in (QPointF(6, -size.height() / 2), QPointF(-size.width() - 6, 2)):
                    rect = QRectF(at + corner, size)
                    if not any(rect.adjusted(-2, -2, 2, 2).intersects(t) for t in taken):
                        spot = rect
                        break
                if spot:
                    break
            if spot:
                break
        if spot is None:
            spot = QRectF(points[0] + QPointF(6, 4), size)
            while any(spot.adjusted(-2, -2, 2, 2).intersects(t) for t in taken):
                spot.translate(12, 0)
        background = self.scene().addRect(spot, QPen(Qt.PenStyle.NoPen), LABEL_BACKGROUND)
        background.setZValue(1)
        item.setPos(spot.topLeft())
        item.setZValue(2)
        self.scene().addItem(item)
        self.labels.append(item)


def _centres(layout: Layout) -> dict[str, QPointF]:
    """Top centre of each node: a layer's nodes side by side, each as near as room allows to
    the mean of the nodes above that lead to it, so a straight run of steps stays straight."""
    above: dict[str, list[str]] = {}
    for chain in layout.chains.values():
        for a, b in pairwise(chain):
            above.setdefault(b, []).append(a)
    centres: dict[str, QPointF] = {}
    for index, layer in enumerate(layout.layers):
        y = index * (BOX_HEIGHT + GAP)
        edge: float | None = None  # the right edge of the node placed before, and a gap
        for node in layer:
            half = _width(node) / 2
            linked = [centres[a].x() for a in above.get(node, ()) if a in centres]
            leftmost = half if edge is None else edge + half
            wanted = sum(linked) / len(linked) if linked else leftmost
            x = wanted if edge is None else max(wanted, leftmost)
            centres[node] = QPointF(x, y)
            edge = x + half + SIDE_GAP
    return centres


def _width(node: str) -> float:
    return WAYPOINT_WIDTH if is_waypoint(node) else BOX_WIDTH


def _ports(
    layout: Layout, centres: dict[str, QPointF], *, out: bool
) -> dict[tuple[str, str], QPointF]:
    """Where each downward way leaves its step (bottom) or enters it (top): spread along the
    box in the order of the ways' other ends, so ways leaving one box never cross there."""
    ends: dict[str, list[tuple[float, tuple[str, str]]]] = {}
    for way, chain in layout.chains.items():
        node, other = (chain[0], chain[1]) if out else (chain[-1], chain[-2])
        ends.setdefault(node, []).append((centres[other].x(), way))
    ports: dict[tuple[str, str], QPointF] = {}
    for node, listed in ends.items():
        listed.sort(key=lambda end: end[0])
        centre = centres[node]
        height = BOX_HEIGHT * (0.6 if node == END else 1)
        y = centre.y() + (height if out else 0)
        width = min(_width(node), 40.0 * (len(listed) + 1))
        for number, (_, way) in enumerate(listed, start=1):
            x = centre.x() - width / 2 + width * number / (len(listed) + 1)
            ports[way] = QPointF(x, y)
    return ports


def _elided(text: str, limit: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
