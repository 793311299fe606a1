"""Open tasks and planned visits out to iCalendar, read back with the icalendar library."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from app.calendar_export import export_calendar
from app.workspace import Workspace
from local_store import records
from local_store.db import Replica
from tests.unit.app.workspaces import workspace_of

ME = str(uuid.uuid4())
OTHER = str(uuid.uuid4())
TERRITORY = str(uuid.uuid4())


@pytest.fixture
def replica(tmp_path: Path) -> Iterator[Replica]:
    replica = Replica(tmp_path / "replica.db")
    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    with replica.session() as session:
        records.save(session, "account", mine, {"name": "北京科技有限公司", "city": "北京",
                     "address": "海淀区中关村大街1号", "phone": "010-1234 5678",
                     "territory_id": TERRITORY, "owner_id": ME})  # fmt: skip
        records.save(session, "account", theirs, {"name": "上海海洋贸易", "territory_id": TERRITORY,
                     "owner_id": OTHER})  # fmt: skip
        tasks = [
            ("visit", mine, "拜访：演示新产品", "visit", "2026-12-01", False, ME),
            ("quote", mine, "发送报价", "task", "2026-11-25", None, None),  # unassigned, my account
            ("undated", mine, "Call back about delivery", "call", None, False, ME),
            ("done", mine, "已完成的任务", "task", "2026-11-20", True, ME),
            ("other", theirs, "Someone else's", "task", "2026-11-26", False, OTHER),
            ("unassigned elsewhere", theirs, "Not mine", "visit", "2026-11-27", False, None),
        ]
        for key, account, title, kind, due, done, assignee in tasks:
            records.save(session, "task", str(uuid.uuid5(uuid.NAMESPACE_URL, key)),
                         {"account_id": account, "title": title, "kind": kind, "due_date": due,
                          "done": done, "assignee_id": assignee})  # fmt: skip
    yield replica
    replica.close()


@pytest.fixture
def workspace(replica: Replica) -> Workspace:
    return workspace_of(replica, ME, TERRITORY)


def task_uid(key: str) -> str:
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, key)}@fieldbook"


def test_visits_are_all_day_events_and_tasks_are_to_dos(workspace: Workspace) -> None:
    data = export_calendar(workspace, now=dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC))

    calendar = icalendar.Calendar.from_ical(data)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    todos = {str(t["uid"]): t for t in calendar.walk("VTODO")}
    assert set(events) == {task_uid("visit")}
    assert set(todos) == {task_uid("quote"), task_uid("undated")}
    visit = events[task_uid("visit")]
    assert str(visit["summary"]) == "拜访：演示新产品 · 北京科技有限公司"
    assert visit.decoded("dtstart") == dt.date(2026, 12, 1)
    assert visit.decoded("dtend") == dt.date(2026, 12, 2)
    assert str(visit["location"]) == "海淀区中关村大街1号, 北京"
    assert str(visit["description"]) == "北京科技有限公司\n010-1234 5678"
    quote = todos[task_uid("quote")]
    assert quote.decoded("due") == dt.date(2026, 11, 25)
    assert str(quote["summary"]) == "发送报价 · 北京科技有限公司"
    assert "due" not in todos[task_uid("undated")]


def test_a_rep_without_tasks_gets_an_empty_calendar(replica: Replica) -> None:
    calendar = icalendar.Calendar.from_ical(
        export_calendar(workspace_of(replica, str(uuid.uuid4()), TERRITORY))
    )

    assert calendar.walk("VEVENT") == [] and calendar.walk("VTODO") == []
    assert str(calendar["prodid"]) == "-//Fieldbook//Fieldbook CRM//EN"
