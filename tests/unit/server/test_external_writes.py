"""Other systems write accounts and contacts by their own ids, through the same rules as a
user's push: validation, merge with conflicts both sides see, the feed, the key's reach."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from protocol.paths import CONFLICTS_PATH
from server.database import make_sessions
from server.external_api import BULK_PATH, RECORD_PATH
from server.tables import Account
from tests.support.clock import FakeClock
from tests.unit.server.external_helpers import bulk, make_key, put
from tests.unit.server.helpers import Device, World, by_id

ACCOUNT = {"fields": {"name": "北京科技有限公司", "phone": "+86 10 1234 5678"}, "territory": "a"}


def test_an_account_and_its_contact_are_created_then_updated_by_external_id(
    client: TestClient, engine: Engine, world: World
) -> None:
    erp = make_key(engine, "erp", ["write"])
    rep = Device(client, "rep_a")

    created = put(client, erp, "accounts", "C-1", ACCOUNT)
    contact = put(client, erp, "contacts", "P-1",
                  {"fields": {"name": "王伟"}, "account_external_id": "C-1"})  # fmt: skip
    updated = put(client, erp, "accounts", "C-1", {"fields": {"tier": "A"}})

    assert (created.status_code, created.json()["status"]) == (201, "created")
    assert (contact.status_code, contact.json()["status"]) == (201, "created")
    assert (updated.status_code, updated.json()["status"]) == (200, "updated")
    account_id = created.json()["record_id"]
    assert updated.json()["record_id"] == account_id
    seen = by_id(rep.pull())  # the writes are in the feed, as any write
    assert seen[account_id]["fields"] | {"territory_id": ""} == {
        "name": "北京科技有限公司", "phone": "+86 10 1234 5678", "city": None, "country": None,
        "address": None, "tier": "A", "status": None, "territory_id": "", "owner_id": None,
        "note": None,
    }  # fmt: skip
    assert seen[contact.json()["record_id"]]["fields"]["account_id"] == account_id
    with make_sessions(engine).read() as session:
        account = session.get_one(Account, account_id)
        assert account.field_writers == {"name": "key:erp", "phone": "key:erp",
                                         "territory_id": "key:erp", "tier": "key:erp"}  # fmt: skip


def test_a_repeat_that_changes_nothing_is_unchanged(
    client: TestClient, engine: Engine, world: World
) -> None:
    erp = make_key(engine, "erp", ["write"])
    first = put(client, erp, "accounts", "C-1", ACCOUNT).json()
    rep = Device(client, "rep_a")
    rep.pull()

    again = put(client, erp, "accounts", "C-1", ACCOUNT)

    assert (again.status_code, again.json()["status"]) == (200, "unchanged")
    assert again.json()["version"] == first["version"]
    assert rep.pull() == []


def test_an_idempotency_key_replays_the_first_answer(
    client: TestClient, engine: Engine, world: World
) -> None:
    erp = make_key(engine, "erp", ["write"])
    first = put(client, erp, "accounts", "C-1", ACCOUNT, idempotency_key="k1")
    rep = Device(client, "rep_a")
    rep.pull()

    retry = put(client, erp, "accounts", "C-1", ACCOUNT, idempotency_key="k1")
    other = put(client, erp, "accounts", "C-1", {"fields": {"tier": "B"}}, idempotency_key="k1")

    assert (retry.status_code, retry.json()) == (201, first.json())
    assert rep.pull() == []
    assert (other.status_code, other.json()["field"]) == (422, "Idempotency-Key")


def test_an_erp_write_never_overwrites_a_reps_later_change(
    client: TestClient, engine: Engine, world: World
) -> None:
    """The rep changed the phone after the ERP's last write: the ERP's new phone is set
    aside as a conflict every member of the territory sees, the rep's value stands, and
    the ERP's change of a field nobody else touched is applied."""
    erp = make_key(engine, "erp", ["write"])
    account_id = put(client, erp, "accounts", "C-1", ACCOUNT).json()["record_id"]
    rep = Device(client, "rep_a")
    version = by_id(rep.pull())[account_id]["version"]
    assert rep.push_one("account", account_id, {"phone": "010-5555 0000"},
                        base_version=version)["status"] == "applied"  # fmt: skip

    stale = {"fields": {"phone": "+86 10 1234 9999", "tier": "B"}}
    answer = put(client, erp, "accounts", "C-1", stale)
    again = put(client, erp, "accounts", "C-1", stale)  # the ERP sends its record again

    assert (answer.status_code, answer.json()["status"]) == (200, "conflict")
    assert again.json()["conflicts"] == answer.json()["conflicts"]
    assert answer.json()["conflicts"] == [
        {"field": "phone", "mine": "+86 10 1234 9999", "theirs": "010-5555 0000"}
    ]
    fields = by_id(rep.pull())[account_id]["fields"]
    assert (fields["phone"], fields["tier"]) == ("010-5555 0000", "B")
    colleague = Device(client, "rep_a2")
    seen = client.get(CONFLICTS_PATH, headers=colleague.headers).json()["conflicts"]
    assert [(c["field"], c["mine"], c["theirs"], c["mine_by_key"], c["theirs_by"])
            for c in seen] == [("phone", "+86 10 1234 9999", "010-5555 0000", "erp",
                                world.user_ids["rep_a"])]  # fmt: skip
    outsider = Device(client, "rep_b")
    assert client.get(CONFLICTS_PATH, headers=outsider.headers).json()["conflicts"] == []


def test_an_account_not_bound_yet_is_found_by_phone_and_bound_keeping_its_values(
    client: TestClient, engine: Engine, world: World
) -> None:
    erp = make_key(engine, "erp", ["write"])
    rep = Device(client, "rep_a")
    account_id = "0b0c5d3e-1111-4222-8333-444455556666"
    rep.push_one("account", account_id, {"name": "北京科技", "phone": "010-1234 5678",
                                         "territory_id": world.territory_a})  # fmt: skip

    same_phone = {"fields": {"phone": "+86 10 1234 5678", "tier": "A"}, "territory": "a"}
    found = put(client, erp, "accounts", "C-1", same_phone)
    other = put(client, erp, "accounts", "C-2", ACCOUNT)

    # Found, not yet written by the ERP: every value it has that differs is set aside, as
    # the import keeps a found record's values; a field it lacked is filled.
    assert (found.json()["status"], found.json()["record_id"]) == ("conflict", account_id)
    assert [c["field"] for c in found.json()["conflicts"]] == ["phone"]
    assert by_id(rep.pull())[account_id]["fields"]["tier"] == "A"
    assert other.json()["status"] == "created"  # the same phone, but C-1 is another record
    assert put(client, erp, "accounts", "C-1", {"fields": {}}).json()["record_id"] == account_id


def test_a_key_without_the_write_scope_is_refused_naming_it(
    client: TestClient, engine: Engine, world: World
) -> None:
    reader = make_key(engine, "bi", ["read", "enquiry"])

    answer = put(client, reader, "accounts", "C-1", ACCOUNT)
    many = bulk(client, reader, [{"entity": "account", "external_id": "C-1", **ACCOUNT}])

    for refused in (answer, many):
        assert refused.status_code == 403
        assert (refused.json()["message"], refused.json()["field"]) == (
            "This key lacks the scope write.",
            "scope",
        )


def test_a_key_reaches_only_its_territories(
    client: TestClient, engine: Engine, world: World
) -> None:
    everywhere = make_key(engine, "erp", ["write"])
    north_only = make_key(engine, "shop", ["write"], ["a"])
    in_b = put(client, everywhere, "accounts", "C-B", ACCOUNT | {"territory": "b"}, system="shop")
    assert in_b.status_code == 201

    new_in_b = put(
        client, north_only, "accounts", "C-2", ACCOUNT | {"territory": "b"}, system="shop"
    )
    old_in_b = put(client, north_only, "accounts", "C-B", {"fields": {"tier": "A"}}, system="shop")
    in_a = put(client, north_only, "accounts", "C-A", ACCOUNT, system="shop")
    moved = put(client, north_only, "accounts", "C-A", {"territory": "b", "fields": {}},
                system="shop")  # fmt: skip
    items = [
        {"entity": "account", "external_id": "C-3", **ACCOUNT},
        {"entity": "account", "external_id": "C-4", **ACCOUNT, "territory": "b"},
        {"entity": "contact", "external_id": "P-1", "fields": {"name": "李"},
         "account_external_id": "C-B"},
    ]  # fmt: skip
    many = bulk(client, north_only, items, system="shop")

    for refused in (new_in_b, old_in_b, moved):
        assert refused.status_code == 403, refused.text
        assert refused.json()["message"] == "This key does not reach the record's territory."
    assert (new_in_b.json()["field"], moved.json()["field"]) == ("territory_id", "territory_id")
    assert in_a.status_code == 201
    assert many.status_code == 200
    assert [(r["status"], r["code"], r["field"]) for r in many.json()["results"]] == [
        ("created", 201, None),
        ("rejected", 403, "territory_id"),
        ("rejected", 403, "account_id"),
    ]
    with make_sessions(engine).read() as session:
        tiers = session.scalars(select(Account.tier).where(Account.id == in_b.json()["record_id"]))
        assert list(tiers) == [None]


def test_bad_input_is_a_4xx_naming_the_field(
    client: TestClient, engine: Engine, world: World
) -> None:
    erp = make_key(engine, "erp", ["write"])
    item = {"entity": "account", "external_id": "C-1", **ACCOUNT}

    cases = {
        "fields.colour": put(client, erp, "accounts", "C-1", {"fields": {"colour": "red"}}),
        "territory": put(client, erp, "accounts", "C-1", ACCOUNT | {"territory": "nowhere"}),
        "territory_id": put(client, erp, "accounts", "C-1", {"fields": {"name": "x"}}),
        "account_external_id": put(client, erp, "contacts", "P-1",
                                   {"fields": {"name": "王"}, "account_external_id": "C-9"}),
        "items": bulk(client, erp, [item] * 1001),
        "items.0.entity": bulk(client, erp, [item | {"entity": "task"}]),
        "kind": put(client, erp, "tasks", "T-1", ACCOUNT),
        "external_id": put(client, erp, "accounts", "C%00", ACCOUNT),
    }  # fmt: skip
    put(client, erp, "accounts", "C-1", ACCOUNT)
    cases["taken"] = put(client, erp, "contacts", "C-1", {"fields": {"name": "王"}})

    for field, answer in cases.items():
        assert answer.status_code == 422, (field, answer.text)
        expected = {"taken": "external_id", "fields.colour": "colour"}.get(field, field)
        assert answer.json()["field"] == expected, answer.text


def test_an_idempotency_key_is_kept_a_day(
    client: TestClient, engine: Engine, world: World, clock: FakeClock
) -> None:
    erp = make_key(engine, "erp", ["write"])
    put(client, erp, "accounts", "C-1", ACCOUNT, idempotency_key="k1")
    tier = {"fields": {"tier": "B"}}

    clock.advance(dt.timedelta(hours=23))
    within = put(client, erp, "accounts", "C-1", tier, idempotency_key="k1")
    clock.advance(dt.timedelta(hours=2))
    after = put(client, erp, "accounts", "C-1", tier, idempotency_key="k1")

    assert within.status_code == 422
    assert (after.status_code, after.json()["status"]) == (200, "updated")


def test_the_routes_carry_examples_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    for path, method in [(RECORD_PATH, "put"), (BULK_PATH, "post")]:
        operation = paths[path][method]
        assert operation["requestBody"]["content"]["application/json"]["examples"]
        for status in ("200", "403", "422"):
            assert operation["responses"][status]["content"]["application/json"]["example"]
