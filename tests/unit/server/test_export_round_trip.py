"""Any table of cells, exported and imported again, reports every row unchanged: in CSV and in
JSON, whatever quotes, commas, line breaks, CJK text, formula-like starts or empty cells it
holds."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from server import exports, feed, users
from server.imports.report import ImportEntity
from server.spreadsheet_text import neutralised, restored
from tests.unit.server.imports.helpers import Office, make_office

# Characters that break naive CSV, spreadsheets and trimming, mixed with any other text.
TRICKY = st.sampled_from(
    ['"', '""', ",", ";", "\t", "\n", "\r\n", "\r", " ", "'", "=", "+", "-", "@", "?", "|"]
)
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY = st.characters(codec="utf-8", exclude_characters="\x00")  # text the database can store
TEXT = st.lists(st.one_of(TRICKY, CJK, ANY), max_size=12).map("".join)
CELL = st.one_of(st.none(), st.just(""), TEXT)
NAME = TEXT.filter(lambda text: text.strip() != "")  # a required text may not be blank

ACCOUNT = st.fixed_dictionaries(
    {"name": NAME, "phone": CELL, "city": CELL, "address": CELL, "tier": CELL,
     "status": CELL, "note": CELL}
)  # fmt: skip
CONTACT = st.fixed_dictionaries({"name": NAME, "title": CELL, "phone": CELL, "email": CELL})
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    # One database for all examples: each example works in a territory of its own.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_territories = itertools.count()


@pytest.fixture
def office(engine: Engine) -> Office:
    return make_office(engine)


def exported_and_imported(
    office: Office, kind: str, fmt: exports.Format, territory: str
) -> list[str]:
    entity: ImportEntity = "account" if kind == "accounts" else "contact"
    with office.sessions.read() as session:
        data = exports.export(session, exports.PLURALS[kind], fmt, territory)
    report = office.run(entity, data, dry_run=True)
    return [row.status for row in report.rows]


@given(
    accounts=st.lists(ACCOUNT, min_size=1, max_size=4),
    contacts=st.lists(CONTACT, min_size=1, max_size=4),
)
@EXAMPLES
def test_any_table_exported_and_imported_again_is_unchanged(
    office: Office, accounts: list[dict[str, object]], contacts: list[dict[str, object]]
) -> None:
    key = f"t{next(_territories)}"
    with feed.write_transaction(office.sessions.write) as session:
        territory_id = users.ensure_territory(session, key, key)
    account_ids = [office.add("account", a | {"territory_id": territory_id}) for a in accounts]
    for contact in contacts:
        office.add("contact", contact | {"account_id": account_ids[0]})

    for fmt in ("csv", "json"):
        assert exported_and_imported(office, "accounts", fmt, key) == ["unchanged"] * len(accounts)
        assert exported_and_imported(office, "contacts", fmt, key) == ["unchanged"] * len(contacts)


@given(TEXT)
@settings(max_examples=500)
def test_a_neutralised_cell_never_starts_a_formula_and_reads_back_exactly(text: str) -> None:
    cell = neutralised(text)

    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restored(cell) == (text or None)
