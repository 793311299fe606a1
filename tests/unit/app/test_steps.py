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


def walk() -> tuple[StepController, Screen]:
    return StepController(ProcessRun(definition())), Screen()


def test_a_single_choice_goes_on_and_a_multiple_choice_toggles() -> None:
    steps, screen = walk()
    steps.pick("intro", screen)
    steps.pick("price", screen)
    steps.pick("price", screen)
    assert screen.shown == ["step", "choice", "choice"]
    assert steps.run.current.key == "reasons" and steps.run.chosen() == []


def test_the_last_single_choice_saves() -> None:
    steps, screen = walk()
    steps.pick("delivery", screen)  # a branch straight to the last step
    steps.pick("quote", screen)
    assert screen.shown == ["step", "finish"]


def test_a_multiple_choice_goes_on_with_next() -> None:
    steps, screen = walk()
    steps.pick("intro", screen)
    steps.pick("price", screen)
    steps.next(screen)
    assert screen.shown == ["step", "choice", "step"]
    assert steps.run.current.key == "outcome"


def test_next_needs_an_answer_and_back_stops_at_the_first_step() -> None:
    steps, screen = walk()
    steps.next(screen)
    steps.back(screen)
    assert screen.shown == [] and steps.run.position == 1
    steps.pick("intro", screen)
    steps.back(screen)
    steps.back(screen)
    assert screen.shown == ["step", "step"] and steps.run.position == 1
