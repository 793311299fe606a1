"""Activities: a finished process run saved as what happened, with its follow-up tasks."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from app.processes import ProcessRun
from app.tasks import add_task
from app.workspace import Workspace
from local_store import records


@dataclass(frozen=True)
class LoggedRun:
    """What logging a process run wrote: its activity and the follow-up tasks it made."""

    activity_id: str
    task_ids: tuple[str, ...]

    def records(self) -> tuple[tuple[str, str], ...]:
        """(entity, id) of each record written."""
        return (("activity", self.activity_id), *(("task", task_id) for task_id in self.task_ids))


def log_activity(
    workspace: Workspace,
    account_id: str,
    run: ProcessRun,
    note: str = "",
    when: dt.datetime | None = None,
) -> str:
    """`log_run`, for whoever needs only the activity's id."""
    return log_run(workspace, account_id, run, note, when).activity_id


def log_run(
    workspace: Workspace,
    account_id: str,
    run: ProcessRun,
    note: str = "",
    when: dt.datetime | None = None,
) -> LoggedRun:
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
        task_ids = tuple(
            add_task(
                workspace,
                account_id,
                follow_up.title(workspace.language),
                when.date() + dt.timedelta(days=follow_up.due_in_days),
                follow_up.kind,
            )
            for follow_up in run.follow_ups()
        )
    return LoggedRun(activity_id, task_ids)
