"""Territory snapshots for the client's tests, published and served by the server's own code.

`make_snapshot` publishes a synced replica with the builder's own `publish`
(`sync.snapshot_builder`: the stripped backup-API copy, zstd, the manifest written last) into a
snapshot directory; `snapshot_app` is the server app serving that directory through its real
snapshot routes (`server.snapshot_api`), with no scheduler building in the background. What a
real server never does is left to `SnapshotRoutes`, a thin wrapper mounted in front of those
routes that passes their answers through, counting the requests, and on demand breaks a
download off part-way, ends it early, or changes a byte, as a network would.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Engine

from local_store import snapshot_copy
from protocol.snapshots import SNAPSHOT_FILE_PATH, SNAPSHOT_PATH, scope_key
from server import snapshot_api, snapshot_store
from server.api import create_app
from server.deps import CurrentPrincipal, SessionsDep, SettingsDep
from server.settings import Clock, ServerSettings, SnapshotSettings, system_clock
from sync.snapshot_builder import publish


def make_snapshot(replica: Path, directory: Path) -> snapshot_store.Stored:
    """Publish the replica file `replica` (synced, nothing pending) as its scope's snapshot in
    the snapshot directory `directory`, as the server's builder does."""
    scope = snapshot_copy.facts(replica).scope
    if not scope:
        raise ValueError(f"{replica} has not synced a scope")
    territories = sorted(scope)
    manifest = publish(replica, directory, scope_key(territories), territories)
    published = snapshot_store.by_id(directory, manifest.offer.id)
    assert published is not None, manifest
    return published


def snapshot_app(
    engine: Engine, directory: Path, clock: Clock = system_clock, **options: Any
) -> FastAPI:
    """The server app over `engine`, serving the snapshots published in `directory`; none is
    built in the background (the tests publish them)."""
    settings = ServerSettings(snapshots=SnapshotSettings(directory, base_url="http://unused"))
    return without_background(create_app(engine, settings, clock, **options))


def without_background(app: FastAPI) -> FastAPI:
    """`app` with a lifespan that starts none of the server's background work."""
    app.router.lifespan_context = _no_background
    return app


@asynccontextmanager
async def _no_background(_app: Any) -> AsyncIterator[None]:
    yield


@dataclass
class SnapshotRoutes:
    """In front of the server's snapshot routes: their answers, counted, and damaged on demand."""

    ranges: list[str | None] = field(default_factory=list)  # each file answer's Range
    bytes_sent: int = 0
    offers_asked: int = 0
    break_after: int | None = None  # the next file answer breaks off after so many bytes
    short_by: int | None = None  # file answers end, cleanly, so many bytes before the end
    corrupt_at: int | None = None  # serve the file's byte at this place changed

    def mount(self, app: FastAPI) -> FastAPI:
        """Put these routes before the server's own, which answer the same paths."""
        router = APIRouter()
        router.add_api_route(SNAPSHOT_PATH, self._offer, methods=["GET"])
        router.add_api_route(SNAPSHOT_FILE_PATH, self._file, methods=["GET"])
        app.router.routes[:0] = router.routes
        return app

    def _offer(
        self,
        principal: CurrentPrincipal,
        sessions: SessionsDep,
        settings: SettingsDep,
        schema: str,
        keys: int,
    ) -> Response:
        self.offers_asked += 1
        return snapshot_api.snapshot_offer(principal, sessions, settings, schema, keys)

    def _file(
        self,
        snapshot_id: str,
        principal: CurrentPrincipal,
        settings: SettingsDep,
        request: Request,
    ) -> Response:
        asked = request.headers.get("range")
        answer = snapshot_api.snapshot_file(
            snapshot_id, principal, settings, asked, request.headers.get("if-range")
        )
        assert isinstance(answer, StreamingResponse)
        self.ranges.append(asked)
        start = int(answer.headers.get("content-range", "bytes 0-").split()[1].split("-")[0])
        length = int(answer.headers["content-length"])
        cut, self.break_after = self.break_after, None
        if self.short_by is not None:
            length -= self.short_by
        if cut is not None or self.short_by is not None:
            # Sent chunked, as the bytes that come before a break reach a client that way.
            del answer.headers["content-length"]
        answer.body_iterator = self._passed(answer.body_iterator, start, length, cut)
        return answer

    async def _passed(
        self, body: AsyncIterable[Any], start: int, length: int, cut: int | None
    ) -> AsyncIterator[bytes]:
        sent = 0
        async for data in body:
            chunk = bytearray(data[: max(length - sent, 0)])
            if self.corrupt_at is not None and 0 <= self.corrupt_at - start - sent < len(chunk):
                chunk[self.corrupt_at - start - sent] ^= 0xFF
            if cut is not None and sent + len(chunk) > cut:
                chunk = chunk[: max(cut - sent, 0)]
                self.bytes_sent += len(chunk)
                yield bytes(chunk)
                raise ConnectionAbortedError("the test breaks the download off")
            sent += len(chunk)
            self.bytes_sent += len(chunk)
            yield bytes(chunk)
