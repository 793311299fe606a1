"""Read-only questions the app asks the replica."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict, TypeVar, Unpack

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    false,
    func,
    literal_column,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session

from local_store import search_index, search_match, state
from local_store.models import Account, Activity, CodeSet, Conflict, Contact, Process, Task, User
from local_store.search_keys import query_patterns as _query_patterns
from protocol.phones import DEFAULT_REGION


def query_patterns(session: Session, query: str) -> list[str]:
    """`search_keys.query_patterns`, a number read in the server's default region."""
    return _query_patterns(query, state.get(session, state.DEFAULT_REGION) or DEFAULT_REGION)


def _like(pattern: str) -> str:
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# Above this many matches, a page is found sooner by walking the accounts in name order and
# testing each one than by fetching every match and sorting (tests/bench/search.py).
WALK_ABOVE = 1000


def _matches(session: Session, query: str, *, walk: bool = False) -> ColumnElement[bool] | None:
    """Accounts whose own keys, or one of whose contacts' keys, contain the query.

    For a page in name order (`walk`), SQLite walks the name index and tests each account:
    against its index text when a pattern is common (the page is full within a few hundred
    accounts), else against the set of matches found once through the index (the unary plus
    keeps SQLite from fetching those by rowid and sorting them all)."""
    patterns = query_patterns(session, query)
    if not patterns:
        return None
    if walk and any(search_match.is_common(session, p) for p in patterns):
        text_of = (
            select(search_match.INDEX.c.text)
            .where(search_match.INDEX.c.rowid == literal_column("account.rowid"))
            .scalar_subquery()
        )
        return or_(*(func.instr(text_of, p) > 0 for p in patterns))
    rowid: ColumnElement[int] = literal_column("+account.rowid" if walk else "account.rowid")
    return rowid.in_(_index_rows(session, patterns))


def _index_rows(
    session: Session, patterns: list[str], *, stopping_early: bool = False
) -> Select[tuple[int]]:
    """The rowids of the index rows (= of the accounts) holding any of the patterns. For a
    count that stops early, a common short pattern is tested row by row (a long one is looked
    up through its trigrams in rowid order, which stops as early)."""

    def common(pattern: str) -> bool:
        short = len(pattern) < search_index.MIN_INDEXED_CHARS
        return stopping_early and short and search_match.is_common(session, pattern)

    found = [
        select(search_match.INDEX.c.rowid).where(search_match.holds(session, p, common=common(p)))
        for p in patterns
    ]
    return found[0] if len(found) == 1 else select(union(*found).subquery().c.rowid)


SORTS = {"name": (Account.sort_key, Account.id), "city": (Account.city, Account.sort_key)}


def _conditions(
    session: Session, query: str, tier: str, status: str, owner_id: str, *, walk: bool = False
) -> list[ColumnElement[bool]]:
    """The search and the code and owner filters of the account list; empty ones are left out."""
    conditions = []
    matches = _matches(session, query, walk=walk)
    if matches is not None:
        conditions.append(matches)
    if tier:
        conditions.append(Account.tier == tier)
    if status:
        conditions.append(Account.status == status)
    if owner_id:
        conditions.append(Account.owner_id == owner_id)
    return conditions


class PageOptions(TypedDict, total=False):
    """Which page of the account list: its size and place, the filters, the order, and
    `total`, the count (or at least how many match) when the caller knows it, which saves
    counting again to choose how to find the page."""

    limit: int  # 200 when not given
    offset: int
    tier: str
    status: str
    owner_id: str
    sort: str  # a key of SORTS, "name" when not given
    total: int | None


def search_accounts(
    session: Session, query: str = "", **options: Unpack[PageOptions]
) -> list[Account]:
    """One page of the matching accounts in order."""
    return list(session.scalars(_page(session, select(Account), query, options)))


# What the account list shows of an account.
LIST_COLUMNS = (Account.id, Account.name, Account.city, Account.tier, Account.status, Account.phone)


def account_list_page(
    session: Session, query: str = "", **options: Unpack[PageOptions]
) -> list[Row[Any]]:
    """The page `search_accounts` finds, as rows of LIST_COLUMNS only: no ORM objects."""
    return list(session.execute(_page(session, select(*LIST_COLUMNS), query, options)))


_Wanted = TypeVar("_Wanted", bound=Select[*tuple[Any, ...]])


def _page(session: Session, wanted: _Wanted, query: str, options: PageOptions) -> _Wanted:
    tier, status = options.get("tier", ""), options.get("status", "")
    owner_id, sort = options.get("owner_id", ""), options.get("sort", "name")
    walk = False
    if sort == "name" and query_patterns(session, query):
        total = options.get("total")
        if total is None:
            total = count_accounts(
                session, query, tier=tier, status=status, owner_id=owner_id, up_to=WALK_ABOVE + 1
            )
        walk = total > WALK_ABOVE
    return (
        wanted.where(*_conditions(session, query, tier, status, owner_id, walk=walk))
        .order_by(*SORTS[sort])
        .limit(options.get("limit", 200))
        .offset(options.get("offset", 0))
    )


def count_accounts(
    session: Session,
    query: str = "",
    *,
    tier: str = "",
    status: str = "",
    owner_id: str = "",
    up_to: int | None = None,
) -> int:
    """How many accounts match; with `up_to`, counting stops there (so a search that matches
    most of the territory is not counted to its end) and a larger count is given as `up_to`."""
    patterns = query_patterns(session, query)
    found: Select[Any]
    if patterns and not (tier or status or owner_id):
        # One index row per account: count there, without touching the accounts.
        found = _index_rows(session, patterns, stopping_early=up_to is not None)
    else:
        found = select(Account.id).where(*_conditions(session, query, tier, status, owner_id))
    if up_to is not None:
        found = found.limit(up_to)
    return session.scalar(select(func.count()).select_from(found.subquery())) or 0


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


def _open_tasks_due(
    after: dt.date | None, until: dt.date, assignee_id: str | None
) -> list[ColumnElement[bool]]:
    """Open tasks due after `after` (exclusive; None: any time before) up to `until`, for the
    assignee or nobody in particular."""
    conditions = [
        or_(Task.done.is_(None), Task.done == false()),
        Task.due_date.is_not(None),
        Task.due_date <= until.isoformat(),
    ]
    if after is not None:
        conditions.append(Task.due_date > after.isoformat())
    if assignee_id is not None:
        conditions.append(or_(Task.assignee_id.is_(None), Task.assignee_id == assignee_id))
    return conditions


def tasks_due(
    session: Session,
    until: dt.date,
    assignee_id: str | None = None,
    *,
    after: dt.date | None = None,
    limit: int | None = None,
) -> list[Task]:
    """Open tasks due on or before `until` (and after `after`, if given), earliest first; a
    task whose account the replica does not hold is never listed."""
    stmt = select(Task).join(Account, Account.id == Task.account_id)
    stmt = stmt.where(*_open_tasks_due(after, until, assignee_id))
    return list(session.scalars(stmt.order_by(Task.due_date, Task.title).limit(limit)))


def count_tasks_due(
    session: Session,
    until: dt.date,
    assignee_id: str | None = None,
    *,
    after: dt.date | None,
    up_to: int,
) -> int:
    """How many open tasks are due in the range, counting no further than `up_to`."""
    due = (
        select(Task.id)
        .join(Account, Account.id == Task.account_id)
        .where(*_open_tasks_due(after, until, assignee_id))
        .limit(up_to)
    )
    return session.scalar(select(func.count()).select_from(due.subquery())) or 0


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
