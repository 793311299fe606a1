"""Who may see and write which records: roles, territories, and the territory of each record.

A record a user may not see is answered exactly like a missing one ("not found"), so nobody
learns what other territories hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.administration import may_administer, roles_given_by
from protocol.entities import ACCOUNT_CHILDREN, CATALOGUE_ENTITIES, FieldProblem, Role
from server.tables import Account, SyncedRecord, UserTerritory

NOT_FOUND = "not found"
CATALOGUE_ROLES: frozenset[str] = frozenset({"manager", "admin"})
# The field naming the territory-deciding reference of each scoped entity.
_SCOPE_FIELD = {"account": "territory_id"} | dict.fromkeys(ACCOUNT_CHILDREN, "account_id")


@dataclass(frozen=True)
class Principal:
    """The signed-in user a request acts for."""

    user_id: str
    name: str
    display_name: str
    role: Role
    territories: frozenset[str]

    def sees(self, territory_id: str | None) -> bool:
        """Whether records of `territory_id` (None: everyone's) are visible to this user."""
        return territory_id is None or territory_id in self.territories


class WriteDeniedError(Exception):
    """The write may not happen; `problems` say why, in `FieldProblem` terms."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field} {p.message}" for p in problems))
        self.problems = problems

    @classmethod
    def not_found(cls, field: str) -> WriteDeniedError:
        return cls([FieldProblem(field=field, message=NOT_FOUND, kind="not_found")])


def can_see(principal: Principal | None, record: SyncedRecord) -> bool:
    """Whether `principal` (None: the trusted server itself) may see `record`."""
    return principal is None or principal.sees(record.scope_territory_id)


def territory_of(
    session: Session,
    entity: str,
    values: Mapping[str, Any],
    pending_accounts: Mapping[str, str | None] | None = None,
) -> str | None:
    """The territory whose members see a record with these column values; None: everyone.

    `pending_accounts` maps account ids not yet in the database to their territory (bulk
    inserts). A missing account raises `WriteDeniedError` on account_id.
    """
    if entity == "account":
        territory_id: str = values["territory_id"]
        return territory_id
    if entity not in ACCOUNT_CHILDREN:
        return None
    account_id = values["account_id"]
    if pending_accounts and account_id in pending_accounts:
        return pending_accounts[account_id]
    account = session.get(Account, account_id)
    if account is None:
        raise WriteDeniedError.not_found("account_id")
    return account.territory_id


def authorize(
    session: Session,
    principal: Principal | None,
    entity: str,
    record: SyncedRecord | None,
    values: Mapping[str, Any],
) -> str | None:
    """Check that `principal` may give the record these column values; return its territory.

    `values` are all protocol fields as they would stand after the write. The caller has
    already checked that `principal` sees the record as it stands now (`can_see`), so for a
    reassignment both the old and the new territory are checked. Raises `WriteDeniedError`.
    """
    territory_id = territory_of(session, entity, values)
    if principal is None:
        return territory_id
    if entity in CATALOGUE_ENTITIES:
        _check_catalogue_writer(session, principal, entity, record, values)
    elif not principal.sees(territory_id):
        raise WriteDeniedError.not_found(_SCOPE_FIELD[entity])
    return territory_id


def _check_catalogue_writer(
    session: Session,
    principal: Principal,
    entity: str,
    record: SyncedRecord | None,
    values: Mapping[str, Any],
) -> None:
    if principal.role not in CATALOGUE_ROLES:
        message = f"{entity} records may only be changed by a manager or an admin"
        raise WriteDeniedError([FieldProblem(field="entity", message=message, kind="not_allowed")])
    if entity == "user":
        _check_user_administrator(session, principal, record, values)


def _check_user_administrator(
    session: Session, principal: Principal, record: SyncedRecord | None, values: Mapping[str, Any]
) -> None:
    """The rules of `protocol.administration`: a manager may give only the roles they may
    give, and change or remove only users they administer."""
    given = roles_given_by(principal.role)
    current_role = getattr(record, "role", None)
    if values.get("role") not in given or current_role not in {None, *given}:
        message = "may only be given or changed to " + ", ".join(sorted(given)) + " by you"
        raise WriteDeniedError([FieldProblem(field="role", message=message, kind="not_allowed")])
    if record is None:
        return
    territories = session.scalars(
        select(UserTerritory.territory_id).where(UserTerritory.user_id == record.id)
    ).all()
    if not may_administer(principal.role, principal.territories, str(current_role), territories):
        message = "is a user outside your territories; ask an admin"
        raise WriteDeniedError(
            [FieldProblem(field="record_id", message=message, kind="not_allowed")]
        )
