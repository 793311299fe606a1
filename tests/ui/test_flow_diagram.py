"""The flow diagram by its geometry: branch labels written across and apart from each other and
from the steps, and branching flows that can be drawn without crossings drawn so."""

from __future__ import annotations

import json
from itertools import combinations, pairwise

import pytest
from PySide6.QtCore import QPointF

from app.drafts import BranchDraft, CodeDraft, CodeSetDraft, ProcessDraft, StepDraft
from app.processes import END
from tests.ui.conftest import DEFAULTS
from ui.flow_diagram import FlowDiagram
from ui.flow_layout import layered

Segment = tuple[QPointF, QPointF]


def crossings(lines: list[list[QPointF]]) -> int:
    """How many pairs of drawn ways cross (meeting at a shared end is not crossing)."""
    count = 0
    for first, second in combinations(lines, 2):
        count += sum(
            _cross(a, b) for a in pairwise(first) for b in pairwise(second) if not _touch(a, b)
        )
    return count


def _touch(a: Segment, b: Segment) -> bool:
    return any(p == q for p in a for q in b)


def _side(p: QPointF, q: QPointF, r: QPointF) -> float:
    return (q.x() - p.x()) * (r.y() - p.y()) - (q.y() - p.y()) * (r.x() - p.x())


def _cross(a: Segment, b: Segment) -> bool:
    """Whether two segments cross at a point inside both."""
    return (
        _side(a[0], a[1], b[0]) * _side(a[0], a[1], b[1]) < 0
        and _side(b[0], b[1], a[0]) * _side(b[0], b[1], a[1]) < 0
    )


def choices(key: str, *codes: str) -> CodeSetDraft:
    return CodeSetDraft(
        key, {"en": key}, [CodeDraft(c, {"en": f"Answer {c}", "zh_CN": f"回答{c}"}) for c in codes]
    )


def step(key: str, then: str = "", **branches: str) -> StepDraft:
    return StepDraft(
        key,
        {"en": f"Question {key}?"},
        code_set="answers",
        branches=[BranchDraft(code, goto) for code, goto in branches.items()],
        then=then,
    )


@pytest.fixture
def diagram(qtbot) -> FlowDiagram:
    view = FlowDiagram()
    qtbot.addWidget(view)
    view.resize(420, 700)
    view.show()
    return view


def shipped() -> list[ProcessDraft]:
    raw = json.loads((DEFAULTS / "processes.json").read_text(encoding="utf-8"))
    return [ProcessDraft.from_fields(fields) for fields in raw]


def shipped_code_sets() -> dict[str, CodeSetDraft]:
    raw = json.loads((DEFAULTS / "code_sets.json").read_text(encoding="utf-8"))
    return {fields["key"]: CodeSetDraft.from_fields(fields) for fields in raw}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_branch_labels_are_written_across_and_never_overlap(
    diagram: FlowDiagram, language: str
) -> None:
    sets = shipped_code_sets()
    for process in shipped():
        diagram.show_process(process, sets, language)
        assert bool(diagram.labels) == any(s.branches for s in process.steps), process.key
        rects = [label.sceneBoundingRect() for label in diagram.labels]
        for label, rect in zip(diagram.labels, rects, strict=True):
            assert label.rotation() == 0
            if len(label.text()) > 1:
                assert rect.width() >= rect.height(), label.text()
        for a, b in combinations(rects, 2):
            assert not a.intersects(b), process.key
        boxes = [box.sceneBoundingRect() for box in diagram.boxes.values()]
        assert not any(r.intersects(box) for r in rects for box in boxes), process.key


def test_the_shipped_processes_are_drawn_without_crossings(diagram: FlowDiagram) -> None:
    sets = shipped_code_sets()
    for process in shipped():
        diagram.show_process(process, sets, "en")
        assert crossings(diagram.lines) == 0, process.key


def test_branches_written_in_a_crossing_order_are_laid_out_without_crossings(
    diagram: FlowDiagram,
) -> None:
    # In the order written, "left" leads to the step drawn right and "right" to the one drawn
    # left: drawn as listed, the two ways would cross.
    process = ProcessDraft(
        "crossing",
        steps=[
            step("start", b="right"),  # default: "left", the next in order
            step("left", then="far"),
            step("right", then="near"),
            step("near", then=END),
            step("far", then=END),
        ],
    )
    sets = {"answers": choices("answers", "a", "b", "c")}
    layout = layered([s.key for s in process.steps] + [END], _ways(process), END)
    assert layout.layers[1:3] == [["right", "left"], ["near", "far"]] or layout.layers[1:3] == [
        ["left", "right"],
        ["far", "near"],
    ]
    diagram.show_process(process, sets, "en")
    assert crossings(diagram.lines) == 0
    assert len(diagram.lines) == 6


def test_counting_crossings_sees_a_crossing() -> None:
    """The geometry above can fail: two ways drawn across each other count as one crossing."""
    assert (
        crossings(
            [
                [QPointF(0, 0), QPointF(10, 10)],
                [QPointF(10, 0), QPointF(0, 10)],
            ]
        )
        == 1
    )


def _ways(process: ProcessDraft) -> list[tuple[str, str]]:
    ways = [(s.key, b.goto) for s in process.steps for b in s.branches]
    return ways + [(s.key, process.following(i)) for i, s in enumerate(process.steps)]
