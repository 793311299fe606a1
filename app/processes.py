"""Process definitions as the app sees them, and one run of a process through its steps.

A definition comes from the replica as JSON (designed by managers, synced to every laptop), read
through the protocol's document models (`protocol.documents`), the same the server checks every
write with. A run walks its steps: branching on answers, back and forward, and at the end the
coded answers and the follow-up tasks the rules ask for. No Qt here: the runner window only
displays a run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from protocol.documents import DEFAULT_CODE_COLOR, CodeDoc, StepDoc

END = "end"


@dataclass(frozen=True)
class Code:
    key: str
    label_en: str
    label_zh: str
    color: str = DEFAULT_CODE_COLOR
    retired: bool = False
    parent: str | None = None  # the key of the code above it (codes nest up to 3 levels)

    def label(self, language: str) -> str:
        return self.label_zh if language.startswith("zh") else self.label_en


def code_of(doc: CodeDoc) -> Code:
    """A code as the app shows it: a label left out is the key (Chinese: the English label)."""
    given = doc.model_fields_set
    label_en = doc.label_en if "label_en" in given else doc.key
    return Code(
        key=doc.key,
        label_en=label_en,
        label_zh=doc.label_zh if "label_zh" in given else label_en,
        color=doc.color or DEFAULT_CODE_COLOR,
        retired=doc.retired,
        parent=doc.parent or None,
    )


def code_to_json(code: Code) -> dict[str, Any]:
    return {
        "key": code.key,
        "label_en": code.label_en,
        "label_zh": code.label_zh,
        "color": code.color,
        "retired": code.retired,
        "parent": code.parent,
    }


@dataclass(frozen=True)
class CodeList:
    key: str
    name_en: str
    name_zh: str
    codes: tuple[Code, ...]

    @classmethod
    def of(cls, key: str, name_en: str, name_zh: str, codes: Iterable[CodeDoc]) -> CodeList:
        return cls(key=key, name_en=name_en, name_zh=name_zh, codes=tuple(map(code_of, codes)))

    def active(self) -> tuple[Code, ...]:
        """The codes a user may pick now; retired ones stay readable in history only."""
        return tuple(c for c in self.codes if not c.retired)

    def choices(self) -> tuple[Code, ...]:
        """The codes a runner offers: active codes with no active codes below them, each
        labelled with its path ("Product › Defect"); a code with children only groups them."""
        active = self.active()
        parents = {c.parent for c in active if c.parent}
        return tuple(
            replace(c, label_en=self.label(c.key, "en"), label_zh=self.label(c.key, "zh"))
            for c in active
            if c.key not in parents
        )

    def label(self, code_key: str, language: str) -> str:
        """The code's label with the labels of the codes above it ("Service › Repair")."""
        by_key = {code.key: code for code in self.codes}
        labels: list[str] = []
        code = by_key.get(code_key)
        while code is not None and len(labels) < 3:
            labels.insert(0, code.label(language))
            code = by_key.get(code.parent) if code.parent else None
        return " › ".join(labels) or code_key


@dataclass(frozen=True)
class FollowUp:
    if_code: str
    title_en: str
    title_zh: str
    kind: str
    due_in_days: int

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en


@dataclass(frozen=True)
class Step:
    key: str
    question_en: str
    question_zh: str
    code_set: str
    multiple: bool = False
    required: bool = True
    hint_en: str = ""
    hint_zh: str = ""
    branches: tuple[tuple[str, str], ...] = ()  # (if_code, goto)
    then: str = ""  # where the step goes on when no branch applies; "" for the next in order
    follow_ups: tuple[FollowUp, ...] = ()
    # The step's code set as it stood when this process version was published (absent in
    # versions published before the designer): activities of this version show these labels.
    codes: CodeList | None = None

    @classmethod
    def of(cls, doc: StepDoc) -> Step:
        """A step as the app runs it: a question or a follow-up title left out is the key
        (Chinese: the English text)."""
        given = doc.model_fields_set
        question_en = doc.question_en if "question_en" in given else doc.key
        return cls(
            key=doc.key,
            question_en=question_en,
            question_zh=doc.question_zh if "question_zh" in given else question_en,
            code_set=doc.code_set,
            multiple=doc.multiple,
            required=doc.required,
            hint_en=doc.hint_en,
            hint_zh=doc.hint_zh,
            branches=tuple((b.if_code, b.goto) for b in doc.branches),
            then=doc.next or "",
            follow_ups=tuple(
                FollowUp(
                    if_code=f.if_code,
                    title_en=f.title_en,
                    title_zh=f.title_zh if "title_zh" in f.model_fields_set else f.title_en,
                    kind=f.kind,
                    due_in_days=f.due_in_days,
                )
                for f in doc.follow_ups
            ),
            codes=None if doc.codes is None else CodeList.of(doc.code_set, "", "", doc.codes),
        )

    def question(self, language: str) -> str:
        return self.question_zh if language.startswith("zh") else self.question_en

    def hint(self, language: str) -> str:
        return self.hint_zh if language.startswith("zh") else self.hint_en


@dataclass(frozen=True)
class ProcessDefinition:
    key: str
    version: int
    name_en: str
    name_zh: str
    kind: str
    steps: tuple[Step, ...]

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en

    def step(self, key: str) -> Step:
        found = self.find_step(key)
        if found is None:
            raise KeyError(key)
        return found

    def find_step(self, key: str) -> Step | None:
        return next((step for step in self.steps if step.key == key), None)

    def index_of(self, key: str) -> int:
        return [s.key for s in self.steps].index(key)


@dataclass
class ProcessRun:
    """One pass through a process: which step is showing, and what was answered so far."""

    definition: ProcessDefinition
    path: list[str] = field(default_factory=list)  # step keys visited, the current one last
    answers: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.path:
            self.path.append(self.definition.steps[0].key)

    @property
    def current(self) -> Step:
        return self.definition.step(self.path[-1])

    @property
    def position(self) -> int:
        """1-based number of the current step along the path taken."""
        return len(self.path)

    @property
    def total(self) -> int:
        """Steps along the path taken so far plus those still ahead in order."""
        ahead = len(self.definition.steps) - 1 - self.definition.index_of(self.current.key)
        return len(self.path) + max(ahead, 0)

    def choose(self, code_key: str) -> None:
        """Pick a code: a single-choice step holds one, a multiple-choice step toggles it."""
        step = self.current
        chosen = self.answers.setdefault(step.key, [])
        if not step.multiple:
            chosen[:] = [code_key]
        elif code_key in chosen:
            chosen.remove(code_key)
        else:
            chosen.append(code_key)

    def chosen(self) -> list[str]:
        return list(self.answers.get(self.current.key, []))

    def can_go_on(self) -> bool:
        return not self.current.required or bool(self.answers.get(self.current.key))

    def next_key(self) -> str:
        """Where the current answers lead: a branch target, the step's own way on, the next
        step in order, or END."""
        step = self.current
        for code in self.answers.get(step.key, []):
            for if_code, goto in step.branches:
                if if_code == code:
                    return goto
        if step.then:
            return step.then
        index = self.definition.index_of(step.key)
        if index + 1 < len(self.definition.steps):
            return self.definition.steps[index + 1].key
        return END

    def is_last(self) -> bool:
        return self.next_key() == END

    def go_on(self) -> bool:
        """Move to the next step; False when the run is complete (or the step needs an answer)."""
        if not self.can_go_on():
            return False
        target = self.next_key()
        if target == END:
            return False
        self.path.append(target)
        return True

    def go_back(self) -> bool:
        if len(self.path) == 1:
            return False
        self.path.pop()
        return True

    def recorded_answers(self) -> list[dict[str, Any]]:
        """The answers along the path taken, as stored on the activity."""
        return [
            {"step": key, "codes": list(self.answers.get(key, [])), "note": self.notes.get(key, "")}
            for key in self.path
        ]

    def follow_ups(self) -> list[FollowUp]:
        """The follow-up rules the answers along the path trigger."""
        due: list[FollowUp] = []
        for key in self.path:
            chosen = set(self.answers.get(key, []))
            due.extend(f for f in self.definition.step(key).follow_ups if f.if_code in chosen)
        return due
