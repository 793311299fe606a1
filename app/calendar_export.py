"""A rep's open tasks and planned visits as an iCalendar (.ics) file for their calendar app.

Planned visits (open tasks of kind "visit" with a due date) become all-day events (VEVENT) on
their day, so they sit in the calendar grid where a rep plans the week's trips. Every other open
task becomes a to-do (VTODO) due on its date, which Outlook, Apple and Thunderbird list beside
the grid. An entry's UID is its task's id, so importing a newer export updates the entries
instead of adding them twice.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from app.workspace import Workspace
from local_store import queries
from local_store.models import Account, Task

PRODUCT_ID = "-//Fieldbook//Fieldbook CRM//EN"
UID_DOMAIN = "fieldbook"


def export_calendar(workspace: Workspace, now: dt.datetime | None = None) -> bytes:
    """The user's open tasks and planned visits as the bytes of an .ics file."""
    stamp = now or dt.datetime.now(dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Fieldbook")
    with workspace.reading() as session:
        for task, account in queries.open_tasks_for(session, workspace.me.id):
            calendar.add_component(_entry(task, account, stamp))
    return calendar.to_ical()


def _entry(task: Task, account: Account, stamp: dt.datetime) -> icalendar.Component:
    due = dt.date.fromisoformat(task.due_date) if task.due_date else None
    entry: icalendar.Component
    if task.kind == "visit" and due is not None:
        entry = icalendar.Event()
        entry.add("dtstart", due)
        entry.add("dtend", due + dt.timedelta(days=1))
        entry.add("transp", "TRANSPARENT")  # a visit does not block the whole day
    else:
        entry = icalendar.Todo()
        if due is not None:
            entry.add("due", due)
        entry.add("status", "NEEDS-ACTION")
    entry.add("uid", f"{task.id}@{UID_DOMAIN}")
    entry.add("dtstamp", stamp)
    entry.add("summary", f"{task.title} · {account.name}")
    place = ", ".join(part for part in (account.address, account.city) if part)
    if place:
        entry.add("location", place)
    details = [account.name] + ([account.phone] if account.phone else [])
    entry.add("description", "\n".join(details))
    return entry
