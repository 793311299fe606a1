"""The documents stored in JSON fields: a code set's codes, a process version's steps and an
activity's answers, as typed models.

Managers publish code sets and processes from one client version and every other client runs
them, so both sides read these shapes from one definition. Fields a document may leave out have
the defaults older clients assumed; unknown fields are ignored, so a newer client's additions do
not make a document unreadable to an older one.

Texts are per language (`protocol.labels`): `label`, `title`, `question` and `hint` map a
locale to text. Documents written before that held `label_en` and `label_zh` (and so on); a
document that has those and not the mapping is read as if they were its "en" and "zh_CN" texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from protocol.labels import LEGACY_SUFFIXES, Label, Name, from_legacy
from protocol.paths import MAX_JSON_DEPTH

DEFAULT_CODE_COLOR = "#5b7083"


class Document(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    # The labels of this document that older writers kept as `<stem>_en` and `<stem>_zh`.
    LEGACY_LABELS: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _fold_legacy_labels(cls, data: Any) -> Any:
        """Reads `label_en`/`label_zh` (and the like) as the label's "en"/"zh_CN" texts when
        the document has no `label` of the new shape."""
        if not isinstance(data, dict) or not cls.LEGACY_LABELS:
            return data
        folded = dict(data)
        for stem in cls.LEGACY_LABELS:
            if stem not in folded and (legacy := from_legacy(folded, stem)):
                folded[stem] = legacy
        return folded


class CodeDoc(Document):
    """One code of a code set. `parent`: the key of the code above it (codes nest up to 3
    levels). Retired codes stay readable in history and are not offered."""

    LEGACY_LABELS = ("label",)

    key: str = Field(min_length=1)
    label: Label = Field(default_factory=dict)
    color: str | None = DEFAULT_CODE_COLOR
    retired: bool = False
    parent: str | None = None


class BranchDoc(Document):
    """Where a step goes when `if_code` was chosen."""

    if_code: str
    goto: str


class FollowUpDoc(Document):
    """A task the answers ask for: when `if_code` was chosen, a task of `kind` due in
    `due_in_days`."""

    LEGACY_LABELS = ("title",)

    if_code: str
    title: Label = Field(default_factory=dict)
    kind: str = "task"
    due_in_days: int = 1


class StepDoc(Document):
    """One question of a process, answered with codes of `code_set`. `next`: where the step goes
    when no branch applies (empty: the next step in order); `codes`: the code set as it stood
    when the version was published (absent in versions published before the designer)."""

    LEGACY_LABELS = ("question", "hint")

    key: str = Field(min_length=1)
    code_set: str
    question: Label = Field(default_factory=dict)
    hint: Label = Field(default_factory=dict)
    multiple: bool = False
    required: bool = True
    branches: list[BranchDoc] = Field(default_factory=list)
    next: str | None = None
    follow_ups: list[FollowUpDoc] = Field(default_factory=list)
    codes: list[CodeDoc] | None = None


class AnswerDoc(Document):
    """The codes chosen at one step of an activity, in the order chosen, and a note."""

    step: str
    codes: list[str] = Field(default_factory=list)
    note: str = ""


CODES = TypeAdapter(list[CodeDoc])
STEPS = TypeAdapter(list[StepDoc])
ANSWERS = TypeAdapter(list[AnswerDoc])
NAME = TypeAdapter(Name)

# The model of each document field, by entity and field name.
DOCUMENTS: dict[tuple[str, str], TypeAdapter[Any]] = {
    ("activity", "answers"): ANSWERS,
    ("code_set", "codes"): CODES,
    ("code_set", "name"): NAME,
    ("process", "name"): NAME,
    ("process", "steps"): STEPS,
}


def _folded(item: Any, stems: tuple[str, ...]) -> Any:
    """`item` with its legacy `<stem>_en`/`<stem>_zh` texts moved into `<stem>` mappings."""
    if not isinstance(item, dict):
        return item
    legacy = {f"{stem}_{suffix}" for stem in stems for suffix, _locale in LEGACY_SUFFIXES}
    folded = {key: value for key, value in item.items() if key not in legacy}
    for stem in stems:
        folded.setdefault(stem, from_legacy(item, stem))
    return folded


def upgraded_document(entity: str, name: str, value: Any) -> Any:
    """A stored document as it is written since texts are per language: legacy texts folded
    into mappings (for the migrations of stored data); anything else unchanged."""
    if not isinstance(value, list):
        return value
    if (entity, name) == ("code_set", "codes"):
        return [_folded(code, CodeDoc.LEGACY_LABELS) for code in value]
    if (entity, name) != ("process", "steps"):
        return value
    steps = []
    for step in value:
        step = _folded(step, StepDoc.LEGACY_LABELS)
        if isinstance(step, dict):
            if isinstance(step.get("follow_ups"), list):
                step["follow_ups"] = [
                    _folded(f, FollowUpDoc.LEGACY_LABELS) for f in step["follow_ups"]
                ]
            if isinstance(step.get("codes"), list):
                step["codes"] = [_folded(c, CodeDoc.LEGACY_LABELS) for c in step["codes"]]
        steps.append(step)
    return steps


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> str | None:
    """The path ("[3]", ".key") of the first item of `value` holding lists or objects nested
    more than `limit` levels deep, counting `value` itself as level 1; None when none does."""
    if not _deeper_than(value, limit):
        return None
    if isinstance(value, dict):
        return next(f".{key}" for key, item in value.items() if _deeper_than(item, limit - 1))
    return next(f"[{i}]" for i, item in enumerate(value) if _deeper_than(item, limit - 1))


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether `value` nests lists and objects more than `limit` levels deep. Walks without
    recursion, so a value nested thousands of levels deep is measured, not a RecursionError;
    a first sync asks this of every document, so it is kept plain."""
    level = [value]
    depth = 0
    while level:
        depth += 1
        below: list[Any] = []
        for node in level:
            if isinstance(node, dict):
                below.extend(node.values())
            elif isinstance(node, list):
                below.extend(node)
            else:
                continue
            if depth > limit:
                return True
        level = below
    return False


def document_problem(entity: str, name: str, value: Any) -> tuple[str, str] | None:
    """Where and why the document in field `name` of an `entity` breaks its model: the path
    inside the field ("[3].codes[0]") and a message; None when it keeps it, or the field holds
    no document. Keys a model does not know are not looked into: their depth is `too_deep`'s."""
    adapter = DOCUMENTS.get((entity, name))
    if adapter is None:
        return None
    try:
        adapter.validate_python(value)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        return location(first["loc"]), str(first["msg"])
    return None


def location(loc: Sequence[int | str]) -> str:
    """A validation error's location as a path: (3, "codes", 0) is "[3].codes[0]"."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)


def read_steps(raw: Any) -> list[StepDoc] | None:
    """A process version's steps, or None when `raw` is not shaped like steps."""
    try:
        return STEPS.validate_python(raw)
    except ValidationError:
        return None


def question_code_set(steps: Any, step_key: str) -> str | None:
    """The code set that step `step_key` of a process version's `steps` is answered with;
    None when that version has no such step."""
    for step in read_steps(steps) or []:
        if step.key == step_key:
            return step.code_set
    return None


def comparable_versions(steps_by_version: dict[int, Any], step_key: str) -> bool:
    """Whether the versions may be counted together for one question: every one asks it, with
    the same code set."""
    code_sets = {question_code_set(steps, step_key) for steps in steps_by_version.values()}
    return len(code_sets) == 1 and None not in code_sets
