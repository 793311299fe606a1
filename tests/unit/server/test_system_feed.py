"""The change feed for other systems (`server.system_feed`): commit order, latest states,
external ids, coded answers with labels, tombstones, territories and retention."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine

from server import defaults, external_ids, feed, retention, writes
from server.database import make_sessions
from server.system_feed import ResyncRequiredError, SystemPage, page
from tests.unit.server.helpers import World, account_fields, contact_fields, new_id


def write(engine: Engine, entity: str, record_id: str, fields: dict[str, Any], **kw: Any) -> int:
    with feed.write_transaction(make_sessions(engine).write) as session:
        outcome = writes.apply(session, writes.Write(entity, record_id, fields, **kw), None)
    assert outcome.status == "applied", outcome
    return outcome.version


def read(
    engine: Engine,
    after: int = 0,
    territories: list[str] | None = None,
    limit: int = 100,
    entities: tuple[str, ...] = ("account", "contact", "task", "activity"),
) -> SystemPage:
    with make_sessions(engine).read() as session:
        return page(session, territories, after, limit, entities)


def visit(account_id: str, reasons: list[str]) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "process_key": "field_visit",
        "process_version": 1,
        "kind": "visit",
        "occurred_at": "2026-11-02T09:00:00+08:00",
        "answers": [
            {"step": "purpose", "codes": ["sales"]},
            {"step": "reasons", "codes": reasons, "note": "比较了三家"},
        ],
    }


def test_records_come_in_commit_order_once_each_in_their_latest_state(
    engine: Engine, world: World
) -> None:
    first, second = new_id(), new_id()
    version = write(engine, "account", first, account_fields(world.territory_a, name="甲"))
    write(engine, "account", second, account_fields(world.territory_a, name="乙"))
    write(engine, "account", first, {"name": "甲 (renamed)"}, base_version=version)
    contact = new_id()
    write(engine, "contact", contact, contact_fields(second))

    changes = read(engine).changes
    assert [(c["entity"], c["id"]) for c in changes] == [
        ("account", second),
        ("account", first),
        ("contact", contact),
    ]
    assert changes[1]["fields"]["name"] == "甲 (renamed)"
    assert [c["position"] for c in changes] == sorted(c["position"] for c in changes)


def test_a_cursor_continues_where_the_last_page_ended(engine: Engine, world: World) -> None:
    ids = [new_id() for _ in range(5)]
    for number, record_id in enumerate(ids):
        write(engine, "account", record_id, account_fields(world.territory_a, name=f"A{number}"))
    seen: list[str] = []
    cursor = 0
    while True:
        got = read(engine, after=cursor, limit=2)
        seen += [change["id"] for change in got.changes]
        cursor = got.cursor
        if not got.has_more:
            break
    assert seen == ids
    assert read(engine, after=cursor).changes == []
    assert read(engine, after=cursor).cursor == cursor


def test_each_record_carries_its_external_ids(engine: Engine, world: World) -> None:
    account = new_id()
    write(engine, "account", account, account_fields(world.territory_a))
    with make_sessions(engine).write.begin() as session:
        external_ids.attach(session, "account", account, "erp", "C-1001")
        external_ids.attach(session, "account", account, "shop", "9911")
    (change,) = read(engine).changes
    assert change["external_ids"] == {"erp": "C-1001", "shop": "9911"}


def test_an_activity_carries_its_answers_with_questions_and_code_labels(
    engine: Engine, world: World
) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        defaults.add_missing_defaults(session)
    account, activity = new_id(), new_id()
    write(engine, "account", account, account_fields(world.territory_a))
    write(engine, "activity", activity, visit(account, ["price", "brand", "retired_code"]))

    (change,) = [c for c in read(engine).changes if c["entity"] == "activity"]
    assert change["fields"]["process_key"] == "field_visit"
    purpose, reasons = change["answers"]
    assert purpose["codes"][0]["key"] == "sales"
    assert reasons == {
        "step": "reasons",
        "question": {
            "en": "What decided it, or what interests the customer most?",
            "zh_CN": "客户最看重什么？是什么让客户做出决定？",
        },
        "code_set": "purchase_reason",
        "codes": [
            {"key": "price", "label": {"en": "Price", "zh_CN": "价格"}},
            {"key": "brand", "label": {"en": "Brand", "zh_CN": "品牌"}},
            {"key": "retired_code", "label": {}},
        ],
        "note": "比较了三家",
    }


def test_a_deleted_record_comes_as_a_tombstone_with_its_external_ids(
    engine: Engine, world: World
) -> None:
    account = new_id()
    version = write(engine, "account", account, account_fields(world.territory_a))
    with make_sessions(engine).write.begin() as session:
        external_ids.attach(session, "account", account, "erp", "C-7")
    cursor = read(engine).cursor
    write(engine, "account", account, {}, delete=True, base_version=version)
    (tombstone,) = read(engine, after=cursor).changes
    assert tombstone == {
        "position": tombstone["position"],
        "entity": "account",
        "id": account,
        "deleted": True,
        "reason": "deleted",
        "external_ids": {"erp": "C-7"},
    }


def test_a_key_limited_to_territories_sees_only_theirs_and_a_leaving_record_as_a_tombstone(
    engine: Engine, world: World
) -> None:
    in_a, in_b = new_id(), new_id()
    version = write(engine, "account", in_a, account_fields(world.territory_a))
    write(engine, "account", in_b, account_fields(world.territory_b))
    assert [c["id"] for c in read(engine, territories=[world.territory_a]).changes] == [in_a]
    cursor = read(engine).cursor

    write(engine, "account", in_a, {"territory_id": world.territory_b}, base_version=version)
    (left,) = read(engine, after=cursor, territories=[world.territory_a]).changes
    assert (left["id"], left["deleted"], left["reason"]) == (in_a, True, "left_scope")
    (moved,) = read(engine, after=cursor).changes  # a reader of every territory: a change
    assert (moved["id"], moved["deleted"]) == (in_a, False)
    assert moved["fields"]["territory_id"] == world.territory_b


def test_only_the_entities_asked_for_come(engine: Engine, world: World) -> None:
    account, contact = new_id(), new_id()
    write(engine, "account", account, account_fields(world.territory_a))
    write(engine, "contact", contact, contact_fields(account))
    assert [c["id"] for c in read(engine, entities=("contact",)).changes] == [contact]


def test_catalogue_records_and_users_never_come(engine: Engine, world: World) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        defaults.add_missing_defaults(session)
    assert read(engine).changes == []  # the world's users and territories, the defaults


def test_a_cursor_older_than_the_feed_keeps_or_beyond_its_head_asks_for_a_resync(
    engine: Engine, world: World
) -> None:
    account = new_id()
    version = write(engine, "account", account, account_fields(world.territory_a))
    first = read(engine).cursor
    for note in ("x0", "x1"):
        version = write(engine, "account", account, {"note": note}, base_version=version)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=60)
    with feed.write_transaction(make_sessions(engine).write) as session:
        assert retention.compact(session, later) > 0
    with pytest.raises(ResyncRequiredError):
        read(engine, after=first)
    with pytest.raises(ResyncRequiredError):
        read(engine, after=10_000)
    (state,) = read(engine, after=0).changes  # from 0: every live record again
    assert state["id"] == account and state["fields"]["note"] == "x1"
