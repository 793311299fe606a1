"""Live updates: an online client hears of a colleague's change without pressing anything."""

from __future__ import annotations

import threading
import time

from sync.errors import Outcome
from sync.live import LiveUpdates
from tests.unit.sync.test_engine import find, new_account
from tests.unit.sync.test_resync import set_territories

# The promise: a change reaches online colleagues within 2 seconds.
LIVE_BOUND_S = 2.0


def follow(client, synced: threading.Event) -> LiveUpdates:
    def on_changes() -> None:
        client.engine.sync()
        synced.set()

    live = LiveUpdates(client.transport, client.engine.cursor, on_changes, wait_seconds=2)
    live.start()
    return live


def test_a_change_reaches_an_online_colleague_within_two_seconds(connect):
    alice, bob = connect("alice"), connect("bob")
    bob.engine.sync()
    arrived = threading.Event()
    live = follow(bob, arrived)
    try:
        time.sleep(0.3)  # bob's long-poll is waiting
        account_id = new_account(alice, "Acme")
        started = time.monotonic()
        alice.engine.sync()
        while find(bob, account_id) is None and time.monotonic() - started < 10:
            time.sleep(0.02)
        elapsed = time.monotonic() - started
    finally:
        live.stop()
    print(f"\nlive update: alice's push to bob's replica in {elapsed * 1000:.0f} ms")
    assert find(bob, account_id) is not None
    assert elapsed < LIVE_BOUND_S


def test_a_territory_change_wakes_the_user_and_resyncs(connect, server_engine):
    alice, carol = connect("alice"), connect("carol")
    account_id = new_account(alice, "Acme")
    alice.engine.sync()
    carol.engine.sync()
    woke = threading.Event()
    live = follow(carol, woke)
    try:
        time.sleep(0.3)
        set_territories(server_engine, carol.user_id, ["B", "A"])
        assert woke.wait(10)
    finally:
        live.stop()
    assert find(carol, account_id) is not None
    assert carol.engine.resyncs == 1


def test_a_refused_token_ends_the_loop(connect):
    alice = connect("alice")
    alice.transport.token = "not-a-token"
    alice.transport.refresh_token = "not-a-refresh-token"  # else the transport renews itself
    live = LiveUpdates(alice.transport, alice.engine.cursor, lambda: None, wait_seconds=1)
    live.start()
    deadline = time.monotonic() + 10
    while live.running and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not live.running
    assert live.stopped_because is not None
    assert live.stopped_because.outcome is Outcome.SIGNED_OUT
