"""Scope changes, retention and the sanity check: the replica starts over from 0 when it must,
and never loses an unpushed edit doing so."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from local_store import outbox, records
from local_store.models import Account, Conflict
from server import feed, retention, users
from server.database import make_sessions
from sync.replica_side import forget_synced
from tests.support.views import replica_view, server_view
from tests.unit.sync.test_engine import account, edit, find, new_account


def set_territories(server_engine, user_id: str, keys: list[str]) -> None:
    with feed.write_transaction(make_sessions(server_engine).write) as session:
        ids = [users.ensure_territory(session, key) for key in keys]
        users.set_territories(session, user_id, ids)


def compact_everything(server_engine) -> int:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    with feed.write_transaction(make_sessions(server_engine).write) as session:
        return retention.compact(session, later, dt.timedelta(0))


def test_losing_a_territory_removes_its_records_and_gaining_one_brings_them(connect, server_engine):
    alice, carol = connect("alice"), connect("carol")
    account_id = new_account(alice, "Acme")
    alice.engine.sync()
    carol.engine.sync()
    assert find(carol, account_id) is None

    set_territories(server_engine, carol.user_id, ["B", "A"])
    set_territories(server_engine, alice.user_id, ["B"])
    gained, lost = carol.engine.sync(), alice.engine.sync()

    assert gained.resynced and lost.resynced
    assert account(carol, account_id).name == "Acme"
    assert find(alice, account_id) is None  # removed from the replica ...
    assert server_view(server_engine, carol.user_id)[("account", account_id)]  # ... not deleted
    for client in (alice, carol):
        assert replica_view(client.replica) == server_view(server_engine, client.user_id)


def test_a_cursor_older_than_the_horizon_resyncs_and_keeps_unpushed_edits(connect, server_engine):
    alice, bob = connect("alice"), connect("bob")
    kept, gone = new_account(alice, "Kept", phone="1"), new_account(alice, "Gone")
    alice.engine.sync()
    bob.engine.sync()
    with alice.replica.session() as session:
        records.delete(session, "account", gone)
    edit(alice, kept, city="Tianjin")
    alice.engine.sync()
    edit(bob, kept, phone="2")  # offline edits on bob's laptop
    mine = new_account(bob, "Bob's new account")
    assert compact_everything(server_engine) > 0

    report = bob.engine.sync()

    assert report.resynced and report.pushed == 2
    assert (account(bob, kept).phone, account(bob, kept).city) == ("2", "Tianjin")
    assert find(bob, gone) is None and account(bob, mine).version > 0
    assert replica_view(bob.replica) == server_view(server_engine, bob.user_id)
    fresh = connect("bob")  # a new replica starts from 0 and needs no resync
    assert not fresh.engine.sync().resynced
    assert replica_view(fresh.replica) == server_view(server_engine, bob.user_id)


def test_forgetting_synced_records_keeps_those_with_pending_edits(connect):
    alice = connect("alice")
    account_id = new_account(alice, "Acme", phone="1")
    alice.engine.sync()
    edit(alice, account_id, phone="2")
    with alice.replica.session() as session:
        forget_synced(session)
        assert outbox.count(session) == 1
    assert account(alice, account_id).phone == "2"  # the record with a pending edit stays


def test_a_replica_that_drifted_from_the_server_is_repaired_by_the_count_check(
    connect, server_engine
):
    alice = connect("alice")
    ids = [new_account(alice, f"A{n}") for n in range(3)]
    alice.engine.sync()
    with alice.replica.session() as session:  # damage no sync step would notice
        session.execute(delete(Account).where(Account.id == ids[0]))
        session.add(Account(id="00000000-0000-4000-8000-000000000000", name="x", territory_id="t"))
    alice.engine.count_check_every = dt.timedelta(0)  # due again at once, not in an hour

    report = alice.engine.sync()

    assert report.resynced
    assert replica_view(alice.replica) == server_view(server_engine, alice.user_id)
    assert not alice.engine.sync().resynced


def test_a_rejected_edit_stays_visible_as_a_conflict_after_a_resync(connect, server_engine):
    alice = connect("alice")
    account_id = new_account(alice, "Acme")
    alice.engine.sync()
    set_territories(server_engine, alice.user_id, ["B"])
    edit(alice, account_id, phone="5")  # made offline, before alice heard of the change

    alice.engine.sync()

    assert find(alice, account_id) is None
    with alice.replica.session() as session:
        conflict = session.scalars(select(Conflict)).one()
        assert outbox.count(session) == 0
    assert (conflict.record_id, conflict.field, conflict.mine) == (account_id, "phone", "5")
