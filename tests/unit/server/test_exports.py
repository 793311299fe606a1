"""Exports to CSV and JSON, and the round trip: an exported file imports as all unchanged."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine

from server import exports
from server.imports.report import ImportEntity
from tests.unit.server.imports.helpers import Office, make_office

ACCOUNTS = (
    "name,phone,city,owner,territory,external_id:erp,external_id:shop\n"
    "北京科技有限公司,010-1234 5678,北京,wang,,E1,S1\n"
    "Shanghai Ocean Trading,+86 21 5555 6666,上海,li,east,E2,\n"
    "天津港务,,天津,wang@example.com,,,S3\n"
).encode()
CONTACTS = (
    "name,title,phone,email,account_external_id:erp\n"
    "王伟,总经理,13900001111,wangwei@bjkj.cn,E1\n"
    "Alice Zhang,Buyer,,alice@ocean.cn,E2\n"
).encode()


@pytest.fixture
def filled(engine: Engine) -> Office:
    office = make_office(engine)
    assert office.run("account", ACCOUNTS).counts == {"created": 3}
    assert office.run("contact", CONTACTS).counts == {"created": 2}
    account = next(r.record_id for r in office.run("account", ACCOUNTS).rows)
    office.add("task", {"account_id": account, "title": "送报价", "due_date": "2026-11-25",
                        "done": False, "kind": "task", "assignee_id": office.wang})  # fmt: skip
    office.add("activity", {"account_id": account, "process_key": "visit", "process_version": 1,
                            "kind": "visit", "occurred_at": "2026-11-20T10:00:00+08:00",
                            "answers": [{"step": "reason", "codes": ["price"]}],
                            "user_id": office.wang})  # fmt: skip
    return office


def export(office: Office, kind: str, fmt: exports.Format, territory: str | None = None) -> bytes:
    with office.sessions.read() as session:
        return exports.export(session, exports.PLURALS[kind], fmt, territory)


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_accounts_as_csv_in_the_columns_the_import_reads(filled: Office) -> None:
    rows = read_csv(export(filled, "accounts", "csv"))

    assert list(rows[0]) == [
        *("id", "name", "phone", "city", "country", "address", "tier", "status", "territory"),
        "owner",
        *("note", "external_id:erp", "external_id:shop"),
    ]
    by_name = {row["name"]: row for row in rows}
    assert by_name["北京科技有限公司"] | {"id": ""} == {
        "id": "", "name": "北京科技有限公司", "phone": "010-1234 5678", "city": "北京",
        "country": "", "address": "", "tier": "", "status": "", "territory": "north",
        "owner": "wang", "note": "", "external_id:erp": "E1", "external_id:shop": "S1",
    }  # fmt: skip
    assert by_name["天津港务"]["external_id:erp"] == ""


def test_json_keeps_types_and_chinese_text(filled: Office) -> None:
    tasks = json.loads(export(filled, "tasks", "json"))
    activities = json.loads(export(filled, "activities", "json"))
    data = export(filled, "accounts", "json")

    assert "北京科技有限公司".encode() in data  # not \\u escapes
    assert tasks[0]["title"] == "送报价" and tasks[0]["done"] is False
    assert activities[0]["answers"] == [{"step": "reason", "codes": ["price"]}]
    assert activities[0]["occurred_at"] == "2026-11-20T02:00:00+00:00"


def test_csv_writes_json_values_as_text(filled: Office) -> None:
    (activity,) = read_csv(export(filled, "activities", "csv"))
    (task,) = read_csv(export(filled, "tasks", "csv"))

    assert json.loads(activity["answers"]) == [{"step": "reason", "codes": ["price"]}]
    assert task["done"] == "false"


def test_one_territory_only(filled: Office) -> None:
    east = json.loads(export(filled, "accounts", "json", territory="east"))
    contacts = read_csv(export(filled, "contacts", "csv", territory="east"))

    assert [a["name"] for a in east] == ["Shanghai Ocean Trading"]
    assert [c["name"] for c in contacts] == ["Alice Zhang"]
    with pytest.raises(exports.ExportError, match="no territory with the key 'west'"):
        export(filled, "accounts", "csv", territory="west")


def test_an_empty_export_still_has_its_header(engine: Engine) -> None:
    office = make_office(engine)

    assert read_csv(export(office, "contacts", "csv")) == []
    assert export(office, "contacts", "csv").decode("utf-8-sig").startswith("id,account_id,name")


@pytest.mark.parametrize("kind", ["accounts", "contacts"])
def test_exporting_then_importing_changes_nothing(filled: Office, kind: str) -> None:
    entity: ImportEntity = "account" if kind == "accounts" else "contact"
    position = filled.feed_position()

    report = filled.run(entity, export(filled, kind, "csv"))

    assert {row.status for row in report.rows} == {"unchanged"}
    assert {row.reason for row in report.rows} == {"found by id"}
    assert filled.feed_position() == position


def test_tasks_and_activities_name_their_users(filled: Office) -> None:
    (task,) = read_csv(export(filled, "tasks", "csv"))
    (activity,) = json.loads(export(filled, "activities", "json"))

    assert task["assignee"] == "wang" and "assignee_id" not in task
    assert activity["user"] == "wang" and "user_id" not in activity


def test_an_empty_tasks_export_names_the_assignee_column_too(engine: Engine) -> None:
    header = export(make_office(engine), "tasks", "csv").decode("utf-8-sig").splitlines()[0]

    assert header.split(",")[-1] == "assignee"


@pytest.mark.parametrize("kind", ["accounts", "contacts"])
def test_the_json_export_imports_again_as_unchanged(filled: Office, kind: str) -> None:
    entity: ImportEntity = "account" if kind == "accounts" else "contact"
    position = filled.feed_position()

    report = filled.run(entity, export(filled, kind, "json"))

    assert [row.status for row in report.rows] == ["unchanged"] * filled.count(entity)
    assert filled.feed_position() == position


FORMULAS = {
    "name": '=HYPERLINK("http://evil.example","Click")',
    "phone": "+44 20 7707 0707",
    "city": "-2+3",
    "address": "@SUM(A1:A9)",
    "note": "\t=1+1",
    "tier": "'=already quoted",
    "status": " padded ",
}


def test_formula_cells_are_quoted_as_owasp_advises_and_read_back_exactly(filled: Office) -> None:
    account = filled.add("account", {**FORMULAS, "territory_id": filled.north})
    position = filled.feed_position()

    data = export(filled, "accounts", "csv")
    report = filled.run("account", data)

    (row,) = [r for r in read_csv(data) if r["id"] == account]
    assert {name: row[name] for name in FORMULAS} == {
        "name": '\'=HYPERLINK("http://evil.example","Click")',
        "phone": "'+44 20 7707 0707",  # Excel shows it as written, quote in front
        "city": "'-2+3",
        "address": "'@SUM(A1:A9)",
        "note": "'\t=1+1",
        "tier": "''=already quoted",
        "status": "' padded ",
    }
    assert {r.status for r in report.rows} == {"unchanged"}
    assert filled.feed_position() == position
    assert filled.load("account", account)["name"] == FORMULAS["name"]
