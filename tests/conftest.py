"""Test-wide set-up: offscreen Qt, and no test ever touches a real profile or keyring."""

from __future__ import annotations

import gc
import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from local_store.db import Replica
from sync.collection import YOUNG_OBJECTS
from tests.support.hashing import cheap_hasher
from tests.support.memory_keyring import MemoryKeyring
from tests.support.postgres import (
    copy_database,
    create_database,
    find_bin_dir,
    throwaway_cluster,
)
from tests.support.templates import migrate_and_fill, seeding_is_current

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Point platformdirs, the app's data and config dirs and the site policy file at a temporary
    place; an in-memory keyring."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("FIELDBOOK_DATA_DIR", str(tmp_path / "fieldbook-data"))
    monkeypatch.setenv("FIELDBOOK_CONFIG_DIR", str(tmp_path / "fieldbook-config"))
    monkeypatch.setattr("app.policies.LINUX_POLICY_FILE", tmp_path / "etc" / "policies.json")
    # Servers the tests start build no territory snapshots in the background unless a test
    # switches them on (tests/unit/server/test_snapshots.py builds them itself).
    monkeypatch.setenv("FIELDBOOK_SNAPSHOTS", "off")
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def cheap_offline_verifier(monkeypatch: pytest.MonkeyPatch) -> None:
    """The offline password verifier every sign-in writes, with real argon2id at cheap
    parameters: at production cost each sign-in of the suite would take up to a second."""
    monkeypatch.setattr("app.offline._hasher", cheap_hasher())


@pytest.fixture
def no_keyring(isolated_profile: MemoryKeyring) -> None:
    """A computer without a usable keyring: keyring's own "fail" backend, the one it falls back
    to when it finds none (`isolated_profile` puts the previous one back)."""
    keyring.set_keyring(fail.Keyring())


@pytest.fixture(scope="session")
def replica_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty replica at the newest schema, made once per session (per xdist worker)."""
    path = tmp_path_factory.mktemp("templates") / "replica.db"
    Replica(path).close()
    return path


@pytest.fixture(autouse=True)
def replicas_from_template(replica_template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A replica opened on a new file starts as a copy of the template instead of running the
    migrations again (tests/unit/local_store, which tests them, opts out)."""
    monkeypatch.setattr("local_store.db.is_current", seeding_is_current(replica_template))


@pytest.fixture
def restore_root_logging() -> Iterator[None]:
    """Undo what `app.logs.setup_logging` (through `ui.main.main`) did to the root logger."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    """A PostgreSQL server for the whole run: FIELDBOOK_TEST_PG_URL, or a throwaway cluster."""
    given = os.environ.get("FIELDBOOK_TEST_PG_URL")
    if given:
        yield given
        return
    if find_bin_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("CI expects PostgreSQL, but its server binaries are not installed")
        pytest.skip("PostgreSQL is not installed")
    with throwaway_cluster() as url:
        yield url


@pytest.fixture
def pg_url(pg_cluster: str) -> str:
    """A fresh, empty database of its own for one test."""
    return create_database(pg_cluster, "t_" + uuid.uuid4().hex[:12])


@pytest.fixture(scope="session")
def pg_schema_template(pg_cluster: str) -> str:
    """A database at the newest server schema, migrated once per session (per xdist worker)."""
    return migrate_and_fill(create_database(pg_cluster, "schema_" + uuid.uuid4().hex[:12]))


@pytest.fixture
def pg_schema_url(pg_schema_template: str) -> str:
    """A database of its own for one test, already at the newest server schema (a copy)."""
    return copy_database(pg_schema_template, "t_" + uuid.uuid4().hex[:12])


def pytest_collection_finish(session: pytest.Session) -> None:
    """The test process's garbage collector, set up as the app's loading processes set theirs
    (sync.collection): the modules of client, server and tests, all loaded by now, are frozen,
    and the young generation holds 50,000 objects. A test worker holds nearly half a million
    objects once it has collected the suite, and with the default thresholds full collections
    went through all of them again and again: 11 % of a convergence shard's time."""
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, 20, 100)
