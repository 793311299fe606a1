"""Team reports: how often each code was given to one question, counted on the database.

Counting groups the normalised answers (`tables.ActivityAnswer`, kept by `server.answers`) by
code and period in one SQL statement over an index that covers every column it reads; only the
few grouped rows come back to Python. Managers see their own territories; admins see all;
nobody else sees team reports. A territory a manager may not see is answered exactly like one
that does not exist.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from protocol.documents import comparable_versions, question_code_set
from protocol.reports import (
    ALL_VERSIONS,
    LATEST_VERSION,
    CodeReport,
    ReportActivities,
    ReportActivity,
    ReportParams,
)
from server.api_error import ApiError
from server.scope import CATALOGUE_ROLES, Principal
from server.tables import Account, Activity, ActivityAnswer, Process, Territory, User


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid", message, field=field)


def check_reader(principal: Principal) -> None:
    if principal.role not in CATALOGUE_ROLES:
        raise ApiError(403, "forbidden", "Only managers and admins see team reports.")


def territory_ids(session: Session, asked: Iterable[str]) -> tuple[str, ...]:
    """The record ids of the territories asked for by key ("north", as people see it) or by
    record id; an unknown key is answered like a territory the reader may not see."""
    ids: list[str] = []
    for territory in asked:
        if _is_record_id(territory):
            ids.append(territory)
            continue
        found = session.scalar(
            select(Territory.id).where(Territory.key == territory, Territory.deleted.is_(False))
        )
        if found is None:
            raise ApiError(404, "not_found", "There is no such territory.", field="territory")
        ids.append(found)
    return tuple(ids)


def _is_record_id(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def rep_id(session: Session, asked: str | None) -> str | None:
    """The user id of the rep asked for by user name (as people see it) or by id; an unknown
    name is refused naming the field."""
    if asked is None or _is_record_id(asked):
        return asked
    found = session.scalar(select(User.id).where(User.name == asked))
    if found is None:
        raise ApiError(404, "not_found", "There is no user of that name.", field="rep")
    return found


def territories_of(
    session: Session, principal: Principal, asked: Iterable[str]
) -> tuple[str, ...] | None:
    """The territories the report may count: those asked for (keys or record ids), else all
    the reader sees (None: every territory, for an admin)."""
    check_reader(principal)
    asked = territory_ids(session, asked)
    if principal.role == "admin":
        return asked or None
    if any(territory not in principal.territories for territory in asked):
        raise ApiError(404, "not_found", "There is no such territory.", field="territory")
    return asked or tuple(sorted(principal.territories))


def versions_of(session: Session, query: ReportParams) -> list[int]:
    """The process versions the report counts; refuses versions that ask the question
    differently, so only like is compared with like."""
    rows = session.execute(
        select(Process.version, Process.steps).where(
            Process.key == query.process_key, Process.deleted.is_(False)
        )
    ).all()
    steps_by_version = {version: steps for version, steps in rows}
    if not steps_by_version:
        raise _invalid("process_key", f"There is no process {query.process_key!r}.")
    if query.version == ALL_VERSIONS:
        chosen = steps_by_version
        if not any(question_code_set(s, query.step) for s in chosen.values()):
            raise _invalid("step", f"The process has no question {query.step!r}.")
        if not comparable_versions(chosen, query.step):
            raise _invalid(
                "version",
                "The versions of this process ask this question differently; pick one version.",
            )
        return sorted(chosen)
    if query.version == LATEST_VERSION:
        number = max(steps_by_version)
    elif query.version.isdigit() and int(query.version) in steps_by_version:
        number = int(query.version)
    else:
        raise _invalid("version", "Give a version number of the process, 'latest' or 'all'.")
    if question_code_set(steps_by_version[number], query.step) is None:
        raise _invalid("step", f"Version {number} of the process has no question {query.step!r}.")
    return [number]


def _conditions(
    query: ReportParams,
    versions: list[int],
    territories: tuple[str, ...] | None,
    rep: str | None,
) -> list[ColumnElement[bool]]:
    if query.date_from > query.date_to:
        raise _invalid("from", "The period must start on or before its end.")
    answer = ActivityAnswer
    conditions = [
        answer.process_key == query.process_key,
        answer.step_key == query.step,
        answer.day.between(query.date_from, query.date_to),
        answer.process_version.in_(versions),
    ]
    if territories is not None:
        conditions.append(answer.territory_id.in_(territories))
    if rep is not None:
        conditions.append(answer.user_id == rep)
    return conditions


def code_report(session: Session, principal: Principal, query: ReportParams) -> CodeReport:
    """Counts, shares and the trend of each code given to the question."""
    territories = territories_of(session, principal, query.territories)
    rep = rep_id(session, query.rep)
    versions = versions_of(session, query)
    bucket = ActivityAnswer.week if query.trend_by == "week" else ActivityAnswer.month
    first = func.sum(case((ActivityAnswer.position == 0, 1), else_=0))
    grouped = (
        select(bucket, ActivityAnswer.code, func.count(), first)
        .where(*_conditions(query, versions, territories, rep))
        .group_by(bucket, ActivityAnswer.code)
        .order_by(bucket, ActivityAnswer.code)
    )
    groups = [
        (period, code, count, first) for period, code, count, first in session.execute(grouped)
    ]
    return CodeReport.from_groups(query, versions, groups)


def activities_behind(
    session: Session, principal: Principal, query: ReportParams, code: str, limit: int
) -> ReportActivities:
    """The activities that gave `code` to the question, newest first."""
    territories = territories_of(session, principal, query.territories)
    rep = rep_id(session, query.rep)
    versions = versions_of(session, query)
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
        .join(ActivityAnswer, ActivityAnswer.activity_id == Activity.id)
        .join(Account, Account.id == Activity.account_id)
        .outerjoin(User, User.id == Activity.user_id)
        .where(*_conditions(query, versions, territories, rep), ActivityAnswer.code == code)
        .order_by(Activity.occurred_at.desc(), Activity.id)
        .limit(limit + 1)
    )
    rows = session.execute(listed).all()
    return ReportActivities(
        activities=[ReportActivity.from_row(row) for row in rows[:limit]],
        more=len(rows) > limit,
    )
