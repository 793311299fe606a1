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

DEFAULT_COLOR = DEFAULT_CODE_COLOR
# Kinds a follow-up task may have (the task entity's choices) and kinds of process offered.
TASK_KINDS = ("task", "visit", "call")
PROCESS_KINDS = ("visit", "call", "delivery", "service")
MAX_CODE_LEVELS = 3


@dataclass
class CodeDraft:
    key: str
    label_en: str = ""
    label_zh: str = ""
    color: str = DEFAULT_COLOR
    retired: bool = False
    parent: str | None = None

    def to_json(self) -> dict[str, Any]:
        return code_to_json(self.frozen())

    def frozen(self) -> Code:
        return Code(
            self.key, self.label_en, self.label_zh, self.color, self.retired, self.parent or None
        )


@dataclass
class CodeSetDraft:
    key: str
    name_en: str = ""
    name_zh: str = ""
    codes: list[CodeDraft] = field(default_factory=list)
    # Code keys of the published code set: they may be retired, never removed, so every
    # activity that used one keeps showing its label.
    published_codes: frozenset[str] = frozenset()

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> CodeSetDraft:
        codes = [
            CodeDraft(**code_to_json(code_of(c))) for c in CODES.validate_python(fields["codes"])
        ]
        return cls(
            key=fields["key"],
            name_en=fields.get("name_en", ""),
            name_zh=fields.get("name_zh", ""),
            codes=codes,
            published_codes=frozenset(c.key for c in codes),
        )

    def to_fields(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name_en": self.name_en,
            "name_zh": self.name_zh,
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
        return CodeList(self.key, self.name_en, self.name_zh, tuple(c.frozen() for c in self.codes))


@dataclass
class BranchDraft:
    if_code: str
    goto: str


@dataclass
class FollowUpDraft:
    if_code: str
    title_en: str = ""
    title_zh: str = ""
    kind: str = "task"
    due_in_days: int = 1


@dataclass
class StepDraft:
    key: str
    question_en: str = ""
    question_zh: str = ""
    code_set: str = ""
    multiple: bool = False
    required: bool = True
    hint_en: str = ""
    hint_zh: str = ""
    branches: list[BranchDraft] = field(default_factory=list)
    follow_ups: list[FollowUpDraft] = field(default_factory=list)
    then: str = ""  # the way on when no branch applies: a step key, END, or "" (next in order)

    @classmethod
    def of(cls, doc: StepDoc) -> StepDraft:
        step = Step.of(doc)
        return cls(
            key=step.key,
            question_en=step.question_en,
            question_zh=step.question_zh,
            code_set=step.code_set,
            multiple=step.multiple,
            required=step.required,
            hint_en=step.hint_en,
            hint_zh=step.hint_zh,
            branches=[BranchDraft(code, goto) for code, goto in step.branches],
            follow_ups=[
                FollowUpDraft(f.if_code, f.title_en, f.title_zh, f.kind, f.due_in_days)
                for f in step.follow_ups
            ],
            then=step.then,
        )

    def to_json(self, codes: CodeList | None = None) -> dict[str, Any]:
        """The step as stored; with `codes`, a copy of its code set as published with it."""
        raw: dict[str, Any] = {
            "key": self.key,
            "question_en": self.question_en,
            "question_zh": self.question_zh,
            "hint_en": self.hint_en,
            "hint_zh": self.hint_zh,
            "code_set": self.code_set,
            "multiple": self.multiple,
            "required": self.required,
            "branches": [{"if_code": b.if_code, "goto": b.goto} for b in self.branches],
            "follow_ups": [
                {
                    "if_code": f.if_code,
                    "title_en": f.title_en,
                    "title_zh": f.title_zh,
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
    name_en: str = ""
    name_zh: str = ""
    kind: str = "visit"
    steps: list[StepDraft] = field(default_factory=list)
    version: int = 0  # the published version this draft started from; 0 for a new process

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> ProcessDraft:
        return cls(
            key=fields["key"],
            name_en=fields.get("name_en", ""),
            name_zh=fields.get("name_zh", ""),
            kind=fields.get("kind", "visit"),
            steps=[StepDraft.of(s) for s in STEPS.validate_python(fields["steps"])],
            version=int(fields.get("version", 0)),
        )

    def to_fields(self, version: int, code_sets: dict[str, CodeList]) -> dict[str, Any]:
        """The process record of `version`, each step carrying its code set as published."""
        return {
            "key": self.key,
            "version": version,
            "name_en": self.name_en,
            "name_zh": self.name_zh,
            "kind": self.kind,
            "steps": [s.to_json(code_sets.get(s.code_set)) for s in self.steps],
        }

    def step(self, key: str) -> StepDraft | None:
        return next((s for s in self.steps if s.key == key), None)

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
            name_en=self.name_en,
            name_zh=self.name_zh,
            kind=self.kind,
            steps=tuple(map(Step.of, STEPS.validate_python(fields["steps"]))),
        )
