"""The server's tables: one per synced entity, plus the change feed and the sync bookkeeping.

Entity classes list their protocol fields explicitly (so code reads typed attributes), while each
column's SQL type, length and nullability come from `protocol.entities.ENTITY_FIELDS`, so the two
cannot drift apart silently; a unit test checks that every protocol field has its column.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

from protocol.entities import ENTITY_FIELDS, FieldSpec, Role

ID_LENGTH = 36
# Step and code keys in the normalised answers; longer ones are not counted.
ANSWER_KEY_LENGTH = 64
# Longer text limits become TEXT, shorter ones VARCHAR(n).
_VARCHAR_LIMIT = 500


class Base(DeclarativeBase):
    # Named constraints, so later migrations can alter them (also in SQLite's batch mode).
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back as an aware UTC datetime.

    SQLite keeps no offset, so without this a value would come back naive there and aware on
    PostgreSQL, and comparisons between read and incoming values would differ by backend.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; give a time zone")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _column_type(spec: FieldSpec) -> TypeEngine[Any]:
    """The SQL type holding values of one protocol field kind."""
    if spec.kind == "text":
        return String(spec.max_length) if spec.max_length <= _VARCHAR_LIMIT else Text()
    simple: dict[str, TypeEngine[Any]] = {
        "int": Integer(),
        "bool": Boolean(),
        "date": Date(),
        "datetime": UTCDateTime(),
        "id": String(ID_LENGTH),
        "json": JSON(none_as_null=True),
    }
    return simple[spec.kind]


def _field(entity: str, name: str, *, index: bool = False, unique: bool = False) -> Any:
    """The column of protocol field `entity.name`, typed from its FieldSpec."""
    spec = ENTITY_FIELDS[entity][name]
    return mapped_column(_column_type(spec), nullable=not spec.required, index=index, unique=unique)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SyncedRecord(Base):
    """Columns every synced record has besides its protocol fields.

    `sync_version` is the change-feed position of the record's latest change (the `version` of
    the wire protocol; it is not called `version` because `process.version` is a protocol field).
    `scope_territory_id` decides who sees the record: NULL is everyone (catalogue entities), an
    account's own territory, or for its contacts, tasks and activities the account's territory.
    `field_versions` maps a field name to the version at which it last changed, and
    `field_writers` to the client that wrote it then, for the merge: a client's own earlier
    change is never a conflict for its later ones.
    """

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    sync_version: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    scope_territory_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    field_versions: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    field_writers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=_utcnow)


class Territory(SyncedRecord):
    __tablename__ = "territory"

    key: Mapped[str] = _field("territory", "key", index=True)
    name: Mapped[str] = _field("territory", "name")
    region: Mapped[str | None] = _field("territory", "region")


class User(SyncedRecord):
    """A person who signs in. `password_hash` never leaves the server; a user created through
    sync has none and cannot sign in until an admin sets a password.

    Server-only, not synced: `disabled` (IT's switch: no sign-in, every token refused),
    `must_change_password` (after a reset to a one-time password) and `last_sign_in_at`.
    A removed user is a tombstone (`deleted`) that can be restored until it is purged.
    """

    __tablename__ = "user"

    name: Mapped[str] = _field("user", "name", unique=True)
    display_name: Mapped[str | None] = _field("user", "display_name")
    role: Mapped[Role] = _field("user", "role")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # Server-only, lower-cased: imports name owners by e-mail. Not synced.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class UserTerritory(Base):
    """The territories whose accounts a user may see and write."""

    __tablename__ = "user_territory"

    user_id: Mapped[str] = mapped_column(ForeignKey("user.id"), primary_key=True)
    territory_id: Mapped[str] = mapped_column(ForeignKey("territory.id"), primary_key=True)


class Account(SyncedRecord):
    __tablename__ = "account"

    name: Mapped[str] = _field("account", "name")
    phone: Mapped[str | None] = _field("account", "phone")
    city: Mapped[str | None] = _field("account", "city")
    country: Mapped[str | None] = _field("account", "country")
    address: Mapped[str | None] = _field("account", "address")
    tier: Mapped[str | None] = _field("account", "tier")
    status: Mapped[str | None] = _field("account", "status")
    territory_id: Mapped[str] = _field("account", "territory_id")
    owner_id: Mapped[str | None] = _field("account", "owner_id")
    note: Mapped[str | None] = _field("account", "note")


class Contact(SyncedRecord):
    __tablename__ = "contact"

    account_id: Mapped[str] = _field("contact", "account_id", index=True)
    name: Mapped[str] = _field("contact", "name")
    title: Mapped[str | None] = _field("contact", "title")
    phone: Mapped[str | None] = _field("contact", "phone")
    email: Mapped[str | None] = _field("contact", "email")


class Task(SyncedRecord):
    __tablename__ = "task"

    account_id: Mapped[str] = _field("task", "account_id", index=True)
    title: Mapped[str] = _field("task", "title")
    kind: Mapped[str | None] = _field("task", "kind")
    due_date: Mapped[dt.date | None] = _field("task", "due_date")
    done: Mapped[bool | None] = _field("task", "done")
    outcome: Mapped[str | None] = _field("task", "outcome")
    assignee_id: Mapped[str | None] = _field("task", "assignee_id")


class Activity(SyncedRecord):
    __tablename__ = "activity"

    account_id: Mapped[str] = _field("activity", "account_id", index=True)
    process_key: Mapped[str] = _field("activity", "process_key")
    process_version: Mapped[int] = _field("activity", "process_version")
    kind: Mapped[str] = _field("activity", "kind")
    occurred_at: Mapped[dt.datetime] = _field("activity", "occurred_at")
    user_id: Mapped[str | None] = _field("activity", "user_id")
    answers: Mapped[Any] = _field("activity", "answers")
    note: Mapped[str | None] = _field("activity", "note")


# What a report reads beside the columns it finds rows by.
REPORT_COLUMNS = ["process_version", "territory_id", "code", "position", "week", "month"]


class ActivityAnswer(Base):
    """One code one activity gave to one step: the normalised answers that reports count.

    Server-only and derived: kept by `server.answers` in the same transaction as every write
    of its activity, so a report groups plain indexed columns instead of reading JSON. The
    scope and period columns are copies of the activity's (its account's territory, the local
    date it happened on, that date's week (Monday) and month (1st)). `position` is the code's
    place within its step's answer; `position = 0` counts each answering activity once.
    """

    __tablename__ = "activity_answer"
    # Two covering indexes (on PostgreSQL every column a report reads is in them, so it scans
    # the index only): the team's report, and one rep's. The team's leaves `user_id` out; it
    # is a quarter narrower so, and scans its million entries that much sooner.
    __table_args__ = (
        Index(
            "ix_activity_answer_report",
            "process_key",
            "step_key",
            "day",
            postgresql_include=REPORT_COLUMNS,
        ),
        Index(
            "ix_activity_answer_rep_report",
            "user_id",
            "process_key",
            "step_key",
            "day",
            postgresql_include=REPORT_COLUMNS,
        ),
    )

    activity_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    step_key: Mapped[str] = mapped_column(String(ANSWER_KEY_LENGTH), primary_key=True)
    code: Mapped[str] = mapped_column(String(ANSWER_KEY_LENGTH), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    process_key: Mapped[str] = mapped_column(String(64))
    process_version: Mapped[int] = mapped_column(Integer)
    territory_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    user_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    day: Mapped[dt.date] = mapped_column(Date)
    week: Mapped[dt.date] = mapped_column(Date)
    month: Mapped[dt.date] = mapped_column(Date)


class CodeSet(SyncedRecord):
    __tablename__ = "code_set"

    key: Mapped[str] = _field("code_set", "key", index=True)
    name: Mapped[dict[str, str]] = _field("code_set", "name")
    codes: Mapped[Any] = _field("code_set", "codes")


class Process(SyncedRecord):
    __tablename__ = "process"

    key: Mapped[str] = _field("process", "key", index=True)
    version: Mapped[int] = _field("process", "version")
    name: Mapped[dict[str, str]] = _field("process", "name")
    kind: Mapped[str] = _field("process", "kind")
    steps: Mapped[Any] = _field("process", "steps")


AccountChild = Contact | Task | Activity
CHILD_MODELS: dict[str, type[AccountChild]] = {
    "contact": Contact,
    "task": Task,
    "activity": Activity,
}

MODELS: dict[str, type[SyncedRecord]] = {
    "territory": Territory,
    "user": User,
    "account": Account,
    "contact": Contact,
    "task": Task,
    "activity": Activity,
    "code_set": CodeSet,
    "process": Process,
}


class FeedCounter(Base):
    """The last feed position handed out. Exactly one row (id 1); see `server.feed`.

    `horizon`: the largest position compaction removed; a reader whose cursor is below it may
    have missed a removed change and must resync (`server.retention`).
    `feed_id`, `feed_since`: the feed's identity and the position it began from, and
    `instance`: what the database looked like to the server when it last started
    (`server.feed_identity`).
    """

    __tablename__ = "feed_counter"
    __table_args__ = (CheckConstraint("id = 1", name="feed_counter_single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    horizon: Mapped[int] = mapped_column(BigInteger, default=0)
    feed_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    feed_since: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    instance: Mapped[str | None] = mapped_column(String(200))


class ChangeFeed(Base):
    """One change of one record, seen by the members of `territory_id` (NULL: everyone).

    An `exit` row tells the members of `territory_id` that the record left their territory.
    """

    __tablename__ = "change_feed"
    __table_args__ = (
        Index("ix_change_feed_territory_seq", "territory_id", "seq"),
        Index("ix_change_feed_record", "entity", "record_id", "seq"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    territory_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    exit: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the change was written: compaction removes rows older than the retention period.
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=_utcnow, index=True)


class SyncClient(Base):
    """One client replica: who owns it and the last mutation seq it pushed."""

    __tablename__ = "sync_client"

    client_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user.id"), index=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class MutationResultRow(Base):
    """The answer given to one pushed mutation, returned again when it is replayed."""

    __tablename__ = "mutation_result"

    client_id: Mapped[str] = mapped_column(ForeignKey("sync_client.client_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class ConflictRecord(Base):
    """A value a merge or a delete set aside (`protocol.sync.SetAsideValue`), kept for every
    member of `territory_id` (NULL: everyone) and for its writer `mine_by` to see.

    Written only by `server.writes` inside a write transaction, which holds the feed lock, so
    ids are handed out in commit order and a reader's `after` cursor skips nothing.
    """

    __tablename__ = "conflict"
    __table_args__ = (Index("ix_conflict_territory_id_id", "territory_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    territory_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    field: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    mine: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    theirs: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    mine_by: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    mine_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    theirs_by: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    theirs_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The API keys that wrote `mine` and `theirs` when another system wrote them, by name.
    mine_by_key: Mapped[str | None] = mapped_column(String(100))
    theirs_by_key: Mapped[str | None] = mapped_column(String(100))


class AccessToken(Base):
    """A short-lived token of a signed-in session (`session_id`). Only its SHA-256 is stored."""

    __tablename__ = "access_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user.id"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class RefreshToken(Base):
    """A refresh token of a signed-in session. Only its SHA-256 is stored.

    `used` once exchanged for a new pair; presenting a used token again means a copy is around,
    and ends the whole session (see `server.tokens`).
    """

    __tablename__ = "refresh_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user.id"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class SignInFailures(Base):
    """Failed sign-ins in a row for one throttling key ("user:NAME@IP", "user:NAME" or
    "address:IP"), and the attempts of it whose password is being checked right now (`pending`,
    since `pending_since`).

    Kept in the database, so every server process of a deployment throttles alike.
    """

    __tablename__ = "sign_in_failures"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    pending: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pending_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class ExternalId(Base):
    """The id a record has in another system (ERP, web shop, billing); server-only.

    One record may carry ids of several systems; an id names one record within its system.
    """

    __tablename__ = "external_id"
    __table_args__ = (UniqueConstraint("system", "value", name="uq_external_id_system_value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)


class ApiKey(Base):
    """A key another system uses to call the inbound API (`server.api_keys`). Only the key's
    SHA-256 is stored."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=_utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    scopes: Mapped[list[str]] = mapped_column(JSON)  # `server.api_keys.SCOPES` it grants
    # The territories the key reaches; NULL: every territory.
    territory_ids: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))


class IdempotentRequest(Base):
    """The answer given to a write through an API key that came with an `Idempotency-Key`
    header, kept a day (`server.idempotency`) so a retried request gets it again."""

    __tablename__ = "idempotent_request"

    key_name: Mapped[str] = mapped_column(String(100), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    answer: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)


class EnquiryRoute(Base):
    """Which territory new leads from a city go to; the row with city "*" is the default."""

    __tablename__ = "enquiry_route"

    city: Mapped[str] = mapped_column(String(100), primary_key=True)
    territory_key: Mapped[str] = mapped_column(String(64))


class ServerSetting(Base):
    """A setting of the whole deployment that every server process and command reads alike
    (the default region of phone numbers), set with an admin command."""

    __tablename__ = "server_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Webhook(Base):
    """A URL an admin subscribed to changes of some entities (`server.webhooks`).

    `secret` is the `whsec_…` key deliveries are signed with; the server needs it to sign, so
    it is kept as it is (like the database password, the database must be protected) but never
    listed or logged. `territory_ids`: the territories whose records it hears of (None: all).
    `cursor`: the feed position up to which its deliveries are queued.
    """

    __tablename__ = "webhook"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(200))
    entities: Mapped[list[str]] = mapped_column(JSON)
    territory_ids: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=_utcnow)


class WebhookDelivery(Base):
    """One change of one record to deliver to one webhook (`server.webhook_delivery`).

    `body` is the JSON sent, exactly (the signature covers these bytes). Undelivered while
    `delivered_at` is NULL; `next_attempt_at` NULL then means the retries gave up (an admin
    replays it). A record's deliveries go out in `position` order, each only after the one
    before it succeeded.
    """

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("webhook_id", "position", name="uq_webhook_delivery_webhook_position"),
        Index("ix_webhook_delivery_due", "delivered_at", "next_attempt_at"),
        Index("ix_webhook_delivery_record", "webhook_id", "entity", "record_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhook.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(BigInteger)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=_utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    first_failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class WorkerLease(Base):
    """Which server process runs a background job (`name`) until `expires_at`: one process
    of a deployment delivers webhooks at a time (`server.webhook_delivery`)."""

    __tablename__ = "worker_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(100))
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class SnapshotReader(Base):
    """The service user of one scope (`scope`: `protocol.snapshots.scope_key` of `territories`,
    a JSON list of territory ids), as which the snapshot builder syncs (`server.snapshot_readers`).

    Not a `user` record: it is never in the feed, has no password and no name to sign in with,
    and its tokens are taken only by the reading sync routes (pull, counts)."""

    __tablename__ = "snapshot_reader"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    scope: Mapped[str] = mapped_column(String(64), unique=True)
    territories: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=_utcnow)


class SnapshotReaderToken(Base):
    """A short-lived access token handed to one run of the snapshot builder. Only its SHA-256
    is stored."""

    __tablename__ = "snapshot_reader_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    reader_id: Mapped[str] = mapped_column(ForeignKey("snapshot_reader.id"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
