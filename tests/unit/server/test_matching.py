"""Recognising phones, e-mails and company names written differently."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from server.matching import (
    AccountIndex,
    Match,
    close_names,
    find_account,
    normal_email,
    normal_name,
    normal_phone,
)
from tests.unit.server.imports.helpers import make_office


@pytest.mark.parametrize(
    "written", ["010-1234 5678", "(010) 12345678", "+86 10 1234 5678", "0086-10-12345678"]
)
def test_a_phone_number_in_any_format(written: str) -> None:
    assert normal_phone(written) == "+861012345678"


@pytest.mark.parametrize("written", [None, "", "n/a", "12", "电话待补"])
def test_what_is_not_a_phone_number(written: str | None) -> None:
    assert normal_phone(written) is None


def test_e_mail_addresses_ignore_case_and_must_look_like_addresses() -> None:
    assert normal_email(" Li.Na@Example.COM ") == "li.na@example.com"
    assert normal_email("li.na at example") is None
    assert normal_email("@example.com") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("北京科技有限公司", "北京科技"),
        ("北京科技股份有限公司", "北京科技有限责任公司"),
        ("Müller GmbH", "MÜLLER"),
        ("Shanghai Ocean Trading Co., Ltd.", "shanghai ocean trading"),
        ("ＡＢＣ贸易", "abc贸易公司"),  # full-width letters
    ],
)
def test_names_without_legal_form_case_and_width_are_equal(a: str, b: str) -> None:
    assert normal_name(a) == normal_name(b)


def test_close_names_allow_a_small_difference_only() -> None:
    assert close_names(normal_name("上海海洋贸易行"), normal_name("上海海洋贸易"))
    assert close_names(normal_name("Shanghai Ocean Trading"), normal_name("Shanghai Ocean Trade"))
    assert not close_names(normal_name("北京科技"), normal_name("北京科技发展"))
    assert not close_names(normal_name("北京华为"), normal_name("北京小米"))
    assert not close_names("", "")


def found(index: AccountIndex, **details: str) -> Match:
    match = index.find(**details)
    assert match is not None
    return match


def test_the_index_finds_by_phone_then_e_mail_then_name_in_the_same_city() -> None:
    index = AccountIndex()
    index.add_account("a1", "北京科技有限公司", "010-1234 5678", "北京市")
    index.add_account("a2", "上海海洋贸易", None, "上海")
    index.add_contact("a2", "13900001111", "buyer@ocean.cn")

    assert found(index, phone="+86 10 1234 5678", name="别的") == Match("a1", "same phone")
    assert found(index, phone="139 0000 1111") == Match("a2", "same phone")
    assert found(index, email="BUYER@ocean.cn") == Match("a2", "same e-mail")
    assert found(index, name="北京科技", city="北京") == Match("a1", "same name in the same city")
    assert index.find(name="北京科技", city="天津") is None
    assert found(index, name="上海海洋贸易行", city="上海") == Match(
        "a2", "close name in the same city"
    )
    assert index.named("北京科技") == ["a1"]


def test_one_lookup_asks_the_database_for_candidates_only(engine: Engine) -> None:
    office = make_office(engine)
    beijing = office.add("account", {"name": "北京科技有限公司", "phone": "010-1234 5678",
                                     "city": "北京市", "territory_id": office.north})  # fmt: skip
    ocean = office.add(
        "account", {"name": "上海海洋贸易", "city": "上海", "territory_id": office.east}
    )
    office.add("contact", {"account_id": ocean, "name": "王伟", "phone": "139 0000 1111",
                           "email": "Buyer@Ocean.cn"})  # fmt: skip

    with office.sessions.read() as session:
        assert find_account(session, phone="+86 10 12345678") == Match(beijing, "same phone")
        assert find_account(session, phone="13900001111") == Match(ocean, "same phone")
        assert find_account(session, email="buyer@ocean.CN") == Match(ocean, "same e-mail")
        assert find_account(session, name="北京科技", city="北京") == Match(
            beijing, "same name in the same city"
        )
        assert find_account(session, name="上海海洋贸易行", city="上海市") == Match(
            ocean, "close name in the same city"
        )
        assert find_account(session, name="北京科技", city="天津", phone="010 8765 4321") is None
