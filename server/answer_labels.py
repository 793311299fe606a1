"""Activities' coded answers with their questions and code labels, for other systems.

An activity stores only keys (`{"step": "reasons", "codes": ["price"]}`); a BI or ERP system
needs to know what they mean. The labels come from the process version the activity ran:
its step's copy of the codes as published (`StepDoc.codes`), or, for versions published
before steps carried one, the code set's codes as they stand now. A code found in neither
(removed from a code set since) keeps its key and gets an empty label. Questions and labels
are texts per language (`protocol.labels`), as the documents hold them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from protocol.documents import ANSWERS, CODES, CodeDoc, StepDoc, read_steps
from server.tables import CodeSet, Process

_Steps = dict[str, StepDoc]
_Codes = dict[str, CodeDoc]


class AnswerLabels:
    """The questions and codes of the process versions some activities ran, loaded at once."""

    def __init__(self, steps: dict[tuple[str, int], _Steps], code_sets: dict[str, _Codes]):
        self._steps = steps
        self._code_sets = code_sets

    @classmethod
    def load(cls, session: Session, versions: Iterable[tuple[str, int]]) -> AnswerLabels:
        """The labels of the process `(key, version)`s named."""
        wanted = sorted(set(versions))
        steps: dict[tuple[str, int], _Steps] = {}
        if wanted:
            rows = session.execute(
                select(Process.key, Process.version, Process.steps).where(
                    tuple_(Process.key, Process.version).in_(wanted)
                )
            )
            for key, version, raw in rows:
                steps[(key, version)] = {step.key: step for step in read_steps(raw) or []}
        needed = {
            step.code_set
            for by_key in steps.values()
            for step in by_key.values()
            if step.codes is None
        }
        code_sets: dict[str, _Codes] = {}
        if needed:
            rows = session.execute(
                select(CodeSet.key, CodeSet.codes).where(CodeSet.key.in_(sorted(needed)))
            )
            for key, raw in rows:
                code_sets[key] = {code.key: code for code in _codes(raw)}
        return cls(steps, code_sets)

    def labelled(self, process_key: str, version: int, answers: Any) -> list[dict[str, Any]]:
        """Each answer of an activity with its question and its codes' labels."""
        try:
            docs = ANSWERS.validate_python(answers or [])
        except ValueError:
            return []
        steps = self._steps.get((process_key, version), {})
        result = []
        for answer in docs:
            step = steps.get(answer.step)
            codes = self._codes_of(step)
            result.append(
                {
                    "step": answer.step,
                    "question": dict(step.question) if step else {},
                    "code_set": step.code_set if step else None,
                    "codes": [_code(key, codes.get(key)) for key in answer.codes],
                    "note": answer.note,
                }
            )
        return result

    def _codes_of(self, step: StepDoc | None) -> _Codes:
        if step is None:
            return {}
        if step.codes is not None:
            return {code.key: code for code in step.codes}
        return self._code_sets.get(step.code_set, {})


def _codes(raw: Any) -> list[CodeDoc]:
    try:
        return CODES.validate_python(raw or [])
    except ValueError:
        return []


def _code(key: str, doc: CodeDoc | None) -> dict[str, Any]:
    return {"key": key, "label": dict(doc.label) if doc else {}}
