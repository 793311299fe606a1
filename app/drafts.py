"""Code sets and processes as a manager edits them in the designer: plain mutable drafts.

A draft is read from the published record, edited, checked (app.design_rules), tried (a test
run) and published (app.publishing). The JSON shapes are those of resources/defaults and of the
synced `code_set` and `process` records. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.processes import END, Code, CodeList, ProcessDefinition, Step, code_of, code_to_json
from protocol.documents import CODES, DEFAULT_CODE_COLOR, STEPS, StepDoc
from protocol.labels import Labels, written

DEFAULT_COLOR = DEFAULT_CODE_COLOR
# Kinds a follow-up task may have (the task entity's choices) and kinds of process offered.
TASK_KINDS = ("task", "visit", "call")
PROCESS_KINDS = ("visit", "call", "delivery", "service")
MAX_CODE_LEVELS = 3


@dataclass
class CodeDraft:
    key: str
    labels: Labels = field(default_factory=dict)  # locale → text
    color: str = DEFAULT_COLOR
    retired: bool = False
    parent: str | None = None
    # A new code's key is made from the first label given to it (`app.keys`).
    key_from_name: bool = False

    def to_json(self) -> dict[str, Any]:
        return code_to_json(self.frozen())

    def frozen(self) -> Code:
        return Code(self.key, written(self.labels), self.color, self.retired, self.parent or None)


@dataclass
class CodeSetDraft:
    key: str
    names: Labels = field(default_factory=dict)
    codes: list[CodeDraft] = field(default_factory=list)
    # Code keys of the published code set: they may be retired, never removed, so every
    # activity that used one keeps showing its label.
    published_codes: frozenset[str] = frozenset()

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> CodeSetDraft:
        codes = [
            CodeDraft(c.key, dict(c.labels), c.color, c.retired, c.parent)
            for c in map(code_of, CODES.validate_python(fields["codes"]))
        ]
        return cls(
            key=fields["key"],
            names=written(fields.get("name") or {}),
            codes=codes,
            published_codes=frozenset(c.key for c in codes),
        )

    def to_fields(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": written(self.names),
            "codes": [c.to_json() for c in self.codes],
        }

    def code(self, key: str) -> CodeDraft | None:
        return next((c for c in self.codes if c.key == key), None)

    def level(self, key: str) -> int:
        """1 for a top-level code, 2 for its child, ...; stops counting at a parent cycle."""
        level, seen = 1, {key}
        found = self.code(key)
        parent = found.parent if found else None
        while parent and parent not in seen:
            seen.add(parent)
            level += 1
            found = self.code(parent)
            parent = found.parent if found else None
        return level

    def frozen(self) -> CodeList:
        return CodeList(self.key, written(self.names), tuple(c.frozen() for c in self.codes))


@dataclass
class BranchDraft:
    if_code: str
    goto: str


@dataclass
class FollowUpDraft:
    if_code: str
    titles: Labels = field(default_factory=dict)
    kind: str = "task"
    due_in_days: int = 1


@dataclass
class StepDraft:
    key: str
    questions: Labels = field(default_factory=dict)
    code_set: str = ""
    multiple: bool = False
    required: bool = True
    hints: Labels = field(default_factory=dict)
    branches: list[BranchDraft] = field(default_factory=list)
    follow_ups: list[FollowUpDraft] = field(default_factory=list)
    then: str = ""  # the way on when no branch applies: a step key, END, or "" (next in order)
    # A new step's key is made from the first question given to it (`app.keys`).
    key_from_name: bool = False

    @classmethod
    def of(cls, doc: StepDoc) -> StepDraft:
        step = Step.of(doc)
        return cls(
            key=step.key,
            questions=dict(step.questions),
            code_set=step.code_set,
            multiple=step.multiple,
            required=step.required,
            hints=dict(step.hints),
            branches=[BranchDraft(code, goto) for code, goto in step.branches],
            follow_ups=[
                FollowUpDraft(f.if_code, dict(f.titles), f.kind, f.due_in_days)
                for f in step.follow_ups
            ],
            then=step.then,
        )

    def to_json(self, codes: CodeList | None = None) -> dict[str, Any]:
        """The step as stored; with `codes`, a copy of its code set as published with it."""
        raw: dict[str, Any] = {
            "key": self.key,
            "question": written(self.questions),
            "hint": written(self.hints),
            "code_set": self.code_set,
            "multiple": self.multiple,
            "required": self.required,
            "branches": [{"if_code": b.if_code, "goto": b.goto} for b in self.branches],
            "follow_ups": [
                {
                    "if_code": f.if_code,
                    "title": written(f.titles),
                    "kind": f.kind,
                    "due_in_days": f.due_in_days,
                }
                for f in self.follow_ups
            ],
        }
        if self.then:
            raw["next"] = self.then
        if codes is not None:
            raw["codes"] = [code_to_json(c) for c in codes.codes]
        return raw


@dataclass
class ProcessDraft:
    key: str
    names: Labels = field(default_factory=dict)
    kind: str = "visit"
    steps: list[StepDraft] = field(default_factory=list)
    version: int = 0  # the published version this draft started from; 0 for a new process
    # Step keys of the published version: activities name them, so they keep their keys.
    published_steps: frozenset[str] = frozenset()

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> ProcessDraft:
        steps = [StepDraft.of(s) for s in STEPS.validate_python(fields["steps"])]
        return cls(
            key=fields["key"],
            names=written(fields.get("name") or {}),
            kind=fields.get("kind", "visit"),
            steps=steps,
            version=int(fields.get("version", 0)),
            published_steps=frozenset(s.key for s in steps),
        )

    def to_fields(self, version: int, code_sets: dict[str, CodeList]) -> dict[str, Any]:
        """The process record of `version`, each step carrying its code set as published."""
        return {
            "key": self.key,
            "version": version,
            "name": written(self.names),
            "kind": self.kind,
            "steps": [s.to_json(code_sets.get(s.code_set)) for s in self.steps],
        }

    def step(self, key: str) -> StepDraft | None:
        return next((s for s in self.steps if s.key == key), None)

    def rename_step(self, renamed: StepDraft, new: str) -> None:
        """Give a step a new key, and every way that leads to it too (unless another step has
        its old key as well: then the ways are that one's)."""
        old, renamed.key = renamed.key, new
        if any(step.key == old for step in self.steps):
            return
        for step in self.steps:
            step.then = new if step.then == old else step.then
            for branch in step.branches:
                branch.goto = new if branch.goto == old else branch.goto

    def following(self, index: int) -> str:
        """Where the step at `index` goes when no branch applies: its own way on, else the next
        step in order, else END."""
        if self.steps[index].then:
            return self.steps[index].then
        return self.steps[index + 1].key if index + 1 < len(self.steps) else END

    def definition(self, code_sets: dict[str, CodeList]) -> ProcessDefinition:
        """The draft as a runnable definition (for a test run), numbered as the next version."""
        fields = self.to_fields(self.version + 1, code_sets)
        return ProcessDefinition(
            key=self.key,
            version=self.version + 1,
            names=written(self.names),
            kind=self.kind,
            steps=tuple(map(Step.of, STEPS.validate_python(fields["steps"]))),
        )
