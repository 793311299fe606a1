"""`live_update_ms`: a change committed by one client until it is in another online client's
replica.

The watching rep's client holds the synced L replica and runs `sync.live.LiveUpdates` against
the real server: its long-poll answers when the feed moves, and the client then syncs, as an
online app does. Another rep's client pushes one new account; the figure is the time from the
start of that push until the account can be read from the watcher's replica file (a separate
SQLite connection looks every few milliseconds), median over the rounds.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
import uuid
from pathlib import Path

from app import sync_service
from protocol.sync import Mutation, PushRequest
from server.users import territory_record_id
from sync.engine import SyncEngine
from sync.live import LiveUpdates
from sync.transport import Transport
from tests.bench.datasets import ONE_TERRITORY, PASSWORD
from tests.bench.world import World, rep

# How often the replica file is looked at, and how long one change may take at most.
LOOK_EVERY_S = 0.002
GIVE_UP_S = 30.0
# Time for the watcher's long-poll to be waiting again after the previous round.
SETTLE_S = 0.3
# The long-poll's length: it answers at once when the feed moves; this only bounds the stop.
POLL_S = 5.0


def measure(world: World, synced_replica: Path, rounds: int) -> float:
    """Median milliseconds from a colleague's push to the change in the watcher's replica."""
    world.place_replica(rep(), synced_replica)
    watcher = world.sign_in(rep())
    colleague = Transport(world.url)
    colleague.sign_in(rep(index=1), PASSWORD)
    territory_id = territory_record_id(ONE_TERRITORY.territories[0])
    client_id = str(uuid.uuid4())

    def on_changes() -> None:  # what an online app does when its long-poll answers
        sync_service.sync_now(watcher)

    try:
        sync_service.sync_now(watcher)  # catches up with earlier benchmarks' changes; not measured
        engine = SyncEngine(watcher.replica, watcher.transport)
        live = LiveUpdates(watcher.transport, engine.cursor, on_changes, wait_seconds=POLL_S)
        live.start()
        timings: list[float] = []
        try:
            for seq in range(1, rounds + 1):
                time.sleep(SETTLE_S)
                account_id = str(uuid.uuid4())
                fields = {"name": f"实时客户 Live {seq}", "territory_id": territory_id}
                mutation = Mutation(
                    seq=seq,
                    entity="account",
                    record_id=account_id,
                    op="upsert",
                    base_version=0,
                    fields=fields,
                )
                started = time.perf_counter()
                colleague.push(PushRequest(client_id=client_id, mutations=[mutation]))
                _wait_for(watcher.replica.path, account_id)
                timings.append((time.perf_counter() - started) * 1000)
        finally:
            live.stop()
        return statistics.median(timings)
    finally:
        watcher.close()


def _wait_for(replica: Path, account_id: str) -> None:
    """Return once `account_id` is committed in the replica file."""
    deadline = time.monotonic() + GIVE_UP_S
    with sqlite3.connect(replica) as connection:
        while time.monotonic() < deadline:
            found = connection.execute("SELECT 1 FROM account WHERE id = ?", (account_id,))
            if found.fetchone():
                break
            time.sleep(LOOK_EVERY_S)
        else:
            raise RuntimeError(f"the live change {account_id} did not arrive in {GIVE_UP_S} s")
    connection.close()
