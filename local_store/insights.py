"""Counting coded answers on the replica: the user's own insights, offline.

The same figures as the server's team report (`server.reports`), over what this replica holds.
SQLite groups the codes straight out of each activity's `answers` JSON (`json_each`), so only
the grouped rows come back. An activity counts for the local date it was written with (the
first ten characters of its ISO `occurred_at`), as on the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, case, cast, func, select, true
from sqlalchemy.orm import Session

from local_store.models import Account, Activity, Process, Territory, User
from protocol.reports import ReportActivity

_DAY = func.substr(Activity.occurred_at, 1, 10)
_WEEKDAY_FROM_MONDAY = (cast(func.strftime("%w", _DAY), Integer) + 6) % 7
_WEEK = func.date(_DAY, "-" + cast(_WEEKDAY_FROM_MONDAY, String) + " days")
_MONTH = func.substr(Activity.occurred_at, 1, 7) + "-01"
_STEPS = func.json_each(Activity.answers).table_valued("value", name="steps")
_CODES = func.json_each(_STEPS.c.value, "$.codes").table_valued(
    "key", "value", "type", name="codes"
)


@dataclass(frozen=True)
class Filter:
    """Which activities count: one question of one process (some of its versions), a period of
    local dates, optionally some territories and one user."""

    process_key: str
    step: str
    versions: Sequence[int]
    date_from: dt.date
    date_to: dt.date
    territories: Sequence[str] = ()
    user_id: str | None = None


def _conditions(wanted: Filter) -> list[ColumnElement[bool]]:
    conditions = [
        Activity.process_key == wanted.process_key,
        Activity.process_version.in_(list(wanted.versions)),
        _DAY.between(wanted.date_from.isoformat(), wanted.date_to.isoformat()),
        func.json_extract(_STEPS.c.value, "$.step") == wanted.step,
        _CODES.c.type == "text",
    ]
    if wanted.territories:
        conditions.append(Account.territory_id.in_(list(wanted.territories)))
    if wanted.user_id:
        conditions.append(Activity.user_id == wanted.user_id)
    return conditions


def code_counts(
    session: Session, wanted: Filter, *, by_month: bool = False
) -> list[tuple[dt.date, str, int, int]]:
    """How often each code was given to the question per week (or month), in period order:
    (period, code, count, first), `first` counting the activities that gave it first."""
    bucket = (_MONTH if by_month else _WEEK).label("period")
    code = _CODES.c.value.label("code")
    grouped = (
        select(bucket, code, func.count(), func.sum(case((_CODES.c.key == 0, 1), else_=0)))
        .select_from(Activity)
        .join(Account, Account.id == Activity.account_id)
        .join(_STEPS, true())
        .join(_CODES, true())
        .where(*_conditions(wanted))
        .group_by(bucket, code)
        .order_by(bucket, code)
    )
    return [
        (dt.date.fromisoformat(period), str(value), int(count), int(first or 0))
        for period, value, count, first in session.execute(grouped)
    ]


def activities_with(
    session: Session, wanted: Filter, code: str, limit: int
) -> list[ReportActivity]:
    """The activities that gave `code` to the question, newest first."""
    listed = (
        select(
            Activity.id,
            Activity.account_id,
            Account.name.label("account_name"),
            Activity.occurred_at,
            Activity.user_id,
            User.display_name,
            User.name.label("user_name"),
        )
        .select_from(Activity)
        .join(Account, Account.id == Activity.account_id)
        .outerjoin(User, User.id == Activity.user_id)
        .join(_STEPS, true())
        .join(_CODES, true())
        .where(*_conditions(wanted), _CODES.c.value == code)
        .distinct()
        .order_by(Activity.occurred_at.desc(), Activity.id)
        .limit(limit)
    )
    return [ReportActivity.from_row(row) for row in session.execute(listed)]


def process_versions(session: Session, key: str) -> dict[int, list[Any]]:
    """The steps of every version of a process this replica holds, by version number."""
    rows = session.execute(select(Process.process_version, Process.steps).where(Process.key == key))
    return {version: steps for version, steps in rows}


def users(session: Session) -> list[tuple[str, str]]:
    """(id, shown name) of the users this replica knows, by shown name."""
    rows = session.execute(select(User.id, User.display_name, User.name))
    return sorted(((i, shown or name) for i, shown, name in rows), key=lambda user: user[1])


def territories(session: Session) -> list[tuple[str, str]]:
    """(id, name) of the territories this replica knows, by name."""
    rows = session.execute(select(Territory.id, Territory.name).order_by(Territory.name))
    return [(territory_id, name) for territory_id, name in rows]
