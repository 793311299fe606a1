"""app.collector: the garbage collector held off while the app starts, and released once."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app import collector


@pytest.fixture(autouse=True)
def collector_as_it_was() -> Iterator[None]:
    yield
    collector.release()
    gc.enable()
    gc.unfreeze()


def test_held_the_collector_is_off_and_released_what_was_made_is_frozen() -> None:
    collector.hold()
    assert not gc.isenabled()
    made_while_held = [object() for _ in range(10)]

    collector.release()

    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made_while_held)
    collector.release()  # once only
    assert gc.isenabled()


def test_release_without_hold_freezes_nothing() -> None:
    collector.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_collector_switched_off_by_someone_else_stays_off() -> None:
    gc.disable()
    collector.hold()
    collector.release()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0
