"""Texts per language: the one rule that chooses the text shown, and the shape on the wire."""

from __future__ import annotations

import pytest

from protocol.documents import CODES, STEPS, upgraded_document
from protocol.entities import check_fields
from protocol.labels import Chosen, choose, normal_locale, text


def test_the_users_own_locale_is_chosen_when_it_is_written() -> None:
    labels = {"en": "Price", "zh_CN": "价格"}
    assert choose(labels, "zh_CN") == Chosen("价格", "zh_CN", fell_back=False)
    assert choose(labels, "en") == Chosen("Price", "en", fell_back=False)


def test_a_label_written_only_in_english_is_shown_in_english_and_says_it_fell_back() -> None:
    assert choose({"en": "Price"}, "zh_CN") == Chosen("Price", "en", fell_back=True)


def test_the_same_language_comes_before_english_then_english_before_the_rest() -> None:
    labels = {"de": "Preis", "en": "Price", "zh_CN": "价格"}
    assert choose(labels, "zh_TW") == Chosen("价格", "zh_CN", fell_back=True)
    assert choose(labels, "fr") == Chosen("Price", "en", fell_back=True)
    assert choose({"de": "Preis", "ja": "価格"}, "fr") == Chosen("Preis", "de", fell_back=True)


def test_blank_texts_count_as_not_written() -> None:
    assert choose({"zh_CN": "  ", "en": "Price"}, "zh_CN").text == "Price"
    assert choose({}, "en") == Chosen("", "", fell_back=True)
    assert text({}, "en", "price") == "price"


def test_a_third_locales_texts_are_chosen_for_it() -> None:
    """Adding zh_TW needs no code: its texts are chosen for its readers, and zh_CN readers
    keep theirs."""
    labels = {"en": "Looks", "zh_CN": "外观", "zh_TW": "外觀"}
    assert choose(labels, "zh_TW") == Chosen("外觀", "zh_TW", fell_back=False)
    assert choose(labels, "zh-tw").text == "外觀"
    assert choose(labels, "zh_CN").text == "外观"


@pytest.mark.parametrize(
    ("given", "normal"), [("zh-cn", "zh_CN"), ("zh_CN.UTF-8", "zh_CN"), ("EN", "en")]
)
def test_locales_are_read_in_any_usual_spelling(given: str, normal: str) -> None:
    assert normal_locale(given) == normal


def test_a_name_needs_a_text_in_one_language_not_in_both() -> None:
    one = {"key": "visit", "name": {"en": "Visit"}, "codes": []}
    assert check_fields("code_set", one, creating=True) == []
    none = check_fields("code_set", {**one, "name": {"en": " "}}, creating=True)
    assert [(p.field, p.message) for p in none] == [
        ("name", "Value error, needs a text in at least one language")
    ]


def test_a_label_keyed_by_something_other_than_a_locale_is_refused_naming_it() -> None:
    problems = check_fields(
        "code_set", {"codes": [{"key": "a", "label": {"English": "A"}}]}, creating=False
    )
    assert [p.field for p in problems] == ["codes[0].label"]
    assert "“English” is not a locale" in problems[0].message


def test_documents_written_with_en_and_zh_fields_are_read_as_those_locales() -> None:
    """An older client's documents stay readable: `label_en`/`label_zh` are "en"/"zh_CN"."""
    codes = CODES.validate_python([{"key": "a", "label_en": "Looks", "label_zh": "外观"}])
    assert codes[0].label == {"en": "Looks", "zh_CN": "外观"}
    steps = STEPS.validate_python(
        [
            {
                "key": "why",
                "code_set": "r",
                "question_en": "Why?",
                "hint_zh": "问一句",
                "follow_ups": [{"if_code": "a", "title_en": "Quote", "title_zh": ""}],
            }
        ]
    )
    assert steps[0].question == {"en": "Why?"}
    assert steps[0].hint == {"zh_CN": "问一句"}
    assert steps[0].follow_ups[0].title == {"en": "Quote"}


def test_stored_documents_are_upgraded_to_the_new_shape_and_nothing_else_changes() -> None:
    steps = [
        {
            "key": "why",
            "code_set": "r",
            "question_en": "Why?",
            "question_zh": "为什么？",
            "multiple": True,
            "follow_ups": [{"if_code": "a", "title_en": "Quote", "title_zh": "报价"}],
            "codes": [{"key": "a", "label_en": "A", "label_zh": "", "color": "#123456"}],
        }
    ]
    assert upgraded_document("process", "steps", steps) == [
        {
            "key": "why",
            "code_set": "r",
            "multiple": True,
            "question": {"en": "Why?", "zh_CN": "为什么？"},
            "hint": {},
            "follow_ups": [{"if_code": "a", "title": {"en": "Quote", "zh_CN": "报价"}}],
            "codes": [{"key": "a", "color": "#123456", "label": {"en": "A"}}],
        }
    ]
    assert upgraded_document("activity", "answers", [{"step": "why"}]) == [{"step": "why"}]
