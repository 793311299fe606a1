"""Importing contacts: the account by external id or name, duplicates within the account."""

from __future__ import annotations

from server import external_ids, feed
from server.tables import Contact
from tests.unit.server.imports.helpers import Office, statuses

HEADER = "姓名,职位,手机,邮箱,客户名称,account_external_id:erp"
ROWS = [
    "王伟,总经理,13900001111,wangwei@bjkj.cn,,E1",  # 2 new, account by ERP id
    "王伟,,139-0000-1111,,,E1",  # 3 same phone as row 2
    "张丽,采购,,ZHANGLI@bjkj.cn,北京科技有限公司,",  # 4 account by name
    "刘强,,,,,E999",  # 5 unknown account
    "赵敏,经理,,ZhaoMin@BJKJ.cn,,E1",  # 6 known contact by e-mail
    "孙悦,,,,上海无名公司,",  # 7 no such account name
]
FILE = ("\n".join([HEADER, *ROWS]) + "\n").encode("utf-8-sig")


def test_contacts_find_their_account_and_their_duplicates(office: Office) -> None:
    account = office.add(
        "account", {"name": "北京科技有限公司", "city": "北京", "territory_id": office.north}
    )
    with feed.write_transaction(office.sessions.write) as session:
        external_ids.attach(session, "account", account, "erp", "E1")
    zhao = office.add(
        "contact", {"account_id": account, "name": "赵敏", "email": "zhaomin@bjkj.cn"}
    )

    dry = office.run("contact", FILE, dry_run=True)
    report = office.run("contact", FILE)
    again = office.run("contact", FILE)

    expected = [(2, "created"), (3, "unchanged"), (4, "created"), (5, "rejected"),
                (6, "merged"), (7, "rejected")]  # fmt: skip
    assert statuses(dry) == statuses(report) == expected
    rows = {row.row: row for row in report.rows}
    assert rows[3].record_id == rows[2].record_id
    assert rows[3].reason == "same contact as row 2 (same phone in the account)"
    assert (rows[5].field, rows[5].reason) == (
        "account_external_id:erp",
        "account_external_id:erp no account has the erp id 'E999'",
    )
    assert (rows[6].record_id, rows[6].reason) == (zhao, "found by same e-mail in the account")
    assert (rows[7].field, rows[7].reason) == (
        "account_name",
        "客户名称 (account_name) names no account",
    )
    assert office.load("contact", zhao)["title"] == "经理"
    with office.sessions.read() as session:
        accounts = {c.account_id for c in session.query(Contact)}
    assert accounts == {account}
    assert statuses(again) == [(2, "unchanged"), (3, "unchanged"), (4, "unchanged"),
                               (5, "rejected"), (6, "unchanged"), (7, "rejected")]  # fmt: skip
    assert office.count("contact") == 3


def test_an_account_name_that_fits_several_accounts_asks_for_an_id(office: Office) -> None:
    for city in ("北京", "上海"):
        office.add("account", {"name": "华夏贸易", "city": city, "territory_id": office.north})

    report = office.run("contact", "name,account_name\n周杰,华夏贸易有限公司\n".encode())

    assert statuses(report) == [(2, "rejected")]
    assert report.rows[0].reason == "account_name fits 2 accounts; give the account's external id"
