"""The one phone normaliser both sides use: every form of a number has the same key."""

from __future__ import annotations

import pytest

from protocol import phones
from protocol.countries import country_code, country_name


@pytest.mark.parametrize(
    ("written", "region", "key"),
    [
        ("(12) 3923-5555", "BR", "+551239235555"),  # Brazil without the trunk 0
        ("0055 12 3923 5555", "BR", "+551239235555"),  # 00 is not a carrier code here
        ("+55 12 3923-5555", "CN", "+551239235555"),
        ("020 7707 0707", "GB", "+442077070707"),
        ("020.7707.0707 ext. 12", "GB", "+442077070707"),
        ("+44 (0)20 7707 0707", "CN", "+442077070707"),
        ("0044 20 7707 0707", "US", "+442077070707"),  # 00 where the prefix is 011
        ("011 44 20 7707 0707", "US", "+442077070707"),
        ("+56 (0)2 2635 4444", "CN", "+56226354444"),
        ("(2) 2635 4444", "CL", "+56226354444"),
        ("+39 (0)6 6880 2121", "CN", "+390668802121"),  # Italy keeps its 0
        ("06 6880 2121", "IT", "+390668802121"),
        ("0755-8888 1234 转 8001", "CN", "+8675588881234"),
        ("010-1234 5678", "CN", "+861012345678"),
        ("(415) 555-0198 x 22", "US", "+14155550198"),
    ],
)
def test_every_form_of_a_number_has_its_e164_key(written: str, region: str, key: str) -> None:
    assert phones.number_key(written, region) == key


@pytest.mark.parametrize("written", [None, "", "n/a", "12", "电话待补"])
def test_what_is_no_number_has_no_key(written: str | None) -> None:
    assert phones.number_key(written, "CN") is None


def test_the_region_decides_a_national_form() -> None:
    assert phones.number_key("020 7707 0707", "CN") == "+862077070707"  # Guangzhou
    assert phones.number_key("020 7707 0707", "GB") == "+442077070707"  # London


def test_a_number_with_its_country_code_is_looked_for_by_that_number_only() -> None:
    assert phones.query_keys("0044 20 7707 0707", "CN") == ["442077070707"]
    assert phones.query_keys("+44 20 7707 0707", "CN") == ["442077070707"]
    assert phones.query_keys("020 7707 0707", "CN") == ["02077070707"]
    assert phones.query_keys("020 7707 0707 ext. 3", "CN") == ["02077070707"]


def test_stored_keys_hold_every_form_a_number_is_typed_in() -> None:
    keys = phones.search_keys("(12) 3923-5555", "BR")
    assert keys == ["1239235555", "551239235555", "01239235555"]


def test_a_fragment_identifies_no_account() -> None:
    assert not phones.identifies("3923")
    assert not phones.identifies("555 12 x 1234")
    assert phones.identifies("3923-5555")
    assert phones.tail("3923") is None
    assert phones.tail("+55 12 3923-5555 ext 9") == "9235555"


@pytest.mark.parametrize(
    ("written", "code"),
    [("GB", "GB"), ("gb", "GB"), ("United Kingdom", "GB"), ("UK", "GB"), ("英国", "GB"),
     ("Brazil", "BR"), ("巴西", "BR"), (" the Netherlands ", "NL"), ("中国", "CN"),
     ("香港", "HK"), ("Côte d'Ivoire", "CI"), ("USA", "US")],
)  # fmt: skip
def test_a_country_is_read_from_its_code_or_its_english_or_chinese_name(
    written: str, code: str
) -> None:
    assert country_code(written) == code


def test_what_names_no_country() -> None:
    assert country_code("Atlantis") is None
    assert country_code("XX") is None
    assert country_code("") is None


def test_country_names_in_the_users_language() -> None:
    assert country_name("CL", "zh_CN") == "智利"
    assert country_name("CL", "en") == "Chile"
    assert country_name("CL", "fr") == "Chili"
