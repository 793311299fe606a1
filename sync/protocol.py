"""The wire protocol between the Fieldbook client and server.

This is the only module both sides import. It names the synced entities and their fields, the
rules a field value must keep, and the JSON bodies of every sync endpoint. Versions are assigned
by the server; a client never decides anything with its clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict

# The client sends its major protocol version in PROTOCOL_HEADER; the server answers every
# response with the range it supports ("1-1") in PROTOCOL_SUPPORTED_HEADER and refuses other
# majors with 426 and error "protocol_version".
PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "Fieldbook-Protocol"
PROTOCOL_SUPPORTED_HEADER = "Fieldbook-Protocol-Supported"
SUPPORTED_VERSIONS = f"{MIN_PROTOCOL_VERSION}-{PROTOCOL_VERSION}"
API_PREFIX = "/v1"

PUSH_PATH = f"{API_PREFIX}/sync/push"
PULL_PATH = f"{API_PREFIX}/sync/pull"
# A pull page followed by more names the next page's cursor in this header too, so a client can
# ask for that page before it has read this one (the body's `cursor` is the same number).
# Servers before it left it out; a client then reads the page to learn the cursor.
PULL_NEXT_CURSOR_HEADER = "Fieldbook-Next-Cursor"
WAIT_PATH = f"{API_PREFIX}/sync/wait"
COUNTS_PATH = f"{API_PREFIX}/sync/counts"
TOKEN_PATH = f"{API_PREFIX}/auth/token"
REFRESH_PATH = f"{API_PREFIX}/auth/refresh"
SIGNOUT_PATH = f"{API_PREFIX}/auth/signout"
ME_PATH = f"{API_PREFIX}/me"
REPORT_CODES_PATH = f"{API_PREFIX}/reports/codes"
REPORT_ACTIVITIES_PATH = f"{API_PREFIX}/reports/codes/activities"

# The server's default request body limit; the client splits pushes to stay below it.
MAX_REQUEST_BYTES = 4 * 1024 * 1024
# Sequence numbers, versions and cursors are 64-bit signed integers in the database.
MAX_POSITION = 2**63 - 1
MAX_PUSH_BATCH = 500
MAX_PULL_PAGE = 5000
DEFAULT_PULL_PAGE = 1000
MAX_WAIT_SECONDS = 60
DEFAULT_WAIT_SECONDS = 25
MAX_TEXT = 2000
# The most activities one drill-down answer lists (`ReportActivities`).
MAX_REPORT_ACTIVITIES = 500
MAX_JSON_CHARS = 100_000

ROLES = ("rep", "agent", "manager", "admin")
Role = Literal["rep", "agent", "manager", "admin"]


@dataclass(frozen=True)
class FieldSpec:
    """What one synced field may hold. `kind` is the JSON-level type."""

    kind: Literal["text", "int", "bool", "date", "datetime", "id", "json"]
    required: bool = False
    max_length: int = MAX_TEXT
    choices: tuple[str, ...] = ()


_TEXT = FieldSpec("text")
_ID = FieldSpec("id")

# The fields a client may write, per entity. Scope columns the server derives (an account's
# territory decides who sees its contacts, tasks and activities) are not in here.
ENTITY_FIELDS: dict[str, dict[str, FieldSpec]] = {
    "territory": {
        "key": FieldSpec("text", required=True, max_length=64),
        "name": FieldSpec("text", required=True, max_length=200),
    },
    "user": {
        "name": FieldSpec("text", required=True, max_length=64),
        "display_name": FieldSpec("text", max_length=200),
        "role": FieldSpec("text", required=True, choices=ROLES),
    },
    "account": {
        "name": FieldSpec("text", required=True, max_length=300),
        "phone": FieldSpec("text", max_length=64),
        "city": FieldSpec("text", max_length=100),
        "address": FieldSpec("text", max_length=500),
        "tier": FieldSpec("text", max_length=64),
        "status": FieldSpec("text", max_length=64),
        "territory_id": FieldSpec("id", required=True),
        "owner_id": _ID,
        "note": _TEXT,
    },
    "contact": {
        "account_id": FieldSpec("id", required=True),
        "name": FieldSpec("text", required=True, max_length=200),
        "title": FieldSpec("text", max_length=200),
        "phone": FieldSpec("text", max_length=64),
        "email": FieldSpec("text", max_length=254),
    },
    "task": {
        "account_id": FieldSpec("id", required=True),
        "title": FieldSpec("text", required=True, max_length=300),
        "kind": FieldSpec("text", choices=("task", "visit", "call")),
        "due_date": FieldSpec("date"),
        "done": FieldSpec("bool"),
        "outcome": FieldSpec("text", max_length=64),
        "assignee_id": _ID,
    },
    "activity": {
        "account_id": FieldSpec("id", required=True),
        "process_key": FieldSpec("text", required=True, max_length=64),
        "process_version": FieldSpec("int", required=True),
        "kind": FieldSpec("text", required=True, max_length=32),
        "occurred_at": FieldSpec("datetime", required=True),
        "user_id": _ID,
        "answers": FieldSpec("json", required=True),
        "note": _TEXT,
    },
    "code_set": {
        "key": FieldSpec("text", required=True, max_length=64),
        "name_en": FieldSpec("text", required=True, max_length=200),
        "name_zh": FieldSpec("text", required=True, max_length=200),
        "codes": FieldSpec("json", required=True),
    },
    "process": {
        "key": FieldSpec("text", required=True, max_length=64),
        "version": FieldSpec("int", required=True),
        "name_en": FieldSpec("text", required=True, max_length=200),
        "name_zh": FieldSpec("text", required=True, max_length=200),
        "kind": FieldSpec("text", required=True, max_length=32),
        "steps": FieldSpec("json", required=True),
    },
}

ENTITIES = tuple(ENTITY_FIELDS)
EntityName = Literal[
    "territory", "user", "account", "contact", "task", "activity", "code_set", "process"
]

# Entities only managers and admins may write; everyone in scope reads them.
CATALOGUE_ENTITIES = frozenset({"territory", "user", "code_set", "process"})


def catalogue_record_id(entity: Literal["code_set", "process"], key: str, version: int = 0) -> str:
    """The record id of a code set (by key) or a process version (by key and version).

    Both sides derive it alike (the server for its defaults, a manager's client when
    publishing), so two managers publishing the same version offline edit one record and
    merge, instead of making two records that both claim the version.
    """
    name = f"{entity}:{key}:{version}" if entity == "process" else f"{entity}:{key}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "fieldbook:" + name))


# Entities whose scope follows their account's territory.
ACCOUNT_CHILDREN = frozenset({"contact", "task", "activity"})

# Fields that only make sense together merge as one: if another client changed any of them,
# a change to any other of them is a conflict for the whole group.
FIELD_GROUPS: dict[str, tuple[frozenset[str], ...]] = {
    "account": (frozenset({"address", "city"}),),
}


def merge_unit(entity: str, field: str) -> frozenset[str]:
    """The set of fields that merge together with `field`."""
    for group in FIELD_GROUPS.get(entity, ()):
        if field in group:
            return group
    return frozenset({field})


class FieldProblem(BaseModel):
    field: str
    message: str


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text (a NUL, a lone surrogate), or None."""
    if "\x00" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text"
    return None


def _check_value(spec: FieldSpec, value: Any) -> str | None:
    if value is None:
        return "is required" if spec.required else None
    if spec.kind == "text":
        if not isinstance(value, str):
            return "must be text"
        if problem := text_problem(value):
            return problem
        if spec.required and not value.strip():
            return "must not be empty"
        if len(value) > spec.max_length:
            return f"must be at most {spec.max_length} characters"
        if spec.choices and value not in spec.choices:
            return "must be one of " + ", ".join(spec.choices)
        return None
    if spec.kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31
        return None if ok else "must be a whole number from 0"
    if spec.kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if spec.kind == "id":
        try:
            canonical = str(uuid.UUID(value)) if isinstance(value, str) else None
        except ValueError:
            canonical = None
        return None if value == canonical else "must be a lowercase UUID with dashes"
    if spec.kind == "date":
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return "must be a date like 2026-11-23"
        return None
    if spec.kind == "datetime":
        try:
            parsed = dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return "must be a date and time like 2026-11-23T10:30:00+00:00"
        if parsed.tzinfo is None:
            return "must carry a time zone offset"
        try:
            parsed.astimezone(dt.UTC)
        except OverflowError:
            return "is out of range"
        return None
    # json
    if not isinstance(value, (list, dict)):
        return "must be a JSON list or object"
    try:  # NaN, Infinity and lone surrogates parse from JSON but cannot be stored
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")
    except ValueError:
        return "must hold only finite numbers and valid Unicode text"
    if len(text) > MAX_JSON_CHARS:
        return f"must be at most {MAX_JSON_CHARS} characters as JSON"
    return None


def check_fields(entity: str, fields: dict[str, Any], *, creating: bool) -> list[FieldProblem]:
    """Every problem with `fields` for `entity`; empty when the values may be written.

    The client checks with the same rules before it saves, so what a user saved offline is
    never refused by the server for its shape.
    """
    specs = ENTITY_FIELDS.get(entity)
    if specs is None:
        return [FieldProblem(field="entity", message=f"unknown entity {entity!r}")]
    problems = [
        FieldProblem(field=name, message="is not a field of " + entity)
        for name in fields
        if name not in specs
    ]
    for name, spec in specs.items():
        if name in fields:
            problem = _check_value(spec, fields[name])
        elif creating and spec.required:
            problem = "is required"
        else:
            problem = None
        if problem:
            problems.append(FieldProblem(field=name, message=problem))
    return problems


RecordId = Annotated[
    str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
]


# A field name as a client may send it; an unknown but well-formed one is a per-mutation problem.
FieldName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
# Strict: JSON 5 only, never "5", 5.0 or true.
Position = Annotated[int, Strict(), Field(ge=0, le=MAX_POSITION)]


def _plain_text(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mutation(_Strict):
    """One local change. `seq` grows by one per client; `base_version` 0 means a new record."""

    seq: Annotated[Position, Field(ge=1)]
    entity: EntityName
    record_id: RecordId
    op: Literal["upsert", "delete"]
    base_version: Position
    fields: dict[FieldName, Any] = Field(default_factory=dict)


class PushRequest(_Strict):
    client_id: RecordId
    mutations: list[Mutation] = Field(max_length=MAX_PUSH_BATCH)


class FieldConflict(_Strict):
    field: str
    mine: Any
    theirs: Any


class MutationResult(_Strict):
    """What the server did with one mutation. A replayed mutation gets the stored result."""

    seq: int
    record_id: str
    entity: EntityName
    status: Literal["applied", "conflict", "rejected"]
    version: int = 0
    conflicts: list[FieldConflict] = Field(default_factory=list)
    problems: list[FieldProblem] = Field(default_factory=list)


class PushResponse(_Strict):
    results: list[MutationResult]


class Change(_Strict):
    """One record as it now stands for the reader. `removed`: drop it from the replica,
    because it was deleted or left the reader's scope."""

    entity: EntityName
    record_id: str
    version: int
    removed: bool = False
    fields: dict[str, Any] = Field(default_factory=dict)


class PullResponse(_Strict):
    """A page of the feed. `scope`: the territory ids the reader sees now; when it differs from
    the scope of the reader's earlier pages, the reader resyncs. `resync_required`: the cursor
    is older than the feed's retention horizon (changes after it were compacted away), so the
    reader must start again from cursor 0; `changes` is then empty."""

    changes: list[Change]
    cursor: int
    has_more: bool
    scope: list[str] = Field(default_factory=list)
    resync_required: bool = False


class WaitResponse(_Strict):
    """The answer to a long-poll: `changed` when the reader's feed has a change after the
    cursor it sent; `cursor` is the reader's latest feed position either way."""

    changed: bool
    cursor: int


class CountsResponse(_Strict):
    """Live records the reader sees, per entity, taken in one snapshot together with `cursor`,
    the reader's latest feed position in that snapshot: their number and their
    `scope_checksum`. A replica whose cursor equals `cursor` and whose counts or checksums
    differ has lost its way and resyncs."""

    cursor: int
    counts: dict[str, int]
    checksums: dict[str, str]


def scope_checksum(records: Iterable[tuple[str, int]]) -> str:
    """An order-free checksum of (record id, version) pairs: the XOR of their SHA-256 prefixes.

    Both sides compute it over the records of one entity, so a record missing, extra or at
    another version on either side shows, not only a different count.
    """
    digest = 0
    for record_id, version in records:
        hashed = hashlib.sha256(f"{record_id}:{version}".encode()).digest()
        digest ^= int.from_bytes(hashed[:16], "big")
    return f"{digest:032x}"


class TokenRequest(_Strict):
    username: PlainText = Field(min_length=1, max_length=64)
    password: PlainText = Field(min_length=1, max_length=1024)


SessionToken = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]


class RefreshRequest(_Strict):
    """The refresh token of a signed-in session: to rotate it (refresh) or end it (sign-out)."""

    refresh_token: SessionToken


class UserInfo(_Strict):
    """The signed-in user; `territories` holds territory record ids."""

    id: str
    name: str
    display_name: str
    role: Role
    territories: list[str]


class TokenResponse(_Strict):
    """A signed-in session: a short-lived access token for every call and a longer-lived
    refresh token, good for one refresh only (each refresh answers a new pair)."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: dt.datetime
    refresh_token: str
    refresh_expires_at: dt.datetime
    user: UserInfo


class ErrorBody(_Strict):
    """Every 4xx answer: a machine code, a sentence, and the field at fault where there is one."""

    error: str
    message: str
    field: str | None = None


# --- reports over coded answers -------------------------------------------------------------

TrendBy = Literal["week", "month"]
# The `version` of a report query: one version number, the newest version, or every version
# (only where they all ask the question with the same code set: like is compared with like).
LATEST_VERSION = "latest"
ALL_VERSIONS = "all"


class ReportParams(_Strict):
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


class CodeCount(_Strict):
    """How often one code was given. `share`: of the activities that answered the question;
    on a multiple-choice question the shares add up to more than 1."""

    code: str
    count: int
    share: float


class TrendPoint(_Strict):
    """How often one code was given in one period (starting Monday for weeks, the 1st for
    months)."""

    period: dt.date
    code: str
    count: int


class CodeReport(_Strict):
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


class ReportActivity(_Strict):
    """One activity behind a count, as a list line: whose account, when, by whom."""

    id: str
    account_id: str
    account_name: str
    occurred_at: dt.datetime
    user_id: str | None
    user_name: str


class ReportActivities(_Strict):
    """The activities behind one code of a report, newest first; `more` when there are more
    than were listed."""

    activities: list[ReportActivity]
    more: bool


def grouped_report(
    params: ReportParams, versions: list[int], groups: Iterable[tuple[dt.date, str, int, int]]
) -> CodeReport:
    """The report of `params` from its (period, code, count, first) groups in period order,
    where `first` counts the activities that gave the code as their answer's first (so the
    firsts add up to the activities that answered)."""
    totals: dict[str, int] = {}
    answered = 0
    trend = []
    for period, code, count, first in groups:
        totals[code] = totals.get(code, 0) + count
        answered += first
        trend.append(TrendPoint(period=period, code=code, count=count))
    return CodeReport(
        process_key=params.process_key,
        step=params.step,
        versions=versions,
        date_from=params.date_from,
        date_to=params.date_to,
        trend_by=params.trend_by,
        answered=answered,
        codes=ranked_codes(totals, answered),
        trend=trend,
    )


def listed_activity(row: Any) -> ReportActivity:
    """A list line from a row with the attributes id, account_id, account_name, occurred_at
    (a datetime or an ISO string), user_id, display_name and user_name."""
    when = row.occurred_at
    return ReportActivity(
        id=row.id,
        account_id=row.account_id,
        account_name=row.account_name,
        occurred_at=dt.datetime.fromisoformat(when) if isinstance(when, str) else when,
        user_id=row.user_id,
        user_name=row.display_name or row.user_name or "",
    )


def ranked_codes(counts: dict[str, int], answered: int) -> list[CodeCount]:
    """Codes by count, most given first (ties by key), with their shares of `answered`."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        CodeCount(code=code, count=count, share=count / answered if answered else 0.0)
        for code, count in ranked
    ]


def question_code_set(steps: Any, step_key: str) -> str | None:
    """The code set that step `step_key` of a process version's `steps` is answered with;
    None when that version has no such step."""
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict) and step.get("key") == step_key:
            code_set = step.get("code_set")
            return code_set if isinstance(code_set, str) else None
    return None


def comparable_versions(steps_by_version: dict[int, Any], step_key: str) -> bool:
    """Whether the versions may be counted together for one question: every one asks it, with
    the same code set."""
    code_sets = {question_code_set(steps, step_key) for steps in steps_by_version.values()}
    return len(code_sets) == 1 and None not in code_sets
