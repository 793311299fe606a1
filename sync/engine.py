"""The client sync engine: push the outbox, then pull the change feed into the replica.

A plain class with no Qt: the app runs it off the UI thread and hears about progress through the
`on_progress` callback. Each pushed batch and each pulled page is taken in one local transaction
(a pulled page together with its cursor), so a crash at any point resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from local_store import outbox, state
from local_store.db import Replica
from sync.protocol import DEFAULT_PULL_PAGE, MAX_PUSH_BATCH, Mutation, PushRequest
from sync.replica_side import apply_changes, record_push_results
from sync.transport import Transport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    phase: str  # "push" or "pull"
    done: int


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    pulled: int
    conflicts: int


class SyncEngine:
    def __init__(
        self,
        replica: Replica,
        transport: Transport,
        *,
        page_size: int = DEFAULT_PULL_PAGE,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> None:
        self.replica = replica
        self.transport = transport
        self.page_size = page_size
        self.on_progress = on_progress or (lambda _progress: None)

    def sync(self) -> SyncReport:
        """Push everything pending, then pull until the feed is drained."""
        pushed, conflicts = self.push()
        pulled = self.pull()
        with self.replica.session() as session:
            state.put(session, state.LAST_SYNC, dt.datetime.now(dt.UTC).isoformat())
        return SyncReport(pushed=pushed, pulled=pulled, conflicts=conflicts)

    def push(self) -> tuple[int, int]:
        pushed = conflicts = 0
        while True:
            with self.replica.session() as session:
                entries = outbox.oldest(session, MAX_PUSH_BATCH)
                client_id = state.client_id(session)
            if not entries:
                return pushed, conflicts
            request = PushRequest(
                client_id=client_id,
                mutations=[
                    Mutation(
                        seq=e.seq,
                        entity=e.entity,
                        record_id=e.record_id,
                        op=e.op,
                        base_version=e.base_version,
                        fields=e.fields,
                    )
                    for e in entries
                ],
            )
            response = self.transport.push(request)
            with self.replica.session() as session:
                conflicts += record_push_results(session, entries, response.results)
            pushed += len(response.results)
            self.on_progress(Progress("push", pushed))

    def pull(self) -> int:
        pulled = 0
        while True:
            with self.replica.session() as session:
                cursor = int(state.get(session, state.CURSOR, 0))
            page = self.transport.pull(cursor, self.page_size)
            with self.replica.session() as session:
                apply_changes(session, page.changes)
                state.put(session, state.CURSOR, page.cursor)
            pulled += len(page.changes)
            self.on_progress(Progress("pull", pulled))
            if not page.has_more:
                return pulled
