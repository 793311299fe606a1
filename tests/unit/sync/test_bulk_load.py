"""A pull from the start loads a territory in bulk: the indexes are set aside, built once when
the last page is in, and a broken-off load is finished by the next sync."""

from __future__ import annotations

import re
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import event, text

from local_store import bulk_load, queries, records, state
from local_store.db import DEFAULT_CACHE_KIB, LOADING_CACHE_KIB, Replica
from sync import engine as engine_module
from sync import page_source
from sync.errors import SyncError
from tests.unit.sync.test_engine import DroppingTransport, new_account

ASKING_WITHIN_S = 10.0


def schema_objects(replica: Replica) -> set[tuple[str, str]]:
    with replica.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')")
        )
        return {(kind, name) for kind, name in rows}


def found(client, query: str) -> list[str]:
    with client.replica.session() as session:
        return [account.name for account in queries.search_accounts(session, query, limit=10)]


def add_contact(client, account_id: str, name: str) -> None:
    with client.replica.session() as session:
        records.save(
            session, "contact", str(uuid.uuid4()), {"account_id": account_id, "name": name}
        )


def is_loading(client) -> bool:
    with client.replica.engine.connect() as connection:
        return bulk_load.is_loading(connection)


def test_a_territory_that_fits_one_page_is_stored_with_its_indexes_in_place(connect):
    """Setting the indexes aside and building them again pays only over several pages; on a
    small territory it was most of a first sync."""
    alice = connect("alice")
    for n in range(3):
        add_contact(alice, new_account(alice, f"Account {n}"), f"王小明{n}")
    alice.engine.sync()
    bob = connect("bob")
    statements: list[str] = []
    event.listen(
        bob.replica.engine,
        "before_cursor_execute",
        lambda _conn, _cursor, statement, *_rest: statements.append(statement),
    )

    bob.engine.sync()

    assert not [s for s in statements if s.lstrip().upper().startswith("DROP")], statements
    assert not is_loading(bob)
    assert found(bob, "wxm1") == ["Account 1"]
    with bob.replica.session() as session:
        assert state.get(session, state.SEARCH_KEYS) is not None


def test_a_first_sync_builds_every_index_it_set_aside(connect, tmp_path: Path):
    alice = connect("alice")
    for n in range(20):
        account_id = new_account(alice, f"Account {n:02}")
        add_contact(alice, account_id, f"王小明{n:02}")
    alice.engine.sync()
    bob = connect("bob", page_size=5)

    bob.engine.sync()

    fresh = Replica(tmp_path / "fresh.db")
    try:
        assert schema_objects(bob.replica) == schema_objects(fresh)
    finally:
        fresh.close()
    assert not is_loading(bob)
    assert found(bob, "王小明07") == ["Account 07"]  # through the contact's row in the index
    assert found(bob, "wxm07") == ["Account 07"]
    new_account(bob, "Zhuhai Harbour")  # the triggers keep the index current again
    assert found(bob, "harbour") == ["Zhuhai Harbour"]


def colleague_of_synced_accounts(connect, count: int):
    """Bob, pulling pages of 5, after Alice pushed `count` new accounts."""
    alice = connect("alice")
    for n in range(count):
        new_account(alice, f"Account {n:02}")
    alice.engine.sync()
    return connect("bob", page_size=5)


def test_pages_that_have_arrived_join_one_transaction(connect):
    bob = colleague_of_synced_accounts(connect, 40)
    commits: list[int] = []
    event.listen(bob.replica.engine, "commit", lambda _connection: commits.append(1))
    pages: list[int] = []
    bob.engine.on_progress = lambda progress: pages.append(progress.done)

    bob.engine.pull()

    assert len(pages) >= 10
    assert len(commits) < len(pages)


def test_a_broken_off_first_sync_is_finished_by_the_next_one(connect):
    bob = colleague_of_synced_accounts(connect, 25)
    real = bob.engine.transport
    bob.engine.transport = DroppingTransport(real, pages=6)

    with pytest.raises(SyncError):
        bob.engine.sync()

    assert is_loading(bob)  # the pages so far are kept, the indexes still aside
    with bob.replica.session() as session:
        assert 0 < queries.count_accounts(session) < 25
    bob.engine.transport = real
    bob.engine.sync()
    assert not is_loading(bob)
    assert len(found(bob, "account")) == 10  # the limit; all 25 are indexed
    with bob.replica.session() as session:
        assert queries.count_accounts(session, "account") == 25


def test_a_resync_loads_in_bulk_too(connect):
    alice = connect("alice")
    account_id = new_account(alice, "Acme Trading")
    alice.engine.sync()
    bob = connect("bob")
    bob.engine.sync()
    with bob.replica.session() as session:
        records.save(session, "account", account_id, {"city": "Qingdao"})

    bob.engine.resync()
    assert is_loading(bob)
    bob.engine.pull()

    assert not is_loading(bob)
    assert found(bob, "qingdao") == ["Acme Trading"]


class CountsWatcher:
    """Passes calls to a real transport, noting the cursor the replica had committed each time
    the server's counts were asked for."""

    def __init__(self, real, replica: Replica) -> None:
        self.real = real
        self.replica = replica
        self.asked_at: list[int] = []
        self.asked = threading.Event()

    def push(self, request):
        return self.real.push(request)

    def snapshot_offer(self, schema: str, keys: int):
        return self.real.snapshot_offer(schema, keys)

    def start_pull(self, cursor: int, limit: int):
        return self.real.start_pull(cursor, limit)

    def counts(self):
        with self.replica.session() as session:
            self.asked_at.append(int(state.get(session, state.CURSOR, 0)))
        self.asked.set()
        return self.real.counts()

    def conflicts(self, after: int):
        return self.real.conflicts(after)


def test_the_server_counts_while_the_last_page_is_written(connect, monkeypatch):
    bob = colleague_of_synced_accounts(connect, 25)
    watcher = CountsWatcher(bob.engine.transport, bob.replica)
    bob.engine.transport = watcher
    apply_page = engine_module.apply_page

    def once_the_counts_are_asked_for(session, prepared, **kwargs):
        """The last page is written once the counts' thread has asked (or given time to), so
        a thread started late on a busy machine does not look like a question asked late."""
        if not prepared.page.has_more:
            watcher.asked.wait(timeout=ASKING_WITHIN_S)
        apply_page(session, prepared, **kwargs)

    monkeypatch.setattr(engine_module, "apply_page", once_the_counts_are_asked_for)

    bob.engine.sync()

    assert len(watcher.asked_at) == 1  # that early answer agreed with the replica
    assert watcher.asked_at[0] < bob.engine.cursor()
    assert not is_loading(bob)


class OlderServer:
    """Passes calls to a real transport, hiding the next page's cursor as servers before
    `PULL_NEXT_CURSOR_HEADER` did."""

    def __init__(self, real) -> None:
        self.real = real

    def push(self, request):
        return self.real.push(request)

    def snapshot_offer(self, schema: str, keys: int):
        return self.real.snapshot_offer(schema, keys)

    def counts(self):
        return self.real.counts()

    def conflicts(self, after: int):
        return self.real.conflicts(after)

    def start_pull(self, cursor: int, limit: int):
        started = self.real.start_pull(cursor, limit)
        started.next_cursor = None
        return started


def test_a_server_that_names_no_next_cursor_is_still_followed_page_by_page(connect):
    bob = colleague_of_synced_accounts(connect, 25)
    bob.engine.transport = OlderServer(bob.engine.transport)

    report = bob.engine.sync()

    assert report.pulled >= 25 and not report.resynced
    assert found(bob, "account 24") == ["Account 24"]


def test_keys_made_by_the_worker_process_find_the_same_accounts(connect, monkeypatch):
    monkeypatch.setattr(page_source, "WORKER_AFTER", 0)
    alice = connect("alice")
    account_id = new_account(alice, "北京兴科商贸有限公司")
    add_contact(alice, account_id, "王杰")
    alice.engine.sync()
    bob = connect("bob", page_size=5)

    bob.engine.sync()

    assert found(bob, "bjxk") == ["北京兴科商贸有限公司"]
    assert found(bob, "wangjie") == ["北京兴科商贸有限公司"]


def test_a_load_writes_with_the_big_page_cache_and_a_later_pull_with_the_default(
    connect, monkeypatch: pytest.MonkeyPatch
):
    bob = colleague_of_synced_accounts(connect, 12)
    caches: list[int] = []
    apply_page = engine_module.apply_page

    def noting_the_cache(session, prepared, *, from_start: bool) -> None:
        pragma = session.connection().exec_driver_sql("PRAGMA cache_size").scalar()
        caches.append(-pragma)
        apply_page(session, prepared, from_start=from_start)

    monkeypatch.setattr(engine_module, "apply_page", noting_the_cache)
    bob.engine.sync()  # 3 pages of 5, from 0
    loading = list(caches)
    alice = connect("alice")
    new_account(alice, "Later")  # one more, pulled by the next sync
    alice.engine.sync()
    caches.clear()
    bob.engine.sync()

    assert loading and set(loading) == {LOADING_CACHE_KIB}
    assert caches and set(caches) == {DEFAULT_CACHE_KIB}


def _contact_scans(client) -> int:
    """How many of the SELECTs the client's next sync runs read every contact, each planned
    as it runs (with the indexes there are then)."""
    plans: list[list[str]] = []

    def plan(_conn, cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            explained = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            plans.append([row[-1] for row in explained])

    event.listen(client.replica.engine, "before_cursor_execute", plan)
    client.engine.sync()
    event.remove(client.replica.engine, "before_cursor_execute", plan)
    reads_all = re.compile(r"(SCAN contact|SEARCH contact USING AUTOMATIC)\b")
    return sum(any(reads_all.match(detail) for detail in details) for details in plans)


def test_customers_from_other_countries_cost_a_load_no_read_of_every_contact_per_page(connect):
    """The contacts of accounts read in another region than the default get their keys made
    again; while a load had set the contacts' index aside, finding them read every contact on
    every page (a first sync of a territory with customers abroad grew with the square of its
    size). Now the same whatever the number of pages, and the numbers found as dialled there."""
    alice = connect("alice")
    for n in range(20):
        account_id = new_account(alice, f"Berlin {n:02}", country="DE")
        with alice.replica.session() as session:
            contact = {"account_id": account_id, "name": f"Anna {n}", "phone": f"030 1234 56{n:02}"}
            records.save(session, "contact", str(uuid.uuid4()), contact)
    alice.engine.sync()
    small_pages, large_pages = connect("bob", page_size=5), connect("bob", page_size=20)

    scans = [_contact_scans(small_pages), _contact_scans(large_pages)]

    assert scans[0] == scans[1], scans
    for bob in (small_pages, large_pages):
        assert not is_loading(bob)
        assert found(bob, "+49 30 1234 5607") == ["Berlin 07"]
