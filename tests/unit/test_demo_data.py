"""The default code sets and processes, and the demo-data generator built on them."""

from __future__ import annotations

import collections
import datetime as dt
import re
from typing import Any

import phonenumbers
import pytest

from protocol.entities import ENTITY_FIELDS, check_fields
from server import defaults, demo_data

NORTH = "6f1c0d8e-8f5a-4c4b-9f0e-1a2b3c4d5e01"
EAST = "6f1c0d8e-8f5a-4c4b-9f0e-1a2b3c4d5e02"
TERRITORIES = {NORTH: "north", EAST: "east"}
OWNERS = {
    NORTH: ["0b6f5a52-61d5-4c38-9a3e-000000000001", "0b6f5a52-61d5-4c38-9a3e-000000000002"],
    EAST: ["0b6f5a52-61d5-4c38-9a3e-000000000003"],
}
TODAY = dt.date(2026, 11, 23)
CJK = re.compile(r"[\u4e00-\u9fff]")
COLOR = re.compile(r"^#[0-9a-f]{6}$")


def _generate(seed: int = 1, accounts: int = 300) -> list[tuple[str, str, dict[str, Any]]]:
    return list(
        demo_data.generate(
            seed=seed, accounts=accounts, territories=TERRITORIES, owners=OWNERS, today=TODAY
        )
    )


@pytest.fixture(scope="module")
def records() -> list[tuple[str, str, dict[str, Any]]]:
    return _generate()


@pytest.fixture(scope="module")
def code_sets() -> dict[str, dict[str, Any]]:
    return {cs["key"]: cs for cs in defaults.load_code_sets()}


# --- default content ------------------------------------------------------------------------


def test_code_sets_have_the_protocol_shape(code_sets: dict[str, dict[str, Any]]) -> None:
    assert len(code_sets) == len(defaults.load_code_sets()), "code set keys are unique"
    for key, code_set in code_sets.items():
        assert set(code_set) == set(ENTITY_FIELDS["code_set"]), key
        assert check_fields("code_set", code_set, creating=True) == [], key
        codes = code_set["codes"]
        assert 1 <= len(codes) <= 9, key  # digit keys 1-9 pick them
        keys = [c["key"] for c in codes]
        assert len(set(keys)) == len(keys), key
        colors = [c["color"] for c in codes]
        assert len(set(colors)) == len(colors), key
        for code in codes:
            assert set(code) == {"key", "label", "color", "retired", "parent"}
            assert re.fullmatch(r"[a-z][a-z0-9_]*", code["key"]), code
            assert code["label"]["en"].strip() and CJK.search(code["label"]["zh_CN"]), code
            assert COLOR.match(code["color"]), code
            assert code["retired"] is False
            assert code["parent"] is None or code["parent"] in keys


def test_the_needed_code_sets_are_there(code_sets: dict[str, dict[str, Any]]) -> None:
    def keys(name: str) -> list[str]:
        return [c["key"] for c in code_sets[name]["codes"]]

    assert keys("account_tier") == ["a", "b", "c"]
    assert keys("account_status") == ["prospect", "active", "dormant", "lost"]
    assert keys("purchase_reason") == [
        "looks", "performance", "safety", "seats", "price", "interior", "entertainment", "brand",
    ]  # fmt: skip
    assert {"order_placed", "quote_requested", "follow_up_visit"} <= set(keys("visit_outcome"))
    assert "callback" in keys("call_disposition")
    for name in ("visit_purpose", "customer_interest", "call_reason", "task_outcome"):
        assert keys(name)


def test_processes_reference_existing_code_sets_and_steps(
    code_sets: dict[str, dict[str, Any]],
) -> None:
    processes = defaults.load_processes()
    assert {p["key"] for p in processes} == {
        "field_visit",
        "inbound_call",
        "delivery_confirmation",
        "after_sales_check",
    }
    for process in processes:
        assert set(process) == set(ENTITY_FIELDS["process"])
        assert check_fields("process", process, creating=True) == []
        assert process["version"] == 1 and process["kind"] in (
            "visit",
            "call",
            "delivery",
            "service",
        )
        step_keys = [s["key"] for s in process["steps"]]
        assert len(set(step_keys)) == len(step_keys)
        for step in process["steps"]:
            assert step["code_set"] in code_sets, step["key"]
            codes = {c["key"] for c in code_sets[step["code_set"]]["codes"]}
            assert step["question"]["en"] and CJK.search(step["question"]["zh_CN"])
            assert isinstance(step["multiple"], bool) and isinstance(step["required"], bool)
            for branch in step["branches"]:
                assert branch["if_code"] in codes
                assert branch["goto"] == "end" or branch["goto"] in step_keys
                assert branch["goto"] != step["key"]
            for follow_up in step["follow_ups"]:
                assert follow_up["if_code"] in codes
                assert follow_up["kind"] in ("task", "visit", "call")
                assert follow_up["title"]["en"] and CJK.search(follow_up["title"]["zh_CN"])
                assert isinstance(follow_up["due_in_days"], int) and follow_up["due_in_days"] >= 0


def test_field_visit_asks_why_and_creates_follow_ups() -> None:
    visit = next(p for p in defaults.load_processes() if p["key"] == "field_visit")
    assert [s["code_set"] for s in visit["steps"]] == [
        "visit_purpose",
        "purchase_reason",
        "visit_outcome",
    ]
    reasons = visit["steps"][1]
    assert reasons["multiple"] is True and reasons["required"] is False
    assert "why us" in reasons["hint"]["en"].lower()
    follow_ups = {f["if_code"]: f for f in visit["steps"][2]["follow_ups"]}
    assert follow_ups["quote_requested"]["due_in_days"] == 2
    assert follow_ups["follow_up_visit"]["kind"] == "visit"
    assert follow_ups["follow_up_visit"]["due_in_days"] == 7
    call = next(p for p in defaults.load_processes() if p["key"] == "inbound_call")
    callback = call["steps"][-1]["follow_ups"][0]
    assert (callback["if_code"], callback["kind"], callback["due_in_days"]) == (
        "callback",
        "call",
        1,
    )


# --- the generator --------------------------------------------------------------------------


def test_same_arguments_give_the_same_records(records: list[Any]) -> None:
    assert _generate() == records
    assert _generate(seed=2) != records


def test_every_record_has_exactly_the_protocol_fields_and_passes_the_checks(
    records: list[tuple[str, str, dict[str, Any]]],
) -> None:
    ids = [record_id for _, record_id, _ in records]
    assert len(set(ids)) == len(ids)
    for entity, record_id, fields in records:
        assert entity in ("account", "contact", "task", "activity")
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", record_id
        )
        assert set(fields) == set(ENTITY_FIELDS[entity]), entity
        assert check_fields(entity, fields, creating=True) == [], (entity, fields)


def test_children_follow_their_account(records: list[tuple[str, str, dict[str, Any]]]) -> None:
    accounts: dict[str, dict[str, Any]] = {}
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    for entity, record_id, fields in records:
        if entity == "account":
            accounts[record_id] = fields
        else:
            assert fields["account_id"] in accounts, "the account comes first"
            counts[(fields["account_id"], entity)] += 1
    assert len(accounts) == 300
    for account_id, account in accounts.items():
        assert account["territory_id"] in TERRITORIES
        assert account["owner_id"] in OWNERS[account["territory_id"]]
        assert 1 <= counts[(account_id, "contact")] <= 3
        assert counts[(account_id, "task")] <= 3
        assert counts[(account_id, "activity")] <= 5
    for entity, _, fields in records:
        owners = OWNERS[accounts.get(fields.get("account_id", ""), fields)["territory_id"]]
        if entity == "activity":
            assert fields["user_id"] in owners
        if entity == "task":
            assert fields["assignee_id"] in owners


def test_answers_follow_the_processes(
    records: list[tuple[str, str, dict[str, Any]]], code_sets: dict[str, dict[str, Any]]
) -> None:
    processes = {p["key"]: p for p in defaults.load_processes()}
    seen: collections.Counter[str] = collections.Counter()
    for entity, _, fields in records:
        if entity != "activity":
            continue
        process = processes[fields["process_key"]]
        assert fields["process_version"] == process["version"]
        assert fields["kind"] == process["kind"]
        occurred = dt.datetime.fromisoformat(fields["occurred_at"])
        assert occurred.utcoffset() == dt.timedelta(hours=8)
        assert TODAY - dt.timedelta(days=90) <= occurred.date() < TODAY
        steps = {s["key"]: s for s in process["steps"]}
        order = [s["key"] for s in process["steps"]]
        positions = [order.index(a["step"]) for a in fields["answers"]]
        assert positions == sorted(positions), "answers come in step order"
        for answer in fields["answers"]:
            assert set(answer) == {"step", "codes", "note"}
            step = steps[answer["step"]]
            codes = {c["key"] for c in code_sets[step["code_set"]]["codes"]}
            assert answer["codes"] and set(answer["codes"]) <= codes
            assert len(set(answer["codes"])) == len(answer["codes"])
            if not step["multiple"]:
                assert len(answer["codes"]) == 1
        answered = {a["step"] for a in fields["answers"]}
        for key in order:
            if steps[key]["required"] and key not in answered:
                # only a branch may skip a required step
                assert any(
                    b["goto"] != key and a["codes"][0] == b["if_code"]
                    for a in fields["answers"]
                    for b in steps[a["step"]]["branches"]
                ), fields["answers"]
        seen[fields["process_key"]] += 1
    assert seen["field_visit"] and seen["inbound_call"]


def test_purchase_reasons_show_real_selling_points() -> None:
    reasons: collections.Counter[str] = collections.Counter()
    for entity, _, fields in _generate(seed=5, accounts=600):
        if entity == "activity" and fields["process_key"] == "field_visit":
            for answer in fields["answers"]:
                if answer["step"] == "reasons":
                    reasons.update(answer["codes"])
    assert sum(reasons.values()) > 300
    top = {code for code, _ in reasons.most_common(3)}
    assert top == {"price", "safety", "brand"}
    assert reasons["price"] > 3 * reasons["entertainment"]


def test_names_are_a_mix_of_chinese_and_latin(
    records: list[tuple[str, str, dict[str, Any]]],
) -> None:
    accounts = [f for e, _, f in records if e == "account"]
    contacts = [f for e, _, f in records if e == "contact"]
    chinese = sum(1 for a in accounts if CJK.search(a["name"]))
    assert 0.35 < chinese / len(accounts) < 0.65
    assert any(a["name"].endswith("有限公司") for a in accounts)
    assert any(re.search(r"(Ltd\.|GmbH|Co\., Ltd\.)$", a["name"]) for a in accounts)
    assert any(CJK.search(c["name"]) for c in contacts)
    assert any(re.fullmatch(r"[A-Za-zÀ-ž' ]+", c["name"]) for c in contacts)
    names = [a["name"] for a in accounts]
    assert len(set(names)) > 0.97 * len(names)
    north = {a["city"] for a in accounts if a["territory_id"] == NORTH}
    east = {a["city"] for a in accounts if a["territory_id"] == EAST}
    assert "北京" in north and "Beijing" in north and "上海" not in north
    assert "上海" in east and "Shanghai" in east and "北京" not in east


def test_phone_numbers_are_valid_and_varied(
    records: list[tuple[str, str, dict[str, Any]]],
) -> None:
    shapes = set()
    for entity, _, fields in records:
        if entity in ("account", "contact"):
            number = phonenumbers.parse(fields["phone"], "CN")
            assert phonenumbers.is_valid_number(number), fields["phone"]
            shapes.add(re.sub(r"\d", "9", fields["phone"]))
    assert len(shapes) >= 8
    emails = [f["email"] for e, _, f in records if e == "contact" and f["email"]]
    assert emails and all(re.fullmatch(r"[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]+", e) for e in emails)


def test_tasks_are_overdue_today_upcoming_and_done(
    records: list[tuple[str, str, dict[str, Any]]], code_sets: dict[str, dict[str, Any]]
) -> None:
    outcomes = {c["key"] for c in code_sets["task_outcome"]["codes"]}
    states: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    for entity, _, fields in records:
        if entity != "task":
            continue
        due = dt.date.fromisoformat(fields["due_date"])
        if fields["done"]:
            states["done"] += 1
            assert due <= TODAY
        else:
            states["overdue" if due < TODAY else "today" if due == TODAY else "upcoming"] += 1
        assert fields["outcome"] is None or fields["outcome"] in outcomes
        kinds[fields["kind"]] += 1
    assert all(states[s] for s in ("done", "overdue", "today", "upcoming")), states
    assert all(kinds[k] for k in ("task", "visit", "call")), kinds


def test_tiers_and_statuses_come_from_the_code_sets(
    records: list[tuple[str, str, dict[str, Any]]], code_sets: dict[str, dict[str, Any]]
) -> None:
    tiers = collections.Counter(f["tier"] for e, _, f in records if e == "account")
    statuses = {f["status"] for e, _, f in records if e == "account"}
    assert set(tiers) == {c["key"] for c in code_sets["account_tier"]["codes"]}
    assert tiers["a"] < tiers["b"] < tiers["c"]
    assert statuses == {c["key"] for c in code_sets["account_status"]["codes"]}


def test_edge_cases() -> None:
    assert (
        list(demo_data.generate(seed=1, accounts=0, territories={}, owners={}, today=TODAY)) == []
    )
    with pytest.raises(ValueError):
        list(demo_data.generate(seed=1, accounts=1, territories={}, owners={}, today=TODAY))
    # A territory with an unknown key and no owners still gets valid, ownerless accounts.
    lone = "6f1c0d8e-8f5a-4c4b-9f0e-1a2b3c4d5e09"
    out = list(
        demo_data.generate(
            seed=1, accounts=20, territories={lone: "central"}, owners={}, today=TODAY
        )
    )
    assert out and all(check_fields(e, f, creating=True) == [] for e, _, f in out)
    assert all(f.get("owner_id") is None for e, _, f in out if e == "account")
