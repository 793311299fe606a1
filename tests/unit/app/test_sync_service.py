"""A sync on a worker thread learns things (the server answered, the admin moved the user to
other territories); the workspace takes them over only when the main thread applies them."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine

from app import sync_service
from app.workspace import Workspace
from local_store.db import Replica
from sync.credentials import TokenStore
from sync.errors import Outcome, SyncError
from tests.support.server_process import admin
from tests.unit.app.workspaces import workspace_of
from tests.unit.sync.conftest import PASSWORD

T = TypeVar("T")


def on_a_worker_thread(work: Callable[[], T]) -> T | BaseException:
    """What `work` returned or raised, run on a thread of its own."""
    outcome: list[T | BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=60)
    return outcome[0]


def test_a_worker_threads_sync_changes_the_workspace_only_when_applied(
    tmp_path: Path, server_url: str, server_engine: Engine
) -> None:
    carol = Workspace.sign_in(tmp_path, server_url, "carol", PASSWORD, TokenStore())
    try:
        before = carol.me
        admin(
            server_engine.url.render_as_string(hide_password=False),
            *("user", "territories", "carol", "--territory", "A"),
        )

        result = on_a_worker_thread(lambda: sync_service.sync(carol))

        assert isinstance(result, sync_service.SyncResult)
        assert carol.online is None and carol.me == before
        assert result.me.territories != before.territories
        assert result.changed  # the first pull brought the catalogue
        sync_service.apply(carol, result)
        assert carol.online is True and carol.me == result.me
    finally:
        carol.close()


def test_a_failed_sync_on_a_worker_thread_says_offline_only_when_applied(tmp_path: Path) -> None:
    workspace = workspace_of(Replica(tmp_path / "replica.db"), str(uuid.uuid4()), str(uuid.uuid4()))
    workspace.transport.refresh_token = "saved-at-the-last-sign-in"
    try:
        error = on_a_worker_thread(lambda: sync_service.sync(workspace))

        assert isinstance(error, SyncError) and error.outcome is Outcome.OFFLINE
        assert workspace.online is None
        sync_service.apply_failure(workspace, error)
        assert workspace.online is False
    finally:
        workspace.close()
