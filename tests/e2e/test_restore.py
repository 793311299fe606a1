"""A server restored from a backup, as docs/deploy.md says, strands no one (issue 18): back up
a running server; alice pushes 6 accounts and bob pulls them; restore; a new client of alice's
writes Z. Every replica converges with the server and no acknowledged account is lost, with
real server processes on SQLite and on PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from local_store import records
from local_store.db import Replica
from protocol.auth import UserInfo
from server.database import make_engine
from sync.engine import SyncEngine
from sync.transport import Transport
from tests.support.feed_client import account_names, signed_in
from tests.support.postgres import create_database, find_bin_dir
from tests.support.server_process import ServerProcess, add_user, admin
from tests.support.views import replica_view, server_view

pytestmark = [pytest.mark.e2e]

AFTER_BACKUP = [f"acknowledged after the backup {n}" for n in range(6)]


@dataclass
class Laptop:
    """One user's replica, synced with whichever server runs now."""

    name: str
    replica: Replica
    engine: SyncEngine | None = None
    user: UserInfo | None = None

    def connect(self, url: str) -> None:
        """Sign in again: the sessions opened after the backup are gone with the restore."""
        transport = Transport(url, retries=0)
        self.user = transport.sign_in(self.name, f"pw-{self.name}").user
        self.engine = SyncEngine(self.replica, transport)

    def sync(self) -> bool:
        assert self.engine is not None
        return self.engine.sync().resynced

    def new_account(self, name: str) -> None:
        assert self.user is not None
        fields = {"name": name, "territory_id": self.user.territories[0]}
        with self.replica.session() as session:
            records.save(session, "account", str(uuid.uuid4()), fields)


def restore_scenario(
    db_url: str,
    tmp_path: Path,
    back_up: Callable[[], None],
    restore: Callable[[], str],
) -> None:
    """Run the scenario on `db_url`; `back_up` runs while the server runs, `restore` after it
    stopped and returns the URL of the restored database."""
    admin(db_url, "load-defaults")
    add_user(db_url, "alice", "A")
    add_user(db_url, "bob", "A")
    laptops = {
        name: Laptop(name.split("-")[0], Replica(tmp_path / f"{name}.db"))
        for name in ("alice", "bob", "alice-new")
    }
    alice, bob, newcomer = laptops.values()
    server = ServerProcess(db_url, tmp_path / "server.log")
    server.start()
    try:
        for laptop in (alice, bob):
            laptop.connect(server.url)
        alice.new_account("before the backup")
        alice.sync()
        bob.sync()
        back_up()
        for name in AFTER_BACKUP:
            alice.new_account(name)
        alice.sync()
        bob.sync()
        assert len(account_names(signed_in(server.url, "bob"))) == 7
    finally:
        server.stop()

    restored_url = restore()
    server = ServerProcess(restored_url, tmp_path / "restored.log")
    server.start()
    try:
        for laptop in laptops.values():
            laptop.connect(server.url)
        newcomer.new_account("Z")
        newcomer.sync()

        assert bob.sync()  # bob's cursor lies past the restored feed: he starts again
        assert alice.sync()  # and alice's next push does not meet 409 seq_gap
        for _round in range(2):
            for laptop in laptops.values():
                laptop.sync()

        expected = {"before the backup", "Z", *AFTER_BACKUP}
        assert account_names(signed_in(server.url, "alice")) == expected
        engine = make_engine(restored_url)
        try:
            for laptop in laptops.values():
                assert laptop.user is not None
                view = server_view(engine, laptop.user.id)
                assert replica_view(laptop.replica) == view, laptop.name
        finally:
            engine.dispose()
    finally:
        server.stop()
        for laptop in laptops.values():
            laptop.replica.close()


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell is not installed")
def test_a_sqlite_server_restored_from_a_backup_strands_no_one(tmp_path: Path) -> None:
    db, backup = tmp_path / "server.db", tmp_path / "server-backup.db"
    url = f"sqlite:///{db}"

    def back_up() -> None:
        subprocess.run(["sqlite3", str(db), f".backup '{backup}'"], check=True)

    def restore() -> str:
        admin(url, "restore", str(backup))
        return url

    restore_scenario(url, tmp_path, back_up, restore)


@pytest.mark.postgres
def test_a_postgresql_server_restored_from_a_dump_strands_no_one(
    pg_cluster: str, pg_url: str, tmp_path: Path
) -> None:
    bin_dir = find_bin_dir()
    assert bin_dir is not None
    dump = tmp_path / "fieldbook.dump"

    def back_up() -> None:
        pg_dump = [str(bin_dir / "pg_dump"), "--format=custom", f"--file={dump}", pg_url]
        subprocess.run(pg_dump, check=True)

    def restore() -> str:
        restored = create_database(pg_cluster, "restored_" + uuid.uuid4().hex[:8])
        pg_restore = [str(bin_dir / "pg_restore"), "--no-owner", f"--dbname={restored}", str(dump)]
        subprocess.run(pg_restore, check=True)
        return restored

    restore_scenario(pg_url, tmp_path, back_up, restore)
