import uuid

import pytest
from sqlalchemy import inspect, select

from local_store import outbox, queries, records, state
from local_store.db import DEFAULT_CACHE_KIB, LOADING_CACHE_KIB, Replica
from local_store.models import Account, OutboxEntry

TERRITORY = str(uuid.uuid4())


@pytest.fixture
def replica(tmp_path):
    replica = Replica(tmp_path / "replica.db")
    yield replica
    replica.close()


def account_fields(name: str, **extra):
    return {"name": name, "territory_id": TERRITORY} | extra


def test_opening_migrates_to_the_newest_schema_in_wal_mode(replica):
    tables = set(inspect(replica.engine).get_table_names())
    assert {"account", "contact", "task", "activity", "code_set", "process", "outbox"} <= tables
    assert "alembic_version" in tables
    with replica.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_reopening_an_existing_replica_keeps_its_data(tmp_path):
    first = Replica(tmp_path / "r.db")
    with first.session() as session:
        records.save(session, "account", str(uuid.uuid4()), account_fields("Acme"))
    first.close()
    again = Replica(tmp_path / "r.db")
    with again.session() as session:
        assert queries.count_accounts(session) == 1
    again.close()


def test_a_local_write_queues_its_mutation_in_the_same_transaction(replica):
    record_id = str(uuid.uuid4())
    with replica.session() as session:
        records.save(session, "account", record_id, account_fields("北京科技有限公司"))
    with replica.session() as session:
        entry = session.scalars(select(OutboxEntry)).one()
        assert (entry.entity, entry.record_id, entry.op, entry.base_version) == (
            "account",
            record_id,
            "upsert",
            0,
        )
        assert entry.fields["name"] == "北京科技有限公司"


def test_a_failed_action_leaves_neither_record_nor_mutation(replica):
    with pytest.raises(RuntimeError), replica.session() as session:
        records.save(session, "account", str(uuid.uuid4()), account_fields("Acme"))
        raise RuntimeError("power cut in the middle of the action")
    with replica.session() as session:
        assert queries.count_accounts(session) == 0
        assert outbox.count(session) == 0


def test_invalid_fields_are_refused_before_anything_is_written(replica):
    with pytest.raises(records.InvalidRecordError) as caught, replica.session() as session:
        records.save(session, "account", str(uuid.uuid4()), {"name": " "})
    assert {p.field for p in caught.value.problems} == {"name", "territory_id"}
    with replica.session() as session:
        assert outbox.count(session) == 0


def test_an_edit_queues_only_the_changed_fields_against_the_base_version(replica):
    record_id = str(uuid.uuid4())
    with replica.session() as session:
        records.save(session, "account", record_id, account_fields("Acme", city="Beijing"))
        session.get(Account, record_id).version = 7
    with replica.session() as session:
        changed = records.save(session, "account", record_id, {"name": "Acme", "city": "Tianjin"})
    assert changed == {"city": "Tianjin"}
    with replica.session() as session:
        last = outbox.oldest(session, 10)[-1]
        assert (last.fields, last.base_version) == ({"city": "Tianjin"}, 7)


def test_mutation_numbers_grow_by_one_and_survive_reopening(tmp_path):
    replica = Replica(tmp_path / "r.db")
    with replica.session() as session:
        seqs = [state.take_seq(session) for _ in range(3)]
    replica.close()
    replica = Replica(tmp_path / "r.db")
    with replica.session() as session:
        seqs.append(state.take_seq(session))
    replica.close()
    assert seqs == [1, 2, 3, 4]


def test_delete_removes_the_row_and_queues_a_delete(replica):
    record_id = str(uuid.uuid4())
    with replica.session() as session:
        records.save(session, "account", record_id, account_fields("Acme"))
    with replica.session() as session:
        records.delete(session, "account", record_id)
    with replica.session() as session:
        assert queries.account(session, record_id) is None
        assert [e.op for e in outbox.oldest(session, 10)] == ["upsert", "delete"]


def test_search_finds_by_substring_pinyin_initials_phone_and_city(replica):
    with replica.session() as session:
        records.save(
            session,
            "account",
            str(uuid.uuid4()),
            account_fields("北京科技有限公司", phone="010-1234 5678", city="北京"),
        )
        records.save(
            session,
            "account",
            str(uuid.uuid4()),
            account_fields("Shanghai Ocean Trading", phone="+86 21 5888 1234", city="上海"),
        )
    with replica.session() as session:

        def names(query):
            return [a.name for a in queries.search_accounts(session, query)]

        assert names("科技") == ["北京科技有限公司"]
        assert names("bjkj") == ["北京科技有限公司"]
        assert names("beijingkeji") == ["北京科技有限公司"]
        assert names("ocean trad") == ["Shanghai Ocean Trading"]
        assert names("+86 10 1234 5678") == ["北京科技有限公司"]
        assert names("021-58881234") == ["Shanghai Ocean Trading"]
        assert names("上海") == ["Shanghai Ocean Trading"]
        assert names("50%") == []
        assert queries.count_accounts(session, "") == 2


def test_search_finds_an_account_by_its_contacts_phone(replica):
    account_id = str(uuid.uuid4())
    with replica.session() as session:
        records.save(session, "account", account_id, account_fields("Acme"))
        records.save(
            session,
            "contact",
            str(uuid.uuid4()),
            {"account_id": account_id, "name": "王伟", "phone": "13812345678"},
        )
    with replica.session() as session:
        assert [a.id for a in queries.search_accounts(session, "138 1234 5678")] == [account_id]
        assert [a.id for a in queries.search_accounts(session, "ww")] == [account_id]


def test_pulled_pages_commit_without_waiting_for_the_disk_and_saves_still_wait(replica):
    def synchronous(session) -> int:
        return session.connection().exec_driver_sql("PRAGMA synchronous").scalar()

    with replica.session() as session:
        assert synchronous(session) == 2  # FULL
    with replica.refetchable_session() as session:
        assert synchronous(session) == 1  # NORMAL
        state.put(session, state.CURSOR, 7)
    with replica.session() as session:  # the same pooled connection, durable again
        assert synchronous(session) == 2
        assert state.get(session, state.CURSOR) == 7


def test_a_territory_loads_with_a_big_page_cache_and_other_work_has_the_default(replica):
    """A first sync inserts random ids into the primary keys' indexes: with SQLite's default
    cache (2 MiB) nearly every insert read an index page back from the file. Other pulls keep
    the default, or the app's memory would grow by the cache."""

    def cache_kib(session) -> int:
        return -session.connection().exec_driver_sql("PRAGMA cache_size").scalar()

    with replica.session() as session:
        assert cache_kib(session) == DEFAULT_CACHE_KIB
    with replica.refetchable_session() as session:
        assert cache_kib(session) == DEFAULT_CACHE_KIB
    with replica.refetchable_session(loading=True) as session:
        assert cache_kib(session) == LOADING_CACHE_KIB > DEFAULT_CACHE_KIB
        pulling = session.connection().connection.dbapi_connection
    with replica.session() as session:  # the same pooled connection, back to the default
        assert session.connection().connection.dbapi_connection is pulling
        assert cache_kib(session) == DEFAULT_CACHE_KIB


def test_json_columns_keep_chinese_text_readable_in_the_file(replica):
    with replica.session() as session:
        records.save(session, "account", str(uuid.uuid4()), account_fields("北京科技"))
    with replica.engine.connect() as connection:
        queued = connection.exec_driver_sql("SELECT fields FROM outbox").scalar_one()
    assert "北京科技" in queued
    with replica.session() as session:
        (entry,) = session.scalars(select(OutboxEntry))
        assert entry.fields["name"] == "北京科技"
