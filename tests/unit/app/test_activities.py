"""Logging an activity: the activity and the follow-up tasks its rules ask for, in one save."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from app.accounts import account_detail, create_account
from app.activities import log_activity
from app.errors import SaveError
from app.processes import ProcessRun
from app.workspace import Workspace
from local_store import records
from local_store.db import Replica
from tests.unit.app.test_processes import definition
from tests.unit.app.workspaces import workspace_of


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    replica = Replica(tmp_path / "replica.db")
    workspace = workspace_of(replica, str(uuid.uuid4()), str(uuid.uuid4()))
    yield workspace
    workspace.close()


def quote_requested() -> ProcessRun:
    run = ProcessRun(definition())
    run.choose("delivery")  # straight to the outcome
    run.go_on()
    run.choose("quote")  # asks for a "Send quote" task
    return run


def test_an_activity_and_its_follow_up_task_are_saved_together(workspace: Workspace) -> None:
    account_id = create_account(workspace, {"name": "北京科技有限公司"})

    log_activity(workspace, account_id, quote_requested())

    detail = account_detail(workspace, account_id)
    assert detail is not None
    assert len(detail.timeline) == 1
    assert [task.title for task in detail.open_tasks] == ["Send quote"]


def test_a_follow_up_the_disk_refuses_saves_no_activity_either(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    account_id = create_account(workspace, {"name": "北京科技有限公司"})
    real_save = records.save

    def refuse_tasks(session: Any, entity: str, *args: Any, **kwargs: Any) -> None:
        if entity == "task":
            raise OperationalError("INSERT INTO task", {}, Exception("disk I/O error"))
        real_save(session, entity, *args, **kwargs)

    monkeypatch.setattr(records, "save", refuse_tasks)
    with pytest.raises(SaveError):
        log_activity(workspace, account_id, quote_requested())
    monkeypatch.undo()

    detail = account_detail(workspace, account_id)
    assert detail is not None
    assert detail.timeline == () and detail.open_tasks == ()
