"""The bulk path for seeding: one allocation, correct versions, scopes and feed rows."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import Engine, select

from server import feed
from server.database import make_sessions
from server.tables import Account, ChangeFeed, Contact
from server.writes import InvalidRecordError, NewRecord, bulk_create
from tests.unit.server.helpers import World, account_fields, contact_fields, new_id


def accounts_with_contacts(territory_id: str, accounts: int, contacts: int) -> list[NewRecord]:
    records: list[NewRecord] = []
    for _ in range(accounts):
        account_id = new_id()
        records.append(("account", account_id, account_fields(territory_id)))
        records += [("contact", new_id(), contact_fields(account_id)) for _ in range(contacts)]
    return records


def test_bulk_create_versions_scopes_and_feed_rows(engine: Engine, world: World) -> None:
    records = accounts_with_contacts(world.territory_b, accounts=3, contacts=2)
    sessions = make_sessions(engine)

    with feed.write_transaction(sessions.write) as session:
        counts = bulk_create(session, records)

    assert counts == {"account": 3, "contact": 6}
    with sessions.read() as session:
        contacts = session.scalars(select(Contact)).all()
        rows = session.scalars(select(ChangeFeed).order_by(ChangeFeed.seq)).all()[-9:]
        account = session.get_one(Account, records[0][1])
    assert {c.scope_territory_id for c in contacts} == {world.territory_b}
    assert [(r.entity, r.record_id) for r in rows] == [(e, i) for e, i, _ in records]
    assert all(r.territory_id == world.territory_b and not r.exit for r in rows)
    assert account.sync_version == rows[0].seq
    assert account.field_versions == dict.fromkeys(account_fields(""), rows[0].seq)


def test_children_of_accounts_already_stored_get_their_territory(
    engine: Engine, world: World
) -> None:
    (account,) = accounts_with_contacts(world.territory_a, accounts=1, contacts=0)
    sessions = make_sessions(engine)
    with feed.write_transaction(sessions.write) as session:
        bulk_create(session, [account])
    with feed.write_transaction(sessions.write) as session:
        bulk_create(session, [("contact", new_id(), contact_fields(account[1]))])

    with sessions.read() as session:
        assert session.scalars(select(Contact.scope_territory_id)).one() == world.territory_a


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (("account", new_id(), {"name": "no territory"}), "territory_id is required"),
        (("contact", new_id(), {"account_id": new_id(), "name": "x"}), "account_id not found"),
    ],
)
def test_bad_records_stop_the_bulk_insert(
    engine: Engine, record: tuple[str, str, dict[str, Any]], message: str
) -> None:
    with (
        pytest.raises(InvalidRecordError, match=message),
        feed.write_transaction(make_sessions(engine).write) as session,
    ):
        bulk_create(session, [record])


def test_seeding_hundreds_of_accounts_with_children_is_fast(engine: Engine, world: World) -> None:
    records = accounts_with_contacts(world.territory_a, accounts=400, contacts=5)
    started = time.perf_counter()

    with feed.write_transaction(make_sessions(engine).write) as session:
        bulk_create(session, records)

    assert time.perf_counter() - started < 2.0
