"""IT disables a user while their app runs: on its next contact the app says so in a sentence,
keeps what was not synced in a file for IT, and signs out, removing the user's data where
IT's WipeDataWhenDisabled policy asks for it."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import Engine, update

from app import sync_service
from app.accounts import create_account
from app.workspace import Workspace
from server.tables import User
from sync.credentials import TokenStore
from tests.unit.sync.conftest import PASSWORD
from ui.launch import GuiSession


def open_message_box() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    return next((box for box in boxes if box.isVisible()), None)


def test_a_disabled_user_is_told_keeps_their_work_and_leaves_no_data_behind(
    qtbot, qapp, session: GuiSession, server_url: str, server_engine: Engine, tmp_path: Path
) -> None:
    session.settings.set("WipeDataWhenDisabled", True)
    workspace = Workspace.sign_in(tmp_path / "alice", server_url, "alice", PASSWORD, TokenStore())
    sync_service.sync_now(workspace)
    window = session.open_window(workspace)
    account_id = create_account(workspace, {"name": "Unsynced Ltd."})
    replica = workspace.replica.path
    with server_engine.begin() as connection:
        connection.execute(update(User).where(User.name == "alice").values(disabled=True))

    window.sync.start()
    qtbot.waitUntil(lambda: open_message_box() is not None, timeout=10_000)
    box = open_message_box()
    assert box is not None
    kept = Path(box.text().rsplit("\n", 1)[-1])
    assert "disabled" in box.text()
    assert "disabled" in window.sync_bar.message_label.text()
    QTimer.singleShot(0, box.accept)
    assert qapp.exec() == 0
    box.deleteLater()  # the session ended the app's event loop; the next test needs its own
    qtbot.wait(10)

    assert session.signed_out
    assert not replica.exists()
    changes = json.loads(kept.read_text(encoding="utf-8"))["changes"]
    assert [change["record_id"] for change in changes] == [account_id]
