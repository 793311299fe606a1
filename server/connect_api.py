"""Routes that connect other systems: the admin's import and the inbound web enquiry (a key
with the scope `enquiry`)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool

from protocol.paths import API_PREFIX
from server import enquiries, feed
from server.api_error import ApiError
from server.api_keys import KeyGrant
from server.deps import CurrentPrincipal, FeedSignalDep, SessionsDep, WritersDep
from server.imports.errors import ImportFileError, MappingError
from server.imports.mapping import load_mapping
from server.imports.report import ImportReport
from server.imports.run import PLURALS, import_file
from server.key_auth import require_key_scope

logger = logging.getLogger(__name__)

IMPORT_PREFIX = API_PREFIX + "/admin/import/"
IMPORT_PATH = IMPORT_PREFIX + "{kind}"  # bodies up to limits.MAX_IMPORT_BYTES (see api.py)
ENQUIRY_PATH = API_PREFIX + "/inbound/enquiry"

router = APIRouter()
EnquiryKey = Annotated[KeyGrant, Depends(require_key_scope("enquiry"))]


@router.post(IMPORT_PATH)
async def import_records(
    kind: Literal["accounts", "contacts"],
    request: Request,
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    feed_signal: FeedSignalDep,
    dry_run: bool = False,
    mapping: Annotated[str | None, Query(description="the column mapping as JSON")] = None,
) -> ImportReport:
    """Import a CSV, XLSX or JSON file sent as the raw request body; admins only."""
    if principal.role != "admin":
        raise ApiError(403, "forbidden", "Only an admin may import records.")
    data = await request.body()
    try:
        given = load_mapping(mapping) if mapping is not None else None
        report = await run_in_threadpool(
            import_file, sessions, PLURALS[kind], data, given, dry_run=dry_run
        )
    except MappingError as exc:
        raise ApiError(422, "invalid_mapping", str(exc), field="mapping") from exc
    except ImportFileError as exc:
        raise ApiError(422, "invalid_file", str(exc), field="body") from exc
    if not dry_run:
        feed_signal.notify()
    logger.info("%s imported %s: %s", principal.name, kind, report.summary())
    return report


@router.post(ENQUIRY_PATH, status_code=201)
def receive_enquiry(
    body: enquiries.Enquiry,
    key: EnquiryKey,
    sessions: SessionsDep,
    feed_signal: FeedSignalDep,
    writers: WritersDep,
) -> enquiries.EnquiryResult:
    """A web enquiry becomes a task for the account's owner, or a new routed lead."""
    with writers, feed.write_transaction(sessions.write) as session:
        result = enquiries.receive(session, body, dt.date.today())
    feed_signal.notify()  # the owner's client hears of it at once (long-poll)
    logger.info("enquiry through key %r: %s %s", key.name, result.outcome, result.account_id)
    return result
