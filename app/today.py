"""The Today list: overdue, today's and upcoming tasks and planned visits, and what a user does
with them (complete with an outcome code, reschedule with a quick choice)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from app import catalog
from app.activities import LoggedRun
from app.processes import Code, CodeList
from app.workspace import Workspace
from local_store import queries, records
from local_store.models import Task

UPCOMING_DAYS = 7
# A group lists this many lines at most: more is no plan for a day, and a line is a row of
# buttons, so thousands of them would keep the window from opening.
SHOWN_PER_GROUP = 30
# A group's total is counted up to this; past it the page says "more than" (counting a
# territory's 100,000 tasks would hold up the start for nothing).
COUNTED_PER_GROUP = 1000
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
class TodayGroup:
    """The first lines of one group, earliest first, and how many the group holds in all
    (counted up to COUNTED_PER_GROUP + 1: `more_than_counted` says the total is more)."""

    items: tuple[TodayItem, ...]
    total: int

    @property
    def more_than_counted(self) -> bool:
        return self.total > COUNTED_PER_GROUP


@dataclass(frozen=True)
class TodayView:
    overdue: TodayGroup
    today: TodayGroup
    upcoming: TodayGroup


def next_monday(day: dt.date) -> dt.date:
    """The Monday after `day` (a week on when `day` is a Monday)."""
    return day + dt.timedelta(days=7 - day.weekday())


def today_view(workspace: Workspace, day: dt.date | None = None) -> TodayView:
    """The user's open tasks and planned visits up to a week ahead, in three groups."""
    day = day or dt.date.today()
    yesterday = day - dt.timedelta(days=1)
    bounds = ((None, yesterday), (yesterday, day), (day, day + dt.timedelta(days=UPCOMING_DAYS)))
    with workspace.reading() as session:
        groups = []
        for after, until in bounds:
            rows = queries.tasks_due(
                session, until, workspace.me.id, after=after, limit=SHOWN_PER_GROUP
            )
            names = queries.account_names(session, list({r.account_id for r in rows}))
            items = tuple(
                TodayItem(
                    task_id=r.id,
                    account_id=r.account_id,
                    account_name=names.get(r.account_id, ""),
                    title=r.title,
                    kind=r.kind or "task",
                    due=dt.date.fromisoformat(r.due_date or day.isoformat()),
                )
                for r in rows
            )
            total = (
                len(items)
                if len(items) < SHOWN_PER_GROUP
                else queries.count_tasks_due(
                    session, until, workspace.me.id, after=after, up_to=COUNTED_PER_GROUP + 1
                )
            )
            groups.append(TodayGroup(items, total))
    overdue, today, upcoming = groups
    return TodayView(overdue=overdue, today=today, upcoming=upcoming)


def outcome_codes(workspace: Workspace) -> tuple[Code, ...]:
    """The codes a task can be completed with, in their order."""
    found: CodeList | None = catalog.code_lists(workspace).get(OUTCOME_CODES)
    return found.active() if found else ()


@dataclass(frozen=True)
class Undo:
    """What puts things back as they were before a Today action: the task's earlier field
    values, and the records the action wrote anew (entity, id), which go again."""

    task_id: str
    fields: dict[str, Any]
    created: tuple[tuple[str, str], ...] = ()


def _change_task(workspace: Workspace, task_id: str, fields: dict[str, Any]) -> Undo:
    with workspace.saving() as session:
        row = session.get(Task, task_id)
        before = records.to_fields("task", row) if row is not None else {}
        records.save(session, "task", task_id, fields)
    return Undo(task_id, {name: before.get(name) for name in fields})


def complete_task(workspace: Workspace, task_id: str, outcome: str) -> Undo:
    """Mark a task done with an outcome code; queued for sync."""
    return _change_task(workspace, task_id, {"done": True, "outcome": outcome})


def complete_visit(workspace: Workspace, task_id: str, logged: LoggedRun) -> Undo:
    """The planned visit `task_id` is done: its visit was `logged`. Undoing it opens the task
    again and removes what the logging wrote, the activity and its follow-up tasks."""
    return replace(complete_task(workspace, task_id, DONE), created=logged.records())


def reschedule_task(workspace: Workspace, task_id: str, due: dt.date) -> Undo:
    return _change_task(workspace, task_id, {"due_date": due.isoformat()})


def undo(workspace: Workspace, action: Undo) -> None:
    """Put the task back as it was and delete what the action created, in one save (changes of
    their own, synced like any other)."""
    with workspace.saving() as session:
        records.save(session, "task", action.task_id, action.fields)
        for entity, record_id in action.created:
            records.delete(session, entity, record_id)
