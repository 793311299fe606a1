"""The keys of a process run, the same in the process runner and the call wrap-up (the one
grammar of `app.steps`): a digit picks the code it numbers, Enter goes on (or saves on the last
step), Backspace goes back. While the person types in a note, digits and Backspace are text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from app.steps import StepController, StepScreen
from ui.code_grid import CodeGrid, digit_of, is_plain

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def handle_step_key(
    event: QKeyEvent, steps: StepController, screen: StepScreen, grid: CodeGrid, *, typing: bool
) -> bool:
    """Make the move `event` stands for; False when it is no key of a run."""
    key, digit, plain = event.key(), digit_of(event), is_plain(event)
    if digit is not None and not typing:
        code_key = grid.key_of(digit)
        if code_key is not None:
            steps.pick(code_key, screen)
    elif plain and key in _ENTER:
        steps.next(screen)
    elif plain and key == Qt.Key.Key_Backspace and not typing:
        steps.back(screen)
    else:
        return False
    return True
