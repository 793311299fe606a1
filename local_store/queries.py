"""Read-only questions the app asks the replica."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import Session

from local_store.models import Account, Activity, CodeSet, Conflict, Contact, Process, Task, User
from local_store.search_keys import query_patterns


def _like(pattern: str) -> str:
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matches(query: str) -> ColumnElement[bool] | None:
    """Accounts whose own keys, or one of whose contacts' keys, contain the query."""
    patterns = query_patterns(query)
    if not patterns:
        return None
    own = [Account.search_text.like(_like(p), escape="\\") for p in patterns]
    by_contact = select(Contact.account_id).where(
        or_(*(Contact.search_text.like(_like(p), escape="\\") for p in patterns))
    )
    return or_(*own, Account.id.in_(by_contact))


def _account_query(query: str) -> Select[Any]:
    stmt = select(Account)
    condition = _matches(query)
    return stmt if condition is None else stmt.where(condition)


def search_accounts(
    session: Session, query: str = "", *, limit: int = 200, offset: int = 0
) -> list[Account]:
    stmt = _account_query(query).order_by(Account.sort_key, Account.id).limit(limit).offset(offset)
    return list(session.scalars(stmt))


def count_accounts(session: Session, query: str = "") -> int:
    condition = _matches(query)
    stmt = select(func.count()).select_from(Account)
    if condition is not None:
        stmt = stmt.where(condition)
    return session.scalar(stmt) or 0


def account(session: Session, account_id: str) -> Account | None:
    return session.get(Account, account_id)


def contacts_of(session: Session, account_id: str) -> list[Contact]:
    stmt = select(Contact).where(Contact.account_id == account_id).order_by(Contact.name)
    return list(session.scalars(stmt))


def open_tasks_of(session: Session, account_id: str) -> list[Task]:
    stmt = (
        select(Task)
        .where(Task.account_id == account_id, or_(Task.done.is_(None), Task.done == false()))
        .order_by(Task.due_date)
    )
    return list(session.scalars(stmt))


def timeline_of(session: Session, account_id: str, limit: int = 100) -> list[Activity]:
    stmt = (
        select(Activity)
        .where(Activity.account_id == account_id)
        .order_by(Activity.occurred_at.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def overdue_account_ids(session: Session, account_ids: list[str], today: dt.date) -> set[str]:
    stmt = select(Task.account_id).where(
        Task.account_id.in_(account_ids),
        or_(Task.done.is_(None), Task.done == false()),
        Task.due_date < today.isoformat(),
    )
    return set(session.scalars(stmt))


def code_sets(session: Session) -> dict[str, CodeSet]:
    return {row.key: row for row in session.scalars(select(CodeSet))}


def latest_process(session: Session, key: str) -> Process | None:
    stmt = select(Process).where(Process.key == key).order_by(Process.process_version.desc())
    return session.scalars(stmt).first()


def processes(session: Session) -> list[Process]:
    """The newest version of every process."""
    newest: dict[str, Process] = {}
    for row in session.scalars(select(Process).order_by(Process.process_version)):
        newest[row.key] = row
    return sorted(newest.values(), key=lambda p: p.key)


def user(session: Session, user_id: str) -> User | None:
    return session.get(User, user_id)


def open_conflict_count(session: Session) -> int:
    stmt = select(func.count()).select_from(Conflict).where(Conflict.resolved == false())
    return session.scalar(stmt) or 0


def open_tasks_for(session: Session, user_id: str) -> list[tuple[Task, Account]]:
    """The user's open tasks with their accounts: assigned to them, or unassigned on accounts
    they own; by due date (undated last)."""
    stmt = (
        select(Task, Account)
        .join(Account, Account.id == Task.account_id)
        .where(
            or_(Task.done.is_(None), Task.done == false()),
            or_(
                Task.assignee_id == user_id,
                (Task.assignee_id.is_(None)) & (Account.owner_id == user_id),
            ),
        )
        .order_by(Task.due_date.is_(None), Task.due_date, Task.id)
    )
    return [(task, account) for task, account in session.execute(stmt)]


def contacts_of_owner(session: Session, user_id: str) -> list[tuple[Contact, Account]]:
    """The contacts of the accounts the user owns, with their accounts, by account and name."""
    stmt = (
        select(Contact, Account)
        .join(Account, Account.id == Contact.account_id)
        .where(Account.owner_id == user_id)
        .order_by(Account.sort_key, Contact.name, Contact.id)
    )
    return [(contact, account) for contact, account in session.execute(stmt)]
