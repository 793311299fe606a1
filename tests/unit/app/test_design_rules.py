"""Designer validation: every kind of problem is found, named, and told in a sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import resources.defaults
from app.design_rules import SENTENCES, WARNINGS, Problem, check_code_set, check_process, errors
from app.drafts import (
    BranchDraft,
    CodeDraft,
    CodeSetDraft,
    FollowUpDraft,
    ProcessDraft,
    StepDraft,
)
from app.processes import ProcessRun

DEFAULTS = Path(resources.defaults.__file__).parent


def code_set(*codes: CodeDraft, key: str = "outcome") -> CodeSetDraft:
    return CodeSetDraft(key, {"en": "Outcome", "zh_CN": "结果"}, list(codes))


def code(key: str, parent: str | None = None, **changes: object) -> CodeDraft:
    made = CodeDraft(key, {"en": key.title(), "zh_CN": "码" + key}, parent=parent)
    for name, value in changes.items():
        setattr(made, name, value)
    return made


def step(key: str, **changes: object) -> StepDraft:
    made = StepDraft(key, {"en": f"{key}?", "zh_CN": f"{key}？"}, code_set="outcome")
    for name, value in changes.items():
        setattr(made, name, value)
    return made


def process(*steps: StepDraft) -> ProcessDraft:
    return ProcessDraft("delivery", {"en": "Delivery", "zh_CN": "交付"}, "delivery", list(steps))


SETS = {"outcome": code_set(code("ok"), code("damaged"), code("refused"))}


def kinds(problems: list[Problem]) -> list[str]:
    return [p.kind for p in problems]


def test_the_shipped_defaults_have_no_problem() -> None:
    sets = [
        CodeSetDraft.from_fields(raw)
        for raw in json.loads((DEFAULTS / "code_sets.json").read_text("utf-8"))
    ]
    by_key = {s.key: s for s in sets}
    for draft in sets:
        assert check_code_set(draft, [k for k in by_key if k != draft.key]) == []
    raw_processes = json.loads((DEFAULTS / "processes.json").read_text("utf-8"))
    assert {p["kind"] for p in raw_processes} >= {"visit", "call", "delivery", "service"}
    for raw in raw_processes:
        assert check_process(ProcessDraft.from_fields(raw), by_key) == []


def test_a_good_code_set_and_process_have_no_problem() -> None:
    draft = process(
        step("check", branches=[BranchDraft("refused", "why"), BranchDraft("damaged", "end")]),
        step(
            "sign",
            follow_ups=[FollowUpDraft("damaged", {"en": "Replace", "zh_CN": "换货"}, "task", 2)],
        ),
        step("why", required=False),
    )
    assert check_code_set(SETS["outcome"]) == []
    assert check_process(draft, SETS) == []


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ((code("Bad Key"),), ["bad_key"]),
        ((code("ok"), code("ok")), ["duplicate_code"]),
        ((code("ok", labels={"zh_CN": ""}),), ["missing_label"]),
        ((code("ok", labels={"en": " "}),), ["missing_label"]),
        ((code("ok", labels={"en": "OK"}),), []),
        ((code("ok", labels={"zh_CN": "好"}),), []),
        ((code("ok", color="red"),), ["bad_color"]),
        ((code("ok", retired=True),), ["empty_code_set"]),
        ((code("ok", parent="nowhere"),), ["unknown_parent"]),
        ((code("a", parent="b"), code("b", parent="a"), code("c")), ["parent_cycle"] * 2),
        (
            (code("a"), code("b", "a"), code("c", "b"), code("d", "c")),
            ["too_deep"],
        ),
    ],
)
def test_code_set_problems(codes: tuple[CodeDraft, ...], expected: list[str]) -> None:
    assert kinds(check_code_set(code_set(*codes))) == expected


def test_three_levels_are_allowed_and_only_leaves_are_choices() -> None:
    draft = code_set(code("a"), code("b", "a"), code("c", "b"))
    assert check_code_set(draft) == []
    assert [c.key for c in draft.frozen().choices()] == ["c"]
    assert draft.frozen().label("c", "en") == "A › B › C"


def test_code_set_key_name_and_duplicate_key() -> None:
    draft = CodeSetDraft("9x", {"en": " "}, [code("ok")])
    problems = check_code_set(draft, others=["9x"])
    assert kinds(problems) == ["bad_key", "duplicate_code_set", "missing_name"]
    assert problems[2].names == {"key": "9x"}


def test_a_published_code_may_be_retired_but_not_removed() -> None:
    draft = CodeSetDraft.from_fields(
        {
            "key": "outcome",
            "name": {"en": "O", "zh_CN": "结"},
            "codes": [c.to_json() for c in (code("ok"), code("no"))],
        }
    )
    draft.codes[1].retired = True
    assert check_code_set(draft) == []
    del draft.codes[1]
    problems = check_code_set(draft)
    assert kinds(problems) == ["removed_code"]
    assert "retire it instead" in problems[0].sentence()


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ((), ["no_steps"]),
        ((step("a"), step("a")), ["duplicate_step"]),
        ((step("a", questions={}),), ["missing_question"]),
        ((step("a", questions={"zh_CN": "为什么？"}),), []),
        ((step("a", hints={"en": "Ask why."}),), []),
        ((step("a", code_set=""),), ["no_code_set"]),
        ((step("a", code_set="colours"),), ["unknown_code_set"]),
        ((step("a", branches=[BranchDraft("ok", "zz")]),), ["branch_to_missing_step"]),
        (
            (step("a", branches=[BranchDraft("maybe", "a")]), step("b")),
            ["branch_on_unknown_code", "cycle"],
        ),
        (
            (
                step("a", branches=[BranchDraft("ok", "c"), BranchDraft("ok", "b")]),
                step("b"),
                step("c"),
            ),
            ["branch_twice"],
        ),
        ((step("a"), step("b", branches=[BranchDraft("ok", "a")])), ["cycle"]),
        (
            (step("a", follow_ups=[FollowUpDraft("maybe", {"en": "T"})]),),
            ["follow_up_on_unknown_code"],
        ),
        ((step("a", follow_ups=[FollowUpDraft("ok", {"en": ""})]),), ["missing_title"]),
        (
            (step("a", follow_ups=[FollowUpDraft("ok", {"zh_CN": "任务"}, "email")]),),
            ["follow_up_kind"],
        ),
        (
            (step("a", follow_ups=[FollowUpDraft("ok", {"en": "T"}, "task", 400)]),),
            ["follow_up_days"],
        ),
        (
            (
                step("a", branches=[BranchDraft(c, "c") for c in ("ok", "damaged", "refused")]),
                step("b"),
                step("c"),
            ),
            ["unreachable_step"],
        ),
        ((step("Bad step"),), ["bad_key"]),
        ((step("end"),), ["reserved_step_key"]),
        ((step("a", then="zz"),), ["next_to_missing_step"]),
        ((step("a"), step("b", then="a")), ["next_cycle"]),
        ((step("a", then="end"), step("b")), ["unreachable_step"]),
    ],
)
def test_process_problems(steps: tuple[StepDraft, ...], expected: list[str]) -> None:
    assert kinds(check_process(process(*steps), SETS)) == expected


def test_a_step_on_an_empty_code_set() -> None:
    sets = {"outcome": code_set(code("ok", retired=True))}
    assert kinds(check_process(process(step("a")), sets)) == ["step_empty_code_set"]


def test_a_rule_on_a_retired_code_is_a_warning() -> None:
    sets = {"outcome": code_set(code("ok"), code("old", retired=True))}
    problems = check_process(process(step("a", branches=[BranchDraft("old", "a")])), sets)
    assert kinds(problems) == ["retired_code_used", "cycle"]
    assert kinds(errors(problems)) == ["cycle"]


def test_process_key_name_and_duplicate() -> None:
    draft = process(step("a"))
    draft.names = {}
    assert kinds(check_process(draft, SETS, others=["delivery"])) == [
        "duplicate_process",
        "missing_name",
    ]


def test_too_large_a_process() -> None:
    long = "x" * 1900
    steps = [
        step(f"s{i}", questions={"en": long, "zh_CN": long}, hints={"en": long, "zh_CN": long})
        for i in range(40)
    ]
    assert kinds(check_process(process(*steps), SETS)) == ["too_large"]


def test_the_cycle_sentence_names_the_circle() -> None:
    problems = check_process(process(step("a"), step("b", branches=[BranchDraft("ok", "a")])), SETS)
    assert problems[0].sentence() == (
        "The answer “ok” in step “b” leads back to “a”, so the process can go round in a "
        "circle: a → b → a."
    )


def test_every_kind_has_a_sentence_with_its_names() -> None:
    assert set(SENTENCES) >= WARNINGS
    for kind, template in SENTENCES.items():
        names = {
            name: "x"
            for name in (
                "key",
                "set",
                "code",
                "step",
                "target",
                "parent",
                "level",
                "path",
            )
        }
        assert template.format(**names), kind


def test_a_run_follows_branches_the_own_way_on_and_the_end() -> None:
    draft = process(
        step("check", branches=[BranchDraft("refused", "end")], then="sign"),
        step("why"),
        step("sign"),
    )
    lists = {"outcome": SETS["outcome"].frozen()}
    assert kinds(check_process(draft, SETS)) == ["unreachable_step"]  # "why" is skipped
    run = ProcessRun(draft.definition(lists))
    run.choose("ok")
    assert run.next_key() == "sign"
    run.choose("refused")
    assert run.is_last()
    assert draft.definition(lists).version == 1
    assert draft.to_fields(1, lists)["steps"][0]["next"] == "sign"


def test_renaming_a_step_takes_the_ways_to_it_along() -> None:
    draft = process(step("a", branches=[BranchDraft("ok", "b")], then="b"), step("b"), step("c"))
    draft.rename_step(draft.steps[1], "sign")
    assert (draft.steps[0].branches[0].goto, draft.steps[0].then) == ("sign", "sign")
    draft.rename_step(draft.steps[2], "sign")  # a key taken twice, for a moment
    draft.rename_step(draft.steps[2], "check")
    assert [s.key for s in draft.steps] == ["a", "sign", "check"]
    assert draft.steps[0].then == "sign"
