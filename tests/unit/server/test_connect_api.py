"""The admin import endpoint and the inbound web enquiry, over HTTP."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from protocol.paths import MAX_REQUEST_BYTES, ME_PATH, PUSH_PATH, TOKEN_PATH
from server import api_keys, enquiries, feed, regions
from server.connect_api import ENQUIRY_PATH
from server.database import make_sessions
from server.key_auth import API_KEY_HEADER
from server.limits import MAX_IMPORT_BYTES
from server.tables import ApiKey
from tests.unit.server.helpers import PASSWORD, Device, World, add_user, by_id, sign_in

CSV = "客户名称,电话,城市,区域\n北京科技有限公司,010-1234 5678,北京,a\n坏行,,北京,nowhere\n"


def import_path(kind: str = "accounts") -> str:
    return f"/v1/admin/import/{kind}"


@pytest.fixture
def admin(engine: Engine, world: World, client: TestClient) -> dict[str, str]:
    add_user(engine, "root", "admin", ["a", "b"])
    return sign_in(client, "root")


def test_an_admin_imports_a_file_sent_as_the_body(client: TestClient, admin) -> None:
    body = CSV.encode("gb18030")
    headers = admin | {"Content-Type": "text/csv"}

    dry = client.post(import_path(), params={"dry_run": "true"}, content=body, headers=headers)
    done = client.post(import_path(), content=body, headers=headers)

    assert dry.status_code == done.status_code == 200, dry.text
    assert dry.json()["dry_run"] is True and done.json()["dry_run"] is False
    assert [(r["row"], r["status"], r["field"]) for r in done.json()["rows"]] == [
        (2, "created", None),
        (3, "rejected", "territory"),
    ]
    assert done.json()["counts"] == dry.json()["counts"] == {"created": 1, "rejected": 1}


def test_a_mapping_comes_as_a_json_query_parameter(client: TestClient, admin) -> None:
    mapping = json.dumps({"公司": "name", "片": "territory"})
    body = "公司,片\n甲,a\n".encode()

    done = client.post(import_path(), params={"mapping": mapping}, content=body, headers=admin)
    bad = client.post(import_path(), params={"mapping": "{"}, content=body, headers=admin)
    missing = client.post(import_path(), content="片\na\n".encode(), headers=admin)

    assert done.json()["counts"] == {"created": 1}
    assert (bad.status_code, bad.json()["field"]) == (422, "mapping")
    assert missing.status_code == 422
    assert "No column holds the account name" in missing.json()["message"]
    unreadable = client.post(import_path("contacts"), content=b"PK\x03\x04x", headers=admin)
    assert (unreadable.status_code, unreadable.json()["field"]) == (422, "body")
    tasks = client.post(import_path("tasks"), content=b"title\nx\n", headers=admin)
    assert (tasks.status_code, tasks.json()["field"]) == (422, "kind")


def test_an_import_may_be_larger_than_other_requests(client: TestClient, admin) -> None:
    """4 MiB is the limit of every other request; the import's own limit is the one it meets."""
    records = json.dumps([{"客户名称": "甲", "区域": "a"}], ensure_ascii=False).encode()
    body = records + b" " * MAX_REQUEST_BYTES

    done = client.post(import_path(), params={"dry_run": "true"}, content=body, headers=admin)
    push = client.post(PUSH_PATH, content=body, headers=admin)

    assert done.status_code == 200, done.text
    assert done.json()["counts"] == {"created": 1}
    assert push.status_code == 413


def test_an_import_larger_than_its_limit_is_refused_before_it_is_read(
    client: TestClient, admin
) -> None:
    chunk = b"\n" * 2**20
    chunks = iter([b"name\n", *[chunk] * (MAX_IMPORT_BYTES // len(chunk) + 1)])

    answer = client.post(import_path(), content=chunks, headers=admin)

    assert answer.status_code == 413
    assert answer.json()["error"] == "too_large"
    assert str(MAX_IMPORT_BYTES) in answer.json()["message"]


def test_only_an_admin_may_import(client: TestClient, world: World) -> None:
    for user in ("rep_a", "manager"):
        answer = client.post(import_path(), content=CSV.encode(), headers=sign_in(client, user))
        assert answer.status_code == 403
    assert client.post(import_path(), content=CSV.encode()).status_code == 401


# --- web enquiries ---------------------------------------------------------------------------


@pytest.fixture
def key(engine: Engine, world: World) -> str:
    """An API key, and routing rules: 上海 to territory b, everything else to a."""
    with feed.write_transaction(make_sessions(engine).write) as session:
        enquiries.set_routes(session, json.dumps({"default": "a", "cities": {"上海市": "b"}}))
        return api_keys.create(session, "web form")


def enquire(client: TestClient, key: str, **body: str):
    return client.post(ENQUIRY_PATH, json=body, headers={API_KEY_HEADER: key})


def test_an_enquiry_from_a_new_company_becomes_a_routed_lead(
    client: TestClient, world: World, key: str
) -> None:
    rep_b = Device(client, "rep_b")
    answer = enquire(client, key, name="陈静", company="上海新世纪贸易有限公司",
                     phone="021 6666 7777", email="chen@xsj.cn", city="上海",
                     message="想了解报价", source="website")  # fmt: skip

    assert answer.status_code == 201, answer.text
    result = answer.json()
    assert (result["outcome"], result["assignee_id"]) == ("new_lead", world.user_ids["rep_b"])
    seen = by_id(rep_b.pull())
    account = seen[result["account_id"]]["fields"]
    assert account | {"territory_id": "", "owner_id": ""} == {
        "name": "上海新世纪贸易有限公司", "phone": "021 6666 7777", "city": "上海",
        "country": None, "address": None, "tier": None, "status": "prospect", "territory_id": "",
        "owner_id": "", "note": "Web enquiry (website)",
    }  # fmt: skip
    assert account["territory_id"] == world.territory_b
    task = seen[result["task_id"]]["fields"]
    assert task["title"] == "Web enquiry: 陈静: 想了解报价"
    assert (task["kind"], task["done"], task["due_date"]) == (
        "call",
        False,
        dt.date.today().isoformat(),
    )
    contacts = [c["fields"] for c in seen.values() if c["entity"] == "contact"]
    assert contacts == [{"account_id": result["account_id"], "name": "陈静", "title": None,
                         "phone": "021 6666 7777", "email": "chen@xsj.cn"}]  # fmt: skip


def test_an_enquiry_from_a_known_account_is_a_task_for_its_owner(
    client: TestClient, engine: Engine, world: World, key: str
) -> None:
    rep_a = Device(client, "rep_a")
    account_id = "0b0c5d3e-1111-4222-8333-444455556666"
    rep_a.push_one("account", account_id, {"name": "北京科技有限公司", "phone": "010-12345678",
                                           "city": "北京", "territory_id": world.territory_a,
                                           "owner_id": world.user_ids["rep_a2"]})  # fmt: skip
    rep_a.pull()

    by_phone = enquire(client, key, name="王先生", phone="+86 10 1234 5678")
    by_name = enquire(client, key, name="李女士", company="北京科技", city="北京市", email="l@x.cn")

    for answer in (by_phone, by_name):
        assert answer.status_code == 201, answer.text
        result = answer.json()
        assert result["outcome"] == "existing_account"
        assert (result["account_id"], result["assignee_id"]) == (
            account_id,
            world.user_ids["rep_a2"],
        )
    tasks = [c for c in rep_a.pull() if c["entity"] == "task"]
    assert sorted(t["fields"]["title"] for t in tasks) == [
        "Web enquiry: 李女士",
        "Web enquiry: 王先生",
    ]


def test_the_same_enquiry_twice_in_a_day_adds_no_second_task(
    client: TestClient, world: World, key: str
) -> None:
    body = {"name": "陈静", "phone": "021 6666 7777", "city": "上海", "message": "想了解报价"}
    first = enquire(client, key, **body).json()
    again = enquire(client, key, **body | {"phone": "+86 21 6666 7777", "city": "上海市"}).json()
    other = enquire(client, key, **body | {"message": "还想要样品"}).json()

    assert (again["account_id"], again["task_id"], again["repeat"]) == (
        first["account_id"],
        first["task_id"],
        True,
    )
    assert (other["account_id"], other["repeat"]) == (first["account_id"], False)
    assert other["task_id"] != first["task_id"]
    tasks = [c for c in Device(client, "rep_b").pull() if c["entity"] == "task"]
    assert len(tasks) == 2


@pytest.mark.parametrize(
    "city", ["Paris", "PARIS ", "paris, France", "Paris，Île-de-France, France", "  paris"]
)
def test_routing_reads_a_city_without_case_spacing_province_or_country(
    client: TestClient, engine: Engine, world: World, key: str, city: str
) -> None:
    rules = {"default": "a", "cities": {"Paris": "b", "广州": "b"}}
    with feed.write_transaction(make_sessions(engine).write) as session:
        enquiries.set_routes(session, json.dumps(rules))

    answer = enquire(client, key, name="Jean Dupont", phone="+33 1 42 68 53 00", city=city)

    assert answer.json()["assignee_id"] == world.user_ids["rep_b"], answer.text


def test_routing_reads_a_chinese_city_with_its_province(
    client: TestClient, engine: Engine, world: World, key: str
) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        enquiries.set_routes(session, json.dumps({"default": "a", "cities": {"广州": "b"}}))

    answer = enquire(client, key, name="黄先生", phone="020 8888 6666", city="广东省广州市")

    assert answer.json()["assignee_id"] == world.user_ids["rep_b"], answer.text


def test_routing_by_country_given_or_named_after_the_city(
    client: TestClient, engine: Engine, world: World, key: str
) -> None:
    rules = {"default": "a", "countries": {"United Kingdom": "b", "巴西": "b"}}
    with feed.write_transaction(make_sessions(engine).write) as session:
        enquiries.set_routes(session, json.dumps(rules))
    rep_b = Device(client, "rep_b")

    london = enquire(client, key, name="Ann Lee", phone="020 7946 0018", city="London, UK")
    brazil = enquire(client, key, name="Ana Souza", phone="(12) 3923-5555", country="Brazil")
    tokyo = enquire(client, key, name="Sato", phone="+81 3-3210-1111", city="Tokyo")

    assert [a.json()["assignee_id"] for a in (london, brazil, tokyo)] == [
        world.user_ids["rep_b"], world.user_ids["rep_b"], world.user_ids["rep_a"],
    ]  # fmt: skip
    leads = {c["record_id"]: c["fields"] for c in rep_b.pull() if c["entity"] == "account"}
    assert leads[london.json()["account_id"]]["country"] == "GB"
    assert leads[brazil.json()["account_id"]]["country"] == "BR"
    bad = enquire(client, key, name="X", phone="+81 3-3210-1111", country="Atlantis")
    assert (bad.status_code, bad.json()["field"]) == (422, "country")


def test_a_known_customer_abroad_writing_the_number_nationally_reaches_the_owner(
    client: TestClient, world: World, key: str
) -> None:
    rep_a = Device(client, "rep_a")
    account_id = "0b0c5d3e-1111-4222-8333-777788889999"
    rep_a.push_one("account", account_id, {"name": "Embraer Supplier Ltda", "country": "BR",
                                           "phone": "+55 12 3923-5555",
                                           "territory_id": world.territory_a,
                                           "owner_id": world.user_ids["rep_a2"]})  # fmt: skip

    answer = enquire(client, key, name="Ana Souza", phone="(12) 3923-5555", message="Orçamento")

    result = answer.json()
    assert (result["outcome"], result["account_id"], result["assignee_id"]) == (
        "existing_account",
        account_id,
        world.user_ids["rep_a2"],
    ), answer.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phone": "13900001111"}, "name"),
        ({"name": "  ", "phone": "13900001111"}, "name"),
        ({"name": "张三"}, "phone"),
        ({"name": "张三", "phone": "call me"}, "phone"),
        ({"name": "张三", "email": "zhang at home"}, "email"),
        ({"name": "张三", "phone": "13900001111", "fax": "1"}, "fax"),
        ({"name": "张三", "phone": "13900001111", "message": "x" * 2001}, "message"),
    ],
)
def test_a_bad_enquiry_is_a_422_naming_the_field(client: TestClient, key: str, body, field) -> None:
    answer = client.post(ENQUIRY_PATH, json=body, headers={API_KEY_HEADER: key})

    assert answer.status_code == 422
    assert answer.json()["field"] == field


def test_an_enquiry_needs_a_live_api_key(client: TestClient, engine: Engine, key: str) -> None:
    body = {"name": "张三", "phone": "13900001111"}

    assert client.post(ENQUIRY_PATH, json=body).status_code == 401
    assert enquire(client, "fbk_wrong", **body).status_code == 401
    with feed.write_transaction(make_sessions(engine).write) as session:
        api_keys.revoke(session, "web form")
    revoked = enquire(client, key, **body)
    assert (revoked.status_code, revoked.json()["message"]) == (
        401,
        "The API key is unknown or was revoked.",
    )


def test_without_routing_rules_an_enquiry_says_so(
    client: TestClient, engine: Engine, world: World
) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        key = api_keys.create(session, "web")

    answer = enquire(client, key, name="张三", phone="13900001111")

    assert (answer.status_code, answer.json()["error"]) == (503, "not_configured")


def test_only_the_hash_of_a_key_is_stored(engine: Engine) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        key = api_keys.create(session, "shop")
        with pytest.raises(api_keys.ApiKeyError, match="exists already"):
            api_keys.create(session, "shop")
    with make_sessions(engine).read() as session:
        stored = session.scalars(select(ApiKey.key_hash)).all()
        assert key.startswith("fbk_") and key not in stored and len(stored) == 1
        assert api_keys.grant_of_valid_key(session, key) == api_keys.KeyGrant(
            "shop", frozenset({"enquiry"}), None
        )
        assert [k.name for k in api_keys.listed(session)] == ["shop"]


def test_sign_in_names_the_servers_default_region(
    client: TestClient, engine: Engine, world: World
) -> None:
    before = client.post(TOKEN_PATH, json={"username": "rep_a", "password": PASSWORD}).json()
    with make_sessions(engine).write.begin() as session:
        regions.set_default_region(session, "Chile")
    headers = sign_in(client, "rep_a")

    assert before["user"]["default_region"] == "CN"
    assert client.get(ME_PATH, headers=headers).json()["default_region"] == "CL"
