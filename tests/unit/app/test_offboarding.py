"""A user IT disabled: the app hears it on its next contact and keeps what was not synced."""

from __future__ import annotations

import json
import stat
from typing import Any

import pytest
from sqlalchemy import Engine, update

from app import accounts, offboarding, sync_service
from app.views import Me
from app.workspace import Workspace
from server.tables import User
from sync.errors import Outcome, SyncError


def disable(engine: Engine, name: str) -> None:
    with engine.begin() as connection:
        connection.execute(update(User).where(User.name == name).values(disabled=True))


def test_a_disabled_users_next_sync_says_so_and_their_unsynced_work_is_kept(
    connect: Any, server_engine: Engine
) -> None:
    alice = connect("alice")
    me = Me(alice.user_id, "alice", "Alice", "rep", (alice.territory_id,))
    workspace = Workspace(alice.replica, alice.transport, me)
    sync_service.sync_now(workspace)
    account_id = accounts.create_account(workspace, {"name": "Café “Le Petit”"})
    disable(server_engine, "alice")

    with pytest.raises(SyncError) as refused:
        sync_service.sync(workspace)
    kept = offboarding.keep_unsynced(workspace)

    assert refused.value.outcome is Outcome.ACCOUNT_DISABLED
    assert kept is not None and kept.parent == alice.replica.path.parent
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    content = json.loads(kept.read_text(encoding="utf-8"))
    assert content["user"] == "alice"
    (change,) = content["changes"]
    assert (change["entity"], change["record_id"]) == ("account", account_id)
    assert change["fields"]["name"] == "Café “Le Petit”"


def test_nothing_unsynced_writes_no_file(connect: Any) -> None:
    alice = connect("alice")
    me = Me(alice.user_id, "alice", "Alice", "rep", (alice.territory_id,))

    assert offboarding.keep_unsynced(Workspace(alice.replica, alice.transport, me)) is None
