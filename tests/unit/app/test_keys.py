"""Keys made from the first name a manager gives."""

from __future__ import annotations

import pytest

from app.keys import key_from_name


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Visit: why did they buy?", "visit_why_did_they_buy"),
        ("客户拜访", "ke_hu_bai_fang"),
        ("Café Crème", "cafe_creme"),
        ("外观 Looks", "wai_guan_looks"),
        ("2nd visit", "item_2nd_visit"),
        ("!!!", "item"),
    ],
)
def test_a_key_is_small_ascii_letters_digits_and_underscores(name: str, key: str) -> None:
    assert key_from_name(name) == key


def test_a_key_is_unique_among_those_taken() -> None:
    assert key_from_name("Price", {"price", "price_2"}) == "price_3"


def test_a_long_name_makes_a_key_that_fits() -> None:
    key = key_from_name("word " * 40, {"word_" * 11 + "word"})
    assert len(key) <= 64 and key.startswith("word_word")
