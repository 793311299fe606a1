"""The pages of a pull, fetched and prepared ahead of the replica's writes.

A pull is a chain: each page names the cursor of the next. One thread follows that chain from
the server, asking for the next page as soon as an answer begins (the server names the next
cursor in a header, `PULL_NEXT_CURSOR_HEADER`); a second reads, checks and prepares each page's
rows (`prepare_rows`, search keys included), and the caller writes them. So the server works on
the next page while this client reads, prepares and writes the ones before. Fetching a page
only when the one before it had been read and written left the server idle during all of the
client's work on every page, and the client idle during the server's.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from types import TracebackType

from local_store.records import derived_columns_of
from sync.key_worker import WORKER_AFTER, KeyWorker
from sync.replica_side import KeyMaker, PreparedPage
from sync.transport import StartedPull, Transport

# How many pages the fetching may run ahead of the writes (a page is up to 5,000 records).
PAGES_AHEAD = 4
# Threads preparing pages at once. A page's preparing waits for its search keys from the worker
# process (`sync.key_worker`), in a first sync almost half of its time: a second thread reads
# and checks the next page meanwhile, so that waiting leaves the chain's pace.
PREPARERS = 2
# How often a fetch waiting for room checks whether its chain was given up.
_ROOM_CHECK_S = 0.1

_Fetched = tuple[int, "Future[PreparedPage]"]  # the cursor a page follows, and the page


class _Chain:
    """The pages after one cursor, in order, as the fetching thread delivers them."""

    def __init__(self) -> None:
        self.pages: queue.Queue[_Fetched] = queue.Queue(maxsize=PAGES_AHEAD)
        self.given_up = threading.Event()
        self.head: _Fetched | None = None  # delivered, not yet taken

    def peek(self, timeout: float | None) -> _Fetched | None:
        if self.head is None:
            try:
                self.head = self.pages.get(timeout=timeout)
            except queue.Empty:
                return None
        return self.head

    def deliver(self, fetched: _Fetched) -> bool:
        """Queue a page (waiting for room); False if the chain was given up meanwhile."""
        while not self.given_up.is_set():
            try:
                self.pages.put(fetched, timeout=_ROOM_CHECK_S)
                return True
            except queue.Full:
                continue
        return False


class PageSource:
    """Pull pages in order, fetching and preparing ahead; use it in a `with` block, which
    stops the fetching at its end."""

    def __init__(self, transport: Transport, page_size: int) -> None:
        self._transport = transport
        self._page_size = page_size
        self._fetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldbook-pull")
        self._preparer = ThreadPoolExecutor(
            max_workers=PREPARERS, thread_name_prefix="fieldbook-prepare"
        )
        self._keys = KeyWorker()
        self._chain: _Chain | None = None
        self._next_cursor: int | None = None  # the cursor the chain's next page follows

    def __enter__(self) -> PageSource:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.give_up()
        self._fetcher.shutdown(wait=True, cancel_futures=True)
        self._preparer.shutdown(wait=True, cancel_futures=True)
        self._keys.close()

    def get(self, cursor: int) -> PreparedPage:
        """The page after `cursor` (waiting for it); the pages after it keep coming."""
        fetched = self._peek(cursor, timeout=None)
        assert fetched is not None and self._chain is not None  # waited without a timeout
        prepared = fetched[1].result()
        self._chain.head = None
        page = prepared.page
        # The chain ends with a page that drains the feed or asks for a resync (whose cursor
        # is 0: a resync's own pull from 0 must start a new chain).
        self._next_cursor = page.cursor if page.has_more and not page.resync_required else None
        return prepared

    def ready_within(self, cursor: int, seconds: float) -> bool:
        """Whether the page after `cursor` is ready within `seconds` (a failed fetch is not
        ready: `get` raises its error, outside the caller's transaction)."""
        ends = time.monotonic() + max(seconds, 0)
        fetched = self._peek(cursor, timeout=max(seconds, 0))
        if fetched is None:
            return False
        done, _pending = wait([fetched[1]], timeout=max(ends - time.monotonic(), 0))
        return bool(done) and fetched[1].exception() is None

    def _peek(self, cursor: int, timeout: float | None) -> _Fetched | None:
        if self._chain is None or self._next_cursor != cursor:
            self._start(cursor)
        assert self._chain is not None
        fetched = self._chain.peek(timeout)
        if fetched is not None and fetched[0] != cursor:  # the server named another cursor
            self._start(cursor)
            fetched = self._chain.peek(timeout)
        return fetched

    def _start(self, cursor: int) -> None:
        """Follow the chain from `cursor`, giving up the one followed so far (a resync starts
        again from 0)."""
        self.give_up()
        self._chain = _Chain()
        self._next_cursor = cursor
        self._fetcher.submit(self._follow, self._chain, cursor)

    def give_up(self) -> None:
        """Stop fetching ahead (until the next `get`)."""
        if self._chain is not None:
            self._chain.given_up.set()
            self._chain = None

    def _follow(self, chain: _Chain, cursor: int) -> None:
        """Fetch page after page into `chain` until the feed is drained, a fetch fails or the
        chain is given up. Each answer is read and prepared on the preparing thread while
        this one asks for the next page already, when the server named its cursor (else it
        waits for the page to learn it). Once a pull from 0 has asked for `WORKER_AFTER`
        records, the keys are made by the worker process."""
        asked = 0 if cursor == 0 else None  # records a pull from 0 asked for so far
        while not chain.given_up.is_set():
            try:
                started = self._transport.start_pull(cursor, self._page_size)
            except Exception as error:  # the caller raises it when it takes this page
                failed: Future[PreparedPage] = Future()
                failed.set_exception(error)
                chain.deliver((cursor, failed))
                return
            in_bulk = asked is not None and asked >= WORKER_AFTER
            make_keys = self._keys.make_keys if in_bulk else derived_columns_of
            prepared = self._preparer.submit(_prepared, started, make_keys)
            if not chain.deliver((cursor, prepared)):
                return
            if started.next_cursor is not None:
                cursor = started.next_cursor
            else:
                try:
                    page = prepared.result().page
                except Exception:  # the caller raises it when it takes this page
                    return
                if not page.has_more or page.resync_required:
                    return
                cursor = page.cursor
            if asked is not None:
                asked += self._page_size


def _prepared(started: StartedPull, make_keys: KeyMaker) -> PreparedPage:
    page, unread = started.read()
    return PreparedPage.of(page, make_keys, unread)
