"""The pages of a pull, fetched and prepared ahead of the replica's writes.

A pull is a chain: each page names the cursor of the next. One thread follows that chain from
the server as fast as it answers, a second prepares each page's rows (`prepare_rows`, search
keys included), and the caller writes them. So the server works on the next page while this
client decodes, prepares and writes the ones before: fetching a page only when the one before
it was taken left the server idle during the client's work on every page, and the client idle
during the server's.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from types import TracebackType

from sync.protocol import PullResponse
from sync.replica_side import PreparedPage, prepare_rows
from sync.transport import Transport

# How many pages the fetching may run ahead of the writes (a page is up to 1,000 records).
PAGES_AHEAD = 4
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
        self._preparer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldbook-prepare")
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
        return self._chain.peek(timeout)

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
        chain is given up; each page goes on to be prepared at once."""
        while not chain.given_up.is_set():
            try:
                page = self._transport.pull(cursor, self._page_size)
            except Exception as error:  # the caller raises it when it takes this page
                failed: Future[PreparedPage] = Future()
                failed.set_exception(error)
                chain.deliver((cursor, failed))
                return
            if not chain.deliver((cursor, self._preparer.submit(_prepared, page))):
                return
            if not page.has_more or page.resync_required:
                return
            cursor = page.cursor


def _prepared(page: PullResponse) -> PreparedPage:
    return PreparedPage(page, prepare_rows(page.changes))
