"""Conflicts: values that lost against another change, side by side with what stands now, who
wrote each and when, and the one-click ways out (apply the set-aside value, keep what stands,
restore a deleted record).

The set-aside value is the user's own when their edit lost (or the server refused it), or a
colleague's that lost against the user's (or anyone's in the user's territories): both sides of
a conflict see it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.errors import SaveError
from app.workspace import Workspace
from local_store import queries, records
from local_store.models import ENTITY_MODELS, Account, Conflict
from protocol.entities import FieldProblem

# Kinds of conflict (`local_store.models.Conflict.kind`); None: kept by an older version.
CHANGED, DELETED, REFUSED = "changed", "deleted", "refused"


@dataclass(frozen=True)
class Writer:
    """Who wrote one side of a conflict and when; `name` empty and `at` None where unknown.
    `key`: the name of the API key another system (an ERP) wrote with, empty for a person."""

    name: str
    is_me: bool
    at: dt.datetime | None
    key: str = ""


@dataclass(frozen=True)
class ConflictView:
    id: int
    entity: str
    record_id: str
    record_name: str  # what the user recognises the record by; empty when it is gone
    field: str
    mine: Any  # the value set aside (the user's own unless `set_aside_by` says otherwise)
    theirs: Any  # the value that stands
    record_gone: bool
    kind: str | None
    set_aside_by: Writer
    stands_by: Writer
    reason: FieldProblem | None  # why the server refused the value (kind REFUSED)

    @property
    def lost_to_delete(self) -> bool:
        """The value lost against a delete: "restore" is the way back."""
        if self.kind is None:
            return self.record_gone and self.theirs is None
        return self.kind == DELETED

    @property
    def set_aside_is_mine(self) -> bool:
        return self.set_aside_by.is_me


def _name_of(row: Any) -> str:
    for attribute in ("name", "title"):
        value = getattr(row, attribute, None)
        if value:
            return str(value)
    return ""


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def open_conflicts(workspace: Workspace) -> list[ConflictView]:
    me = workspace.me.id
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
                    kind=c.kind,
                    set_aside_by=_set_aside_by(session, c, me),
                    stands_by=_writer(session, c.theirs_by, c.theirs_by_key, c.theirs_at, me),
                    reason=FieldProblem.model_validate(c.reason) if c.reason else None,
                )
            )
        return views


def _set_aside_by(session: Session, conflict: Conflict, me: str) -> Writer:
    """The writer of the set-aside value: the user, for a refused value or one kept before
    conflicts named their writers."""
    if conflict.kind in (None, REFUSED):
        return Writer("", True, _moment(conflict.created_at))
    return _writer(session, conflict.mine_by, conflict.mine_by_key, conflict.mine_at, me)


def _writer(
    session: Session, user_id: str | None, key: str | None, at: str | None, me: str
) -> Writer:
    user = queries.user(session, user_id) if user_id else None
    name = (user.display_name or user.name) if user is not None else ""
    return Writer(name, user_id == me, _moment(at), key or "")


def keep_mine(workspace: Workspace, conflict_id: int) -> None:
    """Apply the set-aside value again, as a new local edit on top of what stands now (queued
    for sync); also a colleague's value, for the user whose value stood."""
    with workspace.saving() as session:
        found = queries.conflict(session, conflict_id)
        if found is None or found.resolved:
            return
        records.save(session, found.entity, found.record_id, {found.field: found.mine})
        found.resolved = True


def keep_theirs(workspace: Workspace, conflict_id: int) -> None:
    """Let the value that stands stay: the replica already shows it, so only the conflict
    closes."""
    with workspace.saving() as session:
        found = queries.conflict(session, conflict_id)
        if found is not None:
            found.resolved = True


def restore(workspace: Workspace, conflict_id: int) -> str:
    """Bring back a record whose edit lost to a delete (on the server, with its deleted account
    if it is a contact, task or activity), with the values of every open conflict of that
    record laid over it; returns its id.

    The replica shows it at once when those values make a whole record (an account gets this
    user's territory and ownership until the server's copy arrives), else after the next sync.
    Raises SaveError for values that break the rules, and nothing is written then.
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
        meanwhile = {}
        if ENTITY_MODELS[found.entity] is Account:
            meanwhile = {"territory_id": workspace.me.territories[0], "owner_id": workspace.me.id}
        records.restore(session, found.entity, found.record_id, values, meanwhile)
        for c in siblings:
            c.resolved = True
        return found.record_id
