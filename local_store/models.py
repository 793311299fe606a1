"""The replica's tables: the records a user may see, and what sync needs beside them.

Synced tables carry the protocol's fields (dates and times as ISO text, exactly as on the wire)
plus the server `version` the local copy is based on (0: never pushed). Accounts and contacts also
carry derived search keys (pinyin, initials, phone digits) that are computed locally and never
synced.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from sqlalchemy import JSON, Boolean, Index, Integer, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class SyncedRecord(Base):
    """Columns every synced table has."""

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class Territory(SyncedRecord):
    __tablename__ = "territory"
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(2))


class User(SyncedRecord):
    __tablename__ = "user"
    name: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))


class Account(SyncedRecord):
    __tablename__ = "account"
    name: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(64))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))
    address: Mapped[str | None] = mapped_column(String(500))
    tier: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str | None] = mapped_column(String(64))
    territory_id: Mapped[str] = mapped_column(String(36))
    owner_id: Mapped[str | None] = mapped_column(String(36))
    note: Mapped[str | None] = mapped_column(Text)
    # Derived search keys, see local_store.search_keys.
    sort_key: Mapped[str] = mapped_column(String(600), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    # The list's name order (queries.SORTS): a page is read from this index alone.
    __table_args__ = (Index("ix_account_name_order", "sort_key", "id"),)


class Contact(SyncedRecord):
    __tablename__ = "contact"
    account_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    search_text: Mapped[str] = mapped_column(Text, default="")


class Task(SyncedRecord):
    __tablename__ = "task"
    account_id: Mapped[str] = mapped_column(String(36), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str | None] = mapped_column(String(16))
    due_date: Mapped[str | None] = mapped_column(String(10), index=True)
    done: Mapped[bool | None] = mapped_column(Boolean)
    outcome: Mapped[str | None] = mapped_column(String(64))
    assignee_id: Mapped[str | None] = mapped_column(String(36))


class Activity(SyncedRecord):
    __tablename__ = "activity"
    account_id: Mapped[str] = mapped_column(String(36))
    process_key: Mapped[str] = mapped_column(String(64))
    process_version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[str | None] = mapped_column(String(36))
    answers: Mapped[list[Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_activity_account_time", "account_id", "occurred_at"),)


class CodeSet(SyncedRecord):
    __tablename__ = "code_set"
    key: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[dict[str, str]] = mapped_column(JSON)  # locale → text
    codes: Mapped[list[Any]] = mapped_column(JSON)


class Process(SyncedRecord):
    __tablename__ = "process"
    key: Mapped[str] = mapped_column(String(64), index=True)
    # The process's own version number (a definition), not the record's sync version.
    process_version: Mapped[int] = mapped_column("process_version", Integer)
    name: Mapped[dict[str, str]] = mapped_column(JSON)  # locale → text
    kind: Mapped[str] = mapped_column(String(32))
    steps: Mapped[list[Any]] = mapped_column(JSON)


class OutboxEntry(Base):
    """A local change not yet acknowledged by the server, written with the change itself."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(8))
    base_version: Mapped[int] = mapped_column(Integer)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[str] = mapped_column(String(40))


class Conflict(Base):
    """A value that lost against another change, kept so it can be re-applied.

    `kind`: `changed` or `deleted` for a value the server set aside (`server_id` is its id
    there, `mine_by`/`theirs_by` the users who wrote each value (`mine_by_key`/`theirs_by_key`
    the API key where another system did) and `mine_at`/`theirs_at` when; the set-aside value
    may be another user's), `refused` for one of the user's values
    the server refused (`reason`: the server's `FieldProblem`, as JSON). None: kept by a version
    before these were told apart (`theirs` then holds the server's value or its English
    reason).
    """

    __tablename__ = "conflict"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(64))
    mine: Mapped[Any] = mapped_column(JSON, nullable=True)
    theirs: Mapped[Any] = mapped_column(JSON, nullable=True)
    created_at: Mapped[str] = mapped_column(String(40))
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str | None] = mapped_column(String(16))
    server_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    mine_by: Mapped[str | None] = mapped_column(String(36))
    mine_at: Mapped[str | None] = mapped_column(String(40))
    theirs_by: Mapped[str | None] = mapped_column(String(36))
    theirs_at: Mapped[str | None] = mapped_column(String(40))
    mine_by_key: Mapped[str | None] = mapped_column(String(100))
    theirs_by_key: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[Any] = mapped_column(JSON, nullable=True)


class QuarantinedRecord(Base):
    """A pulled record this client cannot read (written by an older server, or damaged), set
    aside so that the rest of its page is applied and sync goes on (`local_store.quarantine`).

    `record_id` is empty when the record does not even name one; `received` is the change as
    it came (JSON text, cut short when long), for support."""

    __tablename__ = "quarantine"
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    problem: Mapped[str] = mapped_column(Text)
    received: Mapped[str] = mapped_column(Text)
    set_aside_at: Mapped[str] = mapped_column(String(40))


class SyncState(Base):
    """Small key/value facts of this replica: client id, next seq, cursor, signed-in user."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


# Synced entity name → ORM class.
ENTITY_MODELS: dict[str, type[SyncedRecord]] = {
    "territory": Territory,
    "user": User,
    "account": Account,
    "contact": Contact,
    "task": Task,
    "activity": Activity,
    "code_set": CodeSet,
    "process": Process,
}

# Protocol field name → column attribute name, where they differ.
COLUMN_FOR_FIELD: dict[str, dict[str, str]] = {"process": {"version": "process_version"}}


def column_name(entity: str, field: str) -> str:
    return COLUMN_FOR_FIELD.get(entity, {}).get(field, field)


def table_of(entity: str) -> Table:
    return cast(Table, ENTITY_MODELS[entity].__table__)
