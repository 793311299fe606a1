"""Creating and editing accounts and contacts, the offline duplicate check, and finding a
caller's account by phone number."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.views import AccountSummary
from app.workspace import Workspace
from local_store import queries, records
from local_store.search_keys import phone_keys, query_patterns

LOOKUP_LIMIT = 8  # more matches than this is no "short pick list": the agent searches instead
SIMILAR_LIMIT = 3
MIN_NAME_FOR_SIMILAR = 2


@dataclass(frozen=True)
class AccountForm:
    """An account's editable fields, as the form shows them (empty strings for none)."""

    name: str = ""
    phone: str = ""
    city: str = ""
    address: str = ""
    tier: str = ""
    status: str = ""
    note: str = ""


def account_form(workspace: Workspace, account_id: str) -> AccountForm | None:
    with workspace.replica.session() as session:
        row = queries.account(session, account_id)
        if row is None:
            return None
        return AccountForm(
            name=row.name,
            phone=row.phone or "",
            city=row.city or "",
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
        "address": form.address.strip() or None,
        "tier": form.tier or None,
        "status": form.status or None,
        "note": form.note.strip() or None,
    }
    if account_id is None:
        return workspace.create_account(fields)
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
    with workspace.replica.session() as session:
        rows = queries.similar_accounts(session, name_key, keys, exclude_id, SIMILAR_LIMIT)
        return [workspace.summary(session, row, overdue=False) for row in rows]


def find_by_phone(workspace: Workspace, phone: str) -> list[AccountSummary]:
    """The accounts a caller's number belongs to (their own or a contact's), in any format."""
    if not any(ch.isdigit() for ch in phone) or not query_patterns(phone):
        return []
    return workspace.search_accounts(phone, limit=LOOKUP_LIMIT)
