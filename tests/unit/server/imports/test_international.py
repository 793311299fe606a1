"""An international customer list (tests/fixtures/international.py): the dry run's report row
by row, a second file with the same customers' numbers in other forms, and the client's
caller lookup agreeing with the server's matching for every number in both."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from app.accounts import find_by_phone, identifies_one
from local_store import state
from local_store.db import Replica
from protocol.sync import Change
from server import feed, regions, users
from server.matching import find_account
from server.tables import Account
from server.values import wire_fields
from sync.replica_side import apply_changes
from tests.fixtures.international import CUSTOMERS, TERRITORIES, Customer, customer_file
from tests.unit.app.workspaces import workspace_of
from tests.unit.server.helpers import Device, add_user
from tests.unit.server.imports.helpers import Office, statuses

FIRST_ROW = 2  # the header is row 1


def row_of(name: str) -> int:
    return FIRST_ROW + next(i for i, c in enumerate(CUSTOMERS) if c.name == name)


@pytest.fixture
def known(office: Office) -> dict[str, str]:
    """The fixture's territories with their regions, and customers already on the server."""
    with feed.write_transaction(office.sessions.write) as session:
        ids = {key: users.ensure_territory(session, key) for key in TERRITORIES}
        for key, region in TERRITORIES.items():
            if region:
                regions.set_territory_region(session, key, region)
    before: dict[str, dict[str, object]] = {
        # found by phone (in the file nationally, here internationally); the name is kept
        "Borough Market Traders Ltd": {"name": "Borough Market Traders",
                                       "phone": "+44 20 7407 1002", "address": "8 Southwark St",
                                       "territory_id": ids["uk"]},
        # stored nationally in its own country, the file writes it internationally
        "Embraer Peças Ltda": {"name": "Embraer Peças", "phone": "12 3923 5555", "country": "BR",
                               "city": "São José dos Campos", "territory_id": ids["latam"]},
        # stored in another territory: the territory is kept
        "Viña Los Andes": {"name": "Viña Los Andes", "phone": "(2) 2635 4444", "country": "CL",
                           "city": "Santiago", "territory_id": ids["emea"]},
        # the same in every field the file gives
        "北京科技有限公司": {"name": "北京科技有限公司", "phone": "010-65528888", "city": "北京",
                            "territory_id": ids["china"]},
    }  # fmt: skip
    return {name: office.add("account", fields) for name, fields in before.items()}


# Rows that find an account already on the server; every other row creates one.
FOUND = {
    "Borough Market Traders Ltd": (
        "merged",
        "found by same phone; kept name 'Borough Market Traders',"
        " the file has 'Borough Market Traders Ltd'",
    ),
    "Embraer Peças Ltda": (
        "unchanged",
        "found by same phone; kept name 'Embraer Peças', the file has 'Embraer Peças Ltda'",
    ),
    "Viña Los Andes": (
        "unchanged",
        "found by same phone; kept territory 'emea', the file has 'latam'",
    ),
    "北京科技有限公司": ("unchanged", "found by same phone"),
}


def expected_row(customer: Customer) -> tuple[str, str, None]:
    status, reason = FOUND.get(customer.name, ("created", ""))
    return status, reason, None


# The encodings Excel, LibreOffice and Google Sheets save a customer list in that hold it all.
WHOLE_FILE_ENCODINGS = ("utf-8-sig", "utf-8", "utf-16", "gb18030")


@pytest.mark.parametrize("encoding", WHOLE_FILE_ENCODINGS)
def test_the_dry_run_reports_every_row_of_the_international_file(
    office: Office, known: dict[str, str], encoding: str
) -> None:
    position = office.feed_position()

    report = office.run("account", customer_file(encoding), dry_run=True)

    assert len(CUSTOMERS) >= 60 and len({c.code for c in CUSTOMERS}) >= 15
    assert [row.row for row in report.rows] == list(range(2, 2 + len(CUSTOMERS)))
    for customer, row in zip(CUSTOMERS, report.rows, strict=True):
        assert (row.status, row.reason, row.field) == expected_row(customer), row
        assert row.name == customer.name
        if customer.name in known:
            assert row.record_id == known[customer.name]
    assert report.counts == {"created": len(CUSTOMERS) - 4, "merged": 1, "unchanged": 3}
    assert office.feed_position() == position


def written_in(encoding: str, customer: Customer) -> bool:
    text = "".join(str(value) for value in vars(customer).values())
    return text.encode(encoding, "replace").decode(encoding) == text


def test_a_western_windows_file_reads_like_the_others(
    office: Office, known: dict[str, str]
) -> None:
    """The customers Windows-1252 can write (Western European letters, no Chinese), as a
    Western-Windows Excel saves them."""
    western = [c for c in CUSTOMERS if written_in("cp1252", c)]
    assert len(western) >= 40 and any(not c.name.isascii() for c in western)

    report = office.run("account", customer_file("cp1252", customers=western), dry_run=True)

    for customer, row in zip(western, report.rows, strict=True):
        assert (row.name, row.status, row.reason) == (customer.name, *expected_row(customer)[:2])


def test_letters_a_code_page_lost_to_question_marks_are_rejected_rows(
    office: Office, known: dict[str, str]
) -> None:
    """Excel saved the list as GBK: letters GBK lacks became "?". Those rows are refused,
    naming the column; every other row reads as from the UTF-8 file."""
    position = office.feed_position()

    report = office.run("account", customer_file("gbk", errors="replace"), dry_run=True)

    lost = [c.name for c in CUSTOMERS if not written_in("gbk", c)]
    assert len(lost) >= 3
    for customer, row in zip(CUSTOMERS, report.rows, strict=True):
        if customer.name in lost:
            assert row.status == "rejected" and 'lost letters to "?"' in row.reason, row
        else:
            assert (row.status, row.reason) == expected_row(customer)[:2], row
    assert office.feed_position() == position


def test_the_import_reads_countries_and_fills_only_empty_fields(
    office: Office, known: dict[str, str]
) -> None:
    report = office.run("account", customer_file())

    rows = {row.row: row for row in report.rows}
    with office.sessions.read() as session:
        for customer in CUSTOMERS:
            account = session.get_one(Account, rows[row_of(customer.name)].record_id)
            if customer.country:
                assert account.country == customer.code, customer
        borough = session.get_one(Account, known["Borough Market Traders Ltd"])
        assert (borough.name, borough.country, borough.address) == (
            "Borough Market Traders",  # kept
            "GB",  # filled
            "8 Southwark St",
        )
        chile = session.get_one(Account, known["Viña Los Andes"])
        assert chile.territory_id == users.territory_record_id("emea")


def test_the_same_customers_with_other_phone_forms_all_match_and_change_nothing(
    office: Office, known: dict[str, str]
) -> None:
    first = office.run("account", customer_file())
    with office.sessions.read() as session:
        before = {a.id: wire_fields("account", a) for a in session.scalars(select(Account))}
    position = office.feed_position()

    second = office.run("account", customer_file(other_forms=True))

    assert {row.status for row in second.rows} == {"unchanged"}
    for one, two, customer in zip(first.rows, second.rows, CUSTOMERS, strict=True):
        assert two.record_id == one.record_id, (customer, two)
        assert two.reason.startswith("found by same phone"), two
        if customer.name.upper() != customer.name:
            assert f"the file has {customer.name.upper()!r}" in two.reason
    with office.sessions.read() as session:
        after = {a.id: wire_fields("account", a) for a in session.scalars(select(Account))}
    assert after == before
    assert office.feed_position() == position


def test_client_lookup_and_server_matching_agree_on_every_number(
    office: Office, known: dict[str, str], engine: Engine, client: TestClient, tmp_path: Path
) -> None:
    report = office.run("account", customer_file())
    expected = {c.name: row.record_id for c, row in zip(CUSTOMERS, report.rows, strict=True)}
    add_user(engine, "root", "admin", list(TERRITORIES))
    replica = Replica(tmp_path / "replica.db")
    with replica.session() as session:
        state.put(session, state.DEFAULT_REGION, "CN")
        apply_changes(session, [Change(**c) for c in Device(client, "root").pull()])
    workspace = workspace_of(replica, "root", users.territory_record_id("emea"))

    for customer in CUSTOMERS:
        for number in (customer.phone, customer.other):
            with office.sessions.read() as session:
                server = find_account(session, phone=number)
            lookup = find_by_phone(workspace, number)
            assert server is not None and server.record_id == expected[customer.name], number
            assert [m.id for m in lookup] == [expected[customer.name]], number
            assert identifies_one(number), number
    replica.close()


def test_a_fragment_finds_accounts_but_is_no_callers_number() -> None:
    assert not identifies_one("5555")
    assert not identifies_one("+56 2")
    assert not identifies_one("635 44 ext. 1234")
    assert identifies_one("635 4444")


def test_a_new_account_without_a_territory_is_rejected_naming_the_field(office: Office) -> None:
    data = b"name,phone,country\nNobody Ltd,+44 20 7946 0000,GB\nSomebody,,Atlantis\n"

    report = office.run("account", data)

    assert statuses(report) == [(2, "rejected"), (3, "rejected")]
    assert (report.rows[0].field, report.rows[0].reason) == (
        "territory",
        "territory is needed: give a territory key or an owner who has a territory",
    )
    assert (report.rows[1].field, report.rows[1].reason) == (
        "country",
        "country 'Atlantis' is not a country code or a country's name",
    )


def test_a_row_that_finds_its_account_needs_no_territory_or_owner(
    office: Office, known: dict[str, str]
) -> None:
    data = b"name,phone,address\nSomeone,0044 20 7407 1002,1 New Road\n"

    report = office.run("account", data)

    assert statuses(report) == [(2, "unchanged")]
    assert report.rows[0].record_id == known["Borough Market Traders Ltd"]
    assert "kept address '8 Southwark St', the file has '1 New Road'" in report.rows[0].reason
