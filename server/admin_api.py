"""Routes of user administration (`server.user_admin`) for admins and managers.

Admins administer everyone; managers the reps and agents of their own territories, by the rules
of `protocol.administration`. A user a manager does not administer is answered 403, a user that
does not exist 404.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.admin import AdminUser, NewUserRequest, OneTimePassword, Removal, RoleChange
from protocol.administration import may_administer, roles_given_by
from protocol.paths import ADMIN_USERS_PATH
from server import auth, feed, user_admin
from server.api_error import ApiError
from server.database import Sessions
from server.deps import CurrentPrincipal, SessionsDep, SettingsDep, WritersDep
from server.scope import Principal
from server.tables import Territory, User, UserTerritory
from server.users import UserError

router = APIRouter()
ONE_USER = ADMIN_USERS_PATH + "/{name}"
_Name = Annotated[str, Query(min_length=1, max_length=64)]


@router.get(ADMIN_USERS_PATH)
def list_users(
    principal: CurrentPrincipal, sessions: SessionsDep, removed: bool = False
) -> list[AdminUser]:
    """The users the caller administers, by name; removed ones only with `removed`."""
    _check_administrator(principal)
    with sessions.read.begin() as session:
        users = session.scalars(select(User).order_by(User.name)).all()
        return [
            _shown(session, user)
            for user in users
            if (removed or not user.deleted) and _administers(session, principal, user)
        ]


@router.get(ONE_USER)
def show_user(name: str, principal: CurrentPrincipal, sessions: SessionsDep) -> AdminUser:
    with sessions.read.begin() as session:
        return _shown(session, _administered(session, principal, name, any_state=True))


@router.post(ADMIN_USERS_PATH, status_code=201)
def add_user(
    body: NewUserRequest,
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    settings: SettingsDep,
    writers: WritersDep,
) -> OneTimePassword:
    """Add a user with a one-time password (answered once, never stored)."""
    _check_administrator(principal)
    _check_role_given(principal, body.role)
    password = user_admin.one_time_password()
    password_hash = auth.slotted_hash(password, settings)
    with writers, feed.write_transaction(sessions.write) as session:
        if principal.role != "admin":
            _check_own_territories(session, principal, body.territories)
        row = user_admin.NewUser(
            name=body.name,
            role=body.role,
            territory_keys=tuple(body.territories),
            display_name=body.display_name,
            email=body.email,
        )
        with _as_4xx("name"):
            user_admin.add_users(session, [row], {body.name: password_hash})
    return OneTimePassword(name=body.name, one_time_password=password)


@router.patch(ONE_USER)
def set_role(
    name: str,
    body: RoleChange,
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    writers: WritersDep,
) -> AdminUser:
    _check_role_given(principal, body.role)
    with writers, feed.write_transaction(sessions.write) as session:
        _administered(session, principal, name)
        with _as_4xx("role"):
            user_admin.set_role(session, name, body.role)
        return _shown(session, user_admin.find(session, name))


@router.post(ONE_USER + "/disable")
def disable(
    name: str, principal: CurrentPrincipal, sessions: SessionsDep, writers: WritersDep
) -> AdminUser:
    """From now on the user cannot sign in, and every token of theirs is refused."""
    return _change_state(sessions, writers, principal, name, user_admin.disable)


@router.post(ONE_USER + "/enable")
def enable(
    name: str, principal: CurrentPrincipal, sessions: SessionsDep, writers: WritersDep
) -> AdminUser:
    return _change_state(sessions, writers, principal, name, user_admin.enable)


@router.post(ONE_USER + "/reset-password")
def reset_password(
    name: str,
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    settings: SettingsDep,
    writers: WritersDep,
) -> OneTimePassword:
    """A one-time password for the user (answered once); their sessions end."""
    password = user_admin.one_time_password()
    password_hash = auth.slotted_hash(password, settings)
    with writers, feed.write_transaction(sessions.write) as session:
        _administered(session, principal, name)
        user_admin.reset_password(session, name, password_hash)
    return OneTimePassword(name=name, one_time_password=password)


@router.delete(ONE_USER)
def remove(
    name: str,
    reassign_to: _Name,
    principal: CurrentPrincipal,
    sessions: SessionsDep,
    writers: WritersDep,
) -> Removal:
    """Remove the user, handing their accounts and tasks to `reassign_to`."""
    with writers, feed.write_transaction(sessions.write) as session:
        _administered(session, principal, name)
        with _as_4xx("reassign_to"):
            handed = user_admin.remove(session, name, reassign_to)
    return Removal(name=name, reassigned_to=reassign_to, handed_over=handed)


@router.post(ONE_USER + "/restore")
def restore(
    name: str, principal: CurrentPrincipal, sessions: SessionsDep, writers: WritersDep
) -> AdminUser:
    return _change_state(sessions, writers, principal, name, user_admin.restore, removed=True)


@router.post(ONE_USER + "/purge", status_code=204)
def purge(
    name: str, principal: CurrentPrincipal, sessions: SessionsDep, writers: WritersDep
) -> None:
    """Forget a removed user for good (admins only): the name is free again."""
    if principal.role != "admin":
        raise ApiError(403, "forbidden", "Only an admin may purge a user.")
    with writers, feed.write_transaction(sessions.write) as session:
        _administered(session, principal, name, removed=True)
        user_admin.purge(session, name)


def _change_state(
    sessions: Sessions,
    writers: threading.Lock,
    principal: Principal,
    name: str,
    change: Callable[[Session, str], None],
    *,
    removed: bool = False,
) -> AdminUser:
    with writers, feed.write_transaction(sessions.write) as session:
        _administered(session, principal, name, removed=removed)
        change(session, name)
        return _shown(session, user_admin.find(session, name))


def _check_administrator(principal: Principal) -> None:
    if not roles_given_by(principal.role):
        raise ApiError(403, "forbidden", "Only managers and admins administer users.")


def _check_role_given(principal: Principal, role: str) -> None:
    given = roles_given_by(principal.role)
    if role not in given:
        _check_administrator(principal)
        message = f"You may give only these roles: {', '.join(sorted(given))}."
        raise ApiError(403, "forbidden", message, field="role")


def _check_own_territories(session: Session, principal: Principal, keys: list[str]) -> None:
    found = session.execute(select(Territory.key, Territory.id).where(Territory.key.in_(keys)))
    ids = {key: territory_id for key, territory_id in found}
    if any(ids.get(key) not in principal.territories for key in keys):
        message = "You may add users only to your own territories."
        raise ApiError(403, "forbidden", message, field="territories")


def _administered(
    session: Session,
    principal: Principal,
    name: str,
    *,
    removed: bool = False,
    any_state: bool = False,
) -> User:
    """The user `name` if the caller administers them: 404 when there is none, 403 when the
    caller may not administer them."""
    _check_administrator(principal)
    user = session.scalar(select(User).where(User.name == name))
    if user is None or (not any_state and user.deleted != removed):
        state = "removed user" if removed else "user"
        raise ApiError(404, "not_found", f"There is no {state} named {name!r}.", field="name")
    if not _administers(session, principal, user):
        message = "You administer only the reps and agents of your own territories."
        raise ApiError(403, "forbidden", message, field="name")
    return user


def _administers(session: Session, principal: Principal, user: User) -> bool:
    territories = session.scalars(
        select(UserTerritory.territory_id).where(UserTerritory.user_id == user.id)
    ).all()
    return may_administer(principal.role, principal.territories, user.role, territories)


def _shown(session: Session, user: User) -> AdminUser:
    summary = user_admin.summary(session, user)
    return AdminUser(
        name=summary.name,
        display_name=summary.display_name,
        role=user.role,
        territories=list(summary.territories),
        email=summary.email,
        last_sign_in_at=summary.last_sign_in_at,
        disabled=summary.disabled,
        removed=summary.removed,
        must_change_password=summary.must_change_password,
    )


@contextmanager
def _as_4xx(field: str) -> Iterator[None]:
    """A UserError becomes a 422 naming `field`."""
    try:
        yield
    except UserError as error:
        raise ApiError(422, "invalid", str(error), field=field) from error
