"""A file saved in a code page that lost letters to "?" is refused row by row, never written.

Excel on a Chinese Windows saves "CSV" in GBK, which has no ö or é: `Köhler` became `K?hler`,
and the import reported 18 ordinary "updated" rows that would have overwritten good names.
"""

from __future__ import annotations

import pytest

from server import external_ids, feed
from server.imports.lost_letters import lost_letters
from tests.unit.server.imports.helpers import Office, statuses

HEADER = "ERP编号,客户名称,城市,备注,负责人"
ROWS = [
    "E1,K?hler Maschinenbau,北京,,wang",  # 2: lost ö in the name
    "E2,北京科技有限公司,北京,报价?,wang",  # 3: a question in the note: fine
    "E3,Caf? de Flore,Paris,,wang",  # 4: lost é
    "E4,上海海洋贸易,S?o Paulo,,wang",  # 5: lost ã in the city
    "E5,广州华南贸易,广州,Call Mr. M?ller,wang",  # 6: lost ü in a note
]
MAPPING = {"ERP编号": "external_id:erp", "客户名称": "name", "城市": "city", "备注": "note",
           "负责人": "owner"}  # fmt: skip
GBK_FROM_EXCEL = ("\r\n".join([HEADER, *ROWS]) + "\r\n").encode("gbk")


@pytest.fixture
def koehler(office: Office) -> str:
    account = office.add(
        "account", {"name": "Köhler Maschinenbau", "city": "北京", "territory_id": office.north}
    )
    with feed.write_transaction(office.sessions.write) as session:
        external_ids.attach(session, "account", account, "erp", "E1")
    return account


def test_the_dry_run_flags_each_row_that_lost_letters(office: Office, koehler: str) -> None:
    report = office.run("account", GBK_FROM_EXCEL, MAPPING, dry_run=True)

    assert statuses(report) == [
        (2, "rejected"), (3, "created"), (4, "rejected"), (5, "rejected"), (6, "rejected"),
    ]  # fmt: skip
    rows = {row.row: row for row in report.rows}
    assert [(rows[n].field, rows[n].name) for n in (2, 4, 5, 6)] == [
        ("name", "K?hler Maschinenbau"),
        ("name", "Caf? de Flore"),
        ("city", "上海海洋贸易"),
        ("note", "广州华南贸易"),
    ]
    assert rows[2].reason == (
        "客户名称 (name) 'K?hler Maschinenbau' has lost letters to \"?\" (the file was saved "
        "as GB18030); save it as CSV UTF-8 or XLSX and import it again"
    )
    assert rows[5].reason.startswith("城市 (city) 'S?o Paulo' has lost letters")


def test_the_import_writes_none_of_them(office: Office, koehler: str) -> None:
    accounts, position = office.count("account"), office.feed_position()

    report = office.run("account", GBK_FROM_EXCEL, MAPPING)

    assert report.counts == {"created": 1, "rejected": 4}
    assert office.count("account") == accounts + 1
    assert office.load("account", koehler)["name"] == "Köhler Maschinenbau"
    assert office.feed_position() > position


def test_the_same_rows_in_utf8_are_not_suspected(office: Office) -> None:
    """UTF-8 holds every letter: a "?" there is what the author typed."""
    data = "name,city,owner\nWho? Ltd,Berlin,wang\nKöhler,Köln,wang\n".encode()

    report = office.run("account", data, dry_run=True)

    assert statuses(report) == [(2, "created"), (3, "created")]


@pytest.mark.parametrize(
    ("target", "text", "lost"),
    [
        ("name", "K?hler", True),
        ("name", "Jos?", True),
        ("name", "??", True),
        ("phone", "+49 ? 123", True),
        ("note", "?rebro office", True),
        ("note", "Call back? Maybe.", False),
        ("note", "Really??", False),
        ("name", "Köhler", False),
    ],
)
def test_what_counts_as_a_lost_letter(target: str, text: str, lost: bool) -> None:
    assert lost_letters(target, text) is lost
