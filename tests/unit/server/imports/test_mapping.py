"""Mapping files that build a field from several columns, or take the first column with a value."""

from __future__ import annotations

import json

import pytest

from server.imports.errors import MappingError
from server.imports.mapping import load_mapping, resolve
from tests.unit.server.imports.helpers import Office, statuses

PEOPLE = (
    b"Company,First name,Last name,Phone,Region\n"
    b"Acme GmbH,Anna,Schmidt,+49 30 1234567,north\n"
    b",Bruno,Keller,+41 44 668 18 00,north\n"
    b",,Dupont,+33 1 42 68 53 00,north\n"
    b",,,+1 212 555 0100,north\n"
)
COMPANY_ELSE_PERSON = {
    "name": ["Company", {"join": ["First name", "Last name"]}],
    "Phone": "phone",
    "Region": "territory",
}


def test_a_field_falls_back_to_the_next_source_with_a_value(office: Office) -> None:
    report = office.run("account", PEOPLE, COMPANY_ELSE_PERSON, dry_run=True)

    assert statuses(report) == [(2, "created"), (3, "created"), (4, "created"), (5, "rejected")]
    assert [row.name for row in report.rows] == ["Acme GmbH", "Bruno Keller", "Dupont", None]
    assert report.rows[3].field == "name"
    assert report.rows[3].reason == "Company or First name + Last name (name) is required"


def test_a_join_may_have_its_own_separator(office: Office) -> None:
    office.add("account", {"name": "北京科技", "territory_id": office.north})
    data = "姓,名,职务,客户\n王,伟,总经理,北京科技\n李,,,北京科技\n".encode("gb18030")
    mapping = {
        "name": {"join": ["姓", "名"], "separator": ""},
        "title": ["职务"],
        "客户": "account_name",
    }

    report = office.run("contact", data, mapping)

    assert [row.name for row in report.rows] == ["王伟", "李"]
    contact = office.load("contact", report.rows[0].record_id or "")
    assert (contact["name"], contact["title"]) == ("王伟", "总经理")


def test_a_mapping_file_holds_both_forms() -> None:
    text = json.dumps(COMPANY_ELSE_PERSON)

    plan = resolve("account", ["Company", "First name", "Last name", "Phone", "Region"],
                   load_mapping(text))  # fmt: skip

    assert sorted(plan) == ["name", "phone", "territory"]
    row = {"Company": None, "First name": "Anna", "Last name": "Schmidt", "Phone": "1"}
    assert plan["name"].value(row) == "Anna Schmidt"
    assert str(plan["name"]) == "Company or First name + Last name"
    assert str(plan["phone"]) == "Phone"


@pytest.mark.parametrize(
    ("mapping", "words"),
    [
        ({"name": ["Company", {"join": ["First", "Last name"]}]}, "does not have: First"),
        ({"name": [], "Phone": "phone"}, 'The mapping entry "name" must be'),
        ({"name": [3]}, 'The mapping entry "name" must be'),
        ({"name": {"join": "Company"}}, 'The mapping entry "name" must be'),
        ({"name": {"join": ["Company"], "with": "-"}}, 'The mapping entry "name" must be'),
        ({"name": ["Company"], "Last name": "name"}, "Several columns map to name"),
        ({"town": ["Company"], "Last name": "name"}, "Unknown account fields in the mapping: town"),
    ],
)
def test_a_mapping_that_cannot_work_says_why(mapping: dict[str, object], words: str) -> None:
    with pytest.raises(MappingError, match=words):
        resolve("account", ["Company", "First name", "Last name", "Phone"], mapping)
