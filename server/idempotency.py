"""`Idempotency-Key`: a retried write through an API key changes nothing and gets the answer
the first one got.

The answer is stored with a hash of the request, per API key, for `KEEP_FOR`; the same key
with another request is refused (422 naming the header), since answering it with the first
request's answer would drop it without a word. Only answers of requests that were carried out
are stored: a refused request (4xx) changed nothing, so its retry is simply checked again.
The caller recalls and remembers inside its write transaction, which holds the feed lock, so
two copies of a request sent at once are carried out once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from server.api_error import ApiError
from server.tables import IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY = 255
KEEP_FOR = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # JSON


def request_hash(method: str, path: str, body: Any) -> str:
    """The hash of a request: its method, path and JSON body (key order and spacing aside)."""
    text = json.dumps([method, path, body], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def recall(
    session: Session, key_name: str, idempotency_key: str, digest: str, now: dt.datetime
) -> Answer | None:
    """The answer stored for this request, or None when it was not carried out yet (or so
    long ago that its answer is gone); 422 when the key came with another request."""
    row = session.get(IdempotentRequest, (key_name, idempotency_key))
    if row is None:
        return None
    if row.created_at < now - KEEP_FOR:
        session.delete(row)
        session.flush()
        return None
    if row.request_hash != digest:
        raise ApiError(
            422,
            "idempotency_key_reused",
            f"This {HEADER} came with another request; send a new key with a new request.",
            field=HEADER,
        )
    return Answer(row.status, row.answer)


def remember(
    session: Session,
    key_name: str,
    idempotency_key: str,
    digest: str,
    answer: Answer,
    now: dt.datetime,
) -> None:
    """Store `answer`, and forget answers older than `KEEP_FOR`."""
    session.execute(
        delete(IdempotentRequest)
        .where(IdempotentRequest.created_at < now - KEEP_FOR)
        .execution_options(synchronize_session=False)
    )
    session.add(
        IdempotentRequest(
            key_name=key_name,
            idempotency_key=idempotency_key,
            request_hash=digest,
            status=answer.status,
            answer=answer.body,
            created_at=now,
        )
    )
