"""Commit order on PostgreSQL: concurrent writers, some dawdling inside their transaction, and
readers paging through the feed all the while; every reader sees every committed change exactly
once (the "commit-order trap" of SYNC-NOTES would make them skip some)."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import Engine

from server import feed, writes
from server.database import make_engine, make_sessions
from server.pull import pull
from server.schema import upgrade
from server.scope import Principal
from tests.unit.server.helpers import new_id

pytestmark = pytest.mark.postgres

WRITERS = 10
WRITES_EACH = 12
READERS = 3
TERRITORY = new_id()
READER = Principal("reader", "reader", "Reader", "rep", frozenset({TERRITORY}))


@pytest.fixture
def pg_engine(pg_url: str):
    engine = make_engine(pg_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def write_accounts(engine: Engine, number: int, committed: list[str]) -> None:
    """One writer: each account in a transaction of its own; odd writers sleep inside it."""
    sessions = make_sessions(engine)
    rng = random.Random(number)
    for count in range(WRITES_EACH):
        record_id = new_id()
        with feed.write_transaction(sessions.write) as session:
            fields = {"name": f"w{number}-{count}", "territory_id": TERRITORY}
            outcome = writes.apply(session, writes.Write("account", record_id, fields), None)
            assert outcome.status == "applied"
            if number % 2:
                time.sleep(rng.uniform(0.005, 0.04))
        committed.append(record_id)


def read_feed(engine: Engine, done: threading.Event, seen: list[str], limit: int) -> None:
    """One reader: pages through the feed until the writers are done and it is drained."""
    sessions = make_sessions(engine)
    cursor = 0
    while True:
        finished = done.is_set()
        with sessions.read.begin() as session:
            page = pull(session, READER, cursor, limit)
        seen.extend(change["record_id"] for change in page.changes)
        assert page.cursor >= cursor
        cursor = page.cursor
        if finished and not page.has_more:
            return


def test_every_committed_change_is_seen_exactly_once_by_concurrent_readers(pg_engine) -> None:
    committed: list[str] = []
    done = threading.Event()
    seen: list[list[str]] = [[] for _ in range(READERS)]
    readers = [
        threading.Thread(target=read_feed, args=(pg_engine, done, seen[n], 3 + n))
        for n in range(READERS)
    ]
    writers = [
        threading.Thread(target=write_accounts, args=(pg_engine, n, committed))
        for n in range(WRITERS)
    ]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    for thread in readers:
        thread.join()

    assert len(committed) == WRITERS * WRITES_EACH
    for reader_seen in seen:
        counts = Counter(reader_seen)
        assert set(counts) == set(committed), "a reader skipped a committed change"
        assert set(counts.values()) == {1}, "a reader saw a change twice"
