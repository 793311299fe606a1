"""Who may see and write which records: roles, territories, and the territory of each record.

A record a user may not see is answered exactly like a missing one ("not found"), so nobody
learns what other territories hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from protocol.entities import ACCOUNT_CHILDREN, CATALOGUE_ENTITIES, FieldProblem, Role
from server.tables import Account, SyncedRecord

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
        _check_catalogue_writer(principal, entity, record, values)
    elif not principal.sees(territory_id):
        raise WriteDeniedError.not_found(_SCOPE_FIELD[entity])
    return territory_id


def _check_catalogue_writer(
    principal: Principal, entity: str, record: SyncedRecord | None, values: Mapping[str, Any]
) -> None:
    if principal.role not in CATALOGUE_ROLES:
        message = f"{entity} records may only be changed by a manager or an admin"
        raise WriteDeniedError([FieldProblem(field="entity", message=message, kind="not_allowed")])
    # A manager may manage users but must not be able to make anyone (themself) an admin.
    if entity == "user" and principal.role != "admin":
        roles = {values.get("role"), getattr(record, "role", None)}
        if "admin" in roles:
            message = "only an admin may give, change or remove the admin role"
            raise WriteDeniedError(
                [FieldProblem(field="role", message=message, kind="not_allowed")]
            )
