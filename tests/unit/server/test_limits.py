"""Request limits and malformed requests: 4xx naming the field at fault, nothing half-written.

What a push with a bad mutation does: a problem with the request's shape (not JSON, unknown
keys, wrong JSON types, numbers out of range, too many mutations) refuses the whole request
with 4xx and writes nothing; a problem with a record's field values rejects that mutation alone
(status "rejected" with its problems) and writes nothing of that record, while the mutations
around it are applied.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from protocol.errors import ErrorBody
from protocol.paths import MAX_POSITION, MAX_PUSH_BATCH, PUSH_PATH
from server.database import make_sessions
from server.settings import ServerSettings
from server.tables import Account, SyncClient
from tests.unit.server.helpers import Device, World, account_fields, new_id

SMALL_LIMIT = 4000


def counts(engine: Engine) -> tuple[int, int]:
    """How many accounts and sync clients the server holds."""
    with make_sessions(engine).read() as session:
        accounts = session.scalar(select(func.count()).select_from(Account))
        clients = session.scalar(select(func.count()).select_from(SyncClient))
    return accounts or 0, clients or 0


def push_text(client_id: str, mutations: str) -> str:
    """A push body around mutations already written as JSON text."""
    return f'{{"client_id": "{client_id}", "mutations": [{mutations}]}}'


def raw_push(rep: Device, content: bytes | str | Iterator[bytes]) -> Any:
    headers = rep.headers | {"Content-Type": "application/json"}
    return rep.client.post(PUSH_PATH, content=content, headers=headers)


class TestBodyLimit:
    @pytest.fixture
    def settings(self) -> ServerSettings:
        return dataclasses.replace(ServerSettings(), max_body_bytes=SMALL_LIMIT)

    def test_a_declared_oversized_body_is_413_before_it_is_parsed(
        self, client: TestClient, engine: Engine, world: World
    ) -> None:
        rep = Device(client, "rep_a")

        response = raw_push(rep, b"{not even json" + b" " * SMALL_LIMIT)

        assert response.status_code == 413
        body = ErrorBody.model_validate(response.json())
        assert body.error == "too_large" and str(SMALL_LIMIT) in body.message
        assert counts(engine) == (0, 0)

    def test_a_streamed_oversized_body_is_413_too(
        self, client: TestClient, engine: Engine, world: World
    ) -> None:
        rep = Device(client, "rep_a")
        mutations = [
            rep.mutation("account", new_id(), account_fields(world.territory_a)) for _ in range(40)
        ]
        payload = json.dumps({"client_id": rep.client_id, "mutations": mutations}).encode()
        assert len(payload) > SMALL_LIMIT

        response = raw_push(rep, iter([payload[:1000], payload[1000:]]))  # no Content-Length

        assert response.status_code == 413
        assert response.json()["error"] == "too_large"
        assert counts(engine) == (0, 0)

    def test_a_body_within_the_limit_is_served(self, client: TestClient, world: World) -> None:
        rep = Device(client, "rep_a")
        results = rep.push(rep.mutation("account", new_id(), account_fields(world.territory_a)))

        assert [r["status"] for r in results] == ["applied"]


def test_more_mutations_than_a_batch_holds_is_422_naming_the_list(
    client: TestClient, engine: Engine, world: World
) -> None:
    rep = Device(client, "rep_a")
    mutations = [
        rep.mutation("account", new_id(), account_fields(world.territory_a))
        for _ in range(MAX_PUSH_BATCH + 1)
    ]

    response = rep.push_raw(mutations)

    assert response.status_code == 422
    assert response.json()["field"] == "mutations"
    assert str(MAX_PUSH_BATCH) in response.json()["message"]
    assert counts(engine) == (0, 0)


TOO_LARGE = MAX_POSITION + 1
SHAPE_PROBLEMS: list[tuple[str, dict[str, Any], str]] = [
    ("unknown key", {"colour": "red"}, "mutations.1.colour"),
    ("seq as text", {"seq": "2"}, "mutations.1.seq"),
    ("seq as float", {"seq": 2.0}, "mutations.1.seq"),
    ("seq as bool", {"seq": True}, "mutations.1.seq"),
    ("base version too large", {"base_version": TOO_LARGE}, "mutations.1.base_version"),
    ("negative base version", {"base_version": -1}, "mutations.1.base_version"),
    ("unknown entity", {"entity": "invoice"}, "mutations.1.entity"),
    ("unknown op", {"op": "merge"}, "mutations.1.op"),
    ("record id not a uuid", {"record_id": "42"}, "mutations.1.record_id"),
    ("fields not an object", {"fields": ["name"]}, "mutations.1.fields"),
    ("malformed field name", {"fields": {"Name": "x"}}, "mutations.1.fields.Name.[key]"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [pytest.param(change, field, id=name) for name, change, field in SHAPE_PROBLEMS],
)
def test_a_shape_problem_anywhere_refuses_the_whole_push(
    client: TestClient, engine: Engine, world: World, change: dict[str, Any], field: str
) -> None:
    rep = Device(client, "rep_a")
    mutations = [
        rep.mutation("account", new_id(), account_fields(world.territory_a)) for _ in range(3)
    ]
    mutations[1] |= change

    response = rep.push_raw(mutations)

    assert response.status_code == 422, response.text
    body = ErrorBody.model_validate(response.json())
    assert (body.error, body.field) == ("invalid", field)
    assert counts(engine) == (0, 0)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mutations": []}, "client_id"),
        ({"client_id": new_id(), "mutations": [], "extra": 1}, "extra"),
        ({"client_id": new_id(), "mutations": {}}, "mutations"),
        ([], None),
    ],
    ids=["missing", "unknown", "wrong-type", "not-an-object"],
)
def test_a_malformed_envelope_is_422_naming_the_field(
    client: TestClient, world: World, body: Any, field: str | None
) -> None:
    rep = Device(client, "rep_a")

    response = raw_push(rep, json.dumps(body))

    assert response.status_code == 422
    assert response.json()["field"] == field


def test_json_nested_too_deeply_is_a_plain_400(client: TestClient, world: World) -> None:
    rep = Device(client, "rep_a")

    response = raw_push(rep, "[" * 100_000 + "]" * 100_000)

    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


def test_a_key_that_is_no_unicode_text_is_422(client: TestClient, world: World) -> None:
    rep = Device(client, "rep_a")
    content = push_text(rep.client_id, "").replace("}", ', "\\ud800": 1}')

    response = raw_push(rep, content)

    assert response.status_code == 422
    assert "unicode" in response.json()["message"]


# Field values the protocol refuses: each rejects its mutation alone.
VALUE_PROBLEMS: list[tuple[str, str, str]] = [
    ("too long", '"phone": "%s"' % ("1" * 65), "phone"),
    ("wrong type", '"phone": 12345', "phone"),
    ("lone surrogate", '"note": "bad \\udc00 text"', "note"),
    ("nul", '"note": "a\\u0000b"', "note"),
    ("unknown field", '"colour": "red"', "colour"),
    ("owner not a uuid", '"owner_id": "north"', "owner_id"),
]


@pytest.mark.parametrize(
    ("fragment", "field"),
    [pytest.param(fragment, field, id=name) for name, fragment, field in VALUE_PROBLEMS],
)
def test_a_bad_value_rejects_its_mutation_alone_and_writes_none_of_its_record(
    client: TestClient, engine: Engine, world: World, fragment: str, field: str
) -> None:
    rep = Device(client, "rep_a")
    ids = [new_id() for _ in range(3)]
    mutations = [
        json.dumps(rep.mutation("account", record_id, account_fields(world.territory_a)))
        for record_id in ids
    ]
    # The middle one: a valid name and territory, and one bad field.
    mutations[1] = mutations[1].replace('"fields": {', '"fields": {' + fragment + ", ")
    content = push_text(rep.client_id, ", ".join(mutations))

    response = raw_push(rep, content)

    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert [p["field"] for p in results[1]["problems"]] == [field]
    with make_sessions(engine).read() as session:
        assert session.get(Account, ids[1]) is None
        assert session.get(Account, ids[2]) is not None
    # A replay answers the same and still writes nothing more.
    again = raw_push(rep, content).json()["results"]
    assert again == results
    assert counts(engine) == (2, 1)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("answers", '[{"step": "a", "score": NaN}]', "finite numbers"),
        ("answers", '[{"step": "a", "score": Infinity}]', "finite numbers"),
        ("answers", '[{"step": "\\ud800"}]', "valid Unicode"),
        ("occurred_at", '"0001-01-01T00:00:00+14:00"', "out of range"),
        ("occurred_at", '"9999-12-31T23:00:00-05:00"', "out of range"),
        ("process_version", "2147483648", "whole number"),
    ],
)
def test_values_the_database_could_not_hold_are_rejected(
    client: TestClient, engine: Engine, world: World, name: str, value: str, message: str
) -> None:
    rep = Device(client, "rep_a")
    account_id = new_id()
    rep.push_one("account", account_id, account_fields(world.territory_a))
    activity = rep.mutation(
        "activity",
        new_id(),
        {
            "account_id": account_id,
            "process_key": "visit",
            "process_version": 1,
            "kind": "visit",
            "occurred_at": "2026-11-23T10:30:00+08:00",
            "answers": [],
        },
    )
    text = json.dumps(activity)
    text = text.replace(f'"{name}": {json.dumps(activity["fields"][name])}', f'"{name}": {value}')
    content = push_text(rep.client_id, text)

    response = raw_push(rep, content)

    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    assert result["status"] == "rejected"
    assert [p["field"] for p in result["problems"]] == [name]
    assert message in result["problems"][0]["message"]


def test_an_update_with_one_bad_field_changes_nothing_of_the_record(
    client: TestClient, engine: Engine, world: World
) -> None:
    rep = Device(client, "rep_a")
    account_id = new_id()
    version = rep.push_one("account", account_id, account_fields(world.territory_a))["version"]

    result = rep.push_one(
        "account", account_id, {"name": "New name", "phone": "1" * 65}, base_version=version
    )

    assert result["status"] == "rejected"
    with make_sessions(engine).read() as session:
        account = session.get_one(Account, account_id)
        assert (account.name, account.sync_version) == ("北京科技有限公司", version)
