"""The change feed for other systems over HTTP: `GET /v1/external/changes`, for API keys with
the scope `read` (`server.key_auth`), limited to the key's territories (`server.system_feed`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from protocol.errors import ErrorBody
from protocol.paths import API_PREFIX, MAX_POSITION
from server import system_feed
from server.api_error import ApiError
from server.api_keys import KeyGrant
from server.config import retention_period
from server.deps import SessionsDep
from server.key_auth import require_key_scope

CHANGES_PATH = API_PREFIX + "/external/changes"
DEFAULT_PAGE = 500
MAX_PAGE = 1000

router = APIRouter(tags=["other systems"])
ReadKey = Annotated[KeyGrant, Depends(require_key_scope("read"))]


class Code(BaseModel):
    """A code with its label per language (locale → text, as `protocol.labels`)."""

    key: str
    label: dict[str, str]


class Answer(BaseModel):
    """The codes an activity gave to one question, with the question and the codes' labels
    as the process version the activity ran had them."""

    step: str
    question: dict[str, str]  # locale → text
    code_set: str | None
    codes: list[Code]
    note: str


class SystemChange(BaseModel):
    """One record's latest state, or its tombstone (`deleted`: removed, or `left_scope`:
    moved to a territory the key does not reach). `fields` are the record's fields as the
    sync protocol has them (dates and times as ISO 8601); `answers` come with activities."""

    position: int = Field(description="the change's feed position")
    entity: Literal["account", "contact", "task", "activity"]
    id: str
    deleted: bool
    reason: Literal["deleted", "left_scope"] | None = Field(
        default=None, description="tombstones only"
    )
    external_ids: dict[str, str] = Field(description="the record's id in each other system")
    fields: dict[str, Any] | None = Field(default=None, description="live records only")
    answers: list[Answer] | None = Field(default=None, description="activities only")


class ChangesPage(BaseModel):
    """A page of changes; read on with `after=cursor` while `has_more`, and keep `cursor`
    for the next time."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "changes": [
                        {
                            "position": 1042,
                            "entity": "account",
                            "id": "7d1e1a52-5c55-4c1b-9a53-0f2f3f0b1c01",
                            "deleted": False,
                            "external_ids": {"erp": "C-1001"},
                            "fields": {
                                "name": "北京科技有限公司",
                                "phone": "010-1234 5678",
                                "city": "北京",
                                "country": "CN",
                                "territory_id": "3f0b7c1e-2a4d-4e8b-9c1a-5d6e7f809a1b",
                                "status": "active",
                            },
                        },
                        {
                            "position": 1043,
                            "entity": "activity",
                            "id": "c2f5e0a4-8b1d-4f3e-a6c9-0d7b2e4f6a81",
                            "deleted": False,
                            "external_ids": {},
                            "fields": {
                                "account_id": "7d1e1a52-5c55-4c1b-9a53-0f2f3f0b1c01",
                                "process_key": "field_visit",
                                "process_version": 1,
                                "kind": "visit",
                                "occurred_at": "2026-11-02T01:00:00+00:00",
                            },
                            "answers": [
                                {
                                    "step": "reasons",
                                    "question": {
                                        "en": "What decided it?",
                                        "zh_CN": "是什么让客户做出决定？",
                                    },
                                    "code_set": "purchase_reason",
                                    "codes": [
                                        {"key": "price", "label": {"en": "Price", "zh_CN": "价格"}}
                                    ],
                                    "note": "",
                                }
                            ],
                        },
                        {
                            "position": 1050,
                            "entity": "contact",
                            "id": "0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b",
                            "deleted": True,
                            "reason": "deleted",
                            "external_ids": {"erp": "P-77"},
                        },
                    ],
                    "cursor": 1050,
                    "has_more": False,
                }
            ]
        }
    )

    changes: list[SystemChange]
    cursor: int
    has_more: bool


def _resync_example() -> dict[str, Any]:
    return ErrorBody(
        error="resync_required",
        message=_RESYNC_MESSAGE.format(days=30),
        field="after",
    ).model_dump()


_RESYNC_MESSAGE = (
    "The cursor is older than the feed keeps ({days} days) or from before the server was "
    "restored; read again from after=0, which gives every record's current state."
)


def _entities(raw: str | None) -> tuple[str, ...]:
    if raw is None:
        return system_feed.SYSTEM_ENTITIES
    wanted = tuple(part.strip() for part in raw.split(",") if part.strip())
    unknown = [name for name in wanted if name not in system_feed.SYSTEM_ENTITIES]
    if not wanted or unknown:
        choices = ", ".join(system_feed.SYSTEM_ENTITIES)
        raise ApiError(422, "invalid", f"entities is a comma-separated list of {choices}.",
                       field="entities")  # fmt: skip
    return wanted


_FORBIDDEN = ErrorBody(error="forbidden", message="This key lacks the scope read.", field="scope")


@router.get(
    CHANGES_PATH,
    response_model=ChangesPage,
    responses={
        401: {"model": ErrorBody, "description": "no valid API key"},
        403: {
            "model": ErrorBody,
            "description": "the key lacks the scope read",
            "content": {"application/json": {"example": _FORBIDDEN.model_dump()}},
        },
        410: {
            "model": ErrorBody,
            "description": "the cursor is no longer kept: read again from after=0",
            "content": {"application/json": {"example": _resync_example()}},
        },
    },
)
def changes(
    grant: ReadKey,
    sessions: SessionsDep,
    after: Annotated[
        int, Query(ge=0, le=MAX_POSITION, description="the cursor of the last page; 0 at first")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="feed rows per page")] = (
        DEFAULT_PAGE
    ),
    entities: Annotated[
        str | None,
        Query(
            description="comma-separated: account, contact, task, activity (default all)",
            examples=["account,activity"],
            max_length=100,
        ),
    ] = None,
) -> Response:
    """Accounts, contacts, tasks and activities changed after `after`, in commit order, in
    the key's territories: each record once per page in its latest state, with its external
    ids, activities with their coded answers and labels, and tombstones for deleted records
    and records that left the key's territories."""
    wanted = _entities(entities)
    with sessions.read.begin() as session:
        try:
            page = system_feed.page(session, grant.territory_ids, after, limit, wanted)
        except system_feed.ResyncRequiredError as exc:
            days = retention_period().days
            raise ApiError(410, "resync_required", _RESYNC_MESSAGE.format(days=days),
                           field="after") from exc  # fmt: skip
    body = {"changes": page.changes, "cursor": page.cursor, "has_more": page.has_more}
    return Response(orjson.dumps(body), media_type="application/json")
