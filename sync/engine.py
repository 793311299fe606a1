"""The client sync engine: push the outbox, pull the change feed, check, resync when needed.

A plain class with no Qt: the app runs it off the UI thread and hears about progress through the
`on_progress` callback. Each pushed batch and each pulled page is taken in one local transaction
(a pulled page together with its cursor), so a crash at any point resumes where it stopped.
One engine must not run in two threads at once; `sync.live` calls it from its own thread.

A resync starts the replica over from cursor 0 without losing an unpushed edit: the outbox is
pushed first, then every synced record without a pending change is dropped together with the
cursor, and the pull from 0 brings back what the server shows now, pending edits laid on top.
It happens when the server says the cursor is older than its retention horizon (or beyond its
feed's last position), when the user's territories changed, and when the counts after a sync
disagree with the server's (that check reads every record on both sides, so it runs after the
first sync and then at most once per `COUNT_CHECK_EVERY`, not on every sync).

A server restored from a backup names another feed identity in its pages: the replica then
holds back what it holds from after the position where the two histories part, starts over
from 0, and offers again what the server turned out not to know (`sync.replica_side.hold_back`,
`offer_again`). A server that forgot this replica's acknowledged mutations refuses the next one
(409 `seq_gap`): the replica numbers its outbox again under a new client id and pushes again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from local_store import outbox, snapshot_install, state
from local_store.db import Replica, ReplicaBusyError
from local_store.models import ENTITY_MODELS
from protocol.paths import MAX_PULL_PAGE, MAX_PUSH_BATCH
from protocol.sync import Change, CountsResponse, Mutation, PullResponse, PushRequest
from sync import snapshot_download
from sync.errors import SyncError
from sync.page_source import PageSource
from sync.replica_side import (
    PreparedPage,
    agrees_with,
    apply_changes,
    apply_page,
    forget_synced,
    hold_back,
    offer_again,
    record_push_results,
    record_set_aside,
    unlink_conflicts,
)
from sync.transport import Transport

log = logging.getLogger(__name__)

# The territories of the user's last pulled page (sync_state key).
SCOPE = state.SCOPE
# The id of the last set-aside value fetched from the server (sync_state key).
CONFLICT_CURSOR = "conflict_cursor"
# How often the sanity check pulls again when the feed moved while it looked.
COUNT_CHECK_TRIES = 3
# When the sanity check last ran (sync_state key), and how often it runs at most: it reads
# every record's id and version on both sides (seconds with a whole territory), while a sync
# that brings a colleague's change should take milliseconds.
LAST_COUNT_CHECK = "last_count_check_at"
COUNT_CHECK_EVERY = dt.timedelta(hours=1)
# How long one transaction of pulled pages holds the replica's write lock at most (a user's
# save waits that long at worst; the busy timeout is 5 s).
PULL_BATCH_S = 1.0
# Records asked for a page: the most the server gives. Each page costs a request, a read
# transaction and a few statements on the server, and a transaction on this side; with pages of
# 1,000 a territory's first sync (800 pages) took about a tenth longer (tests/bench).
PULL_PAGE = MAX_PULL_PAGE


@dataclass(frozen=True)
class Progress:
    """How far a sync is. `phase`: "push", "pull", "download" (a territory snapshot: `done`
    and `total` in bytes, `seconds_left` once known) or "install" (the snapshot is being
    checked and put in place)."""

    phase: str
    done: int
    total: int = 0
    seconds_left: float | None = None


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    pulled: int
    conflicts: int
    resynced: bool = False
    changed: frozenset[str] = frozenset()  # the entities whose records the pulls changed
    # Records pulled that this client cannot read, set aside (`local_store.quarantine`).
    set_aside: int = 0


class CountsAsker:
    """The server's counts for the sanity check (`SyncEngine.counts_agree`), asked for on a
    thread of their own once, as the page that drains the feed arrives (`ask`, given to `pull`
    as `on_drained`): the server counts while this client writes that page (after a first
    sync, while it builds the search index). Leaving the block waits for the answer."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldbook-counts")
        self.answer: Future[CountsResponse] | None = None

    def __enter__(self) -> CountsAsker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._thread.shutdown()

    def ask(self) -> None:
        if self.answer is None:
            self.answer = self._thread.submit(self._transport.counts)


class SyncEngine:
    def __init__(
        self,
        replica: Replica,
        transport: Transport,
        *,
        page_size: int = PULL_PAGE,
        on_progress: Callable[[Progress], None] | None = None,
        count_check_every: dt.timedelta = COUNT_CHECK_EVERY,
        snapshots: bool = True,
    ) -> None:
        """`snapshots`: start a replica with no synced records from the server's territory
        snapshot when it offers one (False: always page by page)."""
        self.replica = replica
        self.transport = transport
        self.page_size = page_size
        self.on_progress = on_progress or (lambda _progress: None)
        self.count_check_every = count_check_every
        self.resyncs = 0  # resyncs done by this engine, for reports and tests
        self.changed: set[str] = set()  # entities whose records this engine's pulls changed
        self.set_aside = 0  # records this engine's pulls set aside
        self.snapshots = snapshots
        self.snapshots_installed = 0  # by this engine, for reports and tests

    def sync(self) -> SyncReport:
        """Push everything pending, pull until the feed is drained, then check the counts
        (the first sync, and then at most once per `count_check_every`).

        The server is asked for its counts as soon as the last page has arrived, so it counts
        while this replica writes that page (after a first sync, that is when the search index
        is built)."""
        resyncs = self.resyncs
        self.changed = set()
        self.set_aside = 0
        pushed, conflicts = self.push()
        check_due = self._count_check_due()
        installed = self.snapshots_installed
        with CountsAsker(self.transport) as counts:

            def ask_counts() -> None:
                if self.snapshots_installed == installed:
                    counts.ask()

            pulled = self.pull(on_drained=ask_counts if check_due else None)
            conflicts += self.fetch_conflicts()
            # A snapshot installed by this pull was checked against its offer's counts and
            # checksums on the file: the server is not asked to read every record again.
            if check_due and self.snapshots_installed == installed:
                if not self.counts_agree(counts.answer):
                    log.warning("the replica differs from the server's counts; resyncing")
                    self.resync()
                    pulled += self.pull()
                with self.replica.session() as session:
                    state.put(session, LAST_COUNT_CHECK, _now())
        if self.resyncs > resyncs:  # what the resync offered again goes out now
            again, again_conflicts = self.push()
            if again:
                pushed, conflicts = pushed + again, conflicts + again_conflicts
                pulled += self.pull()
        with self.replica.session() as session:
            state.put(session, state.LAST_SYNC, _now())
        return SyncReport(
            pushed,
            pulled,
            conflicts,
            resynced=self.resyncs > resyncs,
            changed=frozenset(self.changed),
            set_aside=self.set_aside,
        )

    def _count_check_due(self) -> bool:
        with self.replica.session() as session:
            last = state.get(session, LAST_COUNT_CHECK)
        if last is None:
            return True
        return dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(last) >= self.count_check_every

    def cursor(self) -> int:
        """The feed position the replica has applied."""
        with self.replica.session() as session:
            return int(state.get(session, state.CURSOR, 0))

    def push(self) -> tuple[int, int]:
        """Push the outbox; returns the mutations answered and the conflicts kept (the values
        refused, and those set aside, fetched at once when a push set any aside)."""
        pushed = conflicts = 0
        numbered_again = False
        set_aside = False
        while True:
            with self.replica.session() as session:
                entries = outbox.oldest(session, MAX_PUSH_BATCH)
                client_id = state.client_id(session)
            if not entries:
                return pushed, conflicts + (self.fetch_conflicts() if set_aside else 0)
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
            try:
                response = self.transport.push(request)
            except SyncError as refused:
                if refused.code != "seq_gap" or numbered_again:
                    raise
                # The server forgot mutations it acknowledged (a restore from a backup).
                log.warning("the server lost this replica's numbering; numbering again")
                with self.replica.session() as session:
                    outbox.number_again(session)
                numbered_again = True
                continue
            with self.replica.session() as session:
                conflicts += record_push_results(session, entries, response.results)
            set_aside = set_aside or any(r.conflicts for r in response.results)
            pushed += len(response.results)
            self.on_progress(Progress("push", pushed))

    def fetch_conflicts(self) -> int:
        """Keep the values the server set aside since the last fetch: the user's own that lost,
        and others' that lost against the user's (or anyone's in the user's territories).
        Returns how many are new here."""
        kept = 0
        while True:
            with self.replica.session() as session:
                after = int(state.get(session, CONFLICT_CURSOR, 0))
            answer = self.transport.conflicts(after)
            with self.replica.session() as session:
                kept += record_set_aside(session, answer)
                state.put(session, CONFLICT_CURSOR, answer.cursor)
            if not answer.has_more:
                return kept

    def pull(self, on_drained: Callable[[], None] | None = None) -> int:
        """Apply the feed page by page; start over from 0 where the server or the scope says so.
        `on_drained` is called when the page that drains the feed has arrived, before it is
        written.

        The pages are fetched and prepared ahead on threads of their own (`sync.page_source`),
        so the server's work, the network and the preparing overlap the local writes. Pages that
        arrive while a transaction is open join it, for up to `PULL_BATCH_S`: a commit writes
        every index page the rows touched, and a territory's records (random ids) touch most
        of them, so committing page by page wrote the indexes out hundreds of times.
        """
        pulled = 0
        prepared: PreparedPage | None = None  # fetched and not yet applied
        loading = False  # a pull from 0: a whole territory (`local_store.bulk_load`)
        snapshot_tried = not self.snapshots  # once per pull: a second start from 0 pages
        with PageSource(self.transport, self.page_size) as pages:
            while True:
                with self.replica.session() as session:
                    cursor = int(state.get(session, state.CURSOR, 0))
                    scope = state.get(session, SCOPE)
                    feed = state.get(session, state.FEED)
                if cursor == 0 and prepared is None and not snapshot_tried:
                    snapshot_tried = True
                    if self.start_from_snapshot():
                        continue
                loading = loading or cursor == 0
                prepared = prepared or pages.get(cursor)
                if _another_feed(prepared.page, feed):
                    pages.give_up()
                    self.start_again_on(prepared.page)
                    prepared = None
                    continue
                if self._must_resync(prepared.page, scope):
                    pages.give_up()
                    self.resync(prepared.page.scope)
                    prepared = None
                    continue
                with self.replica.refetchable_session(loading=loading) as session:
                    ends = time.monotonic() + PULL_BATCH_S
                    while prepared is not None:
                        page = prepared.page
                        if not page.has_more and on_drained is not None:
                            on_drained()
                        apply_page(session, prepared, from_start=cursor == 0)
                        pulled += len(page.changes)
                        self.set_aside += len(prepared.set_aside)
                        self.changed.update(change.entity for change in page.changes)
                        self.on_progress(Progress("pull", pulled))
                        cursor, scope, prepared = page.cursor, page.scope, None
                        feed = page.feed or feed
                        if page.has_more and pages.ready_within(cursor, ends - time.monotonic()):
                            prepared = pages.get(cursor)
                            if (
                                prepared.page.resync_required
                                or prepared.page.scope != scope
                                or _another_feed(prepared.page, feed)
                            ):
                                break  # committed first; the loop above resyncs
                    # The pages of a batch commit together, with the last one's cursor, scope
                    # and feed identity.
                    state.put(session, state.CURSOR, cursor)
                    state.put(session, SCOPE, scope)
                    state.put(session, state.FEED, feed)
                if not page.has_more:
                    with self.replica.session() as session:
                        offer_again(session)
                    return pulled

    def start_from_snapshot(self) -> bool:
        """Install the territory snapshot the server offers for this replica, if it offers
        one that passes every check: the replica then holds the snapshot's records (with its
        own unpushed changes laid over them), at the snapshot's cursor and feed. Returns
        whether it did; False leaves the replica as it was, for the page-by-page pull.
        (`sync.snapshot_download`, `local_store.snapshot_install`; docs/sync-protocol.md.)"""

        def on_bytes(done: int, total: int, seconds_left: float | None) -> None:
            self.on_progress(Progress("download", done, total, seconds_left))

        fetched = snapshot_download.fetch(self.transport, self.replica.path, on_bytes)
        if fetched is None:
            return False
        offer, unpacked = fetched
        self.on_progress(Progress("install", 0))
        facts = {
            state.CURSOR: offer.cursor,
            state.FEED: offer.feed,
            # The file passed the sanity check against the offer's counts and checksums.
            LAST_COUNT_CHECK: _now(),
        }

        def rebase(session: Session, held: list[tuple[str, str, dict[str, Any], int]]) -> None:
            changes = [
                Change(entity=entity, record_id=record_id, version=version, fields=fields)
                for entity, record_id, fields, version in held
            ]
            apply_changes(session, changes)

        try:
            snapshot_install.install(
                self.replica, unpacked, facts=facts, keep=(SCOPE,), rebase=rebase
            )
        except ReplicaBusyError as busy:
            log.warning("snapshot %s not installed: %s; pulling page by page", offer.id, busy)
            return False
        finally:
            snapshot_download.discard(self.replica.path)
        log.info("installed snapshot %s; pulling from cursor %d", offer.id, offer.cursor)
        self.snapshots_installed += 1
        self.changed.update(ENTITY_MODELS)
        return True

    @staticmethod
    def _must_resync(page: PullResponse, scope: list[str] | None) -> bool:
        if page.resync_required:
            log.info("the server compacted the feed past this replica's cursor; resyncing")
            return True
        if scope is not None and page.scope != scope:
            log.info("the user's territories changed from %s to %s; resyncing", scope, page.scope)
            return True
        return False

    def resync(self, scope: list[str] | None = None) -> None:
        """Start over from cursor 0, keeping unpushed edits (see the module docstring).

        `scope`: the territories the pull from 0 is for (None: learn them from its first page).
        """
        self.push()
        with self.replica.session() as session:
            forget_synced(session)
            state.put(session, state.CURSOR, 0)
            state.put(session, SCOPE, scope)
            state.put(session, LAST_COUNT_CHECK, None)  # the next sync checks the new start
        self.resyncs += 1
        self.changed.update(ENTITY_MODELS)  # records out of the new scope are gone

    def start_again_on(self, page: PullResponse) -> None:
        """Start over on a feed restored from a backup (`page` names its identity): set aside
        what this replica holds from after `page.feed_since`, forget the synced records and
        the cursor in the same transaction, then push the outbox (see the module docstring).
        The pull from 0 that follows offers again what the server does not know."""
        log.warning(
            "the server's feed is another history (restored from a backup at position %d); "
            "starting again",
            page.feed_since,
        )
        with self.replica.session() as session:
            hold_back(session, page.feed_since)
            unlink_conflicts(session)
            state.put(session, CONFLICT_CURSOR, 0)
            forget_synced(session)
            state.put(session, state.CURSOR, 0)
            state.put(session, SCOPE, page.scope)
            state.put(session, state.FEED, page.feed)
            state.put(session, LAST_COUNT_CHECK, None)
        self.resyncs += 1
        self.changed.update(ENTITY_MODELS)
        self.push()

    def counts_agree(self, first_answer: Future[CountsResponse] | None = None) -> bool:
        """The sanity check: the replica holds the records, at the versions, the server shows
        (compared per entity by count and checksum).

        Only comparable when the replica has applied exactly the feed position the counts were
        taken at and holds no unpushed change; when the feed moved meanwhile it pulls again.
        An inconclusive check counts as agreement: the next sync checks again.
        `first_answer`: the server's counts, already asked for.
        """
        for attempt in range(COUNT_CHECK_TRIES):
            if attempt == 0 and first_answer is not None:
                answer = first_answer.result()
            else:
                answer = self.transport.counts()
            with self.replica.session() as session:
                if outbox.count(session):
                    return True
                cursor = int(state.get(session, state.CURSOR, 0))
                if answer.cursor == cursor:
                    return agrees_with(session, answer)
            if answer.cursor < cursor:  # feed rows were compacted since the pull
                return True
            self.pull()
        return True


def _another_feed(page: PullResponse, feed: str | None) -> bool:
    """Whether `page` comes from another history of the feed than the replica's cursor
    (a replica that never saw an identity takes the first it is shown)."""
    return bool(feed and page.feed and page.feed != feed)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()
