"""A damaged replica at opening: set aside under a dated name (never deleted), the unpushed
edits still readable in it kept and pushed, the user told in a sentence, the rest synced
again; never a traceback."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from app import accounts, sync_service
from app.errors import DamagedReplicaError
from app.paths import replica_path
from app.workspace import Workspace
from local_store import outbox
from protocol.sync import Change
from sync.credentials import TokenStore
from sync.replica_side import apply_changes
from tests.unit.sync.conftest import PASSWORD

EDITS = ("Saved before the damage 1", "Saved before the damage 2")


def _pulled_accounts(count: int) -> list[Change]:
    """Records as a pull brings them: the bulk of the file, after the edits' pages."""
    return [
        Change(
            entity="account",
            record_id=f"00000000-0000-4000-8000-{n:012d}",
            version=1,
            fields={"name": f"Pulled {n}", "territory_id": "t", "note": "x" * 400},
        )
        for n in range(count)
    ]


def _replica_with_unpushed_edits(tmp_path: Path, server_url: str) -> Path:
    """Alice signed in and saved two accounts offline; many pulled records came after them."""
    workspace = Workspace.sign_in(tmp_path, server_url, "alice", PASSWORD, TokenStore())
    for name in EDITS:
        accounts.create_account(workspace, {"name": name})
    with workspace.saving() as session:
        apply_changes(session, _pulled_accounts(800))
    workspace.close()  # the last connection checkpoints the WAL into the file
    return replica_path(tmp_path, server_url, "alice")


def _truncate(path: Path) -> None:
    with path.open("r+b") as stream:
        stream.truncate(path.stat().st_size * 6 // 10)


def _overwrite(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _overwrite_table(path: Path, table: str) -> None:
    """Garbage over the first page of `table`, the rest of the file as it was."""
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        query = "SELECT rootpage FROM sqlite_master WHERE name = ?"
        root = connection.execute(query, (table,)).fetchone()[0]
    with path.open("r+b") as stream:
        stream.seek((root - 1) * page_size)
        stream.write(os.urandom(page_size))


def _set_aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}.damaged-*{path.suffix}"))


def _unpushed(workspace: Workspace) -> int:
    with workspace.reading() as session:
        return outbox.count(session)


def test_a_truncated_replica_is_set_aside_and_its_unpushed_edits_are_pushed(
    tmp_path: Path, server_url: str
) -> None:
    path = _replica_with_unpushed_edits(tmp_path, server_url)
    _truncate(path)
    damaged = path.read_bytes()

    workspace = Workspace.resume(tmp_path, server_url, "alice", TokenStore())

    assert workspace is not None and isinstance(workspace.repaired, DamagedReplicaError)
    [kept] = _set_aside(path)
    assert kept.read_bytes() == damaged  # kept as it was, never deleted
    assert workspace.repaired.kept == kept and workspace.repaired.unsynced == 2
    assert "was damaged" in str(workspace.repaired) and str(kept) in str(workspace.repaired)
    assert _unpushed(workspace) == 2
    sync_service.sync_now(workspace)  # the edits go out, the territory comes back
    names = {a.name for a in accounts.search_accounts(workspace, "Saved before the damage")}
    assert names == set(EDITS) and _unpushed(workspace) == 0
    workspace.close()

    again = Workspace.resume(tmp_path, server_url, "alice", TokenStore())
    assert again is not None and again.repaired is None  # told once
    again.close()


def test_an_overwritten_replica_is_set_aside_and_synced_again(
    tmp_path: Path, server_url: str
) -> None:
    path = _replica_with_unpushed_edits(tmp_path, server_url)
    _overwrite(path)

    # Nothing names the user any more: the next start signs in, and is told then.
    assert Workspace.resume(tmp_path, server_url, "alice", TokenStore()) is None
    workspace = Workspace.sign_in(tmp_path, server_url, "alice", PASSWORD, TokenStore())

    assert isinstance(workspace.repaired, DamagedReplicaError)
    assert workspace.repaired.unsynced == 0 and workspace.repaired.kept == _set_aside(path)[0]
    sync_service.sync_now(workspace)
    assert accounts.count_accounts(workspace) == 0  # the server's view: alice's edits were lost
    workspace.close()


def test_a_replica_whose_outbox_is_readable_but_other_pages_are_damaged(
    tmp_path: Path, server_url: str
) -> None:
    path = _replica_with_unpushed_edits(tmp_path, server_url)
    _overwrite_table(path, "sync_state")  # the user and the client id: read at every start

    assert Workspace.resume(tmp_path, server_url, "alice", TokenStore()) is None
    workspace = Workspace.sign_in(tmp_path, server_url, "alice", PASSWORD, TokenStore())

    assert isinstance(workspace.repaired, DamagedReplicaError)
    assert workspace.repaired.unsynced == 2 and _unpushed(workspace) == 2
    sync_service.sync_now(workspace)
    names = {a.name for a in accounts.search_accounts(workspace, "Saved before the damage")}
    assert names == set(EDITS) and _unpushed(workspace) == 0
    workspace.close()
