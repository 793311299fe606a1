"""The replica (with its WAL and shared memory), the password verifier, the log and the settings
are readable by their user only: folders 0700, files 0600, also where an older version left
them 0644 in 0755 folders."""

from __future__ import annotations

import logging
import logging.handlers
import stat
import sys
from pathlib import Path

import pytest

from app import logs
from app.offline import verifier_path
from app.paths import data_dir, replica_path
from app.replica_file import open_replica
from app.settings import Settings
from app.workspace import Workspace
from local_store.db import Replica
from sync.credentials import TokenStore
from tests.unit.sync.conftest import PASSWORD

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_replica_its_side_files_and_the_verifier_are_private(server_url: str) -> None:
    workspace = Workspace.sign_in(data_dir(), server_url, "alice", PASSWORD, TokenStore())
    path = replica_path(data_dir(), server_url, "alice")
    with workspace.saving():  # the WAL and shared memory exist while the replica is open
        wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
        assert wal.exists() and shm.exists()
        assert {mode(f) for f in (path, wal, shm, verifier_path(path))} == {0o600}
    assert mode(path.parent) == mode(data_dir()) == 0o700
    workspace.close()


def test_a_replica_an_older_version_left_readable_is_made_private(
    server_url: str, tmp_path: Path
) -> None:
    path = replica_path(data_dir(), server_url, "alice")
    path.parent.mkdir(parents=True)
    Replica(path).close()
    data_dir().chmod(0o755)
    path.parent.chmod(0o755)
    path.chmod(0o644)

    Workspace.sign_in(data_dir(), server_url, "alice", PASSWORD, TokenStore()).close()

    assert mode(path) == 0o600 and mode(path.parent) == mode(data_dir()) == 0o700


@pytest.mark.usefixtures("restore_root_logging")
def test_the_log_and_its_rotated_files_are_private() -> None:
    old = logs.log_dir() / logs.LOG_FILE
    old.parent.mkdir(parents=True)
    old.write_text("from an older version\n")
    old.chmod(0o644)
    path = logs.setup_logging("INFO")
    logging.getLogger("fieldbook.test").warning("a line")
    handlers = logging.getLogger().handlers
    handler = next(h for h in handlers if getattr(h, "baseFilename", None) == str(path))
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.doRollover()
    assert mode(path.parent) == 0o700
    assert {mode(f) for f in logs.log_files()} == {0o600} and len(logs.log_files()) == 2


def test_the_settings_are_private() -> None:
    settings = Settings()
    settings.set("SyncInterval", 600)
    assert mode(settings.user_file) == 0o600 and mode(settings.user_file.parent) == 0o700
    settings.user_file.chmod(0o644)
    Settings()  # reading it puts an older version's file right
    assert mode(settings.user_file) == 0o600


def test_a_shared_folder_a_replica_lies_in_keeps_its_mode(tmp_path: Path) -> None:
    """As /tmp, where the smoke test's replica lies: only Fieldbook's own folders change."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    open_replica(shared / "smoke.db").close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert mode(shared / "smoke.db") == 0o600
