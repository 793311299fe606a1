"""The server takes no document a client could not read: answers, code sets and processes are
checked against their models and limits on every write route, naming the path at fault."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from protocol.entities import catalogue_record_id
from protocol.paths import PUSH_PATH
from server import feed
from server.database import make_sessions
from server.writes import InvalidRecordError, bulk_create
from tests.unit.protocol.test_documents import nested
from tests.unit.server.helpers import Device, World, account_fields, new_id
from tests.unit.server.test_push import count_feed_rows


def activity_fields(account_id: str, answers: Any) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "process_key": "visit",
        "process_version": 1,
        "kind": "visit",
        "occurred_at": "2026-11-23T10:30:00+08:00",
        "answers": answers,
    }


def process_fields(steps: Any) -> dict[str, Any]:
    return {
        "key": "visit",
        "version": 2,
        "name": {"en": "Visit", "zh_CN": "拜访"},
        "kind": "visit",
        "steps": steps,
    }


def _problems(result: dict[str, Any]) -> dict[str, str]:
    assert result["status"] == "rejected" and result["version"] == 0
    return {p["field"]: p["kind"] for p in result["problems"]}


def test_a_push_of_answers_nested_200_levels_is_refused_with_the_answers_path(
    client: TestClient, engine: Engine, world: World
) -> None:
    rep = Device(client, "rep_a")
    account_id = new_id()
    rep.push_one("account", account_id, account_fields(world.territory_a))
    rows = count_feed_rows(engine)
    answers = [{"step": "why", "codes": ["price"]}, {"step": "x", "codes": [], "y": nested(200)}]

    result = rep.push_one("activity", new_id(), activity_fields(account_id, answers))

    assert _problems(result) == {"answers[1]": "bad_json"}
    assert count_feed_rows(engine) == rows


def test_a_push_of_a_malformed_process_is_refused_with_the_steps_path(
    client: TestClient, engine: Engine, world: World
) -> None:
    manager = Device(client, "manager")
    rows = count_feed_rows(engine)
    steps = [{"key": "why", "code_set": "reasons", "follow_ups": [{"title": {"en": "Quote"}}]}]

    result = manager.push_one(
        "process", catalogue_record_id("process", "visit", 2), process_fields(steps)
    )

    assert _problems(result) == {"steps[0].follow_ups[0].if_code": "bad_json"}
    assert count_feed_rows(engine) == rows


def test_an_update_that_breaks_a_code_set_is_refused(client: TestClient, world: World) -> None:
    manager = Device(client, "manager")
    record_id = catalogue_record_id("code_set", "reasons")
    fields = {"key": "reasons", "name": {"en": "Reasons", "zh_CN": "原因"}, "codes": [{"key": "a"}]}
    created = manager.push_one("code_set", record_id, fields)

    result = manager.push_one(
        "code_set", record_id, {"codes": [{"key": "a"}, {"key": ""}]}, base_version=1
    )

    assert created["status"] == "applied"
    assert _problems(result) == {"codes[1].key": "bad_json"}


def test_a_push_body_nested_far_deeper_than_any_parser_goes_is_a_4xx(
    client: TestClient, world: World
) -> None:
    rep = Device(client, "rep_a")
    deep = "[" * 100_000 + "]" * 100_000
    body = (
        f'{{"client_id": "{rep.client_id}", "mutations": [{{"seq": 1, "entity": "activity", '
        f'"record_id": "{new_id()}", "op": "upsert", "base_version": 0, '
        f'"fields": {{"answers": {deep}}}}}]}}'
    )

    response = client.post(
        PUSH_PATH, content=body, headers=rep.headers | {"Content-Type": "application/json"}
    )

    assert 400 <= response.status_code < 500, response.text


def test_seeding_a_malformed_process_is_refused_naming_its_path(
    engine: Engine, world: World
) -> None:
    steps = [{"key": "why", "code_set": "reasons"}, {"code_set": "reasons"}]
    record = ("process", catalogue_record_id("process", "visit", 2), process_fields(steps))

    refused = pytest.raises(InvalidRecordError, match=r"steps\[1\]\.key Field required")
    with refused, feed.write_transaction(make_sessions(engine).write) as session:
        bulk_create(session, [record])
