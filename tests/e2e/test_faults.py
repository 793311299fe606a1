"""Faults against a real `fieldbook-server` process on SQLite and PostgreSQL: lost answers,
killed servers (inside the push transaction, proven from the database; inside a pull's read
transaction on PostgreSQL), duplicated and reordered requests, 5xx and time-outs, and a client
killed while it applies a pull. Each ends converged: nothing lost, nothing applied twice."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from local_store import outbox, records, state
from local_store.db import Replica
from local_store.models import Account as ReplicaAccount
from protocol import paths
from server.database import make_engine
from server.tables import Account, ChangeFeed, MutationResultRow, User
from sync import transport
from sync.engine import SyncEngine
from sync.errors import Outcome, SyncError
from sync.transport import Transport
from tests.support.db_watch import PostgresWatch, is_postgres, wait_for_sqlite_writer
from tests.support.fault_proxy import Fault, FaultProxy
from tests.support.postgres import copy_database, create_database
from tests.support.server_process import ServerProcess, admin
from tests.support.threads import in_background
from tests.support.views import replica_view, server_view

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "demo"
ACCOUNTS = 40


@dataclass
class Device:
    replica: Replica
    transport: Transport
    engine: SyncEngine
    user_id: str
    territory_id: str


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A demo database seeded once per module and database; each test works on a copy."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'server.db'}"
    else:
        url = create_database(request.getfixturevalue("pg_cluster"), "seeded_" + _suffix())
    admin(url, "seed-demo", "--accounts", str(ACCOUNTS))
    return url


@pytest.fixture
def db_url(seeded: str, tmp_path: Path) -> str:
    """A copy of the seeded database: a file copy, or a PostgreSQL database made from it."""
    if not is_postgres(seeded):
        path = tmp_path / "server.db"
        shutil.copy(make_url(seeded).database or "", path)
        return f"sqlite:///{path}"
    return copy_database(seeded, "t_" + _suffix())


def _suffix() -> str:
    return uuid.uuid4().hex[:12]


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(db_url, tmp_path / "server.log")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def proxy(server: ServerProcess) -> Iterator[FaultProxy]:
    faulty = FaultProxy(server.port)
    yield faulty
    faulty.close()


@pytest.fixture
def db(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def device(tmp_path: Path, proxy: FaultProxy):
    opened: list[Replica] = []

    def open_device(user: str = "demo", *, retries: int = 0, page_size: int = 1000) -> Device:
        replica = Replica(tmp_path / f"{user}-{len(opened)}.db")
        opened.append(replica)
        http = Transport(proxy.url, retries=retries, backoff=0.05)
        me = http.sign_in(user, DEMO_PASSWORD).user
        engine = SyncEngine(replica, http, page_size=page_size)
        return Device(replica, http, engine, me.id, me.territories[0])

    yield open_device
    for replica in opened:
        replica.close()


def add_accounts(device: Device, count: int) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(count)]
    with device.replica.session() as session:
        for number, account_id in enumerate(ids):
            fields = {"name": f"Offline {number}", "territory_id": device.territory_id}
            records.save(session, "account", account_id, fields)
    return ids


def assert_converged(
    device: Device, db: Engine, created: Sequence[str] = (), edits: int = 0
) -> None:
    """Nothing pending, the replica equals the server's view, each created account is on the
    server once and written exactly once (one feed row, one stored result; `edits` more stored
    results for the edits pushed besides)."""
    with device.replica.session() as session:
        assert outbox.count(session) == 0
        client_id = state.client_id(session)
    assert replica_view(device.replica) == server_view(db, device.user_id)
    with Session(db) as session:
        for account_id in created:
            assert session.get(Account, account_id) is not None, "an offline account was lost"
        if created:
            rows = session.scalar(
                select(func.count()).where(ChangeFeed.record_id.in_(list(created)))
            )
            assert rows == len(created), "an account was written twice"
            results = session.scalar(
                select(func.count()).where(MutationResultRow.client_id == client_id)
            )
            assert results == len(created) + edits


def test_a_push_whose_answer_was_lost_is_replayed_and_applied_once(device, proxy, db):
    alice = device()
    alice.engine.sync()
    created = add_accounts(alice, 5)
    proxy.inject(Fault.CUT)

    with pytest.raises(SyncError) as lost:
        alice.engine.sync()
    assert lost.value.outcome is Outcome.OFFLINE
    with Session(db) as session:  # the server committed the push before the answer was lost
        assert session.get(Account, created[0]) is not None
    alice.engine.sync()

    assert_converged(alice, db, created)


def test_the_transport_replays_a_lost_answer_by_itself(device, proxy, db):
    alice = device(retries=2)
    created = add_accounts(alice, 3)
    proxy.inject(Fault.CUT)

    alice.engine.sync()

    assert proxy.requests >= 2
    assert_converged(alice, db, created)


def test_5xx_answers_are_retried_and_a_lasting_outage_keeps_the_outbox(device, proxy, db):
    alice = device(retries=2)
    created = add_accounts(alice, 3)
    proxy.inject(Fault.UNAVAILABLE, Fault.UNAVAILABLE)
    alice.engine.sync()  # two 503s, then the third try gets through
    more = add_accounts(alice, 2)
    proxy.inject(*[Fault.UNAVAILABLE] * 3)

    with pytest.raises(SyncError) as outage:
        alice.engine.sync()

    assert outage.value.outcome is Outcome.SERVER_ERROR
    with alice.replica.session() as session:
        assert outbox.count(session) == 2
    alice.engine.sync()
    assert_converged(alice, db, created + more)


def test_a_stalled_server_times_out_and_the_next_sync_completes(
    device, proxy, db, monkeypatch: pytest.MonkeyPatch
):
    alice = device()
    alice.engine.sync()
    created = add_accounts(alice, 3)
    proxy.inject(Fault.STALL)
    # Short only for the stalled call: under load a sign-in or a full pull may take a second.
    monkeypatch.setattr(transport, "READ_TIMEOUT_S", 1.0)

    with pytest.raises(SyncError) as stalled:
        alice.engine.sync()

    assert stalled.value.outcome is Outcome.OFFLINE
    monkeypatch.undo()
    alice.engine.sync()
    assert_converged(alice, db, created)


def kill_when_requested(
    proxy: FaultProxy, server: ServerProcess, after: int, delay: float
) -> threading.Event:
    """SIGKILL the server `delay` seconds after the `after`-th forwarded request starts; the
    event is set once the server is dead."""
    seen = 0
    lock = threading.Lock()
    killed = threading.Event()

    def kill() -> None:
        server.kill()
        killed.set()

    def on_request() -> None:
        nonlocal seen
        with lock:
            seen += 1
            if seen != after:
                return
        threading.Timer(delay, kill).start()

    proxy.on_request = on_request
    return killed


def restart_after(killed: threading.Event, proxy: FaultProxy, server: ServerProcess) -> None:
    assert killed.wait(30), "the server was not killed"
    proxy.on_request = None
    server.start()


def test_a_server_killed_as_a_push_arrives_loses_nothing(device, proxy, server, db):
    """Killed the moment the push reaches the proxy, so as a rule before the server's
    transaction begins; the next test proves a kill inside it."""
    alice = device()
    alice.engine.sync()
    created = add_accounts(alice, 50)
    killed = kill_when_requested(proxy, server, after=1, delay=0.0)

    with pytest.raises(SyncError):
        alice.engine.sync()
    restart_after(killed, proxy, server)
    alice.engine.sync()

    assert_converged(alice, db, created)


def test_a_server_killed_inside_the_push_transaction_loses_nothing(
    device, proxy, server, db, db_url
):
    """The kill lands while the push's write transaction is open, and the database shows it:
    on PostgreSQL the test holds a row the batch updates half-way through, so the transaction
    stops there holding the feed lock; on SQLite the server holds the writer lock. Afterwards
    nothing of the batch is committed, and the replay after the restart applies it once."""
    alice = device()
    alice.engine.sync()
    with alice.replica.session() as session:
        edited = session.scalars(select(ReplicaAccount.id).order_by(ReplicaAccount.id)).first()
    assert edited is not None
    half = paths.MAX_PUSH_BATCH // 2
    created = add_accounts(alice, half)
    with alice.replica.session() as session:
        records.save(session, "account", edited, {"phone": "+86 10 5555 0000"})
    created += add_accounts(alice, paths.MAX_PUSH_BATCH - half - 1)
    before = server_state(db, edited)
    arrived = threading.Event()
    proxy.on_request = arrived.set

    if is_postgres(db_url):
        watch = PostgresWatch(db_url)
        with watch.holding_row("account", edited):
            pushing = in_background(alice.engine.sync)
            blocked = watch.blocked_backend()
            server.kill()
        watch.wait_feed_lock_released()  # the orphaned transaction has ended
        watch.close()
        assert blocked.holds_feed_lock, "the push transaction had begun"
        assert blocked.query.startswith("UPDATE account"), blocked.query
    else:
        pushing = in_background(alice.engine.sync)
        assert arrived.wait(30)
        wait_for_sqlite_writer(db_url)
        server.kill()

    assert isinstance(pushing.exception(timeout=60), SyncError)
    assert server_state(db, edited) == before, "the kill came after the commit"
    with Session(db) as session:
        assert session.get(Account, created[0]) is None
    proxy.on_request = None
    server.start()
    alice.engine.sync()
    assert_converged(alice, db, created, edits=1)
    assert server_state(db, edited)[0] == "+86 10 5555 0000"


def server_state(db: Engine, account_id: str) -> tuple[str | None, int]:
    """The account's phone on the server, and the newest feed position."""
    with Session(db) as session:
        account = session.get_one(Account, account_id)
        return account.phone, session.scalar(select(func.max(ChangeFeed.seq))) or 0


# The tables a pull reads records from; locking them stops a pull half-way, after its feed read.
RECORD_TABLES = ("account", "contact", "task", "activity")


def test_a_server_killed_mid_pull_resumes_where_it_stopped(device, proxy, server, db, db_url):
    """On PostgreSQL the kill lands inside a pull's read transaction (held there by locked
    record tables); on SQLite, as the 8th request arrives, between pages."""
    alice = device(page_size=10)
    if is_postgres(db_url):
        watch = PostgresWatch(db_url)
        locks = ExitStack()
        seen = 0

        def lock_at_the_eighth() -> None:
            nonlocal seen
            seen += 1
            if seen == 8:
                locks.enter_context(watch.holding_tables(RECORD_TABLES))

        proxy.on_request = lock_at_the_eighth
        pulling = in_background(alice.engine.sync)
        blocked = watch.blocked_backend()
        server.kill()
        locks.close()
        watch.close()
        assert blocked.query.startswith("SELECT"), blocked.query
        assert not blocked.holds_feed_lock  # a reader, not a writer
        assert isinstance(pulling.exception(timeout=60), SyncError)
        proxy.on_request = None
        server.start()
    else:
        killed = kill_when_requested(proxy, server, after=8, delay=0.0)
        with pytest.raises(SyncError):
            alice.engine.sync()
        restart_after(killed, proxy, server)
    partial = alice.engine.cursor()
    alice.engine.sync()

    assert partial > 0
    assert_converged(alice, db)


def test_duplicated_and_reordered_pushes_apply_each_mutation_once(server, db):
    token = requests.post(
        server.url + paths.TOKEN_PATH, json={"username": "demo", "password": DEMO_PASSWORD}
    ).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    territory = token["user"]["territories"][0]
    client_id = str(uuid.uuid4())
    ids = [str(uuid.uuid4()) for _ in range(4)]

    def push(*seqs: int) -> requests.Response:
        mutations = [
            {
                "seq": seq,
                "entity": "account",
                "record_id": ids[seq - 1],
                "op": "upsert",
                "base_version": 0,
                "fields": {"name": f"A{seq}", "territory_id": territory},
            }
            for seq in seqs
        ]
        body = {"client_id": client_id, "mutations": mutations}
        return requests.post(server.url + paths.PUSH_PATH, json=body, headers=headers)

    first = push(1, 2)
    again = push(1, 2)  # duplicated
    early = push(4)  # reordered: 4 before 3
    late = [push(3), push(3, 4)]  # 3 arrives, then 3 and 4 again

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert early.status_code == 409 and early.json()["error"] == "seq_gap"
    assert [r.status_code for r in late] == [200, 200]
    assert late[1].json()["results"][0] == late[0].json()["results"][0]
    with Session(db) as session:
        rows = session.scalar(select(func.count()).where(ChangeFeed.record_id.in_(ids)))
        assert rows == 4
        assert (
            session.scalar(select(func.count()).select_from(Account).where(Account.id.in_(ids)))
            == 4
        )


def test_a_client_killed_while_applying_a_pull_recovers_on_restart(server, db, tmp_path):
    replica_path = tmp_path / "killed.db"
    command = [
        sys.executable,
        "-m",
        "tests.support.sync_child",
        server.url,
        "demo",
        DEMO_PASSWORD,
        str(replica_path),
        "3",
    ]
    rng = random.Random(7)
    kills = 0
    for _attempt in range(6):
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        pages = rng.randint(1, 12)
        for line in child.stdout:
            if line.startswith("pull") and (pages := pages - 1) == 0:
                child.kill()
                kills += 1
                break
        child.wait(timeout=60)
        if child.returncode == 0:
            break
    assert kills >= 3
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

    replica = Replica(replica_path)
    try:
        with replica.session() as session:
            assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        with Session(db) as session:
            user_id = session.scalars(select(User.id).where(User.name == "demo")).one()
        assert replica_view(replica) == server_view(db, user_id)
    finally:
        replica.close()
