"""A record a client cannot read never stops sync: it is set aside, the rest of its page is
applied, later pages and later syncs go on, and a readable version takes it out again."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import orjson
from sqlalchemy import Engine, select, text

from local_store import quarantine, queries, records
from local_store.models import Activity, Process
from protocol.entities import catalogue_record_id
from server import feed, writes
from server.database import make_sessions
from sync.reading import read_page
from tests.unit.protocol.test_documents import nested
from tests.unit.sync.test_engine import new_account

ANSWERS = [{"step": "purpose", "codes": ["intro"], "note": ""}]


def new_activity(client: Any, account_id: str, answers: Any = ANSWERS) -> str:
    activity_id = str(uuid.uuid4())
    fields = {
        "account_id": account_id,
        "process_key": "visit",
        "process_version": 1,
        "kind": "visit",
        "occurred_at": "2026-11-23T10:30:00+08:00",
        "answers": answers,
    }
    with client.replica.session() as session:
        records.save(session, "activity", activity_id, fields)
    return activity_id


def written_by_an_old_server(engine: Engine, table: str, record_id: str, **values: Any) -> None:
    """Change a stored record behind the server's checks, as an older server let through."""
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    with engine.begin() as connection:
        connection.execute(
            text(f"UPDATE {table} SET {assignments} WHERE id = :id"),
            {name: json.dumps(value) for name, value in values.items()} | {"id": record_id},
        )


def old_process(engine: Engine, steps: Any) -> str:
    """A process version published before the server checked steps."""
    record_id = catalogue_record_id("process", "old_visit", 1)
    fields = {
        "key": "old_visit",
        "version": 1,
        "name": {"en": "Old visit", "zh_CN": "旧拜访"},
        "kind": "visit",
        "steps": [{"key": "s", "code_set": "visit_purpose"}],
    }
    with feed.write_transaction(make_sessions(engine).write) as session:
        outcome = writes.apply(session, writes.Write("process", record_id, fields), None)
        assert outcome.status == "applied"
    written_by_an_old_server(engine, "process", record_id, steps=steps)
    return record_id


def set_aside_ids(client: Any) -> set[str]:
    return {entry["record_id"] for entry in quarantine.read(client.replica.path)}


def test_an_unreadable_record_is_set_aside_and_sync_goes_on(connect, server_engine) -> None:
    alice = connect("alice")
    accounts = [new_account(alice, f"Account {number}") for number in range(5)]
    deep = new_activity(alice, accounts[0])
    fine = new_activity(alice, accounts[1])
    alice.engine.sync()
    deep_answers = [{"step": "purpose", "codes": [], "extra": nested(200)}]
    written_by_an_old_server(server_engine, "activity", deep, answers=deep_answers)
    process_id = old_process(server_engine, steps=[{"code_set": "visit_purpose"}])
    bob = connect("bob", page_size=3)
    bob.engine.count_check_every = dt.timedelta(0)  # the sanity check after every sync

    first = bob.engine.sync()
    new_account(alice, "Account after")
    alice.engine.sync()
    later = bob.engine.sync()

    assert (first.set_aside, first.resynced) == (2, False)
    assert set_aside_ids(bob) == {deep, process_id}
    with bob.replica.session() as session:
        assert queries.count_accounts(session) == 6
        assert session.get(Activity, fine) is not None
        assert session.get(Activity, deep) is None
        assert session.get(Process, process_id) is None
    assert (later.pulled, later.set_aside, later.resynced) == (1, 0, False)


def test_a_readable_version_takes_a_record_out_of_the_quarantine(connect, server_engine) -> None:
    alice, bob = connect("alice"), connect("bob")
    activity_id = new_activity(alice, new_account(alice, "Acme"))
    alice.engine.sync()
    written_by_an_old_server(server_engine, "activity", activity_id, answers=[{"codes": 5}])
    assert bob.engine.sync().set_aside == 1
    with alice.replica.session() as session:
        records.save(session, "activity", activity_id, {"answers": ANSWERS + ANSWERS})
    alice.engine.sync()

    report = bob.engine.sync()

    assert report.set_aside == 0 and set_aside_ids(bob) == set()
    with bob.replica.session() as session:
        stored = session.get(Activity, activity_id)
        assert stored is not None and stored.answers == ANSWERS + ANSWERS


def test_a_resync_sets_aside_again_what_is_still_unreadable(connect, server_engine) -> None:
    alice, bob = connect("alice"), connect("bob")
    activity_id = new_activity(alice, new_account(alice, "Acme"))
    alice.engine.sync()
    written_by_an_old_server(server_engine, "activity", activity_id, answers=[{"step": 1}])
    bob.engine.sync()

    bob.engine.resync()
    bob.engine.pull()

    assert set_aside_ids(bob) == {activity_id}


def test_a_page_with_a_change_not_shaped_like_a_change_is_read_change_by_change() -> None:
    fields = {"name": "Acme", "territory_id": str(uuid.uuid4())}
    good = {"entity": "account", "record_id": str(uuid.uuid4()), "version": 3, "fields": fields}
    bad = {"entity": "account", "record_id": str(uuid.uuid4()), "version": "three"}
    content = orjson.dumps({"changes": [good, bad], "cursor": 9, "has_more": False})

    page, unread = read_page(content)

    assert [change.record_id for change in page.changes] == [good["record_id"]]
    assert page.cursor == 9
    ((entity, record_id, problem),) = [(u.entity, u.record_id, u.problem) for u in unread]
    assert (entity, record_id) == ("account", bad["record_id"])
    assert problem.startswith("version ")


def test_the_records_set_aside_are_kept_by_the_replica(connect, server_engine) -> None:
    alice, bob = connect("alice"), connect("bob")
    activity_id = new_activity(alice, new_account(alice, "Acme"))
    alice.engine.sync()
    written_by_an_old_server(server_engine, "activity", activity_id, answers=[{"step": None}])
    bob.engine.sync()

    with bob.replica.session() as session:
        (entry,) = session.scalars(select(quarantine.QuarantinedRecord)).all()
    assert (entry.entity, entry.record_id) == ("activity", activity_id)
    assert entry.problem == "answers[0].step Input should be a valid string"
    assert json.loads(entry.received)["fields"]["answers"] == [{"step": None}]
