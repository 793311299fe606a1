from typing import Any

import pytest

from app.processes import END, CodeList, ProcessDefinition, ProcessRun, Step
from protocol.documents import CODES, STEPS


def definition() -> ProcessDefinition:
    steps: list[dict[str, Any]] = [
        {
            "key": "purpose",
            "question": {"en": "Purpose?", "zh_CN": "目的？"},
            "code_set": "p",
            "branches": [{"if_code": "delivery", "goto": "outcome"}],
        },
        {
            "key": "reasons",
            "question": {"en": "Why?", "zh_CN": "为什么？"},
            "code_set": "r",
            "multiple": True,
            "required": False,
        },
        {
            "key": "outcome",
            "question": {"en": "Outcome?", "zh_CN": "结果？"},
            "code_set": "o",
            "follow_ups": [
                {
                    "if_code": "quote",
                    "title": {"en": "Send quote", "zh_CN": "发送报价"},
                    "kind": "task",
                    "due_in_days": 2,
                }
            ],
        },
    ]
    return ProcessDefinition(
        "visit",
        3,
        {"en": "Visit", "zh_CN": "拜访"},
        "visit",
        tuple(map(Step.of, STEPS.validate_python(steps))),
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
        {"en": "Reasons", "zh_CN": "原因"},
        CODES.validate_python(
            [
                {"key": "price", "label": {"en": "Price", "zh_CN": "价格"}},
                {"key": "old", "label": {"en": "Old", "zh_CN": "旧"}, "retired": True},
            ]
        ),
    )
    assert [c.key for c in codes.active()] == ["price"]
    assert codes.label("old", "zh_CN") == "旧"
    assert codes.label("unknown", "en") == "unknown"


def test_unknown_step_is_an_error():
    with pytest.raises(KeyError):
        definition().step("nope")


def test_texts_not_written_in_the_users_language_are_shown_in_another_and_marked():
    step = Step.of(
        STEPS.validate_python([{"key": "why", "code_set": "r", "question": {"en": "Why?"}}])[0]
    )
    assert step.question("zh_CN") == "Why?"
    assert step.chosen_question("zh_CN").fell_back
    assert not step.chosen_question("en").fell_back
    codes = CodeList.of("r", {"zh_CN": "原因"}, CODES.validate_python([{"key": "a", "label": {}}]))
    assert codes.name("en") == "原因"
    assert codes.label("a", "en") == "a"  # no label at all: the key


def test_a_third_locales_texts_are_chosen_by_every_text_of_a_process():
    """A process with zh_TW texts shows them to a zh_TW user: no code names the locale."""
    steps = STEPS.validate_python(
        [
            {
                "key": "why",
                "code_set": "r",
                "question": {"en": "Why?", "zh_CN": "为什么？", "zh_TW": "為什麼？"},
                "hint": {"en": "Ask", "zh_TW": "問一句"},
                "follow_ups": [{"if_code": "a", "title": {"en": "Quote", "zh_TW": "報價"}}],
            }
        ]
    )
    process = ProcessDefinition(
        "visit", 1, {"en": "Visit", "zh_TW": "拜訪"}, "visit", tuple(map(Step.of, steps))
    )
    codes = CodeList.of(
        "r", {}, CODES.validate_python([{"key": "a", "label": {"en": "Looks", "zh_TW": "外觀"}}])
    )
    step = process.steps[0]
    assert process.name("zh_TW") == "拜訪"
    assert (step.question("zh_TW"), step.hint("zh_TW")) == ("為什麼？", "問一句")
    assert step.follow_ups[0].title("zh_TW") == "報價"
    assert codes.choices()[0].label("zh_TW") == "外觀"
    assert step.question("zh_CN") == "为什么？" and step.hint("zh_CN") == "問一句"
