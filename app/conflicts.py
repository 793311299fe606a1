"""Conflicts: values of the user's that lost against another change, side by side with what
stands now, and the one-click ways out (keep mine, keep theirs, restore a deleted record)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from app.errors import SaveError
from app.workspace import Workspace
from local_store import queries, records
from local_store.models import ENTITY_MODELS, Account


@dataclass(frozen=True)
class ConflictView:
    id: int
    entity: str
    record_id: str
    record_name: str  # what the user recognises the record by; empty when it is gone
    field: str
    mine: Any
    theirs: Any
    record_gone: bool  # the edit lost against a delete: "restore" is the way back

    @property
    def lost_to_delete(self) -> bool:
        return self.record_gone and self.theirs is None


def _name_of(row: Any) -> str:
    for attribute in ("name", "title"):
        value = getattr(row, attribute, None)
        if value:
            return str(value)
    return ""


def open_conflicts(workspace: Workspace) -> list[ConflictView]:
    with workspace.reading() as session:
        views = []
        for c in queries.open_conflicts(session):
            row = session.get(ENTITY_MODELS[c.entity], c.record_id)
            views.append(
                ConflictView(
                    id=c.id,
                    entity=c.entity,
                    record_id=c.record_id,
                    record_name=_name_of(row) if row is not None else "",
                    field=c.field,
                    mine=c.mine,
                    theirs=c.theirs,
                    record_gone=row is None,
                )
            )
        return views


def keep_mine(workspace: Workspace, conflict_id: int) -> None:
    """Apply my value again, as a new local edit on top of what stands now (queued for sync)."""
    with workspace.saving() as session:
        found = queries.conflict(session, conflict_id)
        if found is None or found.resolved:
            return
        records.save(session, found.entity, found.record_id, {found.field: found.mine})
        found.resolved = True


def keep_theirs(workspace: Workspace, conflict_id: int) -> None:
    """Let the other change stand: the replica already shows it, so only the conflict closes."""
    with workspace.saving() as session:
        found = queries.conflict(session, conflict_id)
        if found is not None:
            found.resolved = True


def restore(workspace: Workspace, conflict_id: int) -> str:
    """Bring back a record whose edit lost to a delete, as a new record made of the values the
    user had written (every open conflict of that record); returns the new record's id.

    Raises SaveError when those values are not enough for a new record (a required field the
    user never changed), and nothing is written then.
    """
    with workspace.saving() as session:
        found = queries.conflict(session, conflict_id)
        if found is None or found.resolved:
            raise SaveError()
        siblings = [
            c
            for c in queries.open_conflicts(session)
            if (c.entity, c.record_id) == (found.entity, found.record_id)
        ]
        values = {c.field: c.mine for c in siblings}
        if ENTITY_MODELS[found.entity] is Account:
            values = {
                "territory_id": workspace.me.territories[0],
                "owner_id": workspace.me.id,
            } | values
        new_id = str(uuid.uuid4())
        records.save(session, found.entity, new_id, values)
        for c in siblings:
            c.resolved = True
        return new_id
