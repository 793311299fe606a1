"""`server_p99_ms` and `server_rps`: the server on PostgreSQL under 50 simulated clients.

A real `fieldbook-server` process serves a throwaway PostgreSQL cluster holding a dataset
spread over ten territories with five reps each. Every rep is one simulated client on a thread
of its own with the real client transport: starting from the head of the feed (as after its
initial sync), it pushes a small batch of account edits (30 % of its turns) or pulls the feed
until drained (70 %), back to back, for the given duration. Every HTTP request is one sample.
"""

from __future__ import annotations

import contextlib
import random
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select

from server.db import make_engine
from server.models import Account, FeedCounter
from server.users import territory_record_id
from sync.protocol import PushRequest
from sync.transport import Transport
from tests.bench.datasets import PASSWORD, Dataset, Team, build_server_db, note_edit
from tests.bench.search import percentile
from tests.support.postgres import new_database
from tests.support.server_process import ServerProcess

Answer = TypeVar("Answer")
CLIENTS_TEAM = Team(territories=tuple(f"t{i:02d}" for i in range(10)), reps_per_territory=5)
PUSH_SHARE = 0.3
MAX_PUSH = 5


@dataclass
class ServerLoad:
    p99_ms: float
    median_ms: float
    rps: float
    requests: int
    pushes: int = 0
    pulls: int = 0


class SimulatedClient(threading.Thread):
    def __init__(
        self,
        url: str,
        user: str,
        cursor: int,
        accounts: dict[str, int],
        duration_s: float,
        ready: threading.Barrier,
    ) -> None:
        super().__init__(daemon=True)
        self.transport = Transport(url, retries=0)
        self.user = user
        self.cursor = cursor
        self.accounts = accounts
        self.duration_s = duration_s
        self.ready = ready
        self.rng = random.Random(user)
        self.client_id = str(uuid.UUID(int=self.rng.getrandbits(128)))
        self.seq = 0
        self.latencies_ms: list[float] = []
        self.pushes = self.pulls = 0
        self.error: str | None = None

    def run(self) -> None:
        try:
            self.transport.sign_in(self.user, PASSWORD)
            ids = sorted(self.accounts)
            self.ready.wait()  # signing in (slow by design) is not part of the load
            deadline = time.monotonic() + self.duration_s
            while time.monotonic() < deadline:
                if self.rng.random() < PUSH_SHARE:
                    self.push(self.rng.sample(ids, self.rng.randint(1, MAX_PUSH)))
                else:
                    self.pull()
        except Exception as exc:  # reported by the benchmark, which then fails
            self.error = f"{self.user}: {exc!r}"
            self.ready.abort()

    def _timed(self, call: Callable[[], Answer]) -> Answer:
        started = time.perf_counter()
        answer = call()
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        return answer

    def push(self, record_ids: list[str]) -> None:
        mutations = []
        for record_id in record_ids:
            self.seq += 1
            note = f"{self.user} 第{self.seq}次拜访 visit {self.seq}"
            mutations.append(note_edit(self.seq, record_id, self.accounts[record_id], note))
        request = PushRequest(client_id=self.client_id, mutations=mutations)
        answer = self._timed(lambda: self.transport.push(request))
        for result in answer.results:
            self.accounts[result.record_id] = max(self.accounts[result.record_id], result.version)
        self.pushes += 1

    def pull(self) -> None:
        while True:
            page = self._timed(lambda: self.transport.pull(self.cursor, 1000))
            self.cursor = page.cursor
            self.pulls += 1
            if not page.has_more:
                return


def measure(
    dataset: Dataset, seed: int, duration_s: float, admin_url: str | None = None
) -> ServerLoad:
    """Load a server on a new database on `admin_url`'s server (None: a throwaway cluster)."""
    with new_database(admin_url, "bench_") as db_url:
        engine = make_engine(db_url)
        try:
            build_server_db(engine, dataset, seed, CLIENTS_TEAM)
            with engine.connect() as connection:
                head = connection.scalar(select(FeedCounter.value)) or 0
                accounts = connection.execute(
                    select(Account.id, Account.sync_version, Account.scope_territory_id)
                ).all()
        finally:
            engine.dispose()
        by_territory: dict[str, dict[str, int]] = {}
        for record_id, version, territory_id in accounts:
            by_territory.setdefault(str(territory_id), {})[record_id] = version
        return _run_clients(db_url, head, by_territory, duration_s)


def _run_clients(
    db_url: str, head: int, by_territory: dict[str, dict[str, int]], duration_s: float
) -> ServerLoad:
    with tempfile.TemporaryDirectory(prefix="fieldbook-load-") as workdir:
        server = ServerProcess(db_url, Path(workdir) / "server.log")
        server.start()
        try:
            ready = threading.Barrier(len(CLIENTS_TEAM.all_reps) + 1)
            clients = []
            for key in CLIENTS_TEAM.territories:
                accounts = by_territory[territory_record_id(key)]
                reps = CLIENTS_TEAM.rep_names(key)
                # Reps of one territory edit different accounts, as people mostly do.
                ids = sorted(accounts)
                for index, user in enumerate(reps):
                    mine = {i: accounts[i] for i in ids[index :: len(reps)]}
                    clients.append(SimulatedClient(server.url, user, head, mine, duration_s, ready))
            for client in clients:
                client.start()
            with contextlib.suppress(threading.BrokenBarrierError):
                ready.wait()  # broken when a client failed; its error is reported below
            started = time.monotonic()
            for client in clients:
                client.join()
            elapsed = time.monotonic() - started
        finally:
            server.stop()
    errors = [client.error for client in clients if client.error]
    if errors:
        raise RuntimeError("simulated clients failed: " + "; ".join(errors[:5]))
    latencies = [ms for client in clients for ms in client.latencies_ms]
    return ServerLoad(
        p99_ms=percentile(latencies, 0.99),
        median_ms=statistics.median(latencies),
        rps=len(latencies) / elapsed,
        requests=len(latencies),
        pushes=sum(c.pushes for c in clients),
        pulls=sum(c.pulls for c in clients),
    )
