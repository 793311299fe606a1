"""The designer's services: read the catalogue as drafts, and publish a checked draft.

Publishing writes through the replica's outbox, so it reaches the server at the next sync and
from there every user in scope. A code set is one record per key, changed in place; its codes
are retired, never removed, so every activity keeps a label for what it recorded. A process is
one record per key and version: publishing makes a NEW version whose steps carry a copy of
their code sets as published with it, so old activities keep the version (and the labels)
they used, while runs from now on take the newest version.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.design_rules import Problem, check_code_set, check_process, errors
from app.drafts import CodeSetDraft, ProcessDraft
from app.errors import UserError
from app.views import Me
from app.workspace import Workspace
from local_store import queries, records
from protocol.entities import catalogue_record_id

DESIGNER_ROLES = frozenset({"manager", "admin"})


def can_design(me: Me) -> bool:
    """Managers and admins design; the server refuses catalogue writes from anyone else."""
    return me.role in DESIGNER_ROLES


class PublishError(UserError):
    """A draft that may not be published (yet); nothing was written. `problems` say why
    (empty: the user may not design)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.sentence() for p in problems) or "not a designer")
        self.problems = problems


@dataclass
class Catalogue:
    """The published code sets and the newest version of every process, as drafts."""

    code_sets: dict[str, CodeSetDraft]
    processes: dict[str, ProcessDraft]


def load_catalogue(workspace: Workspace) -> Catalogue:
    with workspace.reading() as session:
        code_sets = {
            key: CodeSetDraft.from_fields(records.to_fields("code_set", row))
            for key, row in sorted(queries.code_sets(session).items())
        }
        processes = {
            row.key: ProcessDraft.from_fields(records.to_fields("process", row))
            for row in queries.processes(session)
        }
    return Catalogue(code_sets, processes)


def publish_code_set(workspace: Workspace, draft: CodeSetDraft, others: list[str]) -> None:
    """Publish a code set (new or changed); `others`: the keys of the other code sets."""
    _allowed(workspace, check_code_set(draft, others))
    with workspace.saving() as session:
        _save_code_set(session, draft)
    draft.published_codes = frozenset(c.key for c in draft.codes)


def publish_process(
    workspace: Workspace,
    draft: ProcessDraft,
    code_sets: dict[str, CodeSetDraft],
    others: list[str],
) -> int:
    """Publish a process as its next version, together with the code sets its steps use as
    they stand in `code_sets` (all in one save); returns the new version number."""
    used = {s.code_set: code_sets[s.code_set] for s in draft.steps if s.code_set in code_sets}
    problems = check_process(draft, code_sets, others)
    for key, code_set in used.items():
        problems += check_code_set(code_set, [k for k in code_sets if k != key])
    _allowed(workspace, problems)
    with workspace.saving() as session:
        for code_set in used.values():
            _save_code_set(session, code_set)
        latest = queries.latest_process(session, draft.key)
        version = max(draft.version, latest.process_version if latest else 0) + 1
        fields = draft.to_fields(version, {k: c.frozen() for k, c in used.items()})
        records.save(session, "process", catalogue_record_id("process", draft.key, version), fields)
    draft.version = version
    draft.published_steps = frozenset(s.key for s in draft.steps)
    for code_set in used.values():
        code_set.published_codes = frozenset(c.key for c in code_set.codes)
    return version


def _allowed(workspace: Workspace, problems: list[Problem]) -> None:
    if not can_design(workspace.me):
        raise PublishError([])
    if errors(problems):
        raise PublishError(errors(problems))


def _save_code_set(session: Session, draft: CodeSetDraft) -> None:
    """Change the code set's record in place (or create it); an unchanged one queues nothing."""
    row = queries.code_sets(session).get(draft.key)
    record_id = row.id if row is not None else catalogue_record_id("code_set", draft.key)
    records.save(session, "code_set", record_id, draft.to_fields())
