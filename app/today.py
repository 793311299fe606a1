"""The Today list: overdue, today's and upcoming tasks and planned visits, and what a user does
with them (complete with an outcome code, reschedule with a quick choice)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.processes import Code, CodeList
from app.workspace import Workspace
from local_store import queries, records

UPCOMING_DAYS = 7
OUTCOME_CODES = "task_outcome"
DONE = "done"  # the outcome of a planned visit whose visit was logged
RESCHEDULED = "rescheduled"  # what the reschedule actions mean; not a way to complete


@dataclass(frozen=True)
class TodayItem:
    task_id: str
    account_id: str
    account_name: str
    title: str
    kind: str  # "task", "visit", "call"
    due: dt.date


@dataclass(frozen=True)
class TodayView:
    overdue: tuple[TodayItem, ...]
    today: tuple[TodayItem, ...]
    upcoming: tuple[TodayItem, ...]


def next_monday(day: dt.date) -> dt.date:
    """The Monday after `day` (a week on when `day` is a Monday)."""
    return day + dt.timedelta(days=7 - day.weekday())


def today_view(workspace: Workspace, day: dt.date | None = None) -> TodayView:
    """The user's open tasks and planned visits up to a week ahead, in three groups."""
    day = day or dt.date.today()
    until = day + dt.timedelta(days=UPCOMING_DAYS)
    with workspace.replica.session() as session:
        rows = queries.tasks_due(session, until, assignee_id=workspace.me.id)
        names = queries.account_names(session, list({r.account_id for r in rows}))
    items = [
        TodayItem(
            task_id=r.id,
            account_id=r.account_id,
            account_name=names.get(r.account_id, ""),
            title=r.title,
            kind=r.kind or "task",
            due=dt.date.fromisoformat(r.due_date or day.isoformat()),
        )
        for r in rows
    ]
    return TodayView(
        overdue=tuple(i for i in items if i.due < day),
        today=tuple(i for i in items if i.due == day),
        upcoming=tuple(i for i in items if i.due > day),
    )


def outcome_codes(workspace: Workspace) -> tuple[Code, ...]:
    """The codes a task can be completed with, in their order."""
    found: CodeList | None = workspace.code_lists().get(OUTCOME_CODES)
    return found.active() if found else ()


def complete_task(workspace: Workspace, task_id: str, outcome: str) -> None:
    """Mark a task done with an outcome code; queued for sync."""
    with workspace.saving() as session:
        records.save(session, "task", task_id, {"done": True, "outcome": outcome})


def reschedule_task(workspace: Workspace, task_id: str, due: dt.date) -> None:
    with workspace.saving() as session:
        records.save(session, "task", task_id, {"due_date": due.isoformat()})


def add_task(
    workspace: Workspace, account_id: str, title: str, due: dt.date, kind: str = "task"
) -> str:
    """A new open task for the user on an account; raises SaveError on a wrong field."""
    with workspace.saving() as session:
        return workspace.add_task(session, account_id, title, due, kind)
