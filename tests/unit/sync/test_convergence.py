"""Randomized convergence: several replicas edit offline, sync in random orders, a manager moves
accounts between territories and a rep's territories change, accounts with contacts and tasks
are deleted and what lost to a delete is restored, and the server may be backed up and restored
from a backup. When all is quiet, every replica equals the server's view of its scope, no contact
or task outlives its account anywhere, every edit was applied or is kept as a conflict, and no
record a replica held at a restore is lost.

200 scenarios on SQLite and 30 on PostgreSQL by default; FIELDBOOK_CONVERGENCE_EXAMPLES sets
both higher (or lower) for a longer run. A tenth as many run on SQLite with territory snapshots:
a builder replica per scope publishes one now and then with the builder's own `publish` into the
server's snapshot directory (`tests.support.snapshots`), and every replica that starts from
cursor 0 (first sync, resync, new territories, a restored server) installs the one the server
offers, if it lines up with the feed. The scenarios run in SHARDS tests,
each with a seed of its own, so that pytest-xdist's workers share them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from local_store import records as local_records
from local_store import state
from local_store.db import Replica
from local_store.models import Account, Conflict, Contact, Task
from protocol.auth import TokenResponse
from protocol.sync import MutationResult
from server import auth, feed, feed_identity, restore, users
from server.api import create_app
from server.database import make_engine, make_sessions
from server.tables import CHILD_MODELS, MODELS, MutationResultRow, User
from server.tables import Account as ServerAccount
from server.values import wire_fields
from server.writes import DELETED
from sync.engine import SyncEngine
from tests.support.asgi_transport import in_process_transport
from tests.support.hashing import cheap_hasher
from tests.support.postgres import copy_live_database, create_database
from tests.support.snapshots import SnapshotRoutes, make_snapshot, snapshot_app
from tests.support.templates import copy_sqlite, migrate_and_fill, server_template
from tests.support.views import replica_view, server_view

PASSWORD = "pw-secret"
# name → (role, territory keys)
PEOPLE = {
    "a1": ("rep", ["A"]),
    "a2": ("rep", ["A"]),
    "b1": ("rep", ["B"]),
    "boss": ("manager", ["A", "B"]),
}
VALUES = ("1", "2", "3", "北京", "上海")
ACCOUNT_FIELDS = ("phone", "city", "address", "note", "tier")
CONTACT_FIELDS = ("phone", "title", "email")
BUILDERS = ("a1", "b1", "boss")  # whose scopes get snapshots (b1's changes with its territories)


SHARDS = 4


def examples(default: int, shard: int) -> int:
    """This shard's part of the scenarios: the total spread evenly over the SHARDS."""
    total = int(os.environ.get("FIELDBOOK_CONVERGENCE_EXAMPLES", default))
    return total // SHARDS + (shard < total % SHARDS)


@dataclass(frozen=True)
class Edit:
    """One local change as queued: what the server must have applied or given back."""

    client: str
    seq: int
    entity: str
    record_id: str
    op: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Device:
    name: str
    user_id: str
    replica: Replica
    engine: SyncEngine


def add_people(engine: Engine) -> None:
    """Territories A and B and the PEOPLE, signing in with PASSWORD."""
    with feed.write_transaction(make_sessions(engine).write) as session:
        territories = {key: users.ensure_territory(session, key) for key in "AB"}
        for name, (role, keys) in PEOPLE.items():
            users.add_user(
                session,
                name=name,
                role=role,
                territory_ids=[territories[key] for key in keys],
                password_hash=auth.hash_password(PASSWORD),
            )


def sign_in_people(database_url: str) -> dict[str, TokenResponse]:
    """Each of PEOPLE signed in once on the database every scenario copies: the copies hold
    those sessions, and a scenario's replicas start with their tokens (signing in is not what
    this test is about, and four sign-ins a scenario took a tenth of its time)."""
    engine = make_engine(database_url)
    try:
        with TestClient(create_app(engine)) as client:
            return {name: in_process_transport(client).sign_in(name, PASSWORD) for name in PEOPLE}
    finally:
        engine.dispose()


@dataclass
class Restores:
    """The backups taken (each with whether b1 had territory A then), the records replicas held
    at each restore, and the edits and client ids at the last one."""

    backups: list[tuple[Any, bool]] = field(default_factory=list)
    held: set[tuple[str, str]] = field(default_factory=set)
    edits_before: int = 0
    client_ids: dict[str, str] | None = None


class FreshReplicas:
    """The replicas of a run's scenarios, each a copy of the template when taken. One that a
    scenario gave back is taken again with the template's copy put in place of its file
    (`Replica.replace_file`, as a snapshot install does): its engine, and the statements it
    compiled, serve the next scenario (a new engine compiles every statement again: one shard
    took 44.1 s with a new replica each time, 42.0 s so)."""

    def __init__(self, template: Path, folder: Path) -> None:
        self.template = template
        self.folder = folder
        self.free: list[Replica] = []
        self.made: list[Replica] = []

    def take(self) -> Replica:
        if not self.free:
            replica = Replica(self._copy())
            self.made.append(replica)
            return replica
        replica = self.free.pop()
        replica.replace_file(lambda _old: self._copy())
        return replica

    def give_back(self, replica: Replica) -> None:
        self.free.append(replica)

    def close(self) -> None:
        for replica in self.made:
            replica.close()

    def _copy(self) -> Path:
        path = self.folder / f"{uuid.uuid4().hex}.db"
        shutil.copy(self.template, path)
        return path


@dataclass
class RunServer:
    """The server a run's scenarios share: one engine, app and in-process client, serving the
    snapshots in `snapshot_dir` when the run has them. Each scenario puts the people database
    back in place first (`put_back`), as a restore puts back a backup: a new engine and app per
    scenario compiled every statement and built every route again, a fifth of its time."""

    engine: Engine
    client: TestClient
    snapshot_dir: Path
    put_back: Callable[[Engine], None]


class Convergence(RuleBasedStateMachine):
    """One scenario: the run's server on a fresh copy of the database with `add_people` done
    (started on it as every `fieldbook-server` command starts), four replicas, random steps
    (see the module)."""

    run_server: RunServer
    back_up_database: Callable[[Engine], Any]
    restore_database: Callable[[Engine, Any], None]
    replicas: FreshReplicas
    tokens: dict[str, TokenResponse]  # each person's session (`sign_in_people`)
    snapshots: bool = False  # the server offers territory snapshots (`publish_snapshot`)

    def __init__(self) -> None:
        super().__init__()
        self.stack = ExitStack()
        self.server = self.run_server.engine
        self.client = self.run_server.client
        self.snapshot_dir = self.run_server.snapshot_dir
        shutil.rmtree(self.snapshot_dir, ignore_errors=True)  # the last scenario's snapshots
        self.run_server.put_back(self.server)
        feed_identity.settle(self.server)  # what a backup of it then tells a restore
        self.territories = {key: users.territory_record_id(key) for key in "AB"}
        with Session(self.server) as session:
            ids = {name: user_id for name, user_id in session.execute(select(User.name, User.id))}
        user_ids = {name: ids[name] for name in PEOPLE}
        self.devices = {name: self._device(name, user_id) for name, user_id in user_ids.items()}
        # Replicas that only pull and publish snapshots of their scope (the server's builder).
        self.builders: dict[str, Device] = {}
        if self.snapshots:  # one for each scope from the start, so first syncs take them
            for builder in BUILDERS:
                self.publish_snapshot(builder)
        self.edits: list[Edit] = []
        self.b1_has_a = False
        self.restores = Restores()

    def _device(self, name: str, user_id: str, *, builder: bool = False) -> Device:
        replica = self.replicas.take()
        self.stack.callback(self.replicas.give_back, replica)
        transport = in_process_transport(self.client)
        if builder:  # a session of its own, and no snapshots: it makes them
            transport.sign_in(name, PASSWORD)
        else:  # the person's session that every copy of the database holds
            transport.token = self.tokens[name].access_token
            transport.refresh_token = self.tokens[name].refresh_token
        engine = SyncEngine(replica, transport, page_size=25, snapshots=not builder)
        return Device(name, user_id, replica, engine)

    # -- local edits, made offline --------------------------------------------------------

    def _save(self, device: Device, entity: str, record_id: str, fields: dict[str, Any]) -> None:
        with device.replica.session() as session:
            changed = local_records.save(session, entity, record_id, fields)
            if changed:
                seq = int(state.get(session, state.NEXT_SEQ)) - 1
                self.edits.append(Edit(device.name, seq, entity, record_id, "upsert", changed))

    def _ids(self, device: Device, model: type[Account] | type[Contact]) -> list[str]:
        with device.replica.session() as session:
            return sorted(session.scalars(select(model.id)))

    def _pick(self, device: Device, model: type[Account] | type[Contact], pick: int) -> str | None:
        ids = self._ids(device, model)
        return ids[pick % len(ids)] if ids else None

    @rule(
        name=st.sampled_from(sorted(PEOPLE)), pick=st.integers(0, 1), value=st.sampled_from(VALUES)
    )
    def create_account(self, name: str, pick: int, value: str) -> None:
        device = self.devices[name]
        keys = PEOPLE[name][1]
        territory = self.territories[keys[pick % len(keys)]]
        fields = {"name": f"{name} {value}", "territory_id": territory, "phone": value}
        self._save(device, "account", str(uuid.uuid4()), fields)

    @rule(name=st.sampled_from(sorted(PEOPLE)), pick=st.integers(0, 50))
    def create_contact(self, name: str, pick: int) -> None:
        device = self.devices[name]
        account_id = self._pick(device, Account, pick)
        if account_id is not None:
            fields = {"account_id": account_id, "name": f"contact of {name}"}
            self._save(device, "contact", str(uuid.uuid4()), fields)

    @rule(
        name=st.sampled_from(sorted(PEOPLE)),
        pick=st.integers(0, 50),
        field_name=st.sampled_from(ACCOUNT_FIELDS),
        value=st.sampled_from(VALUES),
    )
    def edit_account(self, name: str, pick: int, field_name: str, value: str) -> None:
        device = self.devices[name]
        account_id = self._pick(device, Account, pick)
        if account_id is not None:
            self._save(device, "account", account_id, {field_name: value})

    @rule(
        name=st.sampled_from(sorted(PEOPLE)),
        pick=st.integers(0, 50),
        field_name=st.sampled_from(CONTACT_FIELDS),
        value=st.sampled_from(VALUES),
    )
    def edit_contact(self, name: str, pick: int, field_name: str, value: str) -> None:
        device = self.devices[name]
        contact_id = self._pick(device, Contact, pick)
        if contact_id is not None:
            self._save(device, "contact", contact_id, {field_name: value})

    @rule(name=st.sampled_from(sorted(PEOPLE)), pick=st.integers(0, 50), contact=st.booleans())
    def delete(self, name: str, pick: int, contact: bool) -> None:
        device = self.devices[name]
        entity, model = ("contact", Contact) if contact else ("account", Account)
        record_id = self._pick(device, model, pick)
        if record_id is None:
            return
        with device.replica.session() as session:
            local_records.delete(session, entity, record_id)
            seq = int(state.get(session, state.NEXT_SEQ)) - 1
        self.edits.append(Edit(name, seq, entity, record_id, "delete"))

    @rule(name=st.sampled_from(sorted(PEOPLE)), pick=st.integers(0, 50))
    def create_task(self, name: str, pick: int) -> None:
        device = self.devices[name]
        account_id = self._pick(device, Account, pick)
        if account_id is not None:
            fields = {"account_id": account_id, "title": f"task of {name}"}
            self._save(device, "task", str(uuid.uuid4()), fields)

    def _delete_account(self, device: Device, account_id: str) -> None:
        with device.replica.session() as session:
            local_records.delete(session, "account", account_id)
            seq = int(state.get(session, state.NEXT_SEQ)) - 1
        self.edits.append(Edit(device.name, seq, "account", account_id, "delete"))

    @rule(name=st.sampled_from(sorted(PEOPLE)), pick=st.integers(0, 50))
    def delete_parent(self, name: str, pick: int) -> None:
        """An account that has contacts or tasks on this replica is deleted, with them (not
        one the replica no longer holds: a contact restored under an account deleted here
        shows without it until the server's restore of both arrives)."""
        device = self.devices[name]
        with device.replica.session() as session:
            parents = sorted(
                set(session.scalars(select(Account.id)))
                & (
                    set(session.scalars(select(Contact.account_id)))
                    | set(session.scalars(select(Task.account_id)))
                )
            )
        if parents:
            self._delete_account(device, parents[pick % len(parents)])

    @rule(
        writer=st.sampled_from(sorted(PEOPLE)),
        deleter=st.sampled_from(sorted(PEOPLE)),
        pick=st.integers(0, 50),
    )
    def write_under_deleted_parent(self, writer: str, deleter: str, pick: int) -> None:
        """Two colleagues hold the same account (one made it, if they shared none); `writer`
        adds a contact under it offline while `deleter` deletes it and syncs first, then the
        writer pushes."""
        device, other = self.devices[writer], self.devices[deleter]
        common = sorted(set(PEOPLE[writer][1]) & set(PEOPLE[deleter][1]))
        if writer == deleter or not common:
            return
        shared = sorted(set(self._ids(device, Account)) & set(self._ids(other, Account)))
        if not shared:
            territory = self.territories[common[0]]
            fields = {"name": f"{writer} shared", "territory_id": territory}
            self._save(device, "account", str(uuid.uuid4()), fields)
            device.engine.sync()
            other.engine.sync()
            shared = sorted(set(self._ids(device, Account)) & set(self._ids(other, Account)))
        account_id = shared[pick % len(shared)]
        fields = {"account_id": account_id, "name": f"late contact of {writer}"}
        self._save(device, "contact", str(uuid.uuid4()), fields)
        self._delete_account(other, account_id)
        other.engine.sync()
        device.engine.push()  # the contact is set aside; the writer hears at once

    @rule(pick=st.integers(0, 50))
    def restore_lost(self, pick: int) -> None:
        """A user whose values lost to a delete restores them, with their record."""
        losers = [(d, lost) for d in self.devices.values() if (lost := self._lost(d))]
        if not losers:
            return
        device, lost = losers[pick % len(losers)]
        name = device.name
        with device.replica.session() as session:
            chosen = lost[pick % len(lost)]
            same = [c for c in lost if (c.entity, c.record_id) == (chosen.entity, chosen.record_id)]
            values = {c.field: c.mine for c in same}
            local_records.restore(session, chosen.entity, chosen.record_id, values)
            for c in same:
                session.get_one(Conflict, c.id).resolved = True
            seq = int(state.get(session, state.NEXT_SEQ)) - 1
        self.edits.append(Edit(name, seq, chosen.entity, chosen.record_id, "restore", values))

    def _lost(self, device: Device) -> list[Conflict]:
        """This user's values that lost to a delete and are not restored yet."""
        with device.replica.session() as session:
            found = session.scalars(
                select(Conflict).where(
                    Conflict.kind == "deleted",
                    Conflict.mine_by == device.user_id,
                    Conflict.resolved.is_(False),
                )
            ).all()
            session.expunge_all()
            return list(found)

    @rule(pick=st.integers(0, 50), to_b=st.booleans())
    def reassign(self, pick: int, to_b: bool) -> None:
        """The manager moves an account (with its contacts) to the other territory."""
        boss = self.devices["boss"]
        account_id = self._pick(boss, Account, pick)
        if account_id is not None:
            territory = self.territories["B" if to_b else "A"]
            self._save(boss, "account", account_id, {"territory_id": territory})

    @rule()
    def change_b1_territories(self) -> None:
        """b1 gains territory A, or loses it again."""
        self.b1_has_a = not self.b1_has_a
        keys = ["B", "A"] if self.b1_has_a else ["B"]
        with feed.write_transaction(make_sessions(self.server).write) as session:
            users.set_territories(
                session, self.devices["b1"].user_id, [self.territories[k] for k in keys]
            )

    # -- a restore of the server from a backup ----------------------------------------------

    @rule()
    def back_up_server(self) -> None:
        self.restores.backups.append((self.back_up_database(self.server), self.b1_has_a))

    @precondition(lambda self: bool(self.restores.backups))
    @rule(pick=st.integers(0, 3))
    def restore_server(self, pick: int) -> None:
        """The server goes back to a backup (as docs/deploy.md restores one, and as the server
        then starts); what every replica holds now must not be lost."""
        backup, self.b1_has_a = self.restores.backups[pick % len(self.restores.backups)]
        for device in self.devices.values():
            self.restores.held |= set(replica_view(device.replica))
        self.restore_database(self.server, backup)
        self.restores.edits_before = len(self.edits)
        self.restores.client_ids = {name: self._client_id(d) for name, d in self.devices.items()}

    def _client_id(self, device: Device) -> str:
        with device.replica.session() as session:
            return state.client_id(session)

    def _numbering_lost(self, edit: Edit) -> bool:
        """Whether the server's stored result of `edit` may be gone with a restore, or filed
        under another number: made before the last restore, or by a replica that numbered its
        outbox again after it. Such edits are checked by `_check_held`."""
        if self.restores.client_ids is None:
            return False
        index = next(i for i, made in enumerate(self.edits) if made is edit)
        renumbered = (
            self._client_id(self.devices[edit.client]) != (self.restores.client_ids[edit.client])
        )
        return index < self.restores.edits_before or renumbered

    def _check_held(self) -> None:
        """Every record a replica held when the server was restored is on the server again
        (live or deleted by a later edit), or kept in a replica's conflict records."""
        kept: set[str] = set()
        for device in self.devices.values():
            with device.replica.session() as session:
                kept |= set(session.scalars(select(Conflict.record_id)))
        with Session(self.server) as session:
            for entity, record_id in self.restores.held:
                found = session.get(MODELS[entity], record_id) is not None
                assert found or record_id in kept, f"{entity} {record_id} was lost by a restore"

    # -- territory snapshots -----------------------------------------------------------------

    @precondition(lambda self: self.snapshots)
    @rule(name=st.sampled_from(BUILDERS))
    def publish_snapshot(self, name: str) -> None:
        """The builder of `name`'s scope syncs and publishes its replica as that scope's
        snapshot (b1's scope changes with its territories)."""
        if name not in self.builders:
            self.builders[name] = self._device(name, self.devices[name].user_id, builder=True)
        builder = self.builders[name]
        builder.engine.sync()
        make_snapshot(builder.replica.path, self.snapshot_dir)

    # -- sync, in any order and in parts ---------------------------------------------------

    @rule(name=st.sampled_from(sorted(PEOPLE)))
    def sync(self, name: str) -> None:
        self.devices[name].engine.sync()

    @rule(name=st.sampled_from(sorted(PEOPLE)))
    def push_only(self, name: str) -> None:
        self.devices[name].engine.push()

    @rule(name=st.sampled_from(sorted(PEOPLE)))
    def pull_only(self, name: str) -> None:
        self.devices[name].engine.pull()

    # -- when all is quiet -------------------------------------------------------------------

    def teardown(self) -> None:
        try:
            for _round in range(2):
                for device in self.devices.values():
                    device.engine.sync()
            for device in self.devices.values():
                assert replica_view(device.replica) == server_view(self.server, device.user_id), (
                    f"{device.name}'s replica differs from the server's view of its scope"
                )
            self._check_no_orphans()
            for edit in self.edits:
                self._check_kept(edit)
            self._check_held()
        finally:
            self.stack.close()

    def _check_no_orphans(self) -> None:
        """No live contact, task or activity on the server belongs to a deleted account (so no
        replica, equal to its view, holds one)."""
        with Session(self.server) as session:
            for entity, model in CHILD_MODELS.items():
                orphans = session.scalars(
                    select(model.id)
                    .join(ServerAccount, ServerAccount.id == model.account_id)
                    .where(model.deleted.is_(False), ServerAccount.deleted.is_(True))
                ).all()
                assert not orphans, f"live {entity} records under deleted accounts: {orphans}"

    def _check_kept(self, edit: Edit) -> None:
        """The edit was applied (its values stand, or a later change replaced them) or every
        value of it is in the client's conflict records."""
        if self._numbering_lost(edit):
            return
        device = self.devices[edit.client]
        with device.replica.session() as session:
            client_id = state.client_id(session)
            conflicts = select(Conflict).where(Conflict.record_id == edit.record_id)
            kept = {
                (c.field, repr(c.mine))
                for c in session.scalars(conflicts)
                if c.kind == "refused" or c.mine_by == device.user_id  # this user's values
            }
        with Session(self.server) as session:
            row = session.get(MutationResultRow, (client_id, edit.seq))
            assert row is not None, f"{edit} never reached the server"
            result = MutationResult.model_validate(row.result)
            record = session.get(MODELS[edit.entity], edit.record_id)
            conflicting = {c.field for c in result.conflicts}
            if result.status == "rejected":
                conflicting = set(edit.fields) or {p.field for p in result.problems}
            if edit.op == "delete":
                restored_later = record is not None and (
                    record.field_versions.get(DELETED, 0) > result.version
                )
                gone = record is not None and (record.deleted or restored_later)
                assert gone or kept, f"{edit} was lost"
                return
            assert record is not None, f"{edit} was lost"
            current = wire_fields(edit.entity, record)
            for name, value in edit.fields.items():
                if name in conflicting:
                    assert (name, repr(value)) in kept, f"{edit}: {name} is not kept"
                else:
                    overwritten = record.field_versions.get(name, 0) > result.version
                    assert current[name] == value or overwritten, f"{edit}: {name} was lost"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_hasher", cheap_hasher())


def scratch_dir() -> Path:
    """A directory for throwaway databases, in memory where the system offers one: thousands
    of small commits would otherwise wait for the disk most of the run."""
    memory = Path("/dev/shm")
    parent = memory if memory.is_dir() and os.access(memory, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="fieldbook-convergence-", dir=parent))


def back_up_sqlite(engine: Engine) -> Path:
    """The online backup of docs/deploy.md (SQLite's backup API, as `sqlite3 .backup`)."""
    database = Path(str(engine.url.database))
    backup = database.with_name(f"backup-{uuid.uuid4().hex}.db")
    copy_sqlite(database, backup)
    return backup


def restore_sqlite(engine: Engine, backup: Path) -> None:
    """`fieldbook-server restore BACKUP`, the server stopped meanwhile."""
    restore.restore(engine, backup)


def _plain_url(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def back_up_postgres(engine: Engine) -> str:
    """A copy of the database: what pg_dump keeps (the name of the copy)."""
    engine.dispose()
    return copy_live_database(_plain_url(engine), "bk_" + uuid.uuid4().hex[:12]).rsplit("/", 1)[1]


def restore_postgres(engine: Engine, backup: str) -> None:
    """What pg_restore into an emptied database makes (new tables), then the server's start."""
    put_back_postgres(engine, backup)
    feed_identity.settle(engine)


def put_back_postgres(engine: Engine, template: str) -> None:
    """The database of `engine` made again as a copy of the database `template`; connections
    to it are cut (the server is stopped meanwhile)."""
    import psycopg

    engine.dispose()
    base, name = _plain_url(engine).rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


@dataclass(frozen=True)
class People:
    """A database the run's scenarios start from: `add_people` done and each person signed in
    (`tokens`); `put_back` makes the server's database at `database` a fresh copy of it, and
    `back_up`/`restore_from` back that one up and restore it as docs/deploy.md does."""

    database: str
    put_back: Callable[[Engine], None]
    tokens: dict[str, TokenResponse]
    back_up: Callable[[Engine], Any]
    restore_from: Callable[[Engine, Any], None]


@contextmanager
def scenarios_on(
    people: People, template: Path, *, snapshots: bool = False
) -> Iterator[type[Convergence]]:
    """The scenario class of a run on `people`'s server, whose scenarios share one server
    (`RunServer`) and the replicas made from `template`; `snapshots`: the server offers
    territory snapshots."""
    workdir = scratch_dir()
    replicas = FreshReplicas(template, workdir)
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        stack.callback(replicas.close)
        engine = make_engine(people.database)
        stack.callback(engine.dispose)
        people.put_back(engine)  # before the app's background work starts on it
        snapshot_dir = workdir / "snapshots"
        if snapshots:
            app = SnapshotRoutes().mount(snapshot_app(engine, snapshot_dir))
        else:
            app = create_app(engine)
        client = stack.enter_context(TestClient(app))
        yield type(
            "ConvergenceRun",
            (Convergence,),
            {
                "run_server": RunServer(engine, client, snapshot_dir, people.put_back),
                "back_up_database": staticmethod(people.back_up),
                "restore_database": staticmethod(people.restore_from),
                "replicas": replicas,
                "tokens": people.tokens,
                "snapshots": snapshots,
            },
        )


def run(people: People, template: Path, count: int, shard: int, *, snapshots: bool = False) -> None:
    """`count` scenarios, the same ones on every run of this `shard` (its seed)."""
    with scenarios_on(people, template, snapshots=snapshots) as machine:
        run_state_machine_as_test(
            seed(shard)(machine),
            settings=settings(
                max_examples=count,
                stateful_step_count=12,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )


@contextmanager
def people_on_sqlite() -> Iterator[People]:
    databases = scratch_dir()
    people = server_template(databases / "people.db", add_people)

    def put_back(engine: Engine) -> None:
        engine.dispose()
        copy_sqlite(people, Path(str(engine.url.database)))

    try:
        yield People(
            f"sqlite:///{databases / 'server.db'}",
            put_back,
            sign_in_people(f"sqlite:///{people}"),
            back_up_sqlite,
            restore_sqlite,
        )
    finally:
        shutil.rmtree(databases, ignore_errors=True)


def people_on_postgres(cluster: str) -> People:
    people = migrate_and_fill(
        create_database(cluster, "people_" + uuid.uuid4().hex[:12]), add_people
    )
    base, template = people.rsplit("/", 1)
    return People(
        base + "/c_" + uuid.uuid4().hex[:12],
        lambda engine: put_back_postgres(engine, template),
        sign_in_people(people),
        back_up_postgres,
        restore_postgres,
    )


@pytest.mark.parametrize("shard", range(SHARDS))
def test_replicas_converge_on_sqlite(replica_template: Path, shard: int) -> None:
    with people_on_sqlite() as people:
        run(people, replica_template, examples(200, shard), shard)


# The snapshot path runs a tenth of the scenarios (20 by default): each costs more (three
# builders' syncs and files), and the page pull's own rules are the same either way.
SNAPSHOT_SHARDS = 2


@pytest.mark.parametrize("shard", range(SNAPSHOT_SHARDS))
def test_replicas_converge_through_snapshots_on_sqlite(replica_template: Path, shard: int) -> None:
    total = examples(200, 0) * SHARDS // 10
    count = total // SNAPSHOT_SHARDS + (shard < total % SNAPSHOT_SHARDS)
    with people_on_sqlite() as people:
        run(people, replica_template, count, SHARDS + shard, snapshots=True)


@pytest.mark.postgres
@pytest.mark.parametrize("shard", range(SHARDS))
def test_replicas_converge_on_postgres(replica_template: Path, pg_cluster: str, shard: int) -> None:
    run(people_on_postgres(pg_cluster), replica_template, examples(30, shard), shard)


def restore_to_before_a_shared_account(scenario: Convergence, writer: str) -> None:
    """What 800 scenarios on PostgreSQL found (the same steps with other writers, and with
    more steps): the server goes back to before an account `writer` shared with a1, which a1
    deleted while `writer` added a contact under it. The scenario's server had never started
    on its database, so the backup carried no record of the database it came from and the
    restore went unnoticed: the replicas kept their cursors and nobody offered the account
    again."""
    scenario.back_up_server()
    scenario.write_under_deleted_parent(writer=writer, deleter="a1", pick=0)
    scenario.restore_server(pick=0)
    scenario.teardown()


@pytest.mark.parametrize("writer", ["a2", "boss"])
def test_a_restore_to_before_a_shared_account_keeps_it_on_sqlite(
    replica_template: Path, writer: str
) -> None:
    with people_on_sqlite() as people, scenarios_on(people, replica_template) as scenario:
        restore_to_before_a_shared_account(scenario(), writer)


@pytest.mark.postgres
@pytest.mark.parametrize("writer", ["a2", "boss"])
def test_a_restore_to_before_a_shared_account_keeps_it_on_postgres(
    replica_template: Path, pg_cluster: str, writer: str
) -> None:
    people = people_on_postgres(pg_cluster)
    with scenarios_on(people, replica_template) as scenario:
        restore_to_before_a_shared_account(scenario(), writer)


def test_a_contact_restored_after_its_account_was_deleted_brings_the_account_back(
    replica_template: Path,
) -> None:
    """What 2,000 scenarios on SQLite found (shrunk by hand): boss's contact lost to a1's
    delete of its account; boss deletes that account too, then restores the contact. The
    scenario recorded a second delete of the account, which boss's replica no longer held
    (nothing was queued), and looked for it on the server."""
    with people_on_sqlite() as people, scenarios_on(people, replica_template) as scenario:
        steps = scenario()
        steps.write_under_deleted_parent(writer="boss", deleter="a1", pick=0)
        steps.delete_parent(name="boss", pick=0)
        steps.restore_lost(pick=0)
        steps.delete_parent(name="boss", pick=0)
        account_id = steps.edits[0].record_id
        steps.teardown()
        with Session(steps.server) as session:
            assert not session.get_one(ServerAccount, account_id).deleted
