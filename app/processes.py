"""Process definitions as the app sees them, and one run of a process through its steps.

A definition comes from the replica as JSON (designed by managers, synced to every laptop), read
through the protocol's document models (`protocol.documents`), the same the server checks every
write with. A run walks its steps: branching on answers, back and forward, and at the end the
coded answers and the follow-up tasks the rules ask for. No Qt here: the runner window only
displays a run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from protocol.documents import DEFAULT_CODE_COLOR, CodeDoc, StepDoc
from protocol.labels import Chosen, Labels, choose, text, written

END = "end"


@dataclass(frozen=True)
class Code:
    key: str
    labels: Mapping[str, str] = field(default_factory=dict)  # locale → text
    color: str = DEFAULT_CODE_COLOR
    retired: bool = False
    parent: str | None = None  # the key of the code above it (codes nest up to 3 levels)

    def label(self, language: str) -> str:
        """The label in `language`, else in another (`protocol.labels.choose`), else the key."""
        return text(self.labels, language, self.key)

    def chosen(self, language: str) -> Chosen:
        return choose(self.labels, language)


def code_of(doc: CodeDoc) -> Code:
    return Code(
        key=doc.key,
        labels=written(doc.label),
        color=doc.color or DEFAULT_CODE_COLOR,
        retired=doc.retired,
        parent=doc.parent or None,
    )


def code_to_json(code: Code) -> dict[str, Any]:
    return {
        "key": code.key,
        "label": written(code.labels),
        "color": code.color,
        "retired": code.retired,
        "parent": code.parent,
    }


@dataclass(frozen=True)
class CodeList:
    key: str
    names: Mapping[str, str]
    codes: tuple[Code, ...]

    @classmethod
    def of(cls, key: str, names: Mapping[str, str], codes: Iterable[CodeDoc]) -> CodeList:
        return cls(key=key, names=written(names), codes=tuple(map(code_of, codes)))

    def name(self, language: str) -> str:
        return text(self.names, language, self.key)

    def active(self) -> tuple[Code, ...]:
        """The codes a user may pick now; retired ones stay readable in history only."""
        return tuple(c for c in self.codes if not c.retired)

    def choices(self) -> tuple[Code, ...]:
        """The codes a runner offers: active codes with no active codes below them, each
        labelled with its path ("Product › Defect") in every language it is written in; a
        code with children only groups them."""
        active = self.active()
        parents = {c.parent for c in active if c.parent}
        return tuple(
            replace(c, labels={locale: self.label(c.key, locale) for locale in c.labels})
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
    titles: Mapping[str, str]
    kind: str
    due_in_days: int

    def title(self, language: str) -> str:
        return text(self.titles, language)


@dataclass(frozen=True)
class Step:
    key: str
    questions: Mapping[str, str]
    code_set: str
    multiple: bool = False
    required: bool = True
    hints: Mapping[str, str] = field(default_factory=dict)
    branches: tuple[tuple[str, str], ...] = ()  # (if_code, goto)
    then: str = ""  # where the step goes on when no branch applies; "" for the next in order
    follow_ups: tuple[FollowUp, ...] = ()
    # The step's code set as it stood when this process version was published (absent in
    # versions published before the designer): activities of this version show these labels.
    codes: CodeList | None = None

    @classmethod
    def of(cls, doc: StepDoc) -> Step:
        return cls(
            key=doc.key,
            questions=written(doc.question),
            code_set=doc.code_set,
            multiple=doc.multiple,
            required=doc.required,
            hints=written(doc.hint),
            branches=tuple((b.if_code, b.goto) for b in doc.branches),
            then=doc.next or "",
            follow_ups=tuple(
                FollowUp(f.if_code, written(f.title), f.kind, f.due_in_days) for f in doc.follow_ups
            ),
            codes=None if doc.codes is None else CodeList.of(doc.code_set, {}, doc.codes),
        )

    def question(self, language: str) -> str:
        """The question in `language`, else in another, else the step's key."""
        return text(self.questions, language, self.key)

    def chosen_question(self, language: str) -> Chosen:
        return choose(self.questions, language)

    def hint(self, language: str) -> str:
        return text(self.hints, language)


@dataclass(frozen=True)
class ProcessDefinition:
    key: str
    version: int
    names: Labels
    kind: str
    steps: tuple[Step, ...]

    def name(self, language: str) -> str:
        return text(self.names, language, self.key)

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
