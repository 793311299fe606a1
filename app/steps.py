"""What a user's moves do to a process run: a code picked, Next, Back, and when the run is done.

One grammar wherever a process runs (the process runner's dialog, the call wrap-up inline, and
so every designed process): a code picked on a single-choice step answers it and goes on, and on
the last step saves; on a multiple-choice step a pick toggles and Next (Enter) goes on or saves;
Back (Backspace) goes back. The screens differ only in how they show a step and what saving
means; both are a `StepScreen` that a `StepController` shows each move on. No Qt here. (The
screen is passed with each move, not kept: a dialog that holds its controller would otherwise be
held by it in turn, and outlive its deletion on close as a Python object.)
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
    """One run's moves, each shown on `screen`."""

    run: ProcessRun

    def pick(self, code_key: str, screen: StepScreen) -> None:
        """A code clicked or its digit pressed: a single choice answers and goes on (or saves
        on the last step), a multiple choice toggles."""
        self.run.choose(code_key)
        if self.run.current.multiple:
            screen.show_choice()
        else:
            self.next(screen)

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
