"""Insights: what the codes say. Counts and shares of each code given to one question over a
period, ranked, with their trend, and the activities behind each count.

Offline on the replica for the user's own scope (`local_store.insights`); online for the whole
team through the server's report (managers and admins). Either way the answer is a
`CodeReport`, here given the labels and colours of the user's language. Statistics
compare like with like: one process version, or all of them only where every version asks the
question with the same code set.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from app import catalog
from app.errors import UserError
from app.workspace import Workspace
from local_store import insights
from protocol.documents import comparable_versions, question_code_set
from protocol.reports import ALL_VERSIONS, LATEST_VERSION, CodeReport, ReportParams, TrendPoint

TEAM_ROLES = frozenset({"manager", "admin"})
MAX_ACTIVITIES = 200


class VersionError(UserError):
    """The versions asked for cannot be counted together (or do not exist here)."""


@dataclass(frozen=True)
class Bar:
    code: str
    label: str
    color: str
    count: int
    share: float


@dataclass(frozen=True)
class InsightReport:
    """A counted question: bars ranked by count, most given first, and the trend."""

    params: ReportParams
    team: bool
    versions: tuple[int, ...]
    answered: int
    bars: tuple[Bar, ...]
    trend: tuple[TrendPoint, ...]

    def periods(self) -> list[dt.date]:
        return sorted({point.period for point in self.trend})

    def trend_of(self, code: str) -> dict[dt.date, int]:
        return {point.period: point.count for point in self.trend if point.code == code}


@dataclass(frozen=True)
class ActivityLine:
    """An activity behind a bar: account, date, rep."""

    id: str
    account_id: str
    account_name: str
    occurred_at: str
    user_name: str


def sees_team(workspace: Workspace) -> bool:
    """Whether the user may ask for the whole team's insights (online)."""
    return workspace.me.role in TEAM_ROLES


def opens_on_team(workspace: Workspace) -> bool:
    """Whether insights open on the whole team: for managers and admins while the server
    answers (their first question is the team's); offline, on their own replica."""
    return sees_team(workspace) and workspace.online is True


def version_choices(workspace: Workspace, process_key: str, step: str) -> list[str]:
    """The versions a question may be counted for, newest first, then `all` where every
    version asks it with the same code set."""
    with workspace.reading() as session:
        steps_by_version = insights.process_versions(session, process_key)
    asking = [v for v, s in steps_by_version.items() if question_code_set(s, step)]
    choices = [str(version) for version in sorted(asking, reverse=True)]
    if len(asking) > 1 and comparable_versions(steps_by_version, step):
        choices.append(ALL_VERSIONS)
    return choices


def territory_choices(workspace: Workspace) -> list[tuple[str, str]]:
    """(territory id, name) a count may be narrowed to: the user's own (an admin: all)."""
    with workspace.reading() as session:
        known = insights.territories(session)
    if workspace.me.role == "admin":
        return known
    return [(i, name) for i, name in known if i in workspace.me.territories]


def rep_choices(workspace: Workspace) -> list[tuple[str, str]]:
    """(user id, name) of the people whose activities may be counted, by name."""
    with workspace.reading() as session:
        return insights.users(session)


def report(workspace: Workspace, params: ReportParams, *, team: bool) -> InsightReport:
    """The counted question: from the server for the team (raises SyncError, OFFLINE when
    there is no connection), else from the replica."""
    counted = workspace.transport.code_report if team else partial(_local_report, workspace)
    return _labelled(workspace, params, counted(params), team=team)


def activities_behind(
    workspace: Workspace, params: ReportParams, code: str, *, team: bool
) -> list[ActivityLine]:
    """The activities that gave `code` to the question, newest first; the team's at this
    computer's local time (the server keeps UTC), one's own as they were written."""
    if team:
        answer = workspace.transport.report_activities(params, code, MAX_ACTIVITIES)
        found = [
            a.model_copy(update={"occurred_at": a.occurred_at.astimezone()})
            for a in answer.activities
        ]
    else:
        wanted = _filter(resolve_versions(workspace, params), params)
        with workspace.reading() as session:
            found = insights.activities_with(session, wanted, code, MAX_ACTIVITIES)
    return [
        ActivityLine(a.id, a.account_id, a.account_name, a.occurred_at.isoformat(), a.user_name)
        for a in found
    ]


def resolve_versions(workspace: Workspace, params: ReportParams) -> list[int]:
    """The version numbers `params.version` stands for on this replica (as the server
    resolves them); raises VersionError."""
    with workspace.reading() as session:
        steps_by_version = insights.process_versions(session, params.process_key)
    if not steps_by_version:
        raise VersionError(f"no process {params.process_key!r}")
    if params.version == ALL_VERSIONS:
        if not comparable_versions(steps_by_version, params.step):
            raise VersionError("the versions ask the question differently")
        return sorted(steps_by_version)
    if params.version == LATEST_VERSION:
        return [max(steps_by_version)]
    if params.version.isdigit() and int(params.version) in steps_by_version:
        return [int(params.version)]
    raise VersionError(f"no version {params.version!r}")


def _filter(versions: list[int], params: ReportParams) -> insights.Filter:
    return insights.Filter(
        process_key=params.process_key,
        step=params.step,
        versions=versions,
        date_from=params.date_from,
        date_to=params.date_to,
        territories=tuple(params.territories),
        user_id=params.rep,
    )


def _local_report(workspace: Workspace, params: ReportParams) -> CodeReport:
    versions = resolve_versions(workspace, params)
    with workspace.reading() as session:
        grouped = insights.code_counts(
            session, _filter(versions, params), by_month=params.trend_by == "month"
        )
    return CodeReport.from_groups(params, versions, grouped)


def _labelled(
    workspace: Workspace,
    params: ReportParams,
    answer: CodeReport,
    *,
    team: bool,
) -> InsightReport:
    definition = next(
        (p for p in catalog.processes(workspace) if p.key == params.process_key), None
    )
    code_set = ""
    if definition is not None:
        code_set = next((s.code_set for s in definition.steps if s.key == params.step), "")
    code_list = catalog.code_lists(workspace).get(code_set)
    colors = {code.key: code.color for code in code_list.codes} if code_list else {}
    bars = tuple(
        Bar(
            code=count.code,
            label=code_list.label(count.code, workspace.language) if code_list else count.code,
            color=colors.get(count.code, "#5b7083"),
            count=count.count,
            share=count.share,
        )
        for count in answer.codes
    )
    return InsightReport(
        params=params,
        team=team,
        versions=tuple(answer.versions),
        answered=answer.answered,
        bars=bars,
        trend=tuple(answer.trend),
    )


def write_csv(path: Path, counted: InsightReport, headings: list[str]) -> None:
    """The report's data as CSV (UTF-8 with a BOM, so spreadsheets show Chinese labels): one
    line per code in rank order with `headings` (code, label, count, share) and then one
    column per trend period, headed by its first day."""
    periods = counted.periods()
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([*headings, *(period.isoformat() for period in periods)])
        for bar in counted.bars:
            by_period = counted.trend_of(bar.code)
            writer.writerow(
                [
                    bar.code,
                    bar.label,
                    bar.count,
                    f"{bar.share:.4f}",
                    *(by_period.get(period, 0) for period in periods),
                ]
            )
