"""Importing one row: find the record it describes, then create, update or merge it.

A row is recognised by, in order: its Fieldbook `id`, an external id, then (accounts) the same
phone or a close name in the same city, or (contacts, within their account) the same phone or
e-mail or a close name. A row never clears a field: empty cells are left out. A phone number is
read in the row's country, else its territory's default region; a row with neither is compared
with each stored number in that number's own region (`server.matching`).

Only a row found by id or external id speaks for its record and updates its filled fields (the
first such row of a file). A row found by phone, e-mail or name merges: it fills the fields that
are empty and keeps every value the record has, reporting each difference ("kept …, the file
has …"), since a shared switchboard or a similar name is no proof that the file knows better. A
later row of the same file about the same record merges likewise, so a file with duplicates
gives the same result on every import. A row that finds its record needs no owner or
territory. Each row is written in a savepoint: a row that fails leaves nothing behind.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.countries import country_code
from server import external_ids, writes
from server.imports.mapping import ACCOUNT_EXTERNAL_ID, system_of
from server.imports.report import RowReport, RowStatus
from server.matching import (
    AccountIndex,
    close_names,
    normal_city,
    normal_email,
    normal_name,
    normal_phone,
)
from server.regions import Regions
from server.tables import Account, Contact, SyncedRecord, Territory, User, UserTerritory
from server.values import wire_fields


class RowRejectedError(Exception):
    """The row cannot be imported; `field` is the target at fault."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class RowInput:
    """One data row, split by target: protocol fields, external ids and references."""

    number: int
    record_id: str | None
    fields: dict[str, str]
    external_ids: dict[str, str]  # system → value
    references: dict[str, str]  # owner, territory, account_id, account_name, account_ext…

    @classmethod
    def from_cells(
        cls, number: int, mapping: dict[str, str], row: dict[str, str | None]
    ) -> RowInput:
        fields: dict[str, str] = {}
        ids: dict[str, str] = {}
        references: dict[str, str] = {}
        record_id = None
        for column, target in mapping.items():
            value = row.get(column)
            if value is None:
                continue
            if target == "id":
                record_id = value
            elif (system := system_of(target, external_ids.PREFIX)) is not None:
                ids[system] = value
            elif target in ("owner", "territory", "account_id", "account_name") or (
                target.startswith(ACCOUNT_EXTERNAL_ID)
            ):
                references[target] = value
            else:
                fields[target] = value
        return cls(number, record_id, fields, ids, references)


@dataclass(frozen=True)
class Found:
    record: SyncedRecord
    how: str  # what the row was recognised by
    by_identity: bool  # by its id or an external id (not by phone, e-mail or name)


@dataclass
class Importer:
    """Imports the rows of one file, in one transaction holding the feed lock."""

    session: Session
    entity: str  # "account" or "contact"
    columns: dict[str, str]  # target → column, to name columns in reasons
    index: AccountIndex = field(init=False)
    regions: Regions = field(init=False)
    ids: external_ids.Directory = field(init=False)
    first_row: dict[str, int] = field(default_factory=dict)  # record id → row that wrote it

    def __post_init__(self) -> None:
        self.index = AccountIndex.load(self.session)
        self.regions = self.index.regions
        self.ids = external_ids.Directory.load(self.session)

    def import_row(self, row: RowInput) -> RowReport:
        name = row.fields.get("name")
        try:
            with self.session.begin_nested():
                report = self._import(row)
        except RowRejectedError as rejected:
            return RowReport(
                row=row.number,
                status="rejected",
                record_id=None,
                name=name,
                field=rejected.field,
                reason=self._column_reason(rejected),
            )
        if report.record_id is not None:
            self.first_row.setdefault(report.record_id, row.number)
            self._index(report.record_id)
        return report

    def _column_reason(self, rejected: RowRejectedError) -> str:
        """The reason as a sentence that names the field, and its column when that differs."""
        if rejected.field is None:
            return rejected.reason
        return f"{self._column_name(rejected.field)} {rejected.reason}"

    def _column_name(self, target: str) -> str:
        column = self.columns.get(target)
        return target if column is None or column == target else f"{column} ({target})"

    def _index(self, record_id: str) -> None:
        if self.entity == "account":
            account = self.session.get_one(Account, record_id)
            region = self.regions.of_account(account.country, account.territory_id)
            self.index.add_account(account.id, account.name, account.phone, account.city, region)
        else:
            contact = self.session.get_one(Contact, record_id)
            region = self._region_of_account(contact.account_id)
            self.index.add_contact(contact.account_id, contact.phone, contact.email, region)

    def _region_of_account(self, account_id: str | None) -> str:
        account = self.session.get(Account, account_id) if account_id else None
        if account is None:
            return self.regions.default
        return self.regions.of_account(account.country, account.territory_id)

    # --- one row ---------------------------------------------------------------------------

    def _import(self, row: RowInput) -> RowReport:
        fields: dict[str, str | None] = dict(row.fields)
        if self.entity == "account":
            fields |= self._account_references(row)
            if (country := row.fields.get("country")) is not None:
                fields["country"] = _country(country)
            found = self._find_account(row, fields)
        else:
            fields["account_id"] = self._account_of_contact(row)
            found = self._find_contact(row, fields["account_id"])
        if found is None:
            return self._create(row, fields)
        return self._change(row, fields, found)

    def _create(self, row: RowInput, fields: dict[str, str | None]) -> RowReport:
        if self.entity == "account" and "territory_id" not in fields:
            fields["territory_id"] = self._owner_territory(fields.get("owner_id"))
        record_id = row.record_id or str(uuid.uuid4())
        self._apply(writes.Write(self.entity, record_id, fields))
        self._attach(record_id, row.external_ids, {})
        return RowReport(
            row=row.number, status="created", record_id=record_id, name=row.fields.get("name")
        )

    def _change(self, row: RowInput, fields: dict[str, str | None], found: Found) -> RowReport:
        record = found.record
        current = wire_fields(self.entity, record)
        earlier = self.first_row.get(record.id)
        speaks = found.by_identity and earlier is None
        region = self._region_of_account(
            record.id if isinstance(record, Account) else current.get("account_id")
        )
        differ = {k: v for k, v in fields.items() if not _same(k, current[k], v, region)}
        if speaks:
            changes, kept = differ, {}
        else:  # merging: fill what is empty, keep what is filled
            changes = {k: v for k, v in differ.items() if current[k] is None}
            kept = {k: v for k, v in differ.items() if current[k] is not None}
        known_ids = self.ids.ids_of(record.id)
        new_ids = {s: v for s, v in row.external_ids.items() if known_ids.get(s) != v}
        if changes:
            self._apply(
                writes.Write(self.entity, record.id, changes, base_version=record.sync_version)
            )
        self._attach(record.id, new_ids, known_ids)
        if earlier is not None:
            reason = f"same {self.entity} as row {earlier} ({found.how})"
        else:
            reason = f"found by {found.how}"
        for name, value in kept.items():
            reason += (
                f"; kept {self._column_name(_target(name))} {self._shown(name, current[name])!r},"
                f" the file has {self._shown(name, value)!r}"
            )
        return RowReport(
            row=row.number,
            status=_status(bool(changes or new_ids), found.by_identity and earlier is None),
            record_id=record.id,
            name=row.fields.get("name"),
            reason=reason,
        )

    def _shown(self, name: str, value: object) -> str:
        """A value as the file writes it: a territory by key, an owner by user name."""
        if name == "territory_id":
            return self.session.scalar(select(Territory.key).where(Territory.id == value)) or ""
        if name == "owner_id":
            return self.session.scalar(select(User.name).where(User.id == value)) or ""
        return str(value)

    def _apply(self, write: writes.Write) -> None:
        outcome = writes.apply(self.session, write, principal=None)
        if outcome.status != "applied":
            problem = outcome.problems[0] if outcome.problems else None
            if problem is None:
                raise RowRejectedError(None, f"could not be written ({outcome.status})")
            raise RowRejectedError(problem.field, problem.message)

    def _attach(self, record_id: str, new_ids: dict[str, str], known: dict[str, str]) -> None:
        """Give the record the row's new external ids: all of them, after checking all."""
        for system, value in new_ids.items():
            target = external_ids.PREFIX + system
            if system in known:
                raise RowRejectedError(
                    target, f"differs from the {system} id {known[system]!r} the record has"
                )
            if len(value) > external_ids.MAX_VALUE:
                raise RowRejectedError(
                    target, f"must be at most {external_ids.MAX_VALUE} characters"
                )
            if self.ids.is_taken(system, value):
                raise RowRejectedError(target, f"{value!r} is the id of another record")
        for system, value in new_ids.items():
            self.ids.attach(self.session, self.entity, record_id, system, value)

    # --- finding the record ------------------------------------------------------------------

    def _by_identity(self, model: type[SyncedRecord], row: RowInput) -> Found | None:
        """The record named by the row's id or external ids."""
        if row.record_id is not None:
            if not _is_uuid(row.record_id):
                raise RowRejectedError("id", "must be a Fieldbook record id (a UUID)")
            record = self.session.get(model, row.record_id)
            if record is not None and record.deleted:
                raise RowRejectedError("id", "names a deleted record")
            if record is not None:
                return Found(record, "id", True)
        hits = {
            system: hit
            for system, value in row.external_ids.items()
            if (hit := self.ids.record_of(self.entity, system, value))
        }
        if len(set(hits.values())) > 1:
            raise RowRejectedError(
                external_ids.PREFIX + sorted(hits)[0],
                "and the other external ids of the row name different records",
            )
        for system, record_id in hits.items():
            record = self.session.get(model, record_id)
            if record is not None and not record.deleted:
                return Found(record, f"{system} id", True)
        return None

    def _find_account(self, row: RowInput, fields: dict[str, str | None]) -> Found | None:
        found = self._by_identity(Account, row)
        if found is not None or row.record_id is not None:
            return found
        region = fields.get("country") or self.regions.of_territory(fields.get("territory_id"))
        match = self.index.find(
            phone=row.fields.get("phone"),
            name=row.fields.get("name"),
            city=row.fields.get("city"),
            region=region,
        )
        if match is None:
            return None
        return self._unless_other_ids(self.session.get(Account, match.record_id), row, match.reason)

    def _find_contact(self, row: RowInput, account_id: str | None) -> Found | None:
        found = self._by_identity(Contact, row)
        if found is not None or row.record_id is not None:
            return found
        region = self._region_of_account(account_id)
        phone = normal_phone(row.fields.get("phone"), region)
        email = normal_email(row.fields.get("email"))
        name = normal_name(row.fields.get("name"))
        contacts = list(
            self.session.scalars(
                select(Contact).where(Contact.account_id == account_id, Contact.deleted.is_(False))
            )
        )
        for contact in contacts:
            if phone is not None and normal_phone(contact.phone, region) == phone:
                return self._unless_other_ids(contact, row, "same phone in the account")
            if email is not None and normal_email(contact.email) == email:
                return self._unless_other_ids(contact, row, "same e-mail in the account")
        for contact in contacts:
            if close_names(name, normal_name(contact.name)):
                return self._unless_other_ids(contact, row, "close name in the account")
        return None

    def _unless_other_ids(
        self, record: SyncedRecord | None, row: RowInput, how: str
    ) -> Found | None:
        """A record found by phone, e-mail or name, unless it has another id in a system the
        row has an id of: then they are two records that look alike."""
        if record is None or record.deleted:
            return None
        known = self.ids.ids_of(record.id)
        if any(known.get(system, value) != value for system, value in row.external_ids.items()):
            return None
        return Found(record, how, False)

    # --- references ----------------------------------------------------------------------------

    def _account_references(self, row: RowInput) -> dict[str, str | None]:
        resolved: dict[str, str | None] = {}
        if (owner := row.references.get("owner")) is not None:
            resolved["owner_id"] = self._user_id(owner)
        if (key := row.references.get("territory")) is not None:
            territory_id = self.session.scalar(
                select(Territory.id).where(Territory.key == key, Territory.deleted.is_(False))
            )
            if territory_id is None:
                raise RowRejectedError("territory", f"{key!r} is not a territory key")
            resolved["territory_id"] = territory_id
        return resolved

    def _user_id(self, owner: str) -> str:
        column = User.email if "@" in owner else User.name
        value = owner.lower() if "@" in owner else owner
        user_id = self.session.scalar(
            select(User.id).where(column == value, User.deleted.is_(False))
        )
        if user_id is None:
            raise RowRejectedError("owner", f"{owner!r} is neither a user name nor a user e-mail")
        return user_id

    def _owner_territory(self, owner_id: str | None) -> str:
        """A new account without a territory goes to its owner's (first by key)."""
        territory_id = None
        if owner_id is not None:
            territory_id = self.session.scalar(
                select(Territory.id)
                .join(UserTerritory, UserTerritory.territory_id == Territory.id)
                .where(UserTerritory.user_id == owner_id, Territory.deleted.is_(False))
                .order_by(Territory.key)
            )
        if territory_id is None:
            raise RowRejectedError(
                "territory", "is needed: give a territory key or an owner who has a territory"
            )
        return territory_id

    def _account_of_contact(self, row: RowInput) -> str:
        refs = row.references
        if (account_id := refs.get("account_id")) is not None:
            account = self.session.get(Account, account_id) if _is_uuid(account_id) else None
            if account is None or account.deleted:
                raise RowRejectedError("account_id", "names no account")
            return account.id
        for target, value in refs.items():
            system = system_of(target, ACCOUNT_EXTERNAL_ID)
            if system is not None:
                hit = self.ids.record_of("account", system, value)
                if hit is None:
                    raise RowRejectedError(target, f"no account has the {system} id {value!r}")
                return hit
        name = refs.get("account_name")
        hits = self.index.named(name) if name else []
        if not hits:
            raise RowRejectedError("account_name", "names no account")
        if len(hits) > 1:
            raise RowRejectedError(
                "account_name", f"fits {len(hits)} accounts; give the account's external id"
            )
        return hits[0]


def _status(changed: bool, updates: bool) -> RowStatus:
    """What a row that found its record did: `updates` when it spoke for the record (found by
    id or external id, first in the file), else it merged into it."""
    if not changed:
        return "unchanged"
    return "updated" if updates else "merged"


def _country(text: str) -> str:
    code = country_code(text)
    if code is None:
        raise RowRejectedError("country", f"{text!r} is not a country code or a country's name")
    return code


def _target(name: str) -> str:
    """The import target of a protocol field (an account's owner_id is given as `owner`)."""
    return {"owner_id": "owner", "territory_id": "territory"}.get(name, name)


def _same(name: str, current: object, new: str | None, region: str) -> bool:
    """Whether a file's value says the same as the stored one (phones in any format, read in
    the record's region, a city with or without 市)."""
    if current == new:
        return True
    if name == "city" and isinstance(current, str):
        return normal_city(current) == normal_city(new)
    if name == "phone" and isinstance(current, str):
        phone = normal_phone(new, region)
        return phone is not None and phone == normal_phone(current, region)
    if name == "email" and isinstance(current, str):
        email = normal_email(new)
        return email is not None and email == normal_email(current)
    return False


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False
