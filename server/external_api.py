"""Routes through which other systems write accounts and contacts by their own ids, with a key
that has the scope `write` (`server.external_writes`; docs/integration-api.md).

    PUT  /v1/external/{system}/accounts/{external_id}   one account
    PUT  /v1/external/{system}/contacts/{external_id}   one contact
    POST /v1/external/{system}/bulk                     up to 1,000 of either, a result each

An `Idempotency-Key` header makes a retry change nothing and get the first answer
(`server.idempotency`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Header, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from protocol.paths import API_PREFIX
from server import external_ids, feed, idempotency
from server.api_error import ApiError
from server.api_keys import KeyGrant
from server.database import Sessions
from server.deps import ClockDep, FeedSignalDep, SessionsDep, WritersDep
from server.external_writes import (
    PLURALS,
    BulkRequest,
    BulkResponse,
    ExternalRecord,
    ExternalWriter,
    ItemResult,
    StoredText,
)
from server.key_auth import require_key_scope
from server.live import FeedSignal
from server.settings import Clock

EXTERNAL_PREFIX = API_PREFIX + "/external/{system}"
RECORD_PATH = EXTERNAL_PREFIX + "/{kind}/{external_id}"
BULK_PATH = EXTERNAL_PREFIX + "/bulk"

router = APIRouter(tags=["external systems"])
WriteKey = Annotated[KeyGrant, Depends(require_key_scope("write"))]
System = Annotated[
    str,
    Path(
        min_length=1,
        max_length=external_ids.MAX_SYSTEM,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="The other system's name, as in import columns `external_id:SYSTEM`.",
        examples=["erp"],
    ),
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=idempotency.HEADER,
        min_length=1,
        max_length=idempotency.MAX_KEY,
        description="Any unique string, e.g. a UUID: a retry with the same key and body "
        "changes nothing and gets the first answer (kept 24 hours).",
    ),
]

_ACCOUNT_EXAMPLE = {
    "fields": {
        "name": "北京科技有限公司",
        "phone": "+86 10 1234 5678",
        "city": "北京",
        "tier": "A",
    },
    "territory": "north",
}
_CONTACT_EXAMPLE = {
    "fields": {"name": "王伟", "title": "采购经理", "email": "wang@bjkj.cn"},
    "account_external_id": "C-1001",
}
RECORD_EXAMPLES: dict[str, Any] = {
    "account": {"summary": "An account, its territory by key", "value": _ACCOUNT_EXAMPLE},
    "contact": {
        "summary": "A contact of an account known by its ERP id",
        "value": _CONTACT_EXAMPLE,
    },
}
BULK_EXAMPLES: dict[str, Any] = {
    "mixed": {
        "summary": "An account and its contact",
        "value": {
            "items": [
                {"entity": "account", "external_id": "C-1001", **_ACCOUNT_EXAMPLE},
                {"entity": "contact", "external_id": "P-77", **_CONTACT_EXAMPLE},
            ]
        },
    }
}
_RESULT_EXAMPLE = {
    "entity": "account",
    "external_id": "C-1001",
    "status": "created",
    "code": 201,
    "record_id": "0b0c5d3e-1111-4222-8333-444455556666",
    "version": 42,
    "conflicts": [],
    "field": None,
    "message": None,
}
_CONFLICT_EXAMPLE = _RESULT_EXAMPLE | {
    "status": "conflict",
    "code": 200,
    "conflicts": [{"field": "phone", "mine": "+86 10 1234 0000", "theirs": "+86 10 1234 5678"}],
}
_REJECTED_EXAMPLE = {
    "entity": "contact",
    "external_id": "P-78",
    "status": "rejected",
    "code": 422,
    "record_id": None,
    "version": 0,
    "conflicts": [],
    "field": "name",
    "message": "name is required.",
}
_BULK_EXAMPLE = {
    "results": [_RESULT_EXAMPLE, _REJECTED_EXAMPLE],
    "counts": {"created": 1, "rejected": 1},
}
_ERROR_EXAMPLES = {
    401: {"error": "unauthorized", "message": "The API key is unknown or was revoked."},
    403: {"error": "forbidden", "message": "This key lacks the scope write.", "field": "scope"},
    422: {"error": "rejected", "message": "name is required.", "field": "name"},
}


def _responses(ok: dict[int, Any]) -> dict[int | str, dict[str, Any]]:
    answers: dict[int, Any] = ok | {
        status: {"field": None} | body for status, body in _ERROR_EXAMPLES.items()
    }
    return {
        status: {"content": {"application/json": {"example": example}}}
        for status, example in answers.items()
    }


@dataclass(frozen=True)
class _Writing:
    """What every write route needs besides its key and body."""

    sessions: Sessions
    writers: threading.Lock
    clock: Clock
    feed_signal: FeedSignal

    def carry_out(
        self,
        request: Request,
        grant: KeyGrant,
        system: str,
        idempotency_key: str | None,
        body: BaseModel,
        work: Callable[[ExternalWriter], ItemResult | BulkResponse],
    ) -> JSONResponse:
        """Run `work` in one write transaction, or give the stored answer of its first run.
        A single record's rejection is the request's: a 4xx naming the field."""
        request_body = body.model_dump(mode="json")
        digest = idempotency.request_hash(request.method, request.url.path, request_body)
        with self.writers, feed.write_transaction(self.sessions.write) as session:
            now = self.clock()
            if idempotency_key is not None:
                stored = idempotency.recall(session, grant.name, idempotency_key, digest, now)
                if stored is not None:
                    return JSONResponse(stored.body, status_code=stored.status)
            result = work(ExternalWriter(session, grant, system))
            if isinstance(result, ItemResult) and result.status == "rejected":
                error = "forbidden" if result.code == 403 else "rejected"
                raise ApiError(result.code, error, result.message or "", field=result.field)
            status = result.code if isinstance(result, ItemResult) else 200
            answer = idempotency.Answer(status, result.model_dump(mode="json"))
            if idempotency_key is not None:
                idempotency.remember(session, grant.name, idempotency_key, digest, answer, now)
        self.feed_signal.notify()  # clients pull the writes at once (long-poll)
        return JSONResponse(answer.body, status_code=status)


def _writing(
    sessions: SessionsDep, writers: WritersDep, clock: ClockDep, feed_signal: FeedSignalDep
) -> _Writing:
    return _Writing(sessions, writers, clock, feed_signal)


Writing = Annotated[_Writing, Depends(_writing)]


@router.put(
    RECORD_PATH,
    response_model=ItemResult,
    responses=_responses({200: _CONFLICT_EXAMPLE, 201: _RESULT_EXAMPLE}),
)
def put_record(
    request: Request,
    system: System,
    kind: Literal["accounts", "contacts"],
    external_id: Annotated[
        StoredText,
        Path(
            min_length=1,
            max_length=external_ids.MAX_VALUE,
            description="The record's id in the system (an id holding `/` goes in a bulk item).",
            examples=["C-1001"],
        ),
    ],
    body: Annotated[ExternalRecord, Body(openapi_examples=RECORD_EXAMPLES)],
    grant: WriteKey,
    writing: Writing,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Create or update the account or contact that has `external_id` in `system`: 201 when
    created, 200 when updated, unchanged or in conflict (the values set aside are in
    `conflicts`), 403 outside the key's territories, 422 naming the field at fault."""
    return writing.carry_out(
        request,
        grant,
        system,
        idempotency_key,
        body,
        lambda writer: writer.write(PLURALS[kind], external_id, body),
    )


@router.post(
    BULK_PATH,
    response_model=BulkResponse,
    responses=_responses({200: _BULK_EXAMPLE}),
)
def post_bulk(
    request: Request,
    system: System,
    body: Annotated[BulkRequest, Body(openapi_examples=BULK_EXAMPLES)],
    grant: WriteKey,
    writing: Writing,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Create or update up to 1,000 accounts and contacts, in order, in one transaction: a
    result per item (its `code` is what the item alone would get). A rejected item writes
    nothing and stops no other."""
    return writing.carry_out(
        request, grant, system, idempotency_key, body, lambda writer: writer.write_all(body.items)
    )
