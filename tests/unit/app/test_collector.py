"""app.collector: the garbage collector held off while the app starts, and released once.

The test process has frozen its modules already (tests/conftest.py), and other threads of the
worker may free frozen objects at any moment, so the permanent generation's count says nothing
here: whether an object was frozen is whether the collector's generations still hold it. Nothing
is unfrozen here (that would undo the conftest's freeze)."""

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


def frozen(tracked: object) -> bool:
    """Whether `tracked` (an object the collector tracks) went to the permanent generation."""
    assert gc.is_tracked(tracked)
    return not any(candidate is tracked for candidate in gc.get_objects())


def test_held_the_collector_is_off_and_released_what_was_made_is_frozen() -> None:
    collector.hold()
    assert not gc.isenabled()
    made_while_held = [object()]

    collector.release()

    assert gc.isenabled()
    assert frozen(made_while_held)
    made_after = [object()]
    collector.release()  # once only
    assert gc.isenabled()
    assert not frozen(made_after)


def test_release_without_hold_freezes_nothing() -> None:
    made = [object()]
    collector.release()
    assert gc.isenabled()
    assert not frozen(made)


def test_a_collector_switched_off_by_someone_else_stays_off() -> None:
    gc.disable()
    collector.hold()
    made = [object()]
    collector.release()
    assert not gc.isenabled()
    assert not frozen(made)
