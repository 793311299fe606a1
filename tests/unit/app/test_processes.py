from typing import Any

import pytest

from app.processes import END, CodeList, ProcessDefinition, ProcessRun, Step
from protocol.documents import CODES, STEPS


def definition() -> ProcessDefinition:
    steps: list[dict[str, Any]] = [
        {
            "key": "purpose",
            "question_en": "Purpose?",
            "question_zh": "目的？",
            "code_set": "p",
            "branches": [{"if_code": "delivery", "goto": "outcome"}],
        },
        {
            "key": "reasons",
            "question_en": "Why?",
            "question_zh": "为什么？",
            "code_set": "r",
            "multiple": True,
            "required": False,
        },
        {
            "key": "outcome",
            "question_en": "Outcome?",
            "question_zh": "结果？",
            "code_set": "o",
            "follow_ups": [
                {
                    "if_code": "quote",
                    "title_en": "Send quote",
                    "title_zh": "发送报价",
                    "kind": "task",
                    "due_in_days": 2,
                }
            ],
        },
    ]
    return ProcessDefinition(
        "visit", 3, "Visit", "拜访", "visit", tuple(map(Step.of, STEPS.validate_python(steps)))
    )


def test_a_run_walks_the_steps_in_order_and_records_the_path():
    run = ProcessRun(definition())
    assert not run.can_go_on()  # purpose is required
    run.choose("intro")
    assert run.go_on()
    assert run.current.key == "reasons" and run.can_go_on()  # optional
    run.choose("price")
    run.choose("safety")
    run.choose("price")  # a second pick on a multiple-choice step takes it back
    assert run.chosen() == ["safety"]
    assert run.go_on()
    run.choose("quote")
    assert run.is_last() and not run.go_on()
    assert run.recorded_answers() == [
        {"step": "purpose", "codes": ["intro"], "note": ""},
        {"step": "reasons", "codes": ["safety"], "note": ""},
        {"step": "outcome", "codes": ["quote"], "note": ""},
    ]
    assert [f.title("zh_CN") for f in run.follow_ups()] == ["发送报价"]


def test_a_branch_skips_steps_and_back_returns_along_the_path():
    run = ProcessRun(definition())
    run.choose("delivery")
    assert run.next_key() == "outcome"
    run.go_on()
    assert (run.position, run.total) == (2, 2)
    assert run.go_back() and run.current.key == "purpose"
    assert not run.go_back()


def test_single_choice_replaces_the_previous_pick():
    run = ProcessRun(definition())
    run.choose("intro")
    run.choose("demo")
    assert run.chosen() == ["demo"]
    assert run.next_key() == "reasons" != END


def test_retired_codes_stay_readable_but_cannot_be_picked():
    codes = CodeList.of(
        "r",
        "Reasons",
        "原因",
        CODES.validate_python(
            [
                {"key": "price", "label_en": "Price", "label_zh": "价格"},
                {"key": "old", "label_en": "Old", "label_zh": "旧", "retired": True},
            ]
        ),
    )
    assert [c.key for c in codes.active()] == ["price"]
    assert codes.label("old", "zh_CN") == "旧"
    assert codes.label("unknown", "en") == "unknown"


def test_unknown_step_is_an_error():
    with pytest.raises(KeyError):
        definition().step("nope")
