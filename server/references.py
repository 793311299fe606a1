"""References to users: the owner of an account, the assignee of a task and the user of an
activity must name an active user who works in the record's territory, so reports by rep count
real people and nobody is handed records they cannot see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.entities import FieldProblem
from server.tables import User, UserTerritory

USER_REFERENCES: dict[str, tuple[str, ...]] = {
    "account": ("owner_id",),
    "task": ("assignee_id",),
    "activity": ("user_id",),
}
MESSAGE = "must name an active user who works in the record's territory"


def user_reference_problems(
    session: Session, entity: str, incoming: Mapping[str, Any], territory_id: str | None
) -> list[FieldProblem]:
    """A problem for every user reference among the written fields that names nobody who may
    hold it (a cleared reference is fine)."""
    problems = []
    for field in USER_REFERENCES.get(entity, ()):
        user_id = incoming.get(field)
        if user_id is not None and not _works_in(session, user_id, territory_id):
            problems.append(FieldProblem(field=field, message=MESSAGE, kind="not_found"))
    return problems


def _works_in(session: Session, user_id: str, territory_id: str | None) -> bool:
    found = session.execute(
        select(User.id)
        .join(UserTerritory, UserTerritory.user_id == User.id)
        .where(
            User.id == user_id,
            User.deleted.is_(False),
            User.disabled.is_(False),
            UserTerritory.territory_id == territory_id,
        )
    ).first()
    return found is not None
