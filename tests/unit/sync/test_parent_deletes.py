"""Deleting an account on any replica takes its contacts, tasks and activities off every
replica; a child written under an account deleted meanwhile comes back as a conflict; and the
user whose value stood sees what was set aside, with who wrote each value."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from local_store import outbox, queries, records
from local_store.models import Account, Conflict, Contact, Task
from protocol.sync import MutationResult
from sync.replica_side import record_push_results
from tests.unit.sync.test_engine import edit, new_account


def add(client: Any, entity: str, fields: dict[str, Any]) -> str:
    record_id = str(uuid.uuid4())
    with client.replica.session() as session:
        records.save(session, entity, record_id, fields)
    return record_id


def delete(client: Any, entity: str, record_id: str) -> None:
    with client.replica.session() as session:
        records.delete(session, entity, record_id)


def held(client: Any, model: type[Account] | type[Contact] | type[Task]) -> set[str]:
    with client.replica.session() as session:
        return set(session.scalars(select(model.id)))


def conflicts(client: Any) -> list[Conflict]:
    with client.replica.session() as session:
        found = list(session.scalars(select(Conflict).order_by(Conflict.id)))
        session.expunge_all()
        return found


def account_with_children(client: Any) -> tuple[str, str, str]:
    account_id = new_account(client, "北京科技有限公司")
    contact_id = add(client, "contact", {"account_id": account_id, "name": "王伟"})
    task_id = add(
        client, "task", {"account_id": account_id, "title": "报价", "due_date": "2026-12-01"}
    )
    return account_id, contact_id, task_id


def test_deleting_an_account_takes_its_children_off_every_replica(connect):
    alice, bob = connect("alice"), connect("bob")
    account_id, contact_id, task_id = account_with_children(alice)
    alice.engine.sync()
    bob.engine.sync()
    assert contact_id in held(bob, Contact)

    delete(alice, "account", account_id)

    assert contact_id not in held(alice, Contact) and task_id not in held(alice, Task)
    alice.engine.sync()
    bob.engine.sync()
    assert account_id not in held(bob, Account)
    assert contact_id not in held(bob, Contact) and task_id not in held(bob, Task)


def test_a_colleagues_edit_of_a_child_does_not_bring_it_back_under_my_pending_delete(connect):
    alice, bob = connect("alice"), connect("bob")
    account_id, contact_id, _task_id = account_with_children(alice)
    alice.engine.sync()
    bob.engine.sync()
    delete(alice, "account", account_id)  # not pushed yet
    with bob.replica.session() as session:
        records.save(session, "contact", contact_id, {"title": "经理"})
    bob.engine.sync()

    alice.engine.pull()

    assert contact_id not in held(alice, Contact)


def test_a_contact_added_under_an_account_deleted_meanwhile_is_a_conflict(connect):
    alice, bob = connect("alice"), connect("bob")
    account_id = new_account(alice, "北京科技有限公司")
    alice.engine.sync()
    bob.engine.sync()
    delete(bob, "account", account_id)
    bob.engine.sync()
    contact_id = add(alice, "contact", {"account_id": account_id, "name": "王伟"})

    report = alice.engine.sync()

    assert report.conflicts == 2
    assert contact_id not in held(alice, Contact)
    kept = {(c.record_id, c.field): c for c in conflicts(alice)}
    assert set(kept) == {(contact_id, "account_id"), (contact_id, "name")}
    name = kept[contact_id, "name"]
    assert (name.kind, name.mine, name.theirs) == ("deleted", "王伟", None)
    assert (name.mine_by, name.theirs_by) == (alice.user_id, bob.user_id)


def test_the_user_whose_value_stood_sees_what_was_set_aside(connect):
    alice, bob = connect("alice"), connect("bob")
    account_id = new_account(alice, "Acme", phone="1")
    alice.engine.sync()
    bob.engine.sync()
    edit(alice, account_id, phone="alice's")
    edit(bob, account_id, phone="bob's")
    alice.engine.sync()
    bob.engine.sync()

    alice.engine.sync()

    [conflict] = conflicts(alice)
    assert (conflict.kind, conflict.field, conflict.mine, conflict.theirs) == (
        "changed",
        "phone",
        "bob's",
        "alice's",
    )
    assert (conflict.mine_by, conflict.theirs_by) == (bob.user_id, alice.user_id)
    assert conflict.mine_at is not None and conflict.theirs_at is not None
    assert [c.server_id for c in conflicts(bob)] == [conflict.server_id]  # kept once on each


def test_a_refused_value_keeps_the_servers_reason_as_a_kind(connect):
    alice = connect("alice")
    account_id = new_account(alice, "Acme")
    with alice.replica.session() as session:
        [entry] = outbox.oldest(session, 10)
        refused = MutationResult(
            seq=entry.seq,
            record_id=account_id,
            entity="account",
            status="rejected",
            problems=[{"field": "name", "message": "is too long", "kind": "too_long", "limit": 3}],
        )
        record_push_results(session, [entry], [refused])

    kept = {c.field: c for c in conflicts(alice)}
    assert set(kept) == {"name", "territory_id"}  # every value typed is kept
    conflict = kept["name"]
    assert (conflict.kind, conflict.field, conflict.mine, conflict.theirs) == (
        "refused",
        "name",
        "Acme",
        None,
    )
    assert conflict.reason["kind"] == "too_long" and conflict.reason["limit"] == 3


def test_an_orphaned_task_is_never_listed_as_due(connect):
    alice = connect("alice")
    account_id, _contact_id, task_id = account_with_children(alice)
    with alice.replica.session() as session:
        session.delete(session.get_one(Account, account_id))
    with alice.replica.session() as session:
        due = queries.tasks_due(session, dt.date(2026, 12, 31))
        counted = queries.count_tasks_due(session, dt.date(2026, 12, 31), after=None, up_to=10)
    assert task_id not in [task.id for task in due] and counted == 0


def test_restoring_the_contact_brings_its_account_back_on_every_replica(connect):
    alice, bob = connect("alice"), connect("bob")
    account_id = new_account(alice, "北京科技有限公司")
    alice.engine.sync()
    bob.engine.sync()
    delete(bob, "account", account_id)
    bob.engine.sync()
    contact_id = add(alice, "contact", {"account_id": account_id, "name": "王伟"})
    alice.engine.sync()
    lost = {c.field: c.mine for c in conflicts(alice) if c.record_id == contact_id}

    with alice.replica.session() as session:
        records.restore(session, "contact", contact_id, lost)
    alice.engine.sync()
    bob.engine.sync()

    for client in (alice, bob):
        assert account_id in held(client, Account) and contact_id in held(client, Contact)
