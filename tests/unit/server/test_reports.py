"""Team reports: numbers against a hand-computed fixture, scope rules, refused parameters."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from protocol.paths import REPORT_ACTIVITIES_PATH, REPORT_CODES_PATH
from server.database import make_sessions
from server.tables import ActivityAnswer
from tests.unit.server.helpers import (
    Device,
    World,
    account_fields,
    add_user,
    both_databases,
    new_id,
    sign_in,
)

NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def _steps(code_set: str) -> list[dict[str, Any]]:
    return [{"key": "reasons", "code_set": code_set, "multiple": True, "required": False}]


def _process(key: str, version: int, code_set: str) -> dict[str, Any]:
    return {
        "key": key,
        "version": version,
        "name": {"en": key, "zh_CN": key},
        "kind": "visit",
        "steps": _steps(code_set),
    }


def _visit(account_id: str, user_id: str, when: str, codes: list[str], version: int = 1) -> dict:
    return {
        "account_id": account_id,
        "process_key": "visit",
        "process_version": version,
        "kind": "visit",
        "occurred_at": when,
        "user_id": user_id,
        "answers": [{"step": "reasons", "codes": codes, "note": ""}],
    }


class Fixture:
    """Visits in territories a and b, each counted by hand in the tests below.

    | # | rep    | account | local time (+08:00) | version | reasons        |
    |---|--------|---------|---------------------|---------|----------------|
    | 1 | rep_a  | A       | 11-02 09:00         | 1       | price, safety  |
    | 2 | rep_a  | A       | 11-03 10:00         | 1       | price          |
    | 3 | rep_a2 | A       | 11-10 11:00         | 2       | brand          |
    | 4 | rep_b  | B       | 11-04 15:00         | 1       | price, brand   |
    | 5 | rep_a  | A       | 11-09 07:30 (UTC: Sunday 11-08) | 1 | safety |
    | 6 | rep_a  | A       | 11-03, deleted      | 1       | looks          |
    | 7 | rep_a  | A       | 10-01, outside      | 1       | looks          |
    """

    def __init__(self, client: TestClient, world: World) -> None:
        ids = world.user_ids
        manager = Device(client, "manager")
        for version in (1, 2):
            manager.push_one("process", new_id(), _process("visit", version, "purchase_reason"))
        manager.push_one("process", new_id(), _process("call", 1, "purchase_reason"))
        manager.push_one("process", new_id(), _process("call", 2, "customer_interest"))
        self.account_a, self.account_b = new_id(), new_id()
        manager.push_one("account", self.account_a, account_fields(world.territory_a, name="甲"))
        manager.push_one("account", self.account_b, account_fields(world.territory_b, name="乙"))
        rep_a, rep_b = Device(client, "rep_a"), Device(client, "rep_b")
        a, b = self.account_a, self.account_b
        self.visits = [new_id() for _ in range(7)]
        plan = [
            (rep_a, _visit(a, ids["rep_a"], "2026-11-02T09:00:00+08:00", ["price", "safety"])),
            (rep_a, _visit(a, ids["rep_a"], "2026-11-03T10:00:00+08:00", ["price"])),
            (rep_a, _visit(a, ids["rep_a2"], "2026-11-10T11:00:00+08:00", ["brand"], 2)),
            (rep_b, _visit(b, ids["rep_b"], "2026-11-04T15:00:00+08:00", ["price", "brand"])),
            (rep_a, _visit(a, ids["rep_a"], "2026-11-09T07:30:00+08:00", ["safety"])),
            (rep_a, _visit(a, ids["rep_a"], "2026-11-03T12:00:00+08:00", ["looks"])),
            (rep_a, _visit(a, ids["rep_a"], "2026-10-01T12:00:00+08:00", ["looks"])),
        ]
        for (device, fields), visit_id in zip(plan, self.visits, strict=True):
            assert device.push_one("activity", visit_id, fields)["status"] == "applied"
        deleted = rep_a.push_one("activity", self.visits[5], op="delete", base_version=1)
        assert deleted["status"] == "applied"
        self.manager, self.rep_a = manager, rep_a


db_url = both_databases


@pytest.fixture
def visits(client: TestClient, world: World) -> Fixture:
    return Fixture(client, world)


def _report(client: TestClient, user: str, **params: Any) -> Any:
    query = {"process_key": "visit", "step": "reasons"} | NOVEMBER | params
    return client.get(REPORT_CODES_PATH, params=query, headers=sign_in(client, user))


def _counts(answer: Any) -> tuple[int, list[tuple[str, int, float]]]:
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return body["answered"], [(c["code"], c["count"], c["share"]) for c in body["codes"]]


def test_the_report_counts_ranks_and_shares_as_counted_by_hand(client, world, visits) -> None:
    answer = _report(client, "manager", version="all")

    assert _counts(answer) == (5, [("price", 3, 0.6), ("brand", 2, 0.4), ("safety", 2, 0.4)])
    body = answer.json()
    assert body["versions"] == [1, 2]
    trend = [(p["period"], p["code"], p["count"]) for p in body["trend"]]
    # Visit 5 counts in the week of its local date, Monday 11-09, not of its UTC date.
    assert trend == [
        ("2026-11-02", "brand", 1),
        ("2026-11-02", "price", 3),
        ("2026-11-02", "safety", 1),
        ("2026-11-09", "brand", 1),
        ("2026-11-09", "safety", 1),
    ]


def test_filters_narrow_the_counts(client, world, visits) -> None:
    a_only = _report(client, "manager", version="all", territory=[world.territory_a])
    assert _counts(a_only) == (4, [("price", 2, 0.5), ("safety", 2, 0.5), ("brand", 1, 0.25)])
    rep = _report(client, "manager", version="all", rep=world.user_ids["rep_a"])
    assert _counts(rep) == (3, [("price", 2, 2 / 3), ("safety", 2, 2 / 3)])
    first = _report(client, "manager", version="1")
    assert _counts(first) == (4, [("price", 3, 0.75), ("safety", 2, 0.5), ("brand", 1, 0.25)])
    latest = _report(client, "manager")
    assert _counts(latest) == (1, [("brand", 1, 1.0)])
    assert latest.json()["versions"] == [2]
    monthly = _report(client, "manager", version="all", trend="month").json()["trend"]
    assert [(p["period"], p["code"], p["count"]) for p in monthly] == [
        ("2026-11-01", "brand", 2),
        ("2026-11-01", "price", 3),
        ("2026-11-01", "safety", 2),
    ]
    october = _report(
        client, "manager", version="all", **{"from": "2026-10-01", "to": "2026-10-31"}
    )
    assert _counts(october) == (1, [("looks", 1, 1.0)])


def test_a_rep_is_refused_a_manager_sees_own_territories_an_admin_all(
    client, engine: Engine, world, visits
) -> None:
    assert _report(client, "rep_a", version="all").status_code == 403
    add_user(engine, "manager_a", "manager", ["a"])
    add_user(engine, "boss", "admin", [])

    own = _report(client, "manager_a", version="all")
    assert _counts(own) == (4, [("price", 2, 0.5), ("safety", 2, 0.5), ("brand", 1, 0.25)])
    outside = _report(client, "manager_a", version="all", territory=[world.territory_b])
    missing = _report(client, "manager_a", version="all", territory=[new_id()])
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert outside.json()["field"] == "territory"
    everything = _report(client, "boss", version="all")
    assert _counts(everything) == (5, [("price", 3, 0.6), ("brand", 2, 0.4), ("safety", 2, 0.4)])


def test_the_activities_behind_a_bar_are_listed_within_scope(
    client, engine: Engine, world, visits
) -> None:
    query = {"process_key": "visit", "step": "reasons", "version": "all", "code": "price"}
    query |= NOVEMBER
    answer = client.get(REPORT_ACTIVITIES_PATH, params=query, headers=sign_in(client, "manager"))

    assert answer.status_code == 200, answer.text
    listed = answer.json()["activities"]
    assert [a["id"] for a in listed] == [visits.visits[3], visits.visits[1], visits.visits[0]]
    assert [a["account_name"] for a in listed] == ["乙", "甲", "甲"]
    assert listed[0]["user_name"] == "rep_b"
    assert answer.json()["more"] is False
    refused = client.get(REPORT_ACTIVITIES_PATH, params=query, headers=sign_in(client, "rep_a"))
    assert refused.status_code == 403
    add_user(engine, "manager_a", "manager", ["a"])
    own = client.get(REPORT_ACTIVITIES_PATH, params=query, headers=sign_in(client, "manager_a"))
    assert [a["id"] for a in own.json()["activities"]] == [visits.visits[1], visits.visits[0]]


def test_answers_follow_edits_deletes_and_reassignment(client, engine: Engine, world, visits):
    visit = visits.visits[1]
    fields = {"answers": [{"step": "reasons", "codes": ["looks"], "note": ""}]}
    edited = visits.rep_a.push_one("activity", visit, fields, base_version=1)
    assert edited["status"] == "applied"
    answered, codes = _counts(_report(client, "manager", version="1"))
    assert (answered, dict((c, n) for c, n, _ in codes)) == (
        4,
        {"price": 2, "safety": 2, "brand": 1, "looks": 1},
    )

    account = visits.manager.push_one(
        "account", visits.account_a, {"territory_id": world.territory_b}, base_version=1
    )
    assert account["status"] == "applied"
    with make_sessions(engine).read() as session:
        territories = set(session.scalars(select(ActivityAnswer.territory_id)))
    assert territories == {world.territory_b}

    add_user(engine, "manager_a", "manager", ["a"])
    assert _counts(_report(client, "manager_a", version="all")) == (0, [])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-11-30", "to": "2026-11-01"}, "from"),
        ({"from": "30.11.2026"}, "from"),
        ({"version": "9"}, "version"),
        ({"version": "newest"}, "version"),
        ({"step": "nope"}, "step"),
        ({"process_key": "nope"}, "process_key"),
        ({"process_key": "call", "version": "all"}, "version"),
        ({"trend": "day"}, "trend"),
        ({"rep": "someone"}, "rep"),
        ({"territory": ["not-a-key"]}, "territory"),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(client, world, visits, params, field):
    answer = _report(client, "manager", **params)

    assert 400 <= answer.status_code < 500, answer.text
    assert answer.json()["field"] == field


def test_a_period_ending_at_the_first_day_there_is_still_counts(client, world, visits) -> None:
    answer = client.get(
        REPORT_CODES_PATH,
        params={"process_key": "visit", "step": "reasons", "to": "0001-01-02"},
        headers=sign_in(client, "manager"),
    )

    assert _counts(answer) == (0, [])
    assert answer.json()["date_from"] == "0001-01-01"


def test_filters_take_the_keys_and_names_people_see(client, world, visits) -> None:
    """A territory by its key and a rep by user name count as by their record ids."""
    by_id = _report(client, "manager", version="all", territory=[world.territory_a])
    by_key = _report(client, "manager", version="all", territory=["a"])
    assert by_key.status_code == 200 and _counts(by_key) == _counts(by_id)
    rep_by_id = _report(client, "manager", version="all", rep=world.user_ids["rep_a"])
    rep_by_name = _report(client, "manager", version="all", rep="rep_a")
    assert _counts(rep_by_name) == _counts(rep_by_id)
    unknown = _report(client, "manager", version="all", territory=["atlantis"])
    assert (unknown.status_code, unknown.json()["field"]) == (404, "territory")
