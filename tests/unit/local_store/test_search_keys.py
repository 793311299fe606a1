import pytest
from pypinyin import Style, lazy_pinyin

from local_store.search_keys import phone_keys, pinyin_keys, query_patterns, search_text, sort_key


def test_chinese_name_has_pinyin_and_initials():
    assert pinyin_keys("北京科技") == ["北京科技", "beijingkeji", "bjkj"]


def test_latin_name_is_only_lowercased():
    assert pinyin_keys("Nordic Parts GmbH") == ["nordic parts gmbh"]


def test_chinese_sorts_by_pinyin_among_latin_names():
    names = ["Shanghai Ocean", "北京科技", "Acme", "广州华南"]
    assert sorted(names, key=sort_key) == ["Acme", "北京科技", "广州华南", "Shanghai Ocean"]


@pytest.mark.parametrize(
    "text",
    [
        "重庆银行",
        "长大了",
        "音乐行为",
        "北京重庆 Bank 银行行长",
        "Ltd.有限公司",
        "中〇㐀𠀀ü",
        "乐乐乐 Ab-12，。",
    ],
)
def test_keys_converted_word_by_word_equal_converting_the_whole_text(text):
    """The keys are made per segmented word and cached; polyphones read as in the whole text."""
    syllables = lazy_pinyin(text)
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER)
    assert sort_key(text) == " ".join(syllables).lower()
    assert pinyin_keys(text)[1:] == [
        "".join(syllables).lower().replace(" ", ""),
        "".join(initials).lower().replace(" ", ""),
    ]


def test_every_phone_format_reaches_the_same_digits():
    stored = search_text("x", phones=("010-1234 5678",))
    for typed in ("+86 10 1234 5678", "010-12345678", "1234 5678", "(010) 1234-5678"):
        assert any(p in stored for p in query_patterns(typed)), typed


def test_mobile_numbers_match_with_and_without_country_code():
    stored = search_text(phones=("138 1234 5678",))
    assert any(p in stored for p in query_patterns("+86 138-1234-5678"))
    assert any(p in stored for p in query_patterns("13812345678"))


def test_unparseable_phone_keeps_its_digits():
    assert phone_keys("ext. 12") == ["12"]
    assert phone_keys(None) == []


def test_text_queries_are_lowercased_and_also_tried_without_spaces():
    assert query_patterns("  Beijing Keji ") == ["beijing keji", "beijingkeji"]
    assert query_patterns("") == []


def test_national_keys_carry_each_countrys_own_trunk_prefix():
    assert phone_keys("+49 30 1234567") == ["49301234567", "0301234567"]
    assert phone_keys("+7 495 123-45-67") == ["74951234567", "84951234567"]
    assert phone_keys("+39 06 1234 5678") == ["390612345678", "0612345678"]  # Italy has none


def test_a_mobile_dialled_with_the_trunk_prefix_is_found():
    stored = search_text(phones=("+86 138 1234 5678",))
    assert any(p in stored for p in query_patterns("0138 1234 5678"))
