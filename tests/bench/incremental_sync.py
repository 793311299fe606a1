"""`incremental_sync_ms`: one local edit pushed and 100 remote changes pulled into the L replica.

Each round another rep of the territory first pushes 100 edits (untimed), then the measured
rep saves one new account and syncs; the figure is the median sync time over the rounds.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
import uuid
from pathlib import Path

from app import sync_service
from app.accounts import create_account
from protocol.sync import PushRequest
from sync.transport import Transport
from tests.bench.datasets import PASSWORD, note_edit
from tests.bench.world import World, rep

REMOTE_CHANGES = 100


class RemoteEditor:
    """Another rep's client pushing edits to accounts, each account edited once at most."""

    def __init__(self, world: World, synced_replica: Path) -> None:
        self.transport = Transport(world.url)
        self.transport.sign_in(rep(index=1), PASSWORD)
        self.client_id = str(uuid.uuid4())
        self.seq = 0
        with sqlite3.connect(synced_replica) as connection:
            self.accounts = connection.execute(
                "SELECT id, version FROM account ORDER BY id"
            ).fetchall()
        connection.close()

    def push_edits(self, count: int) -> None:
        batch, self.accounts = self.accounts[:count], self.accounts[count:]
        mutations = []
        for record_id, version in batch:
            self.seq += 1
            mutations.append(note_edit(self.seq, record_id, version, f"回访 follow-up {self.seq}"))
        self.transport.push(PushRequest(client_id=self.client_id, mutations=mutations))


def measure(world: World, synced_replica: Path, rounds: int) -> float:
    """Median milliseconds of a sync that pushes 1 edit and pulls REMOTE_CHANGES changes."""
    world.place_replica(rep(), synced_replica)
    workspace = world.sign_in(rep())
    editor = RemoteEditor(world, synced_replica)
    try:
        sync_service.sync_now(workspace)  # registers this client with the server; not measured
        timings: list[float] = []
        for round_ in range(rounds):
            editor.push_edits(REMOTE_CHANGES)
            create_account(
                workspace, {"name": f"基准测试客户 Bench {round_}", "phone": "13800138000"}
            )
            started = time.perf_counter()
            report = sync_service.sync_now(workspace).report
            timings.append((time.perf_counter() - started) * 1000)
            if report.pushed != 1 or report.pulled < REMOTE_CHANGES:
                raise RuntimeError(f"unexpected incremental sync: {report}")
        return statistics.median(timings)
    finally:
        workspace.close()
