"""The backup and restore commands of docs/deploy.md, on a running server: SQLite's `.backup`
and PostgreSQL's pg_dump/pg_restore. What was pushed before the backup comes back after the
restore, and the restored server serves it to a signed-in user."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.support.feed_client import account_names, push_accounts, signed_in
from tests.support.postgres import create_database, find_bin_dir
from tests.support.server_process import ServerProcess, add_user, admin

pytestmark = [pytest.mark.e2e]

BEFORE = ("北京科技有限公司", "Shanghai Ocean Trading")
AFTER = "广州华南贸易"


def serve_and_push(db_url: str, log: Path) -> ServerProcess:
    """A running server with a user and the accounts of BEFORE."""
    admin(db_url, "load-defaults")
    add_user(db_url, "alice", "A")
    server = ServerProcess(db_url, log)
    server.start()
    push_accounts(signed_in(server.url, "alice"), "A", *BEFORE)
    return server


def served_names(db_url: str, log: Path) -> set[str]:
    server = ServerProcess(db_url, log)
    server.start()
    try:
        return account_names(signed_in(server.url, "alice"))
    finally:
        server.stop()


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell is not installed")
def test_sqlite_backup_of_a_running_server_restores(tmp_path: Path) -> None:
    db = tmp_path / "server.db"
    backup = tmp_path / "server-backup.db"
    server = serve_and_push(f"sqlite:///{db}", tmp_path / "server.log")
    try:
        subprocess.run(["sqlite3", str(db), f".backup '{backup}'"], check=True)
        push_accounts(signed_in(server.url, "alice"), "A", AFTER)  # after the backup
    finally:
        server.stop()
    checked = subprocess.run(
        ["sqlite3", str(backup), "PRAGMA integrity_check;"], capture_output=True, text=True
    )
    assert checked.stdout.strip() == "ok"

    # Restore: the server stopped, the copy put back by `fieldbook-server restore`.
    admin(f"sqlite:///{db}", "restore", str(backup))
    assert served_names(f"sqlite:///{db}", tmp_path / "restored.log") == set(BEFORE)


@pytest.mark.postgres
def test_postgresql_dump_of_a_running_server_restores(
    pg_cluster: str, pg_url: str, tmp_path: Path
) -> None:
    bin_dir = find_bin_dir()
    assert bin_dir is not None
    dump = tmp_path / "fieldbook.dump"
    server = serve_and_push(pg_url, tmp_path / "server.log")
    try:
        pg_dump = [str(bin_dir / "pg_dump"), "--format=custom", f"--file={dump}", pg_url]
        subprocess.run(pg_dump, check=True)
        push_accounts(signed_in(server.url, "alice"), "A", AFTER)
    finally:
        server.stop()

    restored = create_database(pg_cluster, "restored_" + uuid.uuid4().hex[:8])
    pg_restore = [str(bin_dir / "pg_restore"), "--no-owner", f"--dbname={restored}", str(dump)]
    subprocess.run(pg_restore, check=True)
    assert served_names(restored, tmp_path / "restored.log") == set(BEFORE)
