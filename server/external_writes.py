"""Accounts and contacts that another system (an ERP, a web shop) writes by its own ids.

A write names the system and the record's id there; the server creates the record bound to
that `(system, external id)` or updates the one bound to it. An account not bound yet is first
looked for the way an import and a web enquiry look (`server.matching`: same phone, or a close
name in the same city), unless the account found has another id in the same system (then it is
another record that looks alike); a contact is found by its external id only.

Every write goes through the one write path (`server.writes`): the protocol's validation, the
field merge and the change feed, attributed to the key (`api_keys.writer_id`) where a push
names its client. A push's base version says what its client had seen; another system sees
nothing of what reps write (it does not pull), so its writes have base version 0: a field
whose last writer is someone else (a rep changed it after the system's last write of it, or
the system never wrote it) and that the system now writes with another value is a conflict
as between two users. The value that stands stays; the system's is set aside in the conflicts
every member of the territory reads (`server.conflicts`), once however often it is sent.
Fields the system wrote last, and fields nobody wrote, take its values.

A key reaches only its territories: a record in another one, or a write that would move a
record into another one, is refused with 403.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.entities import text_problem
from protocol.sync import FieldConflict
from server import api_keys, external_ids, writes
from server.api_keys import KeyGrant
from server.key_auth import reach_problem
from server.matching import AccountIndex, find_account
from server.tables import Account, Contact, ExternalId, SyncedRecord, Territory
from server.values import column_values

Entity = Literal["account", "contact"]
PLURALS: dict[str, Entity] = {"accounts": "account", "contacts": "contact"}
MAX_BULK = 1000
ItemStatus = Literal["created", "updated", "unchanged", "conflict", "rejected"]
_MODELS: dict[str, type[Account] | type[Contact]] = {"account": Account, "contact": Contact}
# The field whose reference decides a record's territory.
_SCOPE_FIELD = {"account": "territory_id", "contact": "account_id"}


def _storable(value: str) -> str:
    if (problem := text_problem(value)) is not None:
        raise ValueError(problem)
    return value


# Text a database can store (PostgreSQL refuses NUL characters).
StoredText = Annotated[str, AfterValidator(_storable)]


class ExternalRecord(BaseModel):
    """The fields of an account or contact, as a push sends them, and references by key."""

    model_config = ConfigDict(extra="forbid")

    fields: dict[str, Any] = Field(
        description="Protocol fields of the entity (docs/sync-protocol.md); those left out "
        "are left as they are."
    )
    territory: StoredText | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="An account's territory by key, instead of fields.territory_id.",
    )
    account_external_id: StoredText | None = Field(
        None,
        min_length=1,
        max_length=external_ids.MAX_VALUE,
        description="A contact's account by its id in the same system, instead of "
        "fields.account_id.",
    )


class BulkItem(ExternalRecord):
    entity: Entity
    external_id: StoredText = Field(min_length=1, max_length=external_ids.MAX_VALUE)


class BulkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[BulkItem] = Field(min_length=1, max_length=MAX_BULK)


class ItemResult(BaseModel):
    """What became of one write. `code`: the HTTP status it gets when written alone (201
    created, 200 updated, unchanged or conflict, 403 outside the key's territories, 422
    refused); `field` and `message` say what was wrong with a rejected one."""

    entity: Entity
    external_id: str
    status: ItemStatus
    code: int
    record_id: str | None = None
    version: int = 0
    conflicts: list[FieldConflict] = Field(default_factory=list)
    field: str | None = None
    message: str | None = None


class BulkResponse(BaseModel):
    results: list[ItemResult]
    counts: dict[str, int]


class _RefusedError(Exception):
    def __init__(self, code: int, field: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message


@dataclass
class ExternalWriter:
    """Writes the records of one system through one key, in the caller's write transaction
    (`feed.write_transaction`)."""

    session: Session
    grant: KeyGrant
    system: str
    # A bulk write loads every live account and external id once (as an import does); a
    # single write asks the database for the few it needs (`find_account`): the same rules.
    _index: AccountIndex | None = field(default=None, init=False)
    _ids: external_ids.Directory | None = field(default=None, init=False)
    _territories: dict[str, str] = field(default_factory=dict, init=False)  # key → id

    @property
    def writer(self) -> str:
        return api_keys.writer_id(self.grant.name)

    def write_all(self, items: list[BulkItem]) -> BulkResponse:
        self._ids = external_ids.Directory.load(self.session)
        if any(item.entity == "account" for item in items):
            self._index = AccountIndex.load(self.session)
        results = [self.write(item.entity, item.external_id, item) for item in items]
        return BulkResponse(
            results=results, counts=dict(Counter(result.status for result in results))
        )

    def write(self, entity: Entity, external_id: str, item: ExternalRecord) -> ItemResult:
        """Create or update the record bound to `external_id`; nothing is written when the
        result is `rejected`."""
        try:
            return self._write(entity, external_id, item)
        except _RefusedError as refused:
            return ItemResult(
                entity=entity,
                external_id=external_id,
                status="rejected",
                code=refused.code,
                field=refused.field,
                message=refused.message,
            )

    def _write(self, entity: Entity, external_id: str, item: ExternalRecord) -> ItemResult:
        fields = self._fields(entity, item)
        bound = self._bound(entity, external_id)
        record = bound or (self._match(fields) if entity == "account" else None)
        if record is not None:
            self._check_reach(entity, record.scope_territory_id)
        self._check_reach(entity, self._territory_after(entity, fields, record))
        before = record.sync_version if record is not None else 0
        write = writes.Write(
            entity,
            record.id if record is not None else str(uuid.uuid4()),
            fields,
            base_version=0,  # see the module docstring
            writer=self.writer,
        )
        outcome = writes.apply(self.session, write, principal=None)
        if outcome.status == "rejected":
            problem = outcome.problems[0]
            raise _RefusedError(422, problem.field, f"{problem.field} {problem.message}.")
        if bound is None:
            self._attach(entity, write.record_id, external_id)
        if entity == "account" and self._index is not None:
            self._index_account(record, write.record_id, fields)
        status: ItemStatus
        if outcome.status == "conflict":
            status = "conflict"
        elif record is None:
            status = "created"
        elif bound is None or outcome.version != before:
            status = "updated"
        else:
            status = "unchanged"
        return ItemResult(
            entity=entity,
            external_id=external_id,
            status=status,
            code=201 if status == "created" else 200,
            record_id=write.record_id,
            version=outcome.version,
            conflicts=outcome.conflicts,
        )

    def _fields(self, entity: Entity, item: ExternalRecord) -> dict[str, Any]:
        """The item's protocol fields, with the references it gave by key resolved."""
        fields = dict(item.fields)
        if item.territory is not None:
            if entity != "account":
                raise _RefusedError(422, "territory", "territory is for accounts only.")
            fields["territory_id"] = self._territory_id(item.territory)
        if item.account_external_id is not None:
            if entity != "contact":
                raise _RefusedError(
                    422, "account_external_id", "account_external_id is for contacts only."
                )
            account = self._holder("account", item.account_external_id)
            if account is None:
                raise _RefusedError(
                    422,
                    "account_external_id",
                    f"No account has the {self.system} id {item.account_external_id!r}.",
                )
            fields["account_id"] = account
        return fields

    def _territory_id(self, key: str) -> str:
        territory_id = self._territories.get(key) or self.session.scalar(
            select(Territory.id).where(Territory.key == key, Territory.deleted.is_(False))
        )
        if territory_id is None:
            raise _RefusedError(422, "territory", f"No territory has the key {key!r}.")
        self._territories[key] = territory_id
        return territory_id

    def _holder(self, entity: Entity, value: str) -> str | None:
        """The id of the record of `entity` bound to `value` in this system; a refusal when
        the value is another entity's id."""
        holder: tuple[str, str] | None
        if self._ids is not None:
            holder = self._ids.holders.get((self.system, value))
        else:
            row = self.session.execute(
                select(ExternalId.entity, ExternalId.record_id).where(
                    ExternalId.system == self.system, ExternalId.value == value
                )
            ).first()
            holder = None if row is None else (row.entity, row.record_id)
        if holder is None:
            return None
        if holder[0] != entity:
            raise _RefusedError(
                422, "external_id", f"{value!r} is the {self.system} id of a {holder[0]}."
            )
        return holder[1]

    def _has_id(self, record_id: str) -> bool:
        """Whether the record has an id in this system."""
        if self._ids is not None:
            return self.system in self._ids.ids_of(record_id)
        found = self.session.scalar(
            select(ExternalId.id).where(
                ExternalId.record_id == record_id, ExternalId.system == self.system
            )
        )
        return found is not None

    def _attach(self, entity: Entity, record_id: str, value: str) -> None:
        if self._ids is not None:
            self._ids.attach(self.session, entity, record_id, self.system, value)
        else:
            external_ids.attach(self.session, entity, record_id, self.system, value)

    def _bound(self, entity: Entity, external_id: str) -> SyncedRecord | None:
        record_id = self._holder(entity, external_id)
        return self.session.get(_MODELS[entity], record_id) if record_id is not None else None

    def _match(self, fields: dict[str, Any]) -> Account | None:
        """The live account these fields describe (`server.matching`) within the key's reach,
        unless it has an id in this system already: then it is another record."""

        def text(name: str) -> str | None:
            value = fields.get(name)
            return value if isinstance(value, str) and text_problem(value) is None else None

        wanted = {
            "phone": text("phone"),
            "name": text("name"),
            "city": text("city"),
            "region": text("country"),
        }
        if self._index is not None:
            match = self._index.find(**wanted)
        else:
            match = find_account(self.session, **wanted)
        if match is None:
            return None
        if self._has_id(match.record_id):
            return None
        account = self.session.get_one(Account, match.record_id)
        return account if self.grant.reaches(account.territory_id) else None

    def _index_account(
        self, record: SyncedRecord | None, account_id: str, fields: dict[str, Any]
    ) -> None:
        """Let the bulk's later items find the account just written (its values: the
        record's when it existed, else the fields it was created with)."""
        assert self._index is not None
        values = column_values("account", record) if record is not None else fields
        region = self._index.regions.of_account(values.get("country"), values["territory_id"])
        self._index.add_account(
            account_id, values["name"], values.get("phone"), values.get("city"), region
        )

    def _territory_after(
        self, entity: Entity, fields: dict[str, Any], record: SyncedRecord | None
    ) -> str | None:
        """The territory the record will be in (None: not known, the write path refuses)."""
        if entity == "account":
            value = fields.get("territory_id", getattr(record, "territory_id", None))
            return value if isinstance(value, str) else None
        account_id = fields.get("account_id", getattr(record, "account_id", None))
        account = self.session.get(Account, account_id) if isinstance(account_id, str) else None
        return account.territory_id if account is not None else None

    def _check_reach(self, entity: Entity, territory_id: str | None) -> None:
        if territory_id is None:
            return
        problem = reach_problem(self.grant, territory_id)
        if problem is not None:
            raise _RefusedError(403, _SCOPE_FIELD[entity], problem)
