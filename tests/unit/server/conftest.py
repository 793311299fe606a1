"""Fixtures for server tests: a fresh SQLite file per test, the API, and a few users."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from server import auth, cli
from server.api import create_app
from server.database import make_engine
from server.schema import upgrade
from server.settings import ServerSettings
from tests.support.clock import FakeClock
from tests.support.hashing import cheap_hasher
from tests.support.templates import copied_from, copy_sqlite, server_template
from tests.unit.server.helpers import World, world_of


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2, cheap parameters: hashing at production cost would dominate the suite."""
    monkeypatch.setattr(auth, "_hasher", cheap_hasher())


CliRun = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def cli_run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRun:
    """Runs `fieldbook-server ARGS` in this process, as `python -m server` would, and gives its
    exit code and output: a subprocess would spend seconds importing the server each time."""

    def run_inline(
        *args: str, stdin: str = "", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out, err)

    return run_inline


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server.db'}"


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty server database at the newest schema, made once per session (per worker)."""
    return server_template(tmp_path_factory.mktemp("templates") / "server.db")


@pytest.fixture(scope="session")
def world_template(schema_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schema template with `world`'s territories and users, made once per session (per
    worker): adding four users to each test's database took a tenth of the server tests'
    time."""
    path = tmp_path_factory.mktemp("templates") / "world.db"
    copy_sqlite(schema_template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(auth, "_hasher", cheap_hasher())  # as `fast_password_hashing`
            world_of(engine)
    finally:
        engine.dispose()
    return path


@pytest.fixture
def engine(request: pytest.FixtureRequest, db_url: str, schema_template: Path) -> Iterator[Engine]:
    """The database at `db_url` at the newest schema: a new SQLite file is a copy of the
    template (with `world` in it when the test asks for that), any other database is
    migrated."""
    template = schema_template
    if "world" in request.fixturenames:
        template = request.getfixturevalue("world_template")
    engine = make_engine(db_url)
    if not copied_from(template, db_url):
        upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings() -> ServerSettings:
    return ServerSettings()


@pytest.fixture
def client(engine: Engine, settings: ServerSettings, clock: FakeClock) -> Iterator[TestClient]:
    with TestClient(create_app(engine, settings, clock)) as test_client:
        yield test_client


@pytest.fixture
def world(engine: Engine) -> World:
    """Territories a and b; reps rep_a, rep_a2 (a) and rep_b (b); a manager of both (in a
    SQLite database, from `world_template`)."""
    return world_of(engine)
