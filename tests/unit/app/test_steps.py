"""The moves of a run as the runner and the wrap-up make them (`app.steps`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.processes import ProcessRun
from app.steps import StepController
from tests.unit.app.test_processes import definition


@dataclass
class Screen:
    shown: list[str] = field(default_factory=list)

    def show_step(self) -> None:
        self.shown.append("step")

    def show_choice(self) -> None:
        self.shown.append("choice")

    def finish(self) -> None:
        self.shown.append("finish")


def walk(*, pick_finishes: bool) -> tuple[StepController, Screen]:
    return StepController(ProcessRun(definition()), pick_finishes=pick_finishes), Screen()


def test_a_single_choice_goes_on_and_a_multiple_choice_toggles() -> None:
    steps, screen = walk(pick_finishes=False)
    steps.pick("intro", screen)
    steps.pick("price", screen)
    steps.pick("price", screen)
    assert screen.shown == ["step", "choice", "choice"]
    assert steps.run.current.key == "reasons" and steps.run.chosen() == []


def test_the_runner_waits_for_save_on_the_last_step() -> None:
    steps, screen = walk(pick_finishes=False)
    steps.pick("delivery", screen)  # a branch straight to the last step
    steps.pick("quote", screen)
    assert screen.shown == ["step", "choice"]
    steps.next(screen)
    assert screen.shown[-1] == "finish"


def test_the_wrap_up_saves_on_the_last_click() -> None:
    steps, screen = walk(pick_finishes=True)
    steps.pick("delivery", screen)
    steps.pick("quote", screen)
    assert screen.shown == ["step", "finish"]


def test_next_needs_an_answer_and_back_stops_at_the_first_step() -> None:
    steps, screen = walk(pick_finishes=False)
    steps.next(screen)
    steps.back(screen)
    assert screen.shown == [] and steps.run.position == 1
    steps.toggle("intro", screen)  # a digit key: chosen, not gone on
    steps.next(screen)
    steps.back(screen)
    assert screen.shown == ["choice", "step", "step"] and steps.run.position == 1
