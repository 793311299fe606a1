"""The catalogue as the services read it: the published processes and the code sets.

The replica holds only documents that keep their models (a pulled record that does not is set
aside, `local_store.quarantine`; a local save is checked), so reading them cannot fail.
"""

from __future__ import annotations

from app.processes import CodeList, ProcessDefinition, Step
from app.workspace import Workspace
from local_store import queries
from local_store.models import CodeSet, Process
from protocol.documents import CODES, STEPS
from protocol.labels import written


def processes(workspace: Workspace) -> list[ProcessDefinition]:
    """The newest version of every process."""
    with workspace.reading() as session:
        return [definition(row) for row in queries.processes(session)]


def process(workspace: Workspace, kind: str) -> ProcessDefinition | None:
    """The newest process of a kind ("visit", "call")."""
    return next((p for p in processes(workspace) if p.kind == kind), None)


def process_versions(workspace: Workspace) -> dict[tuple[str, int], ProcessDefinition]:
    """Every version of every process the replica holds, by key and version number."""
    with workspace.reading() as session:
        return {
            (row.key, row.process_version): definition(row)
            for row in queries.process_versions(session)
        }


def code_lists(workspace: Workspace) -> dict[str, CodeList]:
    """Every code set, each read once (labelling a page of rows reads them hundreds of times)."""
    with workspace.reading() as session:
        return {key: code_list(row) for key, row in queries.code_sets(session).items()}


def definition(row: Process) -> ProcessDefinition:
    return ProcessDefinition(
        key=row.key,
        version=row.process_version,
        names=written(row.name),
        kind=row.kind,
        steps=tuple(map(Step.of, STEPS.validate_python(row.steps))),
    )


def code_list(row: CodeSet) -> CodeList:
    return CodeList.of(row.key, row.name, CODES.validate_python(row.codes))
