"""What a user's moves do to a process run: a code picked, Next, Back, and when the run is done.

The process runner (a dialog, one step per screen) and the call wrap-up (inline, a click per
step) walk runs the same way and differ only in how they show a step and what saving means;
both are a `StepScreen` that a `StepController` shows each move on. No Qt here. (The screen
is passed with each move, not kept: a dialog that holds its controller would otherwise be held
by it in turn, and outlive its deletion on close as a Python object.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from app.processes import ProcessRun


class StepScreen(Protocol):
    def show_step(self) -> None:
        """Another step is current: show it."""

    def show_choice(self) -> None:
        """The same step, its choice perhaps changed: show what is chosen."""

    def finish(self) -> None:
        """The last step is answered: save the run (or end a trial run)."""


@dataclass
class StepController:
    """One run's moves, each shown on `screen`. `pick_finishes`: a single-choice pick on the
    last step finishes the run (the wrap-up saves on that click; the runner waits for Save)."""

    run: ProcessRun
    pick_finishes: bool = False

    def pick(self, code_key: str, screen: StepScreen) -> None:
        """A code clicked: a single choice goes on by itself, a multiple choice toggles."""
        self.run.choose(code_key)
        if self.run.current.multiple or (self.run.is_last() and not self.pick_finishes):
            screen.show_choice()
        else:
            self.next(screen)

    def toggle(self, code_key: str, screen: StepScreen) -> None:
        """A code chosen without going on (the runner's digit keys)."""
        self.run.choose(code_key)
        screen.show_choice()

    def next(self, screen: StepScreen) -> None:
        """Next (or Save on the last step), once the step has the answer it needs."""
        if not self.run.can_go_on():
            return
        if self.run.is_last():
            screen.finish()
        elif self.run.go_on():
            screen.show_step()

    def back(self, screen: StepScreen) -> None:
        if self.run.go_back():
            screen.show_step()
