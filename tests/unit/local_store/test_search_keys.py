from local_store.search_keys import phone_keys, pinyin_keys, query_patterns, search_text, sort_key


def test_chinese_name_has_pinyin_and_initials():
    assert pinyin_keys("北京科技") == ["北京科技", "beijingkeji", "bjkj"]


def test_latin_name_is_only_lowercased():
    assert pinyin_keys("Nordic Parts GmbH") == ["nordic parts gmbh"]


def test_chinese_sorts_by_pinyin_among_latin_names():
    names = ["Shanghai Ocean", "北京科技", "Acme", "广州华南"]
    assert sorted(names, key=sort_key) == ["Acme", "北京科技", "广州华南", "Shanghai Ocean"]


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
