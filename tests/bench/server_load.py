"""`server_p99_ms`, `server_rps` and `server_max_rps`: the server on PostgreSQL under 50
simulated clients.

A real `fieldbook-server` process serves a throwaway PostgreSQL cluster holding a dataset
spread over ten territories with five reps each. Every rep is one simulated client on a thread
of its own with the real client transport, starting from the head of the feed (as after its
initial sync). In each turn a client pushes a small batch of account edits (30 % of its turns)
or pulls the feed until drained (70 %). Every HTTP request is one sample.

Two phases on one server, one after the other:

- Paced (`server_p99_ms`, `server_rps`): every client takes one turn every `PACE_S`, the
  first at a random moment of the first `PACE_S`, like wrk2's constant rate. 50 clients make
  about 50 turns a second, far more than 50 people do (the app syncs every 5 minutes, 3 s
  after a burst of edits, and when the live long-poll says something changed). A client that
  falls behind starts its late turns at once, and the first request of a turn is timed from
  when the turn was due, not from when it could start: the wait a slow server causes counts
  (no "coordinated omission"). `server_rps` is the request rate this phase achieved.
- Saturation (`server_max_rps`): the same clients take their turns back to back, each the
  moment its last answer came, for a shorter while. By Little's law such a closed loop's mean
  latency is simply clients / rate, so only its rate is reported: the server's capacity.
"""

from __future__ import annotations

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

from protocol.sync import PushRequest
from server.database import make_engine
from server.settings import ServerSettings
from server.tables import Account, FeedCounter
from server.users import territory_record_id
from sync.transport import Transport
from tests.bench.datasets import PASSWORD, Dataset, Team, build_server_db, note_edit
from tests.bench.search import percentile
from tests.support.postgres import new_database
from tests.support.server_process import ServerProcess

Answer = TypeVar("Answer")
CLIENTS_TEAM = Team(territories=tuple(f"t{i:02d}" for i in range(10)), reps_per_territory=5)
PUSH_SHARE = 0.3
MAX_PUSH = 5
PACE_S = 1.0  # each client's time between the starts of two turns in the paced phase


@dataclass
class ServerLoad:
    p99_ms: float  # paced phase
    median_ms: float
    rps: float
    requests: int
    max_rps: float  # saturation phase
    pushes: int = 0
    pulls: int = 0
    late_turns: int = 0  # paced turns that started after they were due


class SimulatedClient:
    """One rep's client: its cursor, its accounts with their versions, its timings."""

    def __init__(self, url: str, user: str, cursor: int, accounts: dict[str, int]) -> None:
        self.transport = Transport(url, retries=0)
        self.user = user
        self.cursor = cursor
        self.accounts = accounts
        self.ids = sorted(accounts)
        self.rng = random.Random(user)
        self.client_id = str(uuid.UUID(int=self.rng.getrandbits(128)))
        self.seq = 0
        self.latencies_ms: list[float] = []
        self.requests = self.pushes = self.pulls = self.late_turns = 0
        self.error: str | None = None

    def sign_in(self) -> None:
        self.transport.sign_in(self.user, PASSWORD)

    def paced(self, started: float, duration_s: float) -> None:
        """Take a turn every `PACE_S` from a random offset after `started`, until
        `duration_s` after it; each turn's first request is timed from when it was due."""
        due = started + self.rng.uniform(0, PACE_S)
        end = started + duration_s
        while due < end:
            now = time.perf_counter()
            if now < due:
                time.sleep(due - now)
            else:
                self.late_turns += 1
            self.turn(due)
            due += PACE_S

    def closed(self, duration_s: float) -> None:
        """Take turns back to back for `duration_s`; only the requests are counted."""
        deadline = time.perf_counter() + duration_s
        while time.perf_counter() < deadline:
            self.turn(None)

    def turn(self, due: float | None) -> None:
        """A push (`PUSH_SHARE` of the turns) or a pull until drained; the first request is
        timed from `due` when given (paced), every request is recorded."""
        if self.rng.random() < PUSH_SHARE:
            self.push(self.rng.sample(self.ids, self.rng.randint(1, MAX_PUSH)), due)
        else:
            self.pull(due)

    def _timed(self, call: Callable[[], Answer], since: float | None) -> Answer:
        started = time.perf_counter()
        answer = call()
        self.latencies_ms.append((time.perf_counter() - (since or started)) * 1000)
        self.requests += 1
        return answer

    def push(self, record_ids: list[str], due: float | None) -> None:
        mutations = []
        for record_id in record_ids:
            self.seq += 1
            note = f"{self.user} 第{self.seq}次拜访 visit {self.seq}"
            mutations.append(note_edit(self.seq, record_id, self.accounts[record_id], note))
        request = PushRequest(client_id=self.client_id, mutations=mutations)
        answer = self._timed(lambda: self.transport.push(request), due)
        for result in answer.results:
            self.accounts[result.record_id] = max(self.accounts[result.record_id], result.version)
        self.pushes += 1

    def pull(self, due: float | None) -> None:
        since = due
        while True:
            page = self._timed(lambda: self.transport.pull(self.cursor, 1000), since)
            since = None
            self.cursor = page.cursor
            self.pulls += 1
            if not page.has_more:
                return

    def reset_counts(self) -> None:
        self.latencies_ms = []
        self.requests = self.pushes = self.pulls = self.late_turns = 0


def measure(
    dataset: Dataset,
    seed: int,
    duration_s: float,
    saturation_s: float,
    admin_url: str | None = None,
) -> ServerLoad:
    """Load a server on a new database on `admin_url`'s server (None: a throwaway cluster):
    paced for `duration_s`, then back to back for `saturation_s`."""
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
        with tempfile.TemporaryDirectory(prefix="fieldbook-load-") as workdir:
            server = ServerProcess(db_url, Path(workdir) / "server.log", forked=False)
            server.start()
            try:
                clients = _clients(server.url, head, by_territory)
                return _run(clients, duration_s, saturation_s)
            finally:
                server.stop()


def _clients(url: str, head: int, by_territory: dict[str, dict[str, int]]) -> list[SimulatedClient]:
    clients = []
    for key in CLIENTS_TEAM.territories:
        accounts = by_territory[territory_record_id(key)]
        reps = CLIENTS_TEAM.rep_names(key)
        # Reps of one territory edit different accounts, as people mostly do.
        ids = sorted(accounts)
        for index, user in enumerate(reps):
            mine = {i: accounts[i] for i in ids[index :: len(reps)]}
            clients.append(SimulatedClient(url, user, head, mine))
    return clients


def _run(clients: list[SimulatedClient], duration_s: float, saturation_s: float) -> ServerLoad:
    # Slow by design and not part of the load; never more at once than the server checks
    # passwords at once, so that none waits long enough for a slot to be told to come back.
    _on_threads(
        clients, SimulatedClient.sign_in, at_once=ServerSettings().concurrent_password_checks
    )
    started = time.perf_counter()
    elapsed = _on_threads(clients, lambda client: client.paced(started, duration_s))
    latencies = [ms for client in clients for ms in client.latencies_ms]
    requests = len(latencies)
    load = ServerLoad(
        p99_ms=percentile(latencies, 0.99),
        median_ms=statistics.median(latencies),
        rps=requests / elapsed,
        requests=requests,
        max_rps=0.0,
        pushes=sum(c.pushes for c in clients),
        pulls=sum(c.pulls for c in clients),
        late_turns=sum(c.late_turns for c in clients),
    )
    for client in clients:
        client.reset_counts()
    elapsed = _on_threads(clients, lambda client: client.closed(saturation_s))
    load.max_rps = sum(c.requests for c in clients) / elapsed
    return load


def _on_threads(
    clients: list[SimulatedClient],
    work: Callable[[SimulatedClient], None],
    at_once: int | None = None,
) -> float:
    """Run `work` for every client, a thread each, all at once or `at_once` at a time; the
    seconds until all were done.

    Raises when a client failed: the benchmark then fails rather than report a figure."""
    turns = threading.BoundedSemaphore(at_once or len(clients) or 1)

    def run(client: SimulatedClient) -> None:
        try:
            with turns:
                work(client)
        except Exception as exc:
            client.error = f"{client.user}: {exc!r}"

    threads = [threading.Thread(target=run, args=(client,), daemon=True) for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    errors = [client.error for client in clients if client.error]
    if errors:
        raise RuntimeError("simulated clients failed: " + "; ".join(errors[:5]))
    return elapsed
