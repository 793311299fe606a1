"""Starting a process or code set from a copy: of one in the catalogue, or of a template
shipped in `resources/templates/` (visit, inbound call, delivery, after-sales).

A template is one JSON file: a process's fields (as in resources/defaults) and, under
`code_sets`, the code sets its steps use. A copy is a draft until published: it gets a new,
unused key (and so do the code sets copied with it), names marked as a copy, and version 0.
A template's code set identical to one in the catalogue is used as it is instead of copied.
No Qt here.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from app.drafts import CodeSetDraft, ProcessDraft
from app.publishing import Catalogue
from protocol import labels
from protocol.labels import Labels

TEMPLATES_PACKAGE = "resources.templates"
# What a copy's names get, in each language (others as `labels.choose` falls back), so it is
# told apart from what it copies.
COPY_MARKS: Labels = {"en": " (copy)", "zh_CN": "（副本）"}


@dataclass(frozen=True)
class Template:
    """A template as listed: its file's name and the process's names."""

    name: str
    names: Labels


def templates() -> list[Template]:
    """The shipped templates, in file-name order."""
    found = []
    for file in sorted(resources.files(TEMPLATES_PACKAGE).iterdir(), key=lambda f: f.name):
        if file.name.endswith(".json"):
            fields = _read(file.name)
            found.append(Template(file.name[: -len(".json")], fields["name"]))
    return found


def start_from_template(catalogue: Catalogue, name: str) -> ProcessDraft:
    """A new process draft (and any code sets it needs) from the template `name`, added to the
    catalogue."""
    fields = _read(f"{name}.json")
    renamed: dict[str, str] = {}
    for set_fields in fields.pop("code_sets"):
        wanted = CodeSetDraft.from_fields(set_fields)
        there = catalogue.code_sets.get(wanted.key)
        if there is not None and there.codes == wanted.codes:
            continue  # the same codes are there already: the copy uses them
        key = wanted.key
        renamed[key] = _add_code_set(catalogue, _unpublished(wanted)).key
    draft = ProcessDraft.from_fields(fields | {"version": 0})
    for step in draft.steps:
        step.code_set = renamed.get(step.code_set, step.code_set)
    draft.key = unused_key(draft.key, catalogue.processes)
    catalogue.processes[draft.key] = draft
    return draft


def copy_process(catalogue: Catalogue, source: ProcessDraft) -> ProcessDraft:
    """A new process draft like `source` (its steps using the same code sets), added to the
    catalogue."""
    draft = copy.deepcopy(source)
    draft.key = unused_key(source.key, catalogue.processes)
    draft.version = 0
    draft.names = _marked(source.names)
    catalogue.processes[draft.key] = draft
    return draft


def copy_code_set(catalogue: Catalogue, source: CodeSetDraft) -> CodeSetDraft:
    """A new code set draft with the codes of `source`, added to the catalogue."""
    draft = _unpublished(copy.deepcopy(source))
    draft.names = _marked(source.names)
    return _add_code_set(catalogue, draft)


def unused_key(key: str, taken: dict[str, Any]) -> str:
    """`key`, or `key_2`, `key_3`, ... whichever is not taken."""
    number, found = 1, key
    while found in taken:
        number += 1
        found = f"{key}_{number}"
    return found


def _add_code_set(catalogue: Catalogue, draft: CodeSetDraft) -> CodeSetDraft:
    draft.key = unused_key(draft.key, catalogue.code_sets)
    catalogue.code_sets[draft.key] = draft
    return draft


def _unpublished(draft: CodeSetDraft) -> CodeSetDraft:
    """The draft as never published: its key and every code may still change or go."""
    draft.published_codes = frozenset()
    return draft


def _marked(names: Labels) -> Labels:
    return {locale: name + COPY_MARKS[_mark_locale(locale)] for locale, name in names.items()}


def _mark_locale(locale: str) -> str:
    """The locale whose copy mark a name in `locale` gets (`labels.choose`'s fallback)."""
    return labels.choose(COPY_MARKS, locale).locale


def _read(file_name: str) -> dict[str, Any]:
    text = resources.files(TEMPLATES_PACKAGE).joinpath(file_name).read_text(encoding="utf-8")
    fields: dict[str, Any] = json.loads(text)
    return fields
