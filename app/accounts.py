"""Accounts: the list and its search, one account's details, creating and editing accounts and
contacts, the offline duplicate check, and finding a caller's account by phone number."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from app import catalog
from app.processes import CodeList, ProcessDefinition
from app.views import (
    AccountDetail,
    AccountFilter,
    AccountSummary,
    ContactView,
    TaskView,
    TimelineEntry,
)
from app.workspace import Workspace
from local_store import caller, queries, records
from local_store.models import Account, Activity
from local_store.search_keys import phone_keys, query_patterns, sort_key
from protocol import phones
from protocol.countries import country_codes, country_name
from protocol.documents import ANSWERS

LOOKUP_LIMIT = 8  # more matches than this is no "short pick list": the agent searches instead
SIMILAR_LIMIT = 3
MIN_NAME_FOR_SIMILAR = 2


def search_accounts(
    workspace: Workspace,
    query: str | AccountFilter,
    limit: int = 200,
    offset: int = 0,
    total: int | None = None,
) -> list[AccountSummary]:
    """Accounts matching a search text or a whole filter, one page of them; `total` is their
    count, or at least how many match, when the caller knows it (a faster way to the page)."""
    wanted = query if isinstance(query, AccountFilter) else AccountFilter(query)
    with workspace.reading() as session:
        rows = queries.account_list_page(
            session,
            wanted.query,
            limit=limit,
            offset=offset,
            sort=wanted.sort,
            total=total,
            **wanted.narrowing(),
        )
        lists = catalog.code_lists(workspace)
        late = queries.overdue_account_ids(session, [r.id for r in rows], dt.date.today())
        return [_summary(workspace, row, lists, row.id in late) for row in rows]


def count_accounts(
    workspace: Workspace, query: str | AccountFilter = "", up_to: int | None = None
) -> int:
    """How many accounts match; with `up_to`, counting stops there (see queries)."""
    wanted = query if isinstance(query, AccountFilter) else AccountFilter(query)
    with workspace.reading() as session:
        return queries.count_accounts(session, wanted.query, up_to=up_to, **wanted.narrowing())


def _summary(
    workspace: Workspace, row: Account | Row[Any], lists: dict[str, CodeList], overdue: bool
) -> AccountSummary:
    return AccountSummary(
        id=row.id,
        name=row.name,
        city=row.city or "",
        tier=_label(workspace, lists, "account_tier", row.tier),
        status=_label(workspace, lists, "account_status", row.status),
        phone=row.phone or "",
        overdue=overdue,
    )


def _label(
    workspace: Workspace, lists: dict[str, CodeList], code_set: str, code: str | None
) -> str:
    """The label of a code in the user's language (the key itself when unknown)."""
    if not code:
        return ""
    codes = lists.get(code_set)
    return codes.label(code, workspace.language) if codes else code


def account_detail(
    workspace: Workspace, account_id: str, today: dt.date | None = None
) -> AccountDetail | None:
    today = today or dt.date.today()
    with workspace.reading() as session:
        row = queries.account(session, account_id)
        if row is None:
            return None
        lists = catalog.code_lists(workspace)
        versions = catalog.process_versions(workspace)
        newest = {key: definition for (key, _), definition in versions.items()}
        return AccountDetail(
            id=row.id,
            name=row.name,
            phone=row.phone or "",
            city=row.city or "",
            address=row.address or "",
            country=country_name(row.country, workspace.language) if row.country else "",
            tier=_label(workspace, lists, "account_tier", row.tier),
            status=_label(workspace, lists, "account_status", row.status),
            contacts=tuple(
                ContactView(c.name, c.title or "", c.phone or "", c.email or "")
                for c in queries.contacts_of(session, account_id)
            ),
            open_tasks=tuple(
                TaskView(
                    t.id,
                    t.title,
                    t.due_date or "",
                    t.kind or "task",
                    bool(t.due_date and t.due_date < today.isoformat()),
                )
                for t in queries.open_tasks_of(session, account_id)
            ),
            timeline=tuple(
                _timeline_entry(
                    workspace,
                    a,
                    versions.get((a.process_key, a.process_version), newest.get(a.process_key)),
                    lists,
                )
                for a in queries.timeline_of(session, account_id)
            ),
        )


def _timeline_entry(
    workspace: Workspace,
    activity: Activity,
    used: ProcessDefinition | None,
    lists: dict[str, CodeList],
) -> TimelineEntry:
    """An activity as recorded: the name and code labels of the process version it used
    (labels from that version's copy of its code sets, else today's code sets)."""
    language = workspace.language
    labels: list[str] = []
    for answer in ANSWERS.validate_python(activity.answers):
        step = used.find_step(answer.step) if used else None
        codes = step.codes if step and step.codes else lists.get(step.code_set if step else "")
        for code in answer.codes:
            labels.append(codes.label(code, language) if codes else code)
    return TimelineEntry(
        occurred_at=activity.occurred_at,
        process_name=used.name(language) if used else activity.process_key,
        codes=tuple(labels),
        note=activity.note or "",
    )


def create_account(workspace: Workspace, fields: dict[str, Any]) -> str:
    """Create an account owned by the user, in their first territory unless one is given.

    Raises SaveError (and writes nothing) when a field is wrong or the disk refuses.
    """
    me = workspace.me
    values = {"territory_id": me.territories[0], "owner_id": me.id} | fields
    account_id = str(uuid.uuid4())
    with workspace.saving() as session:
        records.save(session, "account", account_id, values)
    return account_id


@dataclass(frozen=True)
class AccountForm:
    """An account's editable fields, as the form shows them (empty strings for none)."""

    name: str = ""
    phone: str = ""
    city: str = ""
    country: str = ""  # an ISO 3166 code
    address: str = ""
    tier: str = ""
    status: str = ""
    note: str = ""


def countries(language: str) -> list[tuple[str, str]]:
    """Every country an account may be in, as (code, name in `language`), by name."""
    named = [(code, country_name(code, language)) for code in country_codes()]
    return sorted(named, key=lambda choice: sort_key(choice[1]))


def account_form(workspace: Workspace, account_id: str) -> AccountForm | None:
    with workspace.reading() as session:
        row = queries.account(session, account_id)
        if row is None:
            return None
        return AccountForm(
            name=row.name,
            phone=row.phone or "",
            city=row.city or "",
            country=row.country or "",
            address=row.address or "",
            tier=row.tier or "",
            status=row.status or "",
            note=row.note or "",
        )


def save_account(workspace: Workspace, form: AccountForm, account_id: str | None = None) -> str:
    """Create (no id) or change an account; returns its id. Raises SaveError (nothing written)
    on a wrong field."""
    fields = {
        "name": form.name.strip(),
        "phone": form.phone.strip() or None,
        "city": form.city.strip() or None,
        "country": form.country or None,
        "address": form.address.strip() or None,
        "tier": form.tier or None,
        "status": form.status or None,
        "note": form.note.strip() or None,
    }
    if account_id is None:
        return create_account(workspace, fields)
    with workspace.saving() as session:
        records.save(session, "account", account_id, fields)
    return account_id


def add_contact(
    workspace: Workspace, account_id: str, name: str, title: str = "", phone: str = ""
) -> str:
    contact_id = str(uuid.uuid4())
    fields = {
        "account_id": account_id,
        "name": name.strip(),
        "title": title.strip() or None,
        "phone": phone.strip() or None,
    }
    with workspace.saving() as session:
        records.save(session, "contact", contact_id, fields)
    return contact_id


def similar_accounts(
    workspace: Workspace, name: str, phone: str, exclude_id: str | None = None
) -> list[AccountSummary]:
    """Accounts already in the replica whose name contains the typed one, or with the same phone
    number in any format: the warning a user sees while typing a new account."""
    name_key = name.strip().lower()
    if len(name_key) < MIN_NAME_FOR_SIMILAR:
        name_key = ""
    keys = phone_keys(phone) if sum(ch.isdigit() for ch in phone) >= 6 else []
    with workspace.reading() as session:
        rows = queries.similar_accounts(session, name_key, keys, exclude_id, SIMILAR_LIMIT)
        lists = catalog.code_lists(workspace)
        return [_summary(workspace, row, lists, overdue=False) for row in rows]


def find_by_phone(workspace: Workspace, phone: str) -> list[AccountSummary]:
    """The accounts a caller's number belongs to (their own or a contact's), in any format:
    a number with its country code by that number; any other by its digits, which a national
    form, a local number or a fragment all are part of (see `identifies_one`). Of several
    accounts holding a whole number's digits, those that have the number itself, as the
    server would read it (`local_store.caller`)."""
    if not any(ch.isdigit() for ch in phone) or not query_patterns(phone):
        return []
    matches = search_accounts(workspace, phone, limit=LOOKUP_LIMIT)
    if len(matches) > 1 and phones.identifies(phone):
        with workspace.reading() as session:
            exact = caller.with_number(session, phone, [m.id for m in matches])
        if exact:  # else a local number without its area code: all that hold its digits
            return [m for m in matches if m.id in exact]
    return matches


def identifies_one(phone: str) -> bool:
    """Whether a typed number is long enough to stand for the one account it finds: a
    fragment that happens to occur in one account's number is no caller's number, and the
    call desk lists what it finds instead of opening it."""
    return phones.identifies(phone)
