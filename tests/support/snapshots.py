"""Territory snapshot files for the client's tests, before the server builds them itself.

`make_snapshot` publishes a synced replica the way the server's builder does (a client of the
scope that pulled page by page): a copy by SQLite's backup API, the client's own rows stripped
(outbox, conflicts, quarantine, and the client id, next mutation number, user and last sync of
sync_state), zstd-compressed, with the `SnapshotOffer` that describes it (counts and checksums
as `CountsResponse` computes them, from the copy). `SnapshotRoutes` serves such files from the
test server app, on the protocol's paths, to users of exactly the file's scope, with `Range`,
and can break a download off part-way as a network would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import zstandard
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from local_store.migrate import head_revision
from local_store.models import ENTITY_MODELS
from protocol.snapshots import SNAPSHOT_FILE_PATH, SNAPSHOT_PATH, SnapshotOffer
from protocol.sync import scope_checksum
from server.deps import CurrentPrincipal

# sync_state keys a published snapshot must not carry: they are one client's own.
CLIENT_KEYS = ("client_id", "next_seq", "me", "last_sync_at")
CLIENT_TABLES = ("outbox", "conflict", "quarantine")


@dataclass(frozen=True)
class SnapshotFile:
    offer: SnapshotOffer
    path: Path  # the compressed file
    scope: frozenset[str]  # the territories whose users it is for


def make_snapshot(replica: Path, folder: Path, name: str = "snap") -> SnapshotFile:
    """Publish the replica file `replica` (synced, nothing pending) as a snapshot in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / f"{name}.db"
    raw.unlink(missing_ok=True)
    with closing(sqlite3.connect(replica)) as source, closing(sqlite3.connect(raw)) as copy:
        source.backup(copy)
    with closing(sqlite3.connect(raw)) as copy, copy:
        for table in CLIENT_TABLES:
            copy.execute(f"DELETE FROM {table}")
        marks = ", ".join("?" for _ in CLIENT_KEYS)
        copy.execute(f"DELETE FROM sync_state WHERE key IN ({marks})", CLIENT_KEYS)
    with closing(sqlite3.connect(raw)) as copy:
        copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        found = copy.execute("SELECT key, value FROM sync_state")
        facts = {k: json.loads(v) if isinstance(v, str) else v for k, v in found}
        counts, checksums = {}, {}
        for entity in ENTITY_MODELS:
            rows = copy.execute(f'SELECT id, version FROM "{entity}"').fetchall()
            counts[entity], checksums[entity] = len(rows), scope_checksum(rows)
    compressed = folder / f"{name}.db.zst"
    with raw.open("rb") as source, compressed.open("wb") as sink:
        zstandard.ZstdCompressor(level=3).copy_stream(source, sink)
    body = compressed.read_bytes()
    offer = SnapshotOffer(
        id=name,
        schema_revision=head_revision(),
        search_keys=facts["search_keys"],
        cursor=facts["cursor"],
        feed=facts["feed"],
        size=len(body),
        raw_size=raw.stat().st_size,
        sha256=hashlib.sha256(body).hexdigest(),
        counts=counts,
        checksums=checksums,
        built_at=dt.datetime.now(dt.UTC),
    )
    return SnapshotFile(offer, compressed, frozenset(facts["scope"]))


@dataclass
class SnapshotRoutes:
    """The snapshot endpoints on a test server app, serving the files `add`ed."""

    files: dict[str, SnapshotFile] = field(default_factory=dict)
    ranges: list[str | None] = field(default_factory=list)  # each file request's Range
    bytes_sent: int = 0
    offers_asked: int = 0
    break_after: int | None = None  # the next file answer breaks off after so many bytes
    corrupt_at: int | None = None  # serve the byte at this place changed

    def add(self, snapshot: SnapshotFile) -> None:
        self.files = {k: v for k, v in self.files.items() if v.scope != snapshot.scope}
        self.files[snapshot.offer.id] = snapshot

    def mount(self, app: FastAPI) -> FastAPI:
        """Put these routes before the server's own, which answer the same paths."""
        router = APIRouter()
        router.add_api_route(SNAPSHOT_PATH, self._offer, methods=["GET"])
        router.add_api_route(SNAPSHOT_FILE_PATH, self._file, methods=["GET"])
        app.router.routes[:0] = router.routes
        return app

    def _offer(self, principal: CurrentPrincipal, schema: str, keys: int) -> Response:
        self.offers_asked += 1
        for snapshot in self.files.values():
            offer = snapshot.offer
            if (
                snapshot.scope == principal.territories
                and offer.schema_revision == schema
                and offer.search_keys == keys
            ):
                return Response(offer.model_dump_json(), media_type="application/json")
        return _no_snapshot()

    def _file(self, principal: CurrentPrincipal, snapshot_id: str, request: Request) -> Response:
        snapshot = self.files.get(snapshot_id)
        if snapshot is None or snapshot.scope != principal.territories:
            return _no_snapshot()
        body = bytearray(snapshot.path.read_bytes())
        if self.corrupt_at is not None:
            body[self.corrupt_at] ^= 0xFF
        asked = request.headers.get("range")
        self.ranges.append(asked)
        start = int(asked.removeprefix("bytes=").split("-")[0]) if asked else 0
        headers = {"Cache-Control": "private, no-store", "Accept-Ranges": "bytes"}
        status = 200
        if asked:
            status = 206
            headers["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
        cut, self.break_after = self.break_after, None
        return StreamingResponse(
            self._sent(bytes(body[start:]), cut),
            status_code=status,
            headers=headers,
            media_type="application/zstd",
        )

    def _sent(self, body: bytes, cut: int | None) -> Iterator[bytes]:
        step = 64 * 1024
        for at in range(0, len(body), step):
            chunk = body[at : at + step]
            if cut is not None and at + len(chunk) > cut:
                chunk = chunk[: max(cut - at, 0)]
                self.bytes_sent += len(chunk)
                yield chunk
                raise ConnectionAbortedError("the test breaks the download off")
            self.bytes_sent += len(chunk)
            yield chunk


def _no_snapshot() -> JSONResponse:
    body = {"error": "no_snapshot", "message": "No snapshot fits.", "field": None}
    return JSONResponse(body, status_code=404)
