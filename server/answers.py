"""The normalised answers of activities (`tables.ActivityAnswer`), kept beside every write.

An activity's `answers` JSON is a list of `{"step": key, "codes": [...], "note": ...}`. Reports
count codes per step over many activities, which on JSON means parsing every row; so each write
of an activity also replaces its rows here, in the same transaction, and reports group plain
indexed columns (`server.reports`).

The day an activity counts for is the local date it was written with (a visit at 07:30+08:00
counts for that date, not the UTC one before it). The server keeps instants in UTC, so the
local date comes from the wire value of the write that set `occurred_at`, and stays as it was
when a later write leaves the time alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from server.tables import ANSWER_KEY_LENGTH, Activity, ActivityAnswer


def week_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def local_day(wire_time: Any, stored: dt.datetime | None) -> dt.date | None:
    """The local date of `wire_time` (an ISO time with offset) when it names the instant
    `stored`; None when it is missing or another instant (the write lost a merge)."""
    if not isinstance(wire_time, str):
        return None
    try:
        written = dt.datetime.fromisoformat(wire_time)
    except ValueError:
        return None
    if written.tzinfo is None or (stored is not None and written != stored):
        return None
    return written.date()


def coded(answers: Any) -> list[tuple[str, str, int]]:
    """(step key, code, position) of every countable code in an `answers` value.

    Anything not shaped like the process runner's answers is left out, as are keys too long
    to index; a step or a code named twice counts once.
    """
    if not isinstance(answers, list):
        return []
    found: list[tuple[str, str, int]] = []
    seen: set[tuple[str, str]] = set()
    for answer in answers:
        if not isinstance(answer, dict):
            continue
        step, codes = answer.get("step"), answer.get("codes")
        if not isinstance(step, str) or not isinstance(codes, list):
            continue
        if not step or len(step) > ANSWER_KEY_LENGTH:
            continue
        position = 0
        for code in codes:
            countable = isinstance(code, str) and 0 < len(code) <= ANSWER_KEY_LENGTH
            if countable and (step, code) not in seen:
                seen.add((step, code))
                found.append((step, code, position))
                position += 1
    return found


def rows_for(
    activity_id: str,
    values: Mapping[str, Any],
    territory_id: str | None,
    day: dt.date,
) -> list[dict[str, Any]]:
    """Insert parameters of the answer rows of one live activity with these column values."""
    common = {
        "activity_id": activity_id,
        "process_key": values["process_key"],
        "process_version": values["process_version"],
        "territory_id": territory_id,
        "user_id": values.get("user_id"),
        "day": day,
        "week": week_of(day),
        "month": month_of(day),
    }
    return [
        common | {"step_key": step, "code": code, "position": position}
        for step, code, position in coded(values.get("answers"))
    ]


def insert_rows(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    batch = list(rows)
    if batch:
        session.execute(insert(ActivityAnswer), batch)


def refresh(session: Session, activity_id: str, wire_time: Any = None) -> None:
    """Make the answer rows of one activity match it as it now stands in this transaction.

    `wire_time`: the `occurred_at` the write sent, if any, for the local date.
    """
    activity = session.get(Activity, activity_id)
    if activity is None:
        return
    day = local_day(wire_time, activity.occurred_at)
    if day is None:
        kept = select(ActivityAnswer.day).where(ActivityAnswer.activity_id == activity_id)
        day = session.scalars(kept.limit(1)).first()
    if day is None:
        day = activity.occurred_at.astimezone(dt.UTC).date()
    session.execute(delete(ActivityAnswer).where(ActivityAnswer.activity_id == activity_id))
    if not activity.deleted:
        values = {name: getattr(activity, name) for name in ("process_key", "process_version")}
        values |= {"user_id": activity.user_id, "answers": activity.answers}
        insert_rows(session, rows_for(activity_id, values, activity.scope_territory_id, day))


def forget(session: Session, activity_ids: list[str]) -> None:
    """Remove the answer rows of activities deleted together (an account's, with it)."""
    session.execute(delete(ActivityAnswer).where(ActivityAnswer.activity_id.in_(activity_ids)))


def move_account(session: Session, account_id: str, territory_id: str) -> None:
    """The answers of an account's activities follow the account to another territory."""
    ids = select(Activity.id).where(Activity.account_id == account_id)
    session.execute(
        update(ActivityAnswer)
        .where(ActivityAnswer.activity_id.in_(ids))
        .values(territory_id=territory_id)
        .execution_options(synchronize_session=False)
    )
