"""Waiting for a condition instead of sleeping a fixed time: the test goes on as soon as it
holds, and fails plainly when it does not within the deadline."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette

POLL_S = 0.005


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout} s for {what}")
        time.sleep(POLL_S)


def waiting_polls(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """How many long-polls the server app in `client` has taken in so far: a long-poll arms
    the app's feed signal before it reads the feed, so from then on a commit wakes it. A live
    loop polls again when a poll times out, so its count only grows: wait for at least one
    (a test that looked for exactly one failed when it first looked two seconds late)."""
    assert isinstance(client.app, Starlette)
    signal = client.app.state.feed_signal
    arm = signal.armed
    polls: set[asyncio.Task[object] | None] = set()

    def armed() -> asyncio.Event:
        polls.add(asyncio.current_task())
        event: asyncio.Event = arm()
        return event

    monkeypatch.setattr(signal, "armed", armed)
    return lambda: len(polls)
