"""The sync engine against a real server: push, pull, rebase, conflicts, resumable pages."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text

from local_store import outbox, queries, records, state
from local_store.models import Account, Conflict
from protocol.paths import MAX_PULL_PAGE
from protocol.sync import PushRequest
from sync.engine import SyncEngine
from sync.errors import Outcome, SyncError


def new_account(client, name: str, **fields) -> str:
    account_id = str(uuid.uuid4())
    with client.replica.session() as session:
        records.save(
            session,
            "account",
            account_id,
            {"name": name, "territory_id": client.territory_id} | fields,
        )
    return account_id


def edit(client, account_id: str, **fields) -> None:
    with client.replica.session() as session:
        records.save(session, "account", account_id, fields)


def find(client, account_id: str) -> Account | None:
    with client.replica.session() as session:
        return queries.account(session, account_id)


def account(client, account_id: str) -> Account:
    found = find(client, account_id)
    assert found is not None, "the account is in the replica"
    return found


def test_a_pushed_record_reaches_a_colleague_but_not_another_territory(connect):
    alice, bob, carol = connect("alice"), connect("bob"), connect("carol")
    account_id = new_account(alice, "北京科技有限公司", phone="010-1234 5678")

    report = alice.engine.sync()
    bob.engine.sync()
    carol.engine.sync()

    assert report.pushed == 1 and report.conflicts == 0
    with alice.replica.session() as session:
        assert outbox.count(session) == 0
    assert account(alice, account_id).version > 0
    seen = account(bob, account_id)
    assert seen.name == "北京科技有限公司"
    assert "bjkj" in seen.search_text  # derived keys are computed for pulled records too
    assert find(carol, account_id) is None


def test_the_report_names_the_kinds_of_record_a_pull_changed(connect):
    alice, bob = connect("alice"), connect("bob")
    alice.engine.sync()
    bob.engine.sync()
    new_account(alice, "上海海洋贸易")
    alice.engine.sync()

    assert bob.engine.sync().changed == {"account"}
    assert bob.engine.sync().changed == frozenset()  # nothing new


def test_a_pull_never_overwrites_a_local_edit_not_yet_pushed(connect):
    alice, bob = connect("alice"), connect("bob")
    account_id = new_account(alice, "Acme", city="Beijing", phone="1")
    alice.engine.sync()
    bob.engine.sync()

    edit(bob, account_id, phone="2")  # pending on bob's laptop
    edit(alice, account_id, city="Tianjin", address="Nankai Rd 1")
    alice.engine.sync()
    bob.engine.pull()

    rebased = account(bob, account_id)
    assert (rebased.phone, rebased.city) == ("2", "Tianjin")
    with bob.replica.session() as session:
        assert outbox.count(session) == 1
    bob.engine.sync()
    alice.engine.sync()
    merged = account(alice, account_id)
    assert (merged.phone, merged.city, merged.address) == ("2", "Tianjin", "Nankai Rd 1")


def test_a_pending_local_delete_is_not_undone_by_a_pull(connect):
    alice, bob = connect("alice"), connect("bob")
    account_id = new_account(alice, "Acme")
    alice.engine.sync()
    bob.engine.sync()
    with bob.replica.session() as session:
        records.delete(session, "account", account_id)
    edit(alice, account_id, phone="3")
    alice.engine.sync()

    bob.engine.pull()

    assert find(bob, account_id) is None


def test_the_same_field_edited_twice_keeps_my_value_as_a_conflict(connect):
    alice, bob = connect("alice"), connect("bob")
    account_id = new_account(alice, "Acme", phone="1")
    alice.engine.sync()
    bob.engine.sync()
    edit(alice, account_id, phone="alice's")
    edit(bob, account_id, phone="bob's")

    alice.engine.sync()
    report = bob.engine.sync()

    assert report.conflicts == 1
    assert account(bob, account_id).phone == "alice's"  # the server's value stands
    with bob.replica.session() as session:
        conflict = session.scalars(select(Conflict)).one()
    assert (conflict.field, conflict.mine, conflict.theirs) == ("phone", "bob's", "alice's")


def test_two_offline_edits_of_one_field_by_one_user_do_not_conflict(connect):
    alice = connect("alice")
    account_id = new_account(alice, "Acme", phone="1")
    alice.engine.sync()
    edit(alice, account_id, phone="2")
    edit(alice, account_id, phone="3")

    assert alice.engine.sync().conflicts == 0
    assert account(alice, account_id).phone == "3"


class DroppingTransport:
    """Passes calls to a real transport; the connection drops after `pages` pulls."""

    def __init__(self, real, pages: int) -> None:
        self.real = real
        self.pages = pages

    def push(self, request):
        return self.real.push(request)

    def snapshot_offer(self, schema: str, keys: int):
        return self.real.snapshot_offer(schema, keys)

    def start_pull(self, cursor: int, limit: int):
        if self.pages == 0:
            raise SyncError(Outcome.OFFLINE, "connection dropped")
        self.pages -= 1
        return self.real.start_pull(cursor, limit)


def test_a_pull_asks_for_the_largest_pages_the_server_gives(connect, monkeypatch):
    alice = connect("alice")
    for n in range(3):
        new_account(alice, f"Account {n}")
    alice.engine.sync()
    bob = connect("bob")
    limits: list[int] = []
    start_pull = bob.transport.start_pull

    def noting_the_limit(cursor: int, limit: int):
        limits.append(limit)
        return start_pull(cursor, limit)

    monkeypatch.setattr(bob.transport, "start_pull", noting_the_limit)
    SyncEngine(bob.replica, bob.transport).pull()
    assert limits == [MAX_PULL_PAGE]
    with bob.replica.session() as session:
        assert queries.count_accounts(session) == 3


def test_each_page_is_kept_with_its_cursor_so_a_broken_pull_resumes(connect):
    alice = connect("alice")
    ids = [new_account(alice, f"Account {n:02}") for n in range(25)]
    alice.engine.sync()
    bob = connect("bob", page_size=5)
    real = bob.engine.transport
    # 16 catalogue records come first (code sets, processes, territories, users)
    bob.engine.transport = DroppingTransport(real, pages=6)

    with pytest.raises(SyncError):
        bob.engine.pull()
    with bob.replica.session() as session:
        cursor_after_drop = state.get(session, state.CURSOR)
        partial = queries.count_accounts(session)
    assert cursor_after_drop > 0 and 0 < partial < 25

    bob.engine.transport = real
    bob.engine.pull()
    with bob.replica.session() as session:
        assert sorted(a.id for a in queries.search_accounts(session, limit=100)) == sorted(ids)


def test_a_push_replayed_after_a_lost_answer_applies_once(connect, server_engine):
    alice = connect("alice")
    account_id = new_account(alice, "Acme")
    with alice.replica.session() as session:
        entries = outbox.oldest(session, 10)
        client_id = state.client_id(session)
    request = PushRequest(
        client_id=client_id,
        mutations=[
            {
                "seq": e.seq,
                "entity": e.entity,
                "record_id": e.record_id,
                "op": e.op,
                "base_version": e.base_version,
                "fields": e.fields,
            }
            for e in entries
        ],
    )
    first = alice.transport.push(request)  # the answer to this one is "lost"

    alice.engine.sync()  # the engine sends the same mutation again

    with server_engine.connect() as db:
        versions = (
            db.execute(text("SELECT sync_version FROM account WHERE id = :id"), {"id": account_id})
            .scalars()
            .all()
        )
    assert versions == [first.results[0].version]
    with alice.replica.session() as session:
        assert outbox.count(session) == 0


def test_an_unreachable_server_is_offline_and_keeps_the_outbox(connect, tmp_path):
    alice = connect("alice")
    new_account(alice, "Acme")
    alice.engine.transport.base_url = "http://127.0.0.1:9"

    with pytest.raises(SyncError) as failed:
        alice.engine.sync()

    assert failed.value.outcome is Outcome.OFFLINE
    with alice.replica.session() as session:
        assert outbox.count(session) == 1


def test_a_refused_session_means_signed_out(connect):
    alice = connect("alice")
    alice.engine.transport.token = "not-a-token"
    alice.engine.transport.refresh_token = "not-a-token-either"
    with pytest.raises(SyncError) as failed:
        alice.engine.sync()
    assert failed.value.outcome is Outcome.SIGNED_OUT


def test_progress_is_reported_per_page(connect):
    alice = connect("alice")
    for n in range(12):
        new_account(alice, f"A{n}")
    alice.engine.sync()
    bob = connect("bob", page_size=5)
    seen: list = []
    bob.engine.on_progress = seen.append

    bob.engine.sync()

    pulls = [p.done for p in seen if p.phase == "pull"]
    assert len(pulls) >= 3 and pulls == sorted(pulls)
