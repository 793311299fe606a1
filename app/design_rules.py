"""What is wrong with a code set or process draft, in plain sentences a manager can act on.

Each problem has a kind, the place it is at and the names it mentions; its sentence is a
template marked for translation here (the designer window translates it with the context
"DesignProblems" and fills in the names). Errors stop publishing; warnings only inform.
No Qt here: lupdate finds the templates by the marker's name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from app.drafts import (
    MAX_CODE_LEVELS,
    TASK_KINDS,
    CodeSetDraft,
    ProcessDraft,
    StepDraft,
)
from app.processes import END
from protocol.labels import Labels, written
from protocol.paths import MAX_JSON_BYTES

CONTEXT = "DesignProblems"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_DUE_DAYS = 365


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks `text` for translation in `context`; translated where it is shown."""
    return text


# One sentence per kind of problem; {names} are filled in after translating.
SENTENCES: dict[str, str] = {
    "bad_key": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "The key “{key}” may hold only small letters, digits and _ and must start with a letter.",
    ),
    "duplicate_code_set": QT_TRANSLATE_NOOP(
        "DesignProblems", "Another code set already has the key “{key}”; choose another key."
    ),
    "duplicate_process": QT_TRANSLATE_NOOP(
        "DesignProblems", "Another process already has the key “{key}”; choose another key."
    ),
    "duplicate_code": QT_TRANSLATE_NOOP(
        "DesignProblems", "Code set “{set}”: the key “{code}” is used by more than one code."
    ),
    "duplicate_step": QT_TRANSLATE_NOOP(
        "DesignProblems", "The step key “{step}” is used by more than one step."
    ),
    "missing_name": QT_TRANSLATE_NOOP("DesignProblems", "“{key}” needs a name (in any language)."),
    "missing_label": QT_TRANSLATE_NOOP(
        "DesignProblems", "Code set “{set}”: the code “{code}” needs a label (in any language)."
    ),
    "missing_question": QT_TRANSLATE_NOOP(
        "DesignProblems", "Step “{step}” needs its question (in any language)."
    ),
    "missing_title": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Step “{step}”: the follow-up on “{code}” needs a task title (in any language).",
    ),
    "bad_color": QT_TRANSLATE_NOOP(
        "DesignProblems", "Code set “{set}”: the colour of “{code}” must look like #4e79a7."
    ),
    "empty_code_set": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Code set “{set}” has no code that can be chosen; add one or bring one back.",
    ),
    "removed_code": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Code set “{set}”: the code “{code}” was published and activities may use it; "
        "retire it instead of deleting it.",
    ),
    "unknown_parent": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Code set “{set}”: the code “{code}” sits under “{parent}”, which is not in the set.",
    ),
    "parent_cycle": QT_TRANSLATE_NOOP(
        "DesignProblems", "Code set “{set}”: the code “{code}” ends up under itself."
    ),
    "too_deep": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Code set “{set}”: the code “{code}” is on level {level}; codes nest at most 3 levels.",
    ),
    "reserved_step_key": QT_TRANSLATE_NOOP(
        "DesignProblems", "“{step}” means the end of the process; give the step another key."
    ),
    "no_steps": QT_TRANSLATE_NOOP("DesignProblems", "The process has no steps; add at least one."),
    "no_code_set": QT_TRANSLATE_NOOP(
        "DesignProblems", "Step “{step}” needs a code set to answer with."
    ),
    "unknown_code_set": QT_TRANSLATE_NOOP(
        "DesignProblems", "Step “{step}” uses the code set “{set}”, which does not exist."
    ),
    "step_empty_code_set": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Step “{step}” uses the code set “{set}”, which has no code that can be chosen.",
    ),
    "branch_to_missing_step": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Step “{step}”: the answer “{code}” leads to the step “{target}”, which does not exist.",
    ),
    "branch_on_unknown_code": QT_TRANSLATE_NOOP(
        "DesignProblems", "Step “{step}” branches on “{code}”, which is not a code of “{set}”."
    ),
    "branch_twice": QT_TRANSLATE_NOOP(
        "DesignProblems", "Step “{step}” has more than one branch on the answer “{code}”."
    ),
    "cycle": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "The answer “{code}” in step “{step}” leads back to “{target}”, so the process can "
        "go round in a circle: {path}.",
    ),
    "next_cycle": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Step “{step}” goes on to “{target}”, back up the process, so it can go round in a "
        "circle: {path}.",
    ),
    "next_to_missing_step": QT_TRANSLATE_NOOP(
        "DesignProblems", "Step “{step}” goes on to the step “{target}”, which does not exist."
    ),
    "follow_up_on_unknown_code": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Step “{step}” has a follow-up on “{code}”, which is not a code of “{set}”.",
    ),
    "follow_up_kind": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Step “{step}”: the follow-up on “{code}” must be a task, a visit or a call.",
    ),
    "follow_up_days": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Step “{step}”: the follow-up on “{code}” must be due within 0 to 365 days.",
    ),
    "retired_code_used": QT_TRANSLATE_NOOP(
        "DesignProblems",
        "Step “{step}” has a rule on the retired code “{code}”; it can never be chosen.",
    ),
    "unreachable_step": QT_TRANSLATE_NOOP(
        "DesignProblems", "No answer leads to step “{step}”; it is never shown."
    ),
    "too_large": QT_TRANSLATE_NOOP(
        "DesignProblems", "“{key}” is too large to publish; use fewer steps or codes."
    ),
}

# Kinds that only inform: the draft can still be published.
WARNINGS = frozenset({"retired_code_used", "unreachable_step"})


@dataclass(frozen=True)
class Problem:
    kind: str
    names: dict[str, str] = field(default_factory=dict)

    @property
    def severity(self) -> Literal["error", "warning"]:
        return "warning" if self.kind in WARNINGS else "error"

    def sentence(self, template: str | None = None) -> str:
        """The sentence with its names filled in: in English, or from a translated template."""
        return (template or SENTENCES[self.kind]).format(**self.names)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _head_problems(key: str, names: Labels, others: Iterable[str], duplicate: str) -> list[Problem]:
    """The problems of a code set's or process's key and names."""
    problems: list[Problem] = []
    if not KEY_PATTERN.match(key):
        problems.append(Problem("bad_key", {"key": key}))
    if key in set(others):
        problems.append(Problem(duplicate, {"key": key}))
    if not written(names):
        problems.append(Problem("missing_name", {"key": key}))
    return problems


def check_code_set(draft: CodeSetDraft, others: Iterable[str] = ()) -> list[Problem]:
    """Every problem of a code set; `others`: the keys of the other code sets."""
    problems = _head_problems(draft.key, draft.names, others, "duplicate_code_set")
    keys = [c.key for c in draft.codes]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(Problem("duplicate_code", {"set": draft.key, "code": key}))
    for code in draft.codes:
        names = {"set": draft.key, "code": code.key}
        if not KEY_PATTERN.match(code.key):
            problems.append(Problem("bad_key", {"key": code.key}))
        if not written(code.labels):
            problems.append(Problem("missing_label", names))
        if not COLOR_PATTERN.match(code.color):
            problems.append(Problem("bad_color", names))
        problems.extend(_parent_problems(draft, code.key, code.parent))
    for key in sorted(draft.published_codes - set(keys)):
        problems.append(Problem("removed_code", {"set": draft.key, "code": key}))
    if not draft.frozen().choices():
        problems.append(Problem("empty_code_set", {"set": draft.key}))
    return problems


def _parent_problems(draft: CodeSetDraft, key: str, parent: str | None) -> list[Problem]:
    names = {"set": draft.key, "code": key}
    if not parent:
        return []
    if draft.code(parent) is None:
        return [Problem("unknown_parent", names | {"parent": parent})]
    seen, current = {key}, parent
    while current:
        if current in seen:
            return [Problem("parent_cycle", names)]
        seen.add(current)
        found = draft.code(current)
        current = found.parent if found and found.parent else ""
    level = draft.level(key)
    if level > MAX_CODE_LEVELS:
        return [Problem("too_deep", names | {"level": str(level)})]
    return []


def check_process(
    draft: ProcessDraft,
    code_sets: dict[str, CodeSetDraft],
    others: Iterable[str] = (),
) -> list[Problem]:
    """Every problem of a process, against the code sets it will be published with;
    `others`: the keys of the other processes."""
    problems = _head_problems(draft.key, draft.names, others, "duplicate_process")
    if not draft.steps:
        return [*problems, Problem("no_steps")]
    keys = [s.key for s in draft.steps]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(Problem("duplicate_step", {"step": key}))
    for step in draft.steps:
        problems.extend(_step_problems(step, set(keys), code_sets.get(step.code_set)))
    problems.extend(_cycle_problems(draft))
    problems.extend(_unreachable(draft, code_sets))
    steps = draft.to_fields(1, {k: c.frozen() for k, c in code_sets.items()})["steps"]
    size = len(json.dumps(steps, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_JSON_BYTES:
        problems.append(Problem("too_large", {"key": draft.key}))
    return problems


def _step_problems(step: StepDraft, steps: set[str], codes: CodeSetDraft | None) -> list[Problem]:
    problems: list[Problem] = []
    where = {"step": step.key}
    if not KEY_PATTERN.match(step.key):
        problems.append(Problem("bad_key", {"key": step.key}))
    elif step.key == END:
        problems.append(Problem("reserved_step_key", where))
    if not written(step.questions):
        problems.append(Problem("missing_question", where))
    if not step.code_set:
        problems.append(Problem("no_code_set", where))
    elif codes is None:
        problems.append(Problem("unknown_code_set", where | {"set": step.code_set}))
    elif not codes.frozen().choices():
        problems.append(Problem("step_empty_code_set", where | {"set": step.code_set}))
    if step.then and step.then not in steps and step.then != END:
        problems.append(Problem("next_to_missing_step", where | {"target": step.then}))
    branched: list[str] = []
    for branch in step.branches:
        names = where | {"code": branch.if_code, "set": step.code_set}
        if branch.goto not in steps and branch.goto != END:
            problems.append(Problem("branch_to_missing_step", names | {"target": branch.goto}))
        problems.extend(_code_rule(codes, "branch_on_unknown_code", names))
        if branch.if_code in branched:
            problems.append(Problem("branch_twice", names))
        branched.append(branch.if_code)
    for follow_up in step.follow_ups:
        names = where | {"code": follow_up.if_code, "set": step.code_set}
        problems.extend(_code_rule(codes, "follow_up_on_unknown_code", names))
        if not written(follow_up.titles):
            problems.append(Problem("missing_title", names))
        if follow_up.kind not in TASK_KINDS:
            problems.append(Problem("follow_up_kind", names))
        if not 0 <= follow_up.due_in_days <= MAX_DUE_DAYS:
            problems.append(Problem("follow_up_days", names))
    return problems


def _code_rule(
    codes: CodeSetDraft | None, unknown_kind: str, names: dict[str, str]
) -> list[Problem]:
    """A rule (branch or follow-up) on a code: the code must be in the set and choosable."""
    if codes is None:
        return []  # the step's missing code set is reported once already
    code = codes.code(names["code"])
    if code is None:
        return [Problem(unknown_kind, names)]
    if code.retired:
        return [Problem("retired_code_used", names)]
    return []


def _cycle_problems(draft: ProcessDraft) -> list[Problem]:
    """Branches that lead back to a step already on the way there (the default way on only
    goes forward, so every circle has a branch in it)."""
    problems: list[Problem] = []
    index = {s.key: i for i, s in enumerate(draft.steps)}
    for i, step in enumerate(draft.steps):
        ways = [(b.if_code, b.goto) for b in step.branches]
        for code, goto in [*ways, ("", step.then)] if step.then else ways:
            target = index.get(goto)
            if target is not None and target <= i:
                path = " → ".join(s.key for s in draft.steps[target : i + 1]) + f" → {goto}"
                names = {"step": step.key, "code": code, "target": goto, "path": path}
                problems.append(Problem("cycle" if code else "next_cycle", names))
    return problems


def _unreachable(draft: ProcessDraft, code_sets: dict[str, CodeSetDraft]) -> list[Problem]:
    """Steps no way through the process reaches from the first step."""
    index = {s.key: i for i, s in enumerate(draft.steps)}
    seen: set[str] = set()
    todo = [draft.steps[0].key]
    while todo:
        key = todo.pop()
        if key in seen or key not in index:
            continue
        seen.add(key)
        step = draft.steps[index[key]]
        todo.extend(b.goto for b in step.branches)
        following = draft.following(index[key])
        if following != END and _default_way_open(step, code_sets.get(step.code_set)):
            todo.append(following)
    return [Problem("unreachable_step", {"step": s.key}) for s in draft.steps if s.key not in seen]


def _default_way_open(step: StepDraft, codes: CodeSetDraft | None) -> bool:
    """Whether a run can leave the step by the default way: unless it must be answered with
    one code and every code that can be chosen branches elsewhere."""
    if not step.required or step.multiple or codes is None:
        return True
    branched = {b.if_code for b in step.branches}
    return any(c.key not in branched for c in codes.frozen().choices())
