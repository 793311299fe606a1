"""Tasks: a new open task of the user's on an account."""

from __future__ import annotations

import datetime as dt
import uuid

from app.workspace import Workspace
from local_store import records


def add_task(
    workspace: Workspace, account_id: str, title: str, due: dt.date, kind: str = "task"
) -> str:
    """A new open task for the user on an account; raises SaveError on a wrong field.

    Inside another save (an activity with its follow-ups) it is part of that save."""
    task_id = str(uuid.uuid4())
    fields = {
        "account_id": account_id,
        "title": title,
        "kind": kind,
        "due_date": due.isoformat(),
        "done": False,
        "assignee_id": workspace.me.id,
    }
    with workspace.saving() as session:
        records.save(session, "task", task_id, fields)
    return task_id
