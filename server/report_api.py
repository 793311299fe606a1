"""Routes of the team reports (`server.reports`): managers and admins, within their scope."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from protocol.paths import MAX_REPORT_ACTIVITIES, REPORT_ACTIVITIES_PATH, REPORT_CODES_PATH
from protocol.reports import LATEST_VERSION, CodeReport, ReportActivities, ReportParams, TrendBy
from server.deps import ClockDep, CurrentPrincipal, SessionsDep
from server.reports import activities_behind, check_reader, code_report

router = APIRouter()
# A period without a start counts this many days up to its end.
DEFAULT_DAYS = 90
_Key = Annotated[str, Query(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


def report_query(
    principal: CurrentPrincipal,
    clock: ClockDep,
    process_key: _Key,
    step: _Key,
    version: Annotated[str, Query(max_length=16)] = LATEST_VERSION,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    # a territory's key (as people see it) or its record id
    territory: Annotated[list[_Key] | None, Query(max_length=200)] = None,
    # a rep's user name or user id
    rep: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    trend: TrendBy = "week",
) -> ReportParams:
    """The report asked for in the query string; a rep is refused before anything is read."""
    check_reader(principal)
    end = date_to or clock().date()
    return ReportParams(
        process_key=process_key,
        step=step,
        version=version,
        date_from=date_from or _days_before(end, DEFAULT_DAYS - 1),
        date_to=end,
        territories=territory or [],
        rep=rep,
        trend_by=trend,
    )


def _days_before(day: dt.date, days: int) -> dt.date:
    """`days` before `day`, or the first day there is."""
    try:
        return day - dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min


QueryDep = Annotated[ReportParams, Depends(report_query)]


@router.get(REPORT_CODES_PATH)
def codes(query: QueryDep, principal: CurrentPrincipal, sessions: SessionsDep) -> CodeReport:
    """Counts and shares of each code given to one question over a period, with their trend."""
    with sessions.read.begin() as session:
        return code_report(session, principal, query)


@router.get(REPORT_ACTIVITIES_PATH)
def activities(
    query: QueryDep,
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    code: _Key,
    limit: Annotated[int, Query(ge=1, le=MAX_REPORT_ACTIVITIES)] = 100,
) -> ReportActivities:
    """The activities behind one code of a report, newest first."""
    with sessions.read.begin() as session:
        return activities_behind(session, principal, query, code, limit)
