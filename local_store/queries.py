"""Read-only questions the app asks the replica."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, column, false, func, literal_column, or_, select, table
from sqlalchemy.orm import Session

from local_store import search_index
from local_store.models import Account, Activity, CodeSet, Conflict, Contact, Process, Task, User
from local_store.search_keys import query_patterns


def _like(pattern: str) -> str:
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_INDEX = table(search_index.TABLE, column("rowid"), column("text"))


def _found_in_index(pattern: str) -> ColumnElement[bool]:
    """A substring test on the index text: through the trigrams when the pattern is long
    enough (and free of LIKE's wildcards), else a plain scan of the text."""
    if len(pattern) >= search_index.MIN_INDEXED_CHARS and not set(pattern) & set("%_\\"):
        return _INDEX.c.text.like(f"%{pattern}%")
    return func.instr(_INDEX.c.text, pattern) > 0


# Above this many matches, a page is found sooner by walking the accounts in name order and
# testing each one's index text than by fetching every match and sorting
# (tests/bench/search_100k.py).
WALK_ABOVE = 2000


def _matches(query: str, *, walk: bool = False) -> ColumnElement[bool] | None:
    """Accounts whose own keys, or one of whose contacts' keys, contain the query: the set of
    matches from the index, or (`walk`) a test of each account's own index row."""
    patterns = query_patterns(query)
    if not patterns:
        return None
    if walk:
        text_of = (
            select(_INDEX.c.text)
            .where(_INDEX.c.rowid == literal_column("account.rowid"))
            .scalar_subquery()
        )
        return or_(*(func.instr(text_of, p) > 0 for p in patterns))
    found = select(_INDEX.c.rowid).where(or_(*(_found_in_index(p) for p in patterns)))
    return literal_column("account.rowid").in_(found)


SORTS = {"name": (Account.sort_key, Account.id), "city": (Account.city, Account.sort_key)}


def _conditions(
    query: str, tier: str, status: str, owner_id: str, *, walk: bool = False
) -> list[ColumnElement[bool]]:
    """The search and the code and owner filters of the account list; empty ones are left out."""
    conditions = []
    matches = _matches(query, walk=walk)
    if matches is not None:
        conditions.append(matches)
    if tier:
        conditions.append(Account.tier == tier)
    if status:
        conditions.append(Account.status == status)
    if owner_id:
        conditions.append(Account.owner_id == owner_id)
    return conditions


def search_accounts(
    session: Session,
    query: str = "",
    *,
    limit: int = 200,
    offset: int = 0,
    tier: str = "",
    status: str = "",
    owner_id: str = "",
    sort: str = "name",
    total: int | None = None,
) -> list[Account]:
    """One page of the matching accounts in order; `total`, the count when the caller knows
    it, saves counting again to choose how to find the page."""
    walk = False
    if sort == "name" and query_patterns(query):
        if total is None:
            total = count_accounts(session, query, tier=tier, status=status, owner_id=owner_id)
        walk = total > WALK_ABOVE
    stmt = (
        select(Account)
        .where(*_conditions(query, tier, status, owner_id, walk=walk))
        .order_by(*SORTS[sort])
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


def count_accounts(
    session: Session, query: str = "", *, tier: str = "", status: str = "", owner_id: str = ""
) -> int:
    patterns = query_patterns(query)
    if patterns and not (tier or status or owner_id):
        # One index row per account: count there, without touching the accounts.
        in_index = select(func.count()).select_from(_INDEX)
        stmt = in_index.where(or_(*(_found_in_index(p) for p in patterns)))
    else:
        stmt = select(func.count()).select_from(Account)
        stmt = stmt.where(*_conditions(query, tier, status, owner_id))
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


def process_versions(session: Session) -> list[Process]:
    """Every version of every process (old activities name the version they used)."""
    return list(session.scalars(select(Process).order_by(Process.key, Process.process_version)))


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


def tasks_due(session: Session, until: dt.date, assignee_id: str | None = None) -> list[Task]:
    """Open tasks due on or before `until` (overdue ones included), earliest first."""
    stmt = select(Task).where(
        or_(Task.done.is_(None), Task.done == false()),
        Task.due_date.is_not(None),
        Task.due_date <= until.isoformat(),
    )
    if assignee_id is not None:
        stmt = stmt.where(or_(Task.assignee_id.is_(None), Task.assignee_id == assignee_id))
    return list(session.scalars(stmt.order_by(Task.due_date, Task.title)))


def task(session: Session, task_id: str) -> Task | None:
    return session.get(Task, task_id)


def account_names(session: Session, account_ids: list[str]) -> dict[str, str]:
    stmt = select(Account.id, Account.name).where(Account.id.in_(account_ids))
    return {row.id: row.name for row in session.execute(stmt)}


def similar_accounts(
    session: Session, name_key: str, phone_keys: list[str], exclude_id: str | None, limit: int
) -> list[Account]:
    """Accounts whose lower-cased name contains `name_key`, or whose search text holds one of
    the phone keys as a whole line (the same number in another format)."""
    conditions: list[ColumnElement[bool]] = []
    if name_key:
        conditions.append(func.lower(Account.name).like(_like(name_key), escape="\\"))
    conditions += [("\n" + Account.search_text + "\n").like(f"%\n{k}\n%") for k in phone_keys]
    if not conditions:
        return []
    stmt = select(Account).where(or_(*conditions))
    if exclude_id:
        stmt = stmt.where(Account.id != exclude_id)
    return list(session.scalars(stmt.order_by(Account.sort_key).limit(limit)))


def open_conflicts(session: Session) -> list[Conflict]:
    stmt = select(Conflict).where(Conflict.resolved == false()).order_by(Conflict.id)
    return list(session.scalars(stmt))


def conflict(session: Session, conflict_id: int) -> Conflict | None:
    return session.get(Conflict, conflict_id)
