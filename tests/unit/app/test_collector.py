"""app.collector: the garbage collector held off while the app starts, and released once.

The test process has frozen its modules already (tests/conftest.py): freeze counts are compared
with the count before, and nothing is unfrozen here (that would undo the conftest's freeze)."""

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


def test_held_the_collector_is_off_and_released_what_was_made_is_frozen() -> None:
    before = gc.get_freeze_count()
    collector.hold()
    assert not gc.isenabled()
    made_while_held = [object() for _ in range(10)]

    collector.release()

    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(made_while_held)
    collector.release()  # once only
    assert gc.isenabled()


def test_release_without_hold_freezes_nothing() -> None:
    before = gc.get_freeze_count()
    collector.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() == before


def test_a_collector_switched_off_by_someone_else_stays_off() -> None:
    before = gc.get_freeze_count()
    gc.disable()
    collector.hold()
    collector.release()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == before
