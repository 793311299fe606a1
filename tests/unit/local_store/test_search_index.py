"""The FTS5 trigram search index follows every write, local or pulled, and keeps the search
semantics: substrings of any length, pinyin, initials, phone digits, contacts' keys."""

import uuid

import pytest
from sqlalchemy import text

from local_store import queries, records, search_index
from local_store.db import Replica
from sync.protocol import Change
from sync.replica_side import apply_changes

TERRITORY = str(uuid.uuid4())


@pytest.fixture
def replica(tmp_path):
    replica = Replica(tmp_path / "replica.db")
    yield replica
    replica.close()


def names(replica: Replica, query: str) -> list[str]:
    with replica.session() as session:
        found = [a.name for a in queries.search_accounts(session, query)]
        assert queries.count_accounts(session, query) == len(found)
        return found


def test_local_writes_are_found_by_short_and_long_queries(replica):
    account_id = str(uuid.uuid4())
    with replica.session() as session:
        records.save(
            session,
            "account",
            account_id,
            {"name": "北京科技有限公司", "territory_id": TERRITORY, "phone": "010-1234 5678"},
        )
    for query in ("北", "北京", "北京科技", "bj", "bjkj", "beijingkeji", "12345678", "010 1234"):
        assert names(replica, query) == ["北京科技有限公司"], query
    with replica.session() as session:
        records.save(session, "account", account_id, {"name": "上海贸易"})
    assert names(replica, "北京") == []
    assert names(replica, "shmy") == ["上海贸易"]


def test_contacts_are_found_through_their_account_and_removals_leave_the_index(replica):
    account_id, contact_id = str(uuid.uuid4()), str(uuid.uuid4())
    with replica.session() as session:
        apply_changes(
            session,
            [
                Change(
                    entity="account",
                    record_id=account_id,
                    version=1,
                    fields={"name": "Acme", "territory_id": TERRITORY},
                ),
                Change(
                    entity="contact",
                    record_id=contact_id,
                    version=1,
                    fields={"account_id": account_id, "name": "王伟", "phone": "138 0013 8000"},
                ),
            ],
        )
    assert names(replica, "wangwei") == ["Acme"]
    assert names(replica, "13800138000") == ["Acme"]
    with replica.session() as session:
        apply_changes(
            session, [Change(entity="contact", record_id=contact_id, version=2, removed=True)]
        )
    assert names(replica, "wangwei") == []
    with replica.session() as session:
        records.delete(session, "account", account_id)
        rows = session.execute(text(f"SELECT count(*) FROM {search_index.TABLE}")).scalar()
    assert rows == 0


def test_like_wildcards_are_plain_characters(replica):
    with replica.session() as session:
        for name in ("100% Cotton", "100 Cotton"):
            records.save(
                session, "account", str(uuid.uuid4()), {"name": name, "territory_id": TERRITORY}
            )
    assert names(replica, "100%") == ["100% Cotton"]
    assert names(replica, "0%") == ["100% Cotton"]


@pytest.mark.parametrize("walk_above", [0, 1_000_000])
def test_both_ways_to_a_page_give_the_same_page(replica, monkeypatch, walk_above):
    monkeypatch.setattr(queries, "WALK_ABOVE", walk_above)
    with replica.session() as session:
        for n in range(30):
            name = f"{'北京' if n % 2 else 'Tianjin'} Customer {n:02d}"
            records.save(
                session, "account", str(uuid.uuid4()), {"name": name, "territory_id": TERRITORY}
            )
        page = [a.name for a in queries.search_accounts(session, "bj", limit=5, offset=5)]
        long_page = [a.name for a in queries.search_accounts(session, "customer 1", limit=3)]
    assert page == [f"北京 Customer {n:02d}" for n in (11, 13, 15, 17, 19)]
    assert long_page == ["北京 Customer 11", "北京 Customer 13", "北京 Customer 15"]
