"""Two `fieldbook-server` processes serving one PostgreSQL database, as behind a load balancer:
a session opened on one works on the other, what is pushed through one is pulled through the
other, concurrent pushes through both all land exactly once, and throttling counts together."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from app import sync_service
from app.accounts import count_accounts, create_account, search_accounts
from app.workspace import Workspace
from protocol.paths import REFRESH_PATH, TOKEN_PATH
from protocol.sync import Mutation, PushRequest
from server import auth, defaults, feed, users
from server.database import make_engine, make_sessions
from sync.credentials import TokenStore
from sync.transport import Transport
from tests.support.postgres import create_database
from tests.support.server_process import ServerProcess, admin
from tests.support.threads import run_in_threads

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

WRITERS = 8
BATCHES = 4
BATCH = 10


@pytest.fixture(scope="module")
def servers(
    pg_cluster: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    """Shared by the tests here; each uses users of its own where it changes their state."""
    db_url = create_database(pg_cluster, "several_" + uuid.uuid4().hex[:8])
    logs = tmp_path_factory.mktemp("servers")
    admin(db_url, "migrate")  # as a deployment step; the servers start with --no-migrate
    engine = make_engine(db_url)
    with feed.write_transaction(make_sessions(engine).write) as session:
        defaults.add_missing_defaults(session)
        for name, territory in (("alice", "A"), ("bob", "A"), ("carol", "B"), ("dave", "B")):
            users.add_user(
                session,
                name=name,
                role="rep",
                territory_ids=[users.ensure_territory(session, territory)],
                password_hash=auth.hash_password(f"pw-{name}"),
            )
    engine.dispose()
    first = ServerProcess(db_url, logs / "first.log", "--no-migrate")
    second = ServerProcess(db_url, logs / "second.log", "--no-migrate")
    first.start()
    second.start()
    yield first, second
    first.stop()
    second.stop()


def sign_in(server: ServerProcess, name: str) -> Transport:
    transport = Transport(server.url, retries=0)
    transport.sign_in(name, f"pw-{name}")
    return transport


def test_a_session_opened_on_one_server_works_on_the_other(servers) -> None:
    first, second = servers
    on_first = sign_in(first, "alice")

    on_second = Transport(second.url, retries=0)
    on_second.token = on_first.token
    assert on_second.pull(0, 10).changes

    # A refresh through the second spends the refresh token for the first as well.
    on_second.refresh_token = on_first.refresh_token
    on_second.token = None
    on_second.pull(0, 10)
    spent = requests.post(
        first.url + REFRESH_PATH,
        json={"refresh_token": on_first.refresh_token},
        timeout=10,
    )
    assert spent.status_code == 401
    on_second.sign_out()  # the reuse already ended the session: nothing left to end


def test_pushed_through_one_server_pulled_through_the_other(servers, tmp_path: Path) -> None:
    first, second = servers
    alice = Workspace.sign_in(tmp_path / "alice", first.url, "alice", "pw-alice", TokenStore())
    bob = Workspace.sign_in(tmp_path / "bob", second.url, "bob", "pw-bob", TokenStore())
    carol = Workspace.sign_in(tmp_path / "carol", second.url, "carol", "pw-carol", TokenStore())
    try:
        sync_service.sync_now(alice)
        account_id = create_account(alice, {"name": "广州华南贸易"})
        sync_service.sync_now(alice)

        sync_service.sync_now(bob)
        sync_service.sync_now(carol)

        assert [a.id for a in search_accounts(bob, "广州")] == [account_id]
        assert count_accounts(carol) == 0
    finally:
        for workspace in (alice, bob, carol):
            workspace.close()


def test_concurrent_pushes_through_both_servers_all_land_once(servers) -> None:
    territory = sign_in(servers[0], "alice").pull(0, 1000)
    territory_id = next(
        c.record_id for c in territory.changes if c.entity == "territory" and c.fields["key"] == "A"
    )
    created: dict[str, int] = {}
    lock = threading.Lock()

    def write(writer: int) -> None:
        signed_in = sign_in(servers[writer % 2], "alice")
        transports = [signed_in, Transport(servers[(writer + 1) % 2].url, retries=0)]
        transports[1].token = signed_in.token  # one session, through both servers
        client_id = str(uuid.uuid4())
        seq = 0
        for batch in range(BATCHES):
            mutations = []
            for _ in range(BATCH):
                seq += 1
                fields = {"name": f"客户 {writer}-{seq}", "territory_id": territory_id}
                record_id = str(uuid.uuid4())
                mutations.append(
                    Mutation(
                        seq=seq,
                        entity="account",
                        record_id=record_id,
                        op="upsert",
                        base_version=0,
                        fields=fields,
                    )
                )
            # Alternate servers: one client's batches arrive through both.
            answer = transports[batch % 2].push(
                PushRequest(client_id=client_id, mutations=mutations)
            )
            assert {r.status for r in answer.results} == {"applied"}
            with lock:
                created.update((r.record_id, r.version) for r in answer.results)

    assert run_in_threads(write, WRITERS) == []
    assert len(created) == WRITERS * BATCHES * BATCH
    assert len(set(created.values())) == len(created)  # every version handed out once
    for server in servers:
        reader = sign_in(server, "bob")
        seen: dict[str, int] = {}
        cursor, more = 0, True
        while more:
            page = reader.pull(cursor, 500)
            seen.update((c.record_id, c.version) for c in page.changes if c.entity == "account")
            cursor, more = page.cursor, page.has_more
        assert {record_id: seen.get(record_id) for record_id in created} == created


def test_throttling_counts_failures_on_every_server(servers) -> None:
    free = 5
    for attempt in range(free):
        response = requests.post(
            servers[attempt % 2].url + TOKEN_PATH,
            json={"username": "dave", "password": "wrong"},
            timeout=10,
        )
        assert response.status_code == 401

    for server in servers:
        response = requests.post(
            server.url + TOKEN_PATH,
            json={"username": "dave", "password": "pw-dave"},
            timeout=10,
        )
        assert response.status_code == 429
        assert int(response.headers["Retry-After"]) > 0
