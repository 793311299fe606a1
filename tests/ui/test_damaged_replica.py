"""A damaged replica is told in the window, in a sentence naming where it was kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app import accounts
from app.paths import replica_path
from app.workspace import Workspace
from local_store import state
from sync.credentials import TokenStore
from tests.ui.conftest import ME, UNREACHABLE, default_changes, generated_changes, open_workspace
from ui.launch import GuiSession


def _damaged_replica(data_dir: Path) -> Path:
    """li.na's replica with one unsynced edit, then cut short; she stays signed in."""
    path = replica_path(data_dir, UNREACHABLE, ME.name)
    workspace = open_workspace(path, default_changes())
    with workspace.saving() as session:
        state.put(session, state.ME, ME.__dict__ | {"territories": list(ME.territories)})
    accounts.create_account(workspace, {"name": "Saved before the damage"})
    workspace.close()
    open_workspace(path, generated_changes(800)).close()  # the bulk of the file, after it
    with path.open("r+b") as stream:
        stream.truncate(path.stat().st_size // 2)
    TokenStore().save(UNREACHABLE, ME.name, "kept-refresh-token")
    return path


def test_the_window_says_where_a_damaged_replica_was_kept(
    qtbot, tmp_path: Path, session: GuiSession
) -> None:
    path = _damaged_replica(tmp_path)
    workspace = Workspace.resume(tmp_path, UNREACHABLE, ME.name, TokenStore())
    assert workspace is not None

    window = session.open_window(workspace)

    box = window.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    [kept] = path.parent.glob("*.damaged-*.db")
    assert box.text().startswith("The local data on this computer was damaged.")
    assert str(kept) in box.text() and "1 change(s) not yet synced were kept" in box.text()
    box.close()
    workspace.close()
