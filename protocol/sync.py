"""Sync messages: push, pull, wait and counts."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import Field, Strict

from protocol.entities import EntityName, FieldName, FieldProblem, RecordId
from protocol.model import StrictModel
from protocol.paths import MAX_POSITION, MAX_PUSH_BATCH

# Strict: JSON 5 only, never "5", 5.0 or true.
Position = Annotated[int, Strict(), Field(ge=0, le=MAX_POSITION)]


class Mutation(StrictModel):
    """One local change. `seq` grows by one per client; `base_version` 0 means a new record.
    `restore`: bring back a deleted record (and, for a contact, task or activity, its deleted
    account) with `fields` laid over it; the user's answer to losing an edit to a delete."""

    seq: Annotated[Position, Field(ge=1)]
    entity: EntityName
    record_id: RecordId
    op: Literal["upsert", "delete", "restore"]
    base_version: Position
    fields: dict[FieldName, Any] = Field(default_factory=dict)


class PushRequest(StrictModel):
    client_id: RecordId
    mutations: list[Mutation] = Field(max_length=MAX_PUSH_BATCH)


class FieldConflict(StrictModel):
    field: str
    mine: Any
    theirs: Any


class MutationResult(StrictModel):
    """What the server did with one mutation. A replayed mutation gets the stored result."""

    seq: int
    record_id: str
    entity: EntityName
    status: Literal["applied", "conflict", "rejected"]
    version: int = 0
    conflicts: list[FieldConflict] = Field(default_factory=list)
    problems: list[FieldProblem] = Field(default_factory=list)


class PushResponse(StrictModel):
    results: list[MutationResult]


class Change(StrictModel):
    """One record as it now stands for the reader. `removed`: drop it from the replica,
    because it was deleted or left the reader's scope."""

    entity: EntityName
    record_id: str
    version: int
    removed: bool = False
    fields: dict[str, Any] = Field(default_factory=dict)


class PullResponse(StrictModel):
    """A page of the feed. `scope`: the territory ids the reader sees now; when it differs from
    the scope of the reader's earlier pages, the reader resyncs. `resync_required`: the cursor
    is older than the feed's retention horizon (changes after it were compacted away) or beyond
    the feed's last position, so the reader must start again from cursor 0; `changes` is then
    empty. `feed`: the feed's identity, and `feed_since` the position its history began from;
    a cursor taken from a page of another identity belongs to another history of the feed (a
    server restored from a backup), and the reader resyncs, offering again what it holds from
    after `feed_since` (docs/sync-protocol.md, "Feed identity")."""

    changes: list[Change]
    cursor: int
    has_more: bool
    scope: list[str] = Field(default_factory=list)
    resync_required: bool = False
    feed: str = ""
    feed_since: int = 0


class SetAsideValue(StrictModel):
    """A value the server set aside: `mine`, written by user `mine_by` and set aside at
    `mine_at`, lost against `theirs`, which stands, written by `theirs_by` at `theirs_at`.

    `kind`: `changed` (another writer changed the field after the writer's base version) or
    `deleted` (the record or its account was deleted first; `theirs` is null). A user id is
    null where the server itself wrote (an import, the CLI); `theirs_at` is null where the
    feed row of that write was compacted away. `mine_by_key` and `theirs_by_key` name the API
    key of another system (an ERP) that wrote the value, where one did.
    """

    id: int
    entity: EntityName
    record_id: str
    field: str
    kind: Literal["changed", "deleted"]
    mine: Any
    theirs: Any
    mine_by: str | None
    mine_at: dt.datetime
    theirs_by: str | None
    theirs_at: dt.datetime | None
    mine_by_key: str | None = None
    theirs_by_key: str | None = None


class ConflictsResponse(StrictModel):
    """The set-aside values after the `after` the reader sent, oldest first: those of records
    of the reader's territories (and of everyone's), and the reader's own. `cursor`: the id
    to ask after next; `has_more`: the page is full."""

    conflicts: list[SetAsideValue]
    cursor: int
    has_more: bool


class WaitResponse(StrictModel):
    """The answer to a long-poll: `changed` when the reader's feed has a change after the
    cursor it sent; `cursor` is the reader's latest feed position either way."""

    changed: bool
    cursor: int


class CountsResponse(StrictModel):
    """Live records the reader sees, per entity, taken in one snapshot together with `cursor`,
    the reader's latest feed position in that snapshot: their number and their
    `scope_checksum`. A replica whose cursor equals `cursor` and whose counts or checksums
    differ has lost its way and resyncs."""

    cursor: int
    counts: dict[str, int]
    checksums: dict[str, str]


def scope_checksum(records: Iterable[tuple[str, int]]) -> str:
    """An order-free checksum of (record id, version) pairs: the XOR of their SHA-256 prefixes.

    Both sides compute it over the records of one entity, so a record missing, extra or at
    another version on either side shows, not only a different count.
    """
    digest = 0
    for record_id, version in records:
        hashed = hashlib.sha256(f"{record_id}:{version}".encode()).digest()
        digest ^= int.from_bytes(hashed[:16], "big")
    return f"{digest:032x}"
