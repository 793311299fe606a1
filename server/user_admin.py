"""IT's user lifecycle: list and show users, add them in bulk, set a role, disable and enable,
reset a password, remove (their accounts and tasks handed to another user), restore and purge.

Every function runs in the caller's write transaction (`feed.write_transaction`) as the trusted
server, and changes synced user fields through `server.writes` or publishes the user record, so
clients hear of it like of any other change. Disabling is server-only: a disabled user's tokens
are refused at once (`server.tokens`), and none issued before comes back when they are enabled
again. A removed user is a tombstone that keeps its name until it is purged.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from protocol.entities import ROLES
from server import feed, writes
from server.tables import Account, Task, Territory, User, UserTerritory
from server.tokens import end_user_sessions
from server.users import UserError, add_user, ensure_territory

# One-time passwords: 12 characters of a URL-safe alphabet (72 bits).
ONE_TIME_PASSWORD_BYTES = 9


@dataclass(frozen=True)
class UserSummary:
    """One user as IT sees them. `territories` are territory keys."""

    name: str
    display_name: str
    role: str
    territories: tuple[str, ...]
    email: str | None
    last_sign_in_at: dt.datetime | None
    disabled: bool
    removed: bool
    must_change_password: bool


@dataclass(frozen=True)
class NewUser:
    """A row of a bulk add: the user gets a one-time password, changed at the first sign-in."""

    name: str
    role: str
    territory_keys: tuple[str, ...]
    display_name: str | None = None
    email: str | None = None


def list_users(session: Session, *, removed: bool = False) -> list[UserSummary]:
    """Every user by name; removed ones only with `removed`."""
    query = select(User).order_by(User.name)
    if not removed:
        query = query.where(User.deleted.is_(False))
    return [summary(session, user) for user in session.scalars(query)]


def summary(session: Session, user: User) -> UserSummary:
    keys = session.scalars(
        select(Territory.key)
        .join(UserTerritory, UserTerritory.territory_id == Territory.id)
        .where(UserTerritory.user_id == user.id)
        .order_by(Territory.key)
    )
    return UserSummary(
        name=user.name,
        display_name=user.display_name or user.name,
        role=user.role,
        territories=tuple(keys),
        email=user.email,
        last_sign_in_at=user.last_sign_in_at,
        disabled=user.disabled,
        removed=user.deleted,
        must_change_password=user.must_change_password,
    )


def find(session: Session, name: str, *, removed: bool = False) -> User:
    """The user named `name` (a removed one with `removed`); UserError when there is none."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None or user.deleted != removed:
        state = "removed user" if removed else "user"
        raise UserError(f"There is no {state} named {name!r}.")
    return user


def set_role(session: Session, name: str, role: str) -> None:
    if role not in ROLES:
        raise UserError(f"{role!r} is not a role; choose one of {', '.join(ROLES)}.")
    user = find(session, name)
    write = writes.Write("user", user.id, {"role": role}, base_version=user.sync_version)
    outcome = writes.apply(session, write, principal=None)
    if outcome.status != "applied":
        raise UserError(f"The role of {name!r} could not be set.")


def disable(session: Session, name: str) -> None:
    """`name` can no longer sign in, and every token they hold is refused from now on."""
    find(session, name).disabled = True


def enable(session: Session, name: str) -> None:
    """`name` may sign in again; tokens from before the disable stay dead."""
    user = find(session, name)
    user.disabled = False
    end_user_sessions(session, user.id)


def reset_password(session: Session, name: str, password_hash: str) -> None:
    """Give `name` a one-time password (its hash): every session ends, and the next sign-in
    must choose a new password."""
    user = find(session, name)
    user.password_hash = password_hash
    user.must_change_password = True
    end_user_sessions(session, user.id)


def one_time_password() -> str:
    return secrets.token_urlsafe(ONE_TIME_PASSWORD_BYTES)


def remove(session: Session, name: str, reassign_to: str) -> int:
    """Remove `name`, handing their accounts and tasks to `reassign_to` in the same
    transaction; the number of records handed over. Activities keep who logged them."""
    user = find(session, name)
    heir = find(session, reassign_to)
    if heir.id == user.id:
        raise UserError("Records cannot be handed to the user being removed.")
    if heir.disabled:
        raise UserError(f"{reassign_to!r} is disabled; choose an active user.")
    heir_territories = set(
        session.scalars(select(UserTerritory.territory_id).where(UserTerritory.user_id == heir.id))
    )
    handed = 0
    for entity, column, records in _records_of(session, user.id):
        for record in records:
            if record.scope_territory_id not in heir_territories:
                raise UserError(
                    f"{reassign_to!r} does not work in the territory of {entity} {record.id}; "
                    "give them that territory first, or choose another user."
                )
            fields = {column: heir.id}
            write = writes.Write(entity, record.id, fields, base_version=record.sync_version)
            if writes.apply(session, write, principal=None).status != "applied":
                raise UserError(f"The {entity} {record.id} could not be handed over.")
            handed += 1
    writes.apply(session, writes.Write("user", user.id, delete=True), principal=None)
    end_user_sessions(session, user.id)
    return handed


def restore(session: Session, name: str) -> None:
    """Bring back a removed user (not their records: those stay with whom they were given)."""
    user = find(session, name, removed=True)
    user.deleted = False
    feed.publish(session, [feed.Touch("user", user)])


def purge(session: Session, name: str) -> None:
    """Forget a removed user for good: the name is free again. Their record stays a tombstone
    (activities still name it) without name, password, e-mail or territories."""
    user = find(session, name, removed=True)
    user.name = "purged-" + user.id
    user.display_name = None
    user.password_hash = None
    user.email = None
    session.execute(delete(UserTerritory).where(UserTerritory.user_id == user.id))


def add_users(
    session: Session, rows: Iterable[NewUser], password_hashes: dict[str, str]
) -> list[str]:
    """Add every row (all or none: the caller's transaction); `password_hashes` holds each
    name's one-time password hash. The names added."""
    added = []
    for row in rows:
        territory_ids = [ensure_territory(session, key) for key in row.territory_keys]
        user_id = add_user(
            session,
            name=row.name,
            role=row.role,
            territory_ids=territory_ids,
            password_hash=password_hashes[row.name],
            display_name=row.display_name,
            email=row.email,
        )
        session.get_one(User, user_id).must_change_password = True
        added.append(row.name)
    return added


def _records_of(
    session: Session, user_id: str
) -> list[tuple[str, str, list[Account] | list[Task]]]:
    accounts = list(
        session.scalars(
            select(Account).where(Account.owner_id == user_id, Account.deleted.is_(False))
        )
    )
    tasks = list(
        session.scalars(select(Task).where(Task.assignee_id == user_id, Task.deleted.is_(False)))
    )
    return [("account", "owner_id", accounts), ("task", "assignee_id", tasks)]
