"""Live updates: an online client hears of a colleague's change without pressing anything."""

from __future__ import annotations

import itertools
import threading
import time

from sync.errors import Outcome, SyncError
from sync.live import LiveUpdates
from sync.transport import Transport
from tests.support.waiting import wait_until, waiting_polls
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


def test_a_change_reaches_an_online_colleague_within_two_seconds(
    connect, server_client, monkeypatch
):
    polls = waiting_polls(server_client, monkeypatch)
    alice, bob = connect("alice"), connect("bob")
    bob.engine.sync()
    arrived = threading.Event()
    live = follow(bob, arrived)
    try:
        wait_until(lambda: polls() >= 1, "bob's long-poll to wait")
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


def test_a_territory_change_wakes_the_user_and_resyncs(
    connect, server_engine, server_client, monkeypatch
):
    polls = waiting_polls(server_client, monkeypatch)
    alice, carol = connect("alice"), connect("carol")
    account_id = new_account(alice, "Acme")
    alice.engine.sync()
    carol.engine.sync()
    woke = threading.Event()
    live = follow(carol, woke)
    try:
        wait_until(lambda: polls() >= 1, "carol's long-poll to wait")
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


class ProbedTransport(Transport):
    """A real transport that notes the time of each probe of the server."""

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url, retries=0)
        self.probes: list[float] = []

    def reachable(self) -> bool:
        self.probes.append(time.monotonic())
        return super().reachable()


def offline_live(
    probe_interval: float,
) -> tuple[LiveUpdates, ProbedTransport, list[float], list[bool]]:
    """Live updates against a port where nothing listens: the transport notes the probes, the
    first list gets the time of each long-poll, the second what `on_reach` heard."""
    offline = ProbedTransport("http://127.0.0.1:9")  # the discard port: refused at once
    offline.token = "a-token"
    polls: list[float] = []
    heard: list[bool] = []

    def cursor() -> int:
        polls.append(time.monotonic())
        return 0

    live = LiveUpdates(
        offline, cursor, lambda: None, on_reach=heard.append, probe_interval=probe_interval
    )
    live.start()
    return live, offline, polls, heard


def test_offline_the_server_is_probed_at_a_steady_pace_without_long_polls():
    live, transport, polls, heard = offline_live(0.1)
    try:
        wait_until(lambda: len(transport.probes) >= 8, "eight probes")
    finally:
        live.stop()
    pauses = [later - earlier for earlier, later in itertools.pairwise(transport.probes)]
    assert heard == [False]  # told once that the server cannot be reached
    assert len(polls) == 1  # no long-poll until the server answers again
    assert min(pauses) >= 0.09  # no busy loop


def test_failed_fetches_pause_longer_and_longer(connect):
    alice, bob = connect("alice"), connect("bob")
    new_account(alice, "Acme")
    alice.engine.sync()  # bob's feed moves on: every poll of bob's answers "changed"
    tries: list[float] = []

    def failing_fetch() -> None:
        tries.append(time.monotonic())
        raise SyncError(Outcome.SERVER_ERROR, "the sync for the changes failed")

    live = LiveUpdates(
        bob.transport, bob.engine.cursor, failing_fetch, retry_delay=0.1, max_retry_delay=0.4
    )
    live.start()
    try:
        wait_until(lambda: len(tries) >= 4, "four tries")
    finally:
        live.stop()
    pauses = [later - earlier for earlier, later in itertools.pairwise(tries)]
    # Lower bounds only: a loaded machine makes any pause longer, never shorter.
    assert pauses[1] >= 0.2 and pauses[2] >= 0.4, pauses


def test_retry_now_ends_a_long_pause():
    live, transport, _polls, heard = offline_live(60)
    try:
        wait_until(lambda: heard == [False], "the loss to be told")
        time.sleep(0.2)
        assert transport.probes == []  # pausing for a minute before the first probe
        live.retry_now()
        wait_until(lambda: len(transport.probes) == 1, "the probe retry_now asked for")
    finally:
        live.stop()


def test_no_callback_runs_after_stop(connect, server_client, monkeypatch):
    polls = waiting_polls(server_client, monkeypatch)
    alice, bob = connect("alice"), connect("bob")
    bob.engine.sync()
    calls: list[int] = []
    live = LiveUpdates(bob.transport, bob.engine.cursor, lambda: calls.append(1), wait_seconds=2)
    live.start()
    wait_until(lambda: polls() >= 1, "the long-poll to wait")
    live.stop(timeout=0)
    new_account(alice, "Acme")
    alice.engine.sync()  # the waiting poll answers "changed"
    wait_until(lambda: not live.running, "the live thread to end after the answer")
    assert calls == []
    assert not live.running
