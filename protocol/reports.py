"""Reports over coded answers: what a report asks and what it answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import Field

from protocol.model import StrictModel

TrendBy = Literal["week", "month"]
# The `version` of a report query: one version number, the newest version, or every version
# (only where they all ask the question with the same code set: like is compared with like).
LATEST_VERSION = "latest"
ALL_VERSIONS = "all"


class ReportParams(StrictModel):
    """What a report over coded answers counts: one question (`step`) of one process, the
    version(s) (a number, `latest` or `all`), a period of local dates, and optionally some
    territories (record ids) and one rep (a user id)."""

    process_key: str
    step: str
    version: str = LATEST_VERSION
    date_from: dt.date
    date_to: dt.date
    territories: list[str] = Field(default_factory=list)
    rep: str | None = None
    trend_by: TrendBy = "week"

    def query(self) -> dict[str, Any]:
        """The query string parameters of `REPORT_CODES_PATH` for these."""
        params: dict[str, Any] = {
            "process_key": self.process_key,
            "step": self.step,
            "version": self.version,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "trend": self.trend_by,
        }
        if self.territories:
            params["territory"] = list(self.territories)
        if self.rep:
            params["rep"] = self.rep
        return params


class CodeCount(StrictModel):
    """How often one code was given. `share`: of the activities that answered the question;
    on a multiple-choice question the shares add up to more than 1."""

    code: str
    count: int
    share: float


class TrendPoint(StrictModel):
    """How often one code was given in one period (starting Monday for weeks, the 1st for
    months)."""

    period: dt.date
    code: str
    count: int


class CodeReport(StrictModel):
    """The codes given to one question (a process step) over a period, ranked by count, and
    their trend. `answered`: activities that answered the question with at least one code."""

    process_key: str
    step: str
    versions: list[int]
    date_from: dt.date
    date_to: dt.date
    trend_by: TrendBy
    answered: int
    codes: list[CodeCount]
    trend: list[TrendPoint]

    @classmethod
    def from_groups(
        cls,
        params: ReportParams,
        versions: list[int],
        groups: Iterable[tuple[dt.date, str, int, int]],
    ) -> CodeReport:
        """The report of `params` from its (period, code, count, first) groups in period
        order, where `first` counts the activities that gave the code as their answer's first
        (so the firsts add up to the activities that answered)."""
        totals: dict[str, int] = {}
        answered = 0
        trend = []
        for period, code, count, first in groups:
            totals[code] = totals.get(code, 0) + count
            answered += first
            trend.append(TrendPoint(period=period, code=code, count=count))
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
        return cls(
            process_key=params.process_key,
            step=params.step,
            versions=versions,
            date_from=params.date_from,
            date_to=params.date_to,
            trend_by=params.trend_by,
            answered=answered,
            codes=[
                CodeCount(code=code, count=count, share=count / answered if answered else 0.0)
                for code, count in ranked
            ],
            trend=trend,
        )


class ReportActivity(StrictModel):
    """One activity behind a count, as a list line: whose account, when, by whom."""

    id: str
    account_id: str
    account_name: str
    occurred_at: dt.datetime
    user_id: str | None
    user_name: str

    @classmethod
    def from_row(cls, row: Any) -> ReportActivity:
        """A list line from a row with the attributes id, account_id, account_name,
        occurred_at (a datetime or an ISO string), user_id, display_name and user_name."""
        when = row.occurred_at
        return cls(
            id=row.id,
            account_id=row.account_id,
            account_name=row.account_name,
            occurred_at=dt.datetime.fromisoformat(when) if isinstance(when, str) else when,
            user_id=row.user_id,
            user_name=row.display_name or row.user_name or "",
        )


class ReportActivities(StrictModel):
    """The activities behind one code of a report, newest first; `more` when there are more
    than were listed."""

    activities: list[ReportActivity]
    more: bool
