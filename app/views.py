"""The plain views the services hand to the UI: no SQL, no Qt, nothing that changes under it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Me:
    id: str
    name: str
    display_name: str
    role: str
    territories: tuple[str, ...]


@dataclass(frozen=True)
class AccountSummary:
    id: str
    name: str
    city: str
    tier: str
    status: str
    phone: str
    overdue: bool


@dataclass(frozen=True)
class AccountFilter:
    """What the account list narrows to: a search, code filters, an owner, and the order."""

    query: str = ""
    tier: str = ""  # code key, "" for any
    status: str = ""
    owner_id: str = ""  # "" for anyone's
    sort: str = "name"  # "name" or "city"

    def narrowing(self) -> dict[str, str]:
        return {"tier": self.tier, "status": self.status, "owner_id": self.owner_id}


@dataclass(frozen=True)
class ContactView:
    name: str
    title: str
    phone: str
    email: str


@dataclass(frozen=True)
class TaskView:
    id: str
    title: str
    due_date: str
    kind: str
    overdue: bool


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: str
    process_name: str
    codes: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class AccountDetail:
    id: str
    name: str
    phone: str
    city: str
    address: str
    tier: str
    status: str
    contacts: tuple[ContactView, ...]
    open_tasks: tuple[TaskView, ...]
    timeline: tuple[TimelineEntry, ...]
    country: str = ""  # its name in the user's language


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None  # None: not tried yet
    pending: int
    conflicts: int
    last_sync_at: dt.datetime | None
