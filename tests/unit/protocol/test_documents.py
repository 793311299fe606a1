"""Documents (answers, codes, steps) are checked against their models, and against a depth and
a size no client fails to read, with the path of the value at fault."""

from __future__ import annotations

from typing import Any

from protocol.documents import too_deep
from protocol.entities import check_fields
from protocol.paths import MAX_JSON_DEPTH


def nested(levels: int) -> Any:
    value: Any = []
    for _ in range(levels - 1):
        value = [value]
    return value


def _problems(entity: str, fields: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {p.field: (p.kind, p.message) for p in check_fields(entity, fields, creating=False)}


def test_answers_nested_200_levels_are_refused_naming_the_answer() -> None:
    answers = [{"step": "why", "codes": ["price"]}, {"step": "deep", "codes": nested(200)}]

    (problem,) = check_fields("activity", {"answers": answers}, creating=False)

    assert problem.field == "answers[1]"
    assert (problem.kind, problem.limit) == ("bad_json", MAX_JSON_DEPTH)
    assert "32 levels" in problem.message


def test_a_value_nested_far_deeper_than_python_recurses_is_measured() -> None:
    assert too_deep(nested(100_000)) == "[0]"
    assert too_deep(nested(MAX_JSON_DEPTH)) is None
    assert too_deep({"a": [1], "b": nested(MAX_JSON_DEPTH)}) == ".b"


def test_a_malformed_process_is_refused_with_the_path_of_the_field_at_fault() -> None:
    steps = [
        {"key": "why", "code_set": "reasons"},
        {"key": "next", "code_set": "reasons", "branches": [{"if_code": "price"}]},
    ]

    assert _problems("process", {"steps": steps}) == {
        "steps[1].branches[0].goto": ("bad_json", "Field required")
    }


def test_malformed_answers_and_codes_name_the_value_at_fault() -> None:
    assert _problems("activity", {"answers": [{"step": "why", "codes": ["price", 5]}]}) == {
        "answers[0].codes[1]": ("bad_json", "Input should be a valid string")
    }
    assert _problems("code_set", {"codes": [{"key": "a"}, {"label": {"en": "B"}}]}) == {
        "codes[1].key": ("bad_json", "Field required")
    }
    assert _problems("activity", {"answers": {"step": "why"}})["answers"][0] == "bad_json"


def test_documents_as_the_designer_and_the_runner_write_them_pass() -> None:
    steps = [
        {
            "key": "why",
            "code_set": "reasons",
            "question": {"en": "Why?"},
            "branches": [{"if_code": "price", "goto": "end"}],
            "follow_ups": [{"if_code": "price", "title": {"zh_CN": "报价"}, "due_in_days": 2}],
            "codes": [{"key": "price", "label": {"en": "Price"}, "future_field": [1]}],
        }
    ]
    answers = [{"step": "why", "codes": ["price"], "note": ""}]

    assert check_fields("process", {"steps": steps}, creating=False) == []
    assert check_fields("activity", {"answers": answers}, creating=False) == []
