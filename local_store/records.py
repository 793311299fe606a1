"""Reading and writing synced records as protocol field dicts.

Everything that changes a record goes through here: a local edit (which also records its outbox
mutation) and a pulled change (which does not). Derived search keys are refreshed on both paths.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy import delete as delete_rows
from sqlalchemy.orm import Session

from local_store import outbox
from local_store.models import (
    COLUMN_FOR_FIELD,
    ENTITY_MODELS,
    Account,
    Activity,
    Contact,
    SyncedRecord,
    Task,
    column_name,
)
from local_store.regions import Regions, region_of_account
from local_store.search_keys import search_text, sort_key
from protocol.countries import country_name
from protocol.entities import ENTITY_FIELDS, FieldProblem, check_fields
from protocol.phones import DEFAULT_REGION


class InvalidRecordError(ValueError):
    """A local edit that breaks the protocol's rules; nothing was written."""

    def __init__(self, entity: str, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field} {p.message}" for p in problems))
        self.entity = entity
        self.problems = problems


# The fields each entity's search keys are made from: a name, one more text, a phone (and for
# accounts the country it is read in).
KEYED_FIELDS = {
    "account": ("name", "city", "phone", "country"),
    "contact": ("name", "email", "phone"),
}


def derived_columns(
    entity: str, values: dict[str, Any], region: str | None = None
) -> dict[str, Any]:
    """Search keys computed from a record's fields (empty for entities without any), its
    phone read in `region`, else in an account's own country, else in DEFAULT_REGION (see
    `local_store.regions`); accounts also get the key they sort by."""
    if entity not in KEYED_FIELDS:
        return {}
    name, text, phone = (values.get(field) for field in KEYED_FIELDS[entity][:3])
    country = values.get("country")
    region = region or country or DEFAULT_REGION
    # an account is found by its country's name in English and Chinese too
    places = (country_name(country, "en"), country_name(country, "zh")) if country else ()
    columns = {"search_text": search_text(name, text, *places, phones=(phone,), region=region)}
    if entity == "account":
        columns["sort_key"] = sort_key(name or "")
    return columns


def derived_columns_of(records: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """`derived_columns` of many records (entity, keyed fields) at once: one call of a
    process that computes them for a bulk load (`sync.key_worker`)."""
    return [derived_columns(entity, values) for entity, values in records]


def to_fields(entity: str, row: SyncedRecord) -> dict[str, Any]:
    """The protocol fields of a stored record."""
    return {name: getattr(row, column_name(entity, name)) for name in ENTITY_FIELDS[entity]}


def to_columns(entity: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The columns of `fields`: the fields themselves, but for the few stored under another
    name (a first sync converts 800,000 records here, so the others are copied in one call)."""
    renamed = COLUMN_FOR_FIELD.get(entity)
    if renamed is None:
        return dict(fields)
    return {renamed.get(name, name): value for name, value in fields.items()}


def refresh_derived(entity: str, row: SyncedRecord, region: str | None = None) -> None:
    if isinstance(row, (Account, Contact)):
        for column, value in derived_columns(entity, to_fields(entity, row), region).items():
            setattr(row, column, value)


def refresh_keys(session: Session, entity: str, row: SyncedRecord, moved: bool = False) -> None:
    """The keys of a record changed here, read in its region; an account that `moved` to
    another country or territory has its contacts' keys made again too."""
    if isinstance(row, Account):
        region = Regions.load(session).of_account(row.country, row.territory_id)
        refresh_derived(entity, row, region)
        if moved:
            for contact in session.scalars(select(Contact).where(Contact.account_id == row.id)):
                refresh_derived("contact", contact, region)
    elif isinstance(row, Contact):
        refresh_derived(entity, row, region_of_account(session, row.account_id))


def save(session: Session, entity: str, record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Create or change a record as the user, and queue the change for the server.

    Returns the fields that really changed (empty: nothing to do, nothing queued).
    """
    model = ENTITY_MODELS[entity]
    row = session.get(model, record_id)
    creating = row is None
    problems = check_fields(entity, fields, creating=creating)
    if problems:
        raise InvalidRecordError(entity, problems)
    if row is None:
        row = model(id=record_id, version=0)
        session.add(row)
        changed = dict(fields)
    else:
        current = to_fields(entity, row)
        changed = {name: value for name, value in fields.items() if current[name] != value}
    if not changed:
        return changed
    for column, value in to_columns(entity, changed).items():
        setattr(row, column, value)
    moved = not creating and bool({"country", "territory_id"} & set(changed))
    refresh_keys(session, entity, row, moved)
    outbox.enqueue(session, entity, record_id, "upsert", row.version, changed)
    return changed


def delete(session: Session, entity: str, record_id: str) -> None:
    """Delete a record as the user, and queue the delete for the server. An account's contacts,
    tasks and activities go with it, as on the server (which deletes them itself: only the
    account's delete is queued)."""
    row = session.get(ENTITY_MODELS[entity], record_id)
    if row is None:
        return
    outbox.enqueue(session, entity, record_id, "delete", row.version, {})
    session.delete(row)
    if entity == "account":
        drop_children(session, [record_id])


def drop_children(session: Session, account_ids: Collection[str] | Select[str]) -> None:
    """Remove the contacts, tasks and activities of these accounts from the replica (not a
    user's delete: nothing is queued)."""
    for model in (Contact, Task, Activity):
        session.execute(delete_rows(model).where(model.account_id.in_(account_ids)))


def restore(
    session: Session,
    entity: str,
    record_id: str,
    fields: dict[str, Any],
    shown_meanwhile: Mapping[str, Any] | None = None,
) -> None:
    """Bring back a record deleted on the server, the user's `fields` laid over it (and, for a
    contact, task or activity, its deleted account), and queue the restore.

    The server's record comes back with the next pull. Until then the replica shows it only if
    `fields`, with `shown_meanwhile` (values for this replica alone) under them, make a whole
    record. Raises `InvalidRecordError` for fields that break the rules; nothing is written then.
    """
    problems = check_fields(entity, fields, creating=False)
    if problems:
        raise InvalidRecordError(entity, problems)
    model = ENTITY_MODELS[entity]
    row = session.get(model, record_id)
    values = fields
    if row is None:
        values = dict(shown_meanwhile or {}) | fields
        if not check_fields(entity, values, creating=True):
            row = model(id=record_id, version=0)
            session.add(row)
    if row is not None:
        for column, value in to_columns(entity, values).items():
            setattr(row, column, value)
        refresh_derived(entity, row)
    outbox.enqueue(session, entity, record_id, "restore", 0, fields)
