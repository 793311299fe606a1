"""Activities: a finished process run saved as what happened, with its follow-up tasks."""

from __future__ import annotations

import datetime as dt
import uuid

from app.processes import ProcessRun
from app.tasks import add_task
from app.workspace import Workspace
from local_store import records


def log_activity(
    workspace: Workspace,
    account_id: str,
    run: ProcessRun,
    note: str = "",
    when: dt.datetime | None = None,
) -> str:
    """Save a finished process run as an activity, with the follow-up tasks its rules ask for,
    in one transaction. Durable (and queued for sync) when this returns."""
    when = when or dt.datetime.now(dt.UTC).astimezone()
    activity_id = str(uuid.uuid4())
    with workspace.saving() as session:
        records.save(
            session,
            "activity",
            activity_id,
            {
                "account_id": account_id,
                "process_key": run.definition.key,
                "process_version": run.definition.version,
                "kind": run.definition.kind,
                "occurred_at": when.isoformat(timespec="seconds"),
                "user_id": workspace.me.id,
                "answers": run.recorded_answers(),
                "note": note or None,
            },
        )
        for follow_up in run.follow_ups():
            due = when.date() + dt.timedelta(days=follow_up.due_in_days)
            add_task(
                workspace, account_id, follow_up.title(workspace.language), due, follow_up.kind
            )
    return activity_id
