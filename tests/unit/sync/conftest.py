from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from local_store import state
from local_store.db import Replica
from server import auth, defaults, feed, users
from server.api import create_app
from server.database import make_engine, make_sessions
from sync.engine import SyncEngine
from sync.transport import Transport
from tests.support.asgi_transport import in_process_transport
from tests.support.clock import FakeClock
from tests.support.hashing import cheap_hasher
from tests.support.live_server import live_server
from tests.support.templates import copy_sqlite, server_template

PASSWORD = "pw-secret"


@dataclass
class Client:
    """One user's replica with a signed-in engine, as the app wires them."""

    replica: Replica
    transport: Transport
    engine: SyncEngine
    user_id: str
    territory_id: str


def _add_defaults_and_users(engine: Engine) -> None:
    """The default records; reps alice and bob (territory A) and carol (B)."""
    with feed.write_transaction(make_sessions(engine).write) as session:
        defaults.add_missing_defaults(session)
        for name, territory in (("alice", "A"), ("bob", "A"), ("carol", "B")):
            users.add_user(
                session,
                name=name,
                role="rep",
                territory_ids=[users.ensure_territory(session, territory)],
                password_hash=auth.hash_password(PASSWORD),
            )


@pytest.fixture(scope="session")
def seeded_server_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A server database with defaults and users, made once per session (per xdist worker)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "_hasher", cheap_hasher())
        path = tmp_path_factory.mktemp("templates") / "seeded.db"
        return server_template(path, _add_defaults_and_users)


@pytest.fixture
def server_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded_server_template: Path
) -> Iterator[Engine]:
    monkeypatch.setattr(auth, "_hasher", cheap_hasher())
    path = tmp_path / "server.db"
    copy_sqlite(seeded_server_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def server_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server_url(server_engine: Engine, server_clock: FakeClock) -> Iterator[str]:
    with live_server(server_engine, clock=server_clock) as url:
        yield url


@pytest.fixture
def server_client(server_engine: Engine, server_clock: FakeClock) -> Iterator[TestClient]:
    """The server app in-process, for tests where a real socket is not the point: no port and
    no server thread to start and stop."""
    with TestClient(create_app(server_engine, clock=server_clock)) as client:
        yield client


@pytest.fixture
def connect(tmp_path: Path, server_client: TestClient) -> Iterator:
    """Opens a signed-in client of the in-process server for a user."""
    opened: list[Replica] = []

    def open_client(name: str, page_size: int = 1000) -> Client:
        replica = Replica(tmp_path / f"{name}-{len(opened)}.db")
        opened.append(replica)
        transport = in_process_transport(server_client)
        me = transport.sign_in(name, PASSWORD).user
        with replica.session() as session:
            state.client_id(session)
        engine = SyncEngine(replica, transport, page_size=page_size)
        return Client(replica, transport, engine, me.id, me.territories[0])

    yield open_client
    for replica in opened:
        replica.close()
