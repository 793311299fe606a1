"""The snapshot routes: which snapshot fits the caller's scope, and its file, resumable.

Both answer 404 `no_snapshot` alike for every reason there is none for the caller (switched
off, none built yet, another schema, another scope's id, an id that never existed), so no
answer tells that another scope has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response, StreamingResponse

from protocol.snapshots import SNAPSHOT_FILE_PATH, SNAPSHOT_PATH, SnapshotOffer
from server import snapshot_store
from server.api_error import ApiError
from server.deps import CurrentPrincipal, SessionsDep, SettingsDep
from server.snapshot_scheduler import feed_identity

router = APIRouter()

MEDIA_TYPE = "application/zstd"
PRIVATE = {"Cache-Control": "private, no-store"}
CHUNK = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")


def no_snapshot() -> ApiError:
    return ApiError(
        404,
        "no_snapshot",
        "No snapshot fits this scope; pull the feed page by page.",
        headers=PRIVATE,
    )


@router.get(SNAPSHOT_PATH, response_model=SnapshotOffer)
def snapshot_offer(
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    settings: SettingsDep,
    schema: Annotated[str, Query(min_length=1, max_length=100)],
    keys: Annotated[int, Query(ge=0, le=2**31 - 1)],
) -> Response:
    """The snapshot of exactly the caller's territories, made with the caller's replica schema
    revision (`schema`) and search-key rules (`keys`), of the feed's current history."""
    if settings.snapshots is None:
        raise no_snapshot()
    with sessions.read.begin() as session:
        feed, horizon = feed_identity(session)
    found = snapshot_store.fitting(
        snapshot_store.published(settings.snapshots.directory),
        principal.territories,
        schema,
        keys,
        feed,
        horizon,
    )
    if found is None:
        raise no_snapshot()
    snapshot_store.mark_used(found)
    offer: SnapshotOffer = found.manifest.offer
    return Response(offer.model_dump_json(), media_type="application/json", headers=PRIVATE)


@router.get(SNAPSHOT_FILE_PATH)
def snapshot_file(
    snapshot_id: str,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    range_: Annotated[str | None, Header(alias="Range")] = None,
    if_range: Annotated[str | None, Header(alias="If-Range")] = None,
) -> Response:
    """The compressed file, whole (200) or from `Range: bytes=N-` / `bytes=N-M` (206)."""
    found = (
        snapshot_store.by_id(settings.snapshots.directory, snapshot_id)
        if settings.snapshots is not None
        else None
    )
    if found is None or found.territories != principal.territories:
        raise no_snapshot()
    try:
        file = found.file.open("rb")  # open now: a file removed later still streams to its end
    except FileNotFoundError:
        raise no_snapshot() from None
    size = found.manifest.offer.size
    etag = f'"{found.manifest.offer.sha256}"'
    headers = PRIVATE | {"Accept-Ranges": "bytes", "ETag": etag}
    wanted = _range(range_, size) if range_ and (if_range is None or if_range == etag) else None
    if wanted == "unsatisfiable":
        file.close()
        raise ApiError(
            416,
            "range_not_satisfiable",
            f"The file has {size} bytes; ask for a range that starts inside it.",
            field="Range",
            headers=PRIVATE | {"Content-Range": f"bytes */{size}"},
        )
    start, end = wanted if isinstance(wanted, tuple) else (0, size - 1)
    headers["Content-Length"] = str(end - start + 1)
    status = 200
    if isinstance(wanted, tuple):
        status = 206
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    return StreamingResponse(
        _chunks(file, start, end - start + 1),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


def _range(header: str, size: int) -> tuple[int, int] | str | None:
    """The inclusive byte range of a single `bytes=N-` or `bytes=N-M`; None: serve it whole
    (no range, or a form this route does not take: several ranges, a suffix, M < N);
    "unsatisfiable"
    when it starts past the end."""
    match = _RANGE.match(header.strip())
    if match is None:
        return None
    start = int(match.group(1))
    if start >= size:
        return "unsatisfiable"
    end = int(match.group(2)) if match.group(2) else size - 1
    if end < start:
        return None  # not a valid range: ignored, as RFC 9110 says
    return start, min(end, size - 1)


def _chunks(file: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    with file:
        file.seek(start)
        while length > 0:
            chunk = file.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk
