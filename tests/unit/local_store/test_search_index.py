"""The FTS5 trigram search index follows every write, local or pulled, and keeps the search
semantics: substrings of any length, pinyin, initials, phone digits, contacts' keys."""

import uuid

import pytest
from sqlalchemy import text

from local_store import queries, records, search_index, search_match
from local_store.db import Replica
from protocol.sync import Change
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


@pytest.mark.parametrize(
    ("walk_above", "common_share"),
    [(0, 0.0), (0, 2.0), (1_000_000, 0.0)],
    ids=["walk-testing-texts", "walk-through-the-matches", "sort-the-matches"],
)
def test_every_way_to_a_page_gives_the_same_page(replica, monkeypatch, walk_above, common_share):
    monkeypatch.setattr(queries, "WALK_ABOVE", walk_above)
    monkeypatch.setattr(search_match, "COMMON_SHARE", common_share)
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


def _save(replica: Replica, name: str, phone: str | None = None) -> str:
    account_id = str(uuid.uuid4())
    with replica.session() as session:
        fields = {"name": name, "territory_id": TERRITORY, "phone": phone}
        records.save(session, "account", account_id, fields)
    return account_id


@pytest.mark.parametrize("max_terms", [0, 10_000], ids=["reading-texts", "through-terms"])
def test_one_and_two_character_queries_find_what_a_scan_finds(replica, monkeypatch, max_terms):
    monkeypatch.setattr(search_match, "MAX_TERMS", max_terms)
    _save(replica, "北京科技有限公司", "010-1234 5678")
    _save(replica, "上海科学仪器", "+86 21 8765 4321")
    _save(replica, "Tianjin Tools", "138 0013 8000")
    _save(replica, 'Quote "Q" Ltd')
    _save(replica, "Ab")  # its whole text is two characters
    assert names(replica, "科") == ["北京科技有限公司", "上海科学仪器"]
    assert names(replica, "科技") == ["北京科技有限公司"]
    assert names(replica, "司") == ["北京科技有限公司"]  # the last character of a name
    assert names(replica, "sh") == ["上海科学仪器"]  # pinyin initials
    assert names(replica, "yq") == ["上海科学仪器"]  # initials at the end of the text
    assert names(replica, "ab") == ["Ab"]
    assert names(replica, '"') == ['Quote "Q" Ltd']
    assert names(replica, '"q') == ['Quote "Q" Ltd']
    assert names(replica, "%") == []
    assert names(replica, "00") == ["Tianjin Tools"]  # phone digits
    assert names(replica, "21") == ["上海科学仪器"]
    assert names(replica, "京科学") == []


def test_a_count_can_stop_early(replica):
    for n in range(12):
        _save(replica, f"北京 Customer {n:02d}")
    with replica.session() as session:
        assert queries.count_accounts(session, "北", up_to=5) == 5
        assert queries.count_accounts(session, "北京", up_to=20) == 12
        assert queries.count_accounts(session, "customer", up_to=3) == 3
        assert queries.count_accounts(session, "", up_to=4) == 4
        assert queries.count_accounts(session, "北", tier="a", up_to=5) == 0


def test_an_upgraded_index_finds_short_queries_at_the_end_of_a_text(tmp_path):
    """Migration 0003 fills the index again with the texts' new ending."""
    path = tmp_path / "replica.db"
    Replica(path).close()
    replica = Replica(path)
    try:
        _save(replica, "杭州西湖茶业")
        with replica.session() as session:
            session.execute(text(f"DELETE FROM {search_index.TABLE}"))
            search_index.rebuild(session.connection())
        assert names(replica, "xh") == ["杭州西湖茶业"]
        assert names(replica, "ye") == ["杭州西湖茶业"]
    finally:
        replica.close()


def test_three_character_queries_are_one_trigram_with_wildcards_taken_literally(replica):
    _save(replica, "50% Off Store")
    _save(replica, "500 Off Store")
    _save(replica, "A_B Trading")
    assert names(replica, "0% ") == ["50% Off Store"]
    assert names(replica, "a_b") == ["A_B Trading"]
    assert names(replica, "off") == ["50% Off Store", "500 Off Store"]
    assert names(replica, "xyz") == []
