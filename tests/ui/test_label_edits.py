"""A text longer than its line shows from its beginning, as it is read, not from its end."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.label_edits import LabelEdits

LONG = {
    "en": "If not delivered, pick why: the run ends there and a task is made for the driver.",
    "zh_CN": "如未送达，请选择原因：记录到此结束，并自动创建任务给司机，请尽快联系客户确认。",
}


def test_a_long_text_is_shown_from_its_beginning(qtbot: QtBot) -> None:
    edits = LabelEdits("Guidance", "en")
    qtbot.addWidget(edits)
    edits.resize(200, edits.sizeHint().height())
    edits.show()
    edits.set_labels(LONG)
    for edit in edits.edits.values():
        assert edit.cursorPosition() == 0
        assert edit.cursorRect().left() < edit.width() // 2  # the start is in view
