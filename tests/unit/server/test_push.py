"""Push: create, update, delete, validation, and replay safety."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select

from server.database import make_sessions
from server.tables import Account, ChangeFeed
from tests.unit.server.helpers import Device, World, account_fields, new_id


def count_feed_rows(engine: Engine) -> int:
    with make_sessions(engine).read() as session:
        return session.scalar(select(func.count()).select_from(ChangeFeed)) or 0


def test_create_update_delete(client: TestClient, world: World) -> None:
    rep = Device(client, "rep_a")
    account_id = new_id()

    created = rep.push_one("account", account_id, account_fields(world.territory_a, city="北京"))
    updated = rep.push_one(
        "account", account_id, {"phone": "010-1234 5678"}, base_version=created["version"]
    )
    deleted = rep.push_one("account", account_id, op="delete", base_version=updated["version"])
    deleted_again = rep.push_one(
        "account", account_id, op="delete", base_version=updated["version"]
    )

    assert created["status"] == "applied" and created["version"] > 0
    assert updated["status"] == "applied" and updated["version"] > created["version"]
    assert deleted["status"] == "applied" and deleted["version"] > updated["version"]
    assert deleted_again == deleted | {"seq": deleted_again["seq"]}
    change = Device(client, "rep_a2").pull()[-1]
    assert change == {
        "entity": "account",
        "record_id": account_id,
        "version": deleted["version"],
        "removed": True,
        "fields": {},
    }


def test_results_carry_seq_entity_and_record(client: TestClient, world: World) -> None:
    rep = Device(client, "rep_a")
    account_id = new_id()

    result = rep.push_one("account", account_id, account_fields(world.territory_a))

    assert result == {
        "seq": 1,
        "record_id": account_id,
        "entity": "account",
        "status": "applied",
        "version": result["version"],
        "conflicts": [],
        "problems": [],
    }


def test_an_update_that_changes_nothing_gets_no_new_version(
    client: TestClient, engine: Engine, world: World
) -> None:
    rep = Device(client, "rep_a")
    account_id = new_id()
    created = rep.push_one("account", account_id, account_fields(world.territory_a, city="上海"))
    rows = count_feed_rows(engine)

    same = rep.push_one("account", account_id, {"city": "上海"}, base_version=created["version"])

    assert same["status"] == "applied" and same["version"] == created["version"]
    assert count_feed_rows(engine) == rows


def test_invalid_fields_are_rejected_with_problems_and_nothing_written(
    client: TestClient, engine: Engine, world: World
) -> None:
    rep = Device(client, "rep_a")
    rows = count_feed_rows(engine)

    result = rep.push_one(
        "account", new_id(), {"territory_id": world.territory_a, "phone": 5, "colour": "red"}
    )

    assert result["status"] == "rejected"
    assert result["version"] == 0
    assert {p["field"]: p["message"] for p in result["problems"]} == {
        "colour": "is not a field of account",
        "name": "is required",
        "phone": "must be text",
    }
    assert count_feed_rows(engine) == rows


def test_an_update_of_an_unknown_record_is_not_found(client: TestClient, world: World) -> None:
    rep = Device(client, "rep_a")

    update = rep.push_one("account", new_id(), {"city": "北京"}, base_version=3)
    delete = rep.push_one("account", new_id(), op="delete", base_version=3)

    for result in (update, delete):
        assert result["status"] == "rejected"
        assert result["problems"] == [
            {
                "field": "record_id",
                "message": "not found",
                "kind": "not_found",
                "limit": None,
                "choices": None,
            }
        ]


def test_a_replayed_push_gets_the_stored_results_and_writes_nothing_twice(
    client: TestClient, engine: Engine, world: World
) -> None:
    rep = Device(client, "rep_a")
    mutations = [
        rep.mutation("account", new_id(), account_fields(world.territory_a)),
        rep.mutation("account", new_id(), {"name": "missing territory"}),
    ]
    first = rep.push(*mutations)
    rows = count_feed_rows(engine)

    again = rep.push(*mutations)
    partly_new = rep.push(mutations[1], rep.mutation("account", new_id(), {"name": "x"}))

    assert again == first
    assert count_feed_rows(engine) == rows
    assert partly_new[0] == first[1]
    assert partly_new[1]["seq"] == 3


def test_a_gap_in_the_seqs_is_409_and_nothing_of_the_request_is_written(
    client: TestClient, engine: Engine, world: World
) -> None:
    rep = Device(client, "rep_a")
    good = rep.mutation("account", new_id(), account_fields(world.territory_a))
    rep.seq += 1  # mutation 2 never arrives
    after_gap = rep.mutation("account", new_id(), account_fields(world.territory_a))
    rows = count_feed_rows(engine)

    response = rep.push_raw([good, after_gap])

    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "seq_gap"
    assert body["field"] == "mutations.1.seq"
    assert "2" in body["message"]
    assert count_feed_rows(engine) == rows
    with make_sessions(engine).read() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 0
    # The client re-sends from seq 1 and continues with 2.
    retry = rep.push(good, after_gap | {"seq": 2})
    assert [r["status"] for r in retry] == ["applied", "applied"]


def test_a_new_client_must_start_at_seq_1(client: TestClient, world: World) -> None:
    rep = Device(client, "rep_a")
    rep.seq = 4

    response = rep.push_raw([rep.mutation("account", new_id(), account_fields(world.territory_a))])

    assert response.status_code == 409
    assert response.json()["field"] == "mutations.0.seq"


def test_a_seq_reused_for_another_record_is_409(client: TestClient, world: World) -> None:
    rep = Device(client, "rep_a")
    rep.push(rep.mutation("account", new_id(), account_fields(world.territory_a)))
    rep.seq = 0  # a replica that lost its numbering but kept its client id

    response = rep.push_raw([rep.mutation("account", new_id(), account_fields(world.territory_a))])

    assert response.status_code == 409
    assert response.json()["error"] == "seq_reused"


def test_another_users_client_id_is_403(client: TestClient, world: World) -> None:
    rep_a = Device(client, "rep_a")
    rep_a.push(rep_a.mutation("account", new_id(), account_fields(world.territory_a)))
    rep_a2 = Device(client, "rep_a2")
    rep_a2.client_id = rep_a.client_id

    response = rep_a2.push_raw(
        [rep_a2.mutation("account", new_id(), account_fields(world.territory_a))]
    )

    assert response.status_code == 403
    assert response.json()["field"] == "client_id"


def test_a_push_moves_the_feed_counter_once_and_writes_its_feed_rows_at_once(
    client: TestClient, world: World, engine: Engine
) -> None:
    """Every other writer waits while a push holds the feed lock, so its round trips count."""
    rep = Device(client, "rep_a")
    ids = [new_id() for _ in range(3)]
    created = rep.push(
        *(rep.mutation("account", i, account_fields(world.territory_a)) for i in ids)
    )
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(" ".join(args[2].split()[:3]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        edits = [
            rep.mutation("account", i, {"note": "visited"}, base_version=result["version"])
            for i, result in zip(ids, created, strict=True)
        ]
        edited = rep.push(*edits)
    finally:
        event.remove(engine, "before_cursor_execute", record)

    assert [result["status"] for result in edited] == ["applied"] * 3
    assert statements.count("UPDATE feed_counter SET") == 1
    assert statements.count("INSERT INTO change_feed") == 1


def test_a_batch_naming_one_seq_twice_is_refused_whole(client: TestClient, world: World) -> None:
    device = Device(client, "rep_a")
    first = device.mutation("account", new_id(), account_fields(world.territory_a, name="One"))
    second = first | {"record_id": new_id(), "fields": account_fields(world.territory_a)}
    same_record = first | {"fields": {"name": "Two"}}

    for batch in ([first, second], [first, same_record]):
        response = device.push_raw(batch)

        assert response.status_code == 409
        assert response.json()["error"] == "seq_reused"
        assert response.json()["field"] == "mutations.1.seq"
    assert not [change for change in device.pull() if change["entity"] == "account"]
