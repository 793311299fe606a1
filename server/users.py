"""People who sign in: creating them with their territories, and who they are when they do."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from protocol.auth import UserInfo
from protocol.entities import Role
from server import feed, regions, writes
from server.directory import Person
from server.scope import Principal
from server.tables import Territory, User, UserTerritory


class UserError(ValueError):
    """A user cannot be created as asked; the message says why in a sentence."""


def territory_record_id(key: str) -> str:
    """The id of the territory created for `key` by the CLI or the demo seed."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "fieldbook:territory:" + key))


def ensure_territory(session: Session, key: str, name: str | None = None) -> str:
    """The id of the live territory with `key`, created (and synced) when there is none."""
    existing = session.scalar(
        select(Territory.id).where(Territory.key == key, Territory.deleted.is_(False))
    )
    if existing is not None:
        return existing
    record_id = territory_record_id(key)
    write = writes.Write("territory", record_id, {"key": key, "name": name or key})
    _expect_applied(writes.apply(session, write, principal=None), f"territory {key!r}")
    return record_id


def add_user(
    session: Session,
    *,
    name: str,
    role: str,
    territory_ids: list[str],
    password_hash: str | None,
    display_name: str | None = None,
    email: str | None = None,
) -> str:
    """Create a user who can sign in; the user record syncs like any catalogue record.

    `email` stays on the server (imports name owners by it).
    """
    existing = session.scalar(select(User).where(User.name == name))
    if existing is not None and existing.deleted:
        raise UserError(
            f"A removed user named {name!r} exists: restore them (user restore {name}), or "
            f"purge them first (user purge {name}) to give the name to someone new."
        )
    if existing is not None:
        raise UserError(f"A user named {name!r} already exists.")
    email = email.strip().lower() if email else None
    if email is not None:
        if "@" not in email:
            raise UserError(f"{email!r} is not an e-mail address.")
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            raise UserError(f"Another user already has the e-mail address {email!r}.")
    user_id = str(uuid.uuid4())
    fields = {"name": name, "role": role, "display_name": display_name}
    outcome = writes.apply(session, writes.Write("user", user_id, fields), principal=None)
    _expect_applied(outcome, f"user {name!r}")
    user = session.get_one(User, user_id)
    user.password_hash = password_hash
    user.email = email
    session.add_all(
        UserTerritory(user_id=user_id, territory_id=territory_id)
        for territory_id in dict.fromkeys(territory_ids)
    )
    return user_id


def from_directory(session: Session, person: Person) -> str:
    """The id of the user the directory signed in, created, or updated to their groups' role,
    territories and name. A removed user, or one with a Fieldbook password of their own, is not
    the directory's to sign in (UserError)."""
    user = session.scalar(select(User).where(User.name == person.name))
    territory_ids = [ensure_territory(session, key) for key in person.territory_keys]
    if user is None:
        taken = person.email and session.scalar(select(User.id).where(User.email == person.email))
        return add_user(
            session,
            name=person.name,
            role=person.role,
            territory_ids=territory_ids,
            password_hash=None,
            display_name=person.display_name,
            email=None if taken else person.email,
        )
    if user.deleted or user.password_hash is not None:
        raise UserError(f"{person.name!r} is not a directory user.")
    fields = {"role": person.role, "display_name": person.display_name}
    if any(getattr(user, name) != value for name, value in fields.items()):
        write = writes.Write("user", user.id, fields, base_version=user.sync_version)
        _expect_applied(writes.apply(session, write, principal=None), f"user {person.name!r}")
    current = set(
        session.scalars(select(UserTerritory.territory_id).where(UserTerritory.user_id == user.id))
    )
    if current != set(territory_ids):
        set_territories(session, user.id, territory_ids)
    return user.id


def set_territories(session: Session, user_id: str, territory_ids: list[str]) -> None:
    """Give a user exactly these territories, in the caller's write transaction.

    The user record gets a new version, so the user's online clients wake up and pull; every
    pull answer names the reader's territories, and a replica whose scope changed resyncs:
    records of a lost territory leave it (they are not deleted), those of a gained one arrive.
    """
    user = session.get_one(User, user_id)
    session.execute(delete(UserTerritory).where(UserTerritory.user_id == user_id))
    session.add_all(
        UserTerritory(user_id=user_id, territory_id=territory_id)
        for territory_id in dict.fromkeys(territory_ids)
    )
    feed.publish(session, [feed.Touch("user", user)])


def _expect_applied(outcome: writes.Outcome, what: str) -> None:
    if outcome.status != "applied":
        details = "; ".join(f"{p.field} {p.message}" for p in outcome.problems)
        raise UserError(f"Cannot create {what}: {details}.")


def principal_of(session: Session, user: User) -> Principal:
    territories = session.scalars(
        select(UserTerritory.territory_id).where(UserTerritory.user_id == user.id)
    )
    return make_principal(user.id, user.name, user.display_name, user.role, territories)


def make_principal(
    user_id: str, name: str, display_name: str | None, role: Role, territories: Iterable[str]
) -> Principal:
    return Principal(
        user_id=user_id,
        name=name,
        display_name=display_name or name,
        role=role,
        territories=frozenset(territories),
    )


def user_info(principal: Principal, session: Session) -> UserInfo:
    return UserInfo(
        id=principal.user_id,
        name=principal.name,
        display_name=principal.display_name,
        role=principal.role,
        territories=sorted(principal.territories),
        default_region=regions.default_region(session),
    )
