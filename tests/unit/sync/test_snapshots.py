"""A replica with no synced records starts from the server's territory snapshot: over real HTTP,
checked, resumed after a break, never installed when damaged, made this client's own, and equal
to what a page-by-page pull gives."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from local_store import outbox, queries, records, snapshot_install, state
from local_store.db import Replica
from local_store.models import ENTITY_MODELS, Account
from protocol.sync import CountsResponse
from server import demo_data, feed, snapshot_store, users
from server.database import make_sessions
from server.writes import bulk_create
from sync.engine import Progress, SyncEngine
from sync.errors import Outcome, SyncError
from sync.snapshot_download import PART_SUFFIX
from sync.transport import Transport
from tests.support.clock import FakeClock
from tests.support.live_server import serving
from tests.support.snapshots import SnapshotRoutes, make_snapshot, snapshot_app
from tests.support.views import replica_view, server_view
from tests.unit.sync.conftest import PASSWORD
from tests.unit.sync.test_engine import account, edit, find, new_account
from tests.unit.sync.test_resync import compact_everything, set_territories

QUERIES = ("北京", "bj", "beijing", "有限", "科技", "138", "010", "Trading", "zh", "a")


@dataclass
class Laptop:
    replica: Replica
    transport: Transport
    engine: SyncEngine
    user_id: str
    territory_id: str


@pytest.fixture
def routes() -> SnapshotRoutes:
    return SnapshotRoutes()


@pytest.fixture
def snapshots(tmp_path: Path) -> Path:
    """The server's snapshot directory."""
    return tmp_path / "snapshots"


@pytest.fixture
def url(
    server_engine: Engine, server_clock: FakeClock, routes: SnapshotRoutes, snapshots: Path
) -> Iterator[str]:
    app = snapshot_app(server_engine, snapshots, server_clock)
    with serving(routes.mount(app)) as address:
        yield address


@pytest.fixture
def laptop(tmp_path: Path, url: str) -> Iterator[Callable[..., Laptop]]:
    opened: list[Replica] = []

    def open_laptop(name: str, *, snapshots: bool = True, **options: object) -> Laptop:
        replica = Replica(tmp_path / f"{name}-{len(opened)}" / "replica.db")
        opened.append(replica)
        transport = Transport(url, retries=0)
        me = transport.sign_in(name, PASSWORD).user
        with replica.session() as session:
            state.client_id(session)
        engine = SyncEngine(replica, transport, snapshots=snapshots, **options)  # type: ignore[arg-type]
        return Laptop(replica, transport, engine, me.id, me.territories[0])

    yield open_laptop
    for replica in opened:
        replica.close()


@pytest.fixture
def publish(
    laptop: Callable[..., Laptop], snapshots: Path
) -> Callable[[str], snapshot_store.Stored]:
    """Publish the snapshot of a user's scope, made by a builder that pulls as that user."""

    def published(builder_user: str) -> snapshot_store.Stored:
        builder = laptop(builder_user, snapshots=False)
        builder.engine.sync()
        return make_snapshot(builder.replica.path, snapshots)

    return published


def fill(server_engine: Engine, accounts: int = 60) -> None:
    """Generated accounts with contacts, tasks and activities in territories A and B."""
    with feed.write_transaction(make_sessions(server_engine).write) as session:
        ids = {users.ensure_territory(session, key): key for key in ("A", "B")}
        owners: dict[str, list[str]] = {territory_id: [] for territory_id in ids}
        generated = demo_data.generate(
            seed=7, accounts=accounts, territories=ids, owners=owners, today=dt.date(2026, 12, 1)
        )
        bulk_create(session, generated)


def tables(replica: Replica) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every synced table, search keys included, and sync_state without the
    client's own facts."""
    with closing(sqlite3.connect(replica.path)) as connection:
        found = {
            entity: sorted(connection.execute(f'SELECT * FROM "{entity}"').fetchall())
            for entity in ENTITY_MODELS
        }
        client_keys = (state.CLIENT_ID, state.NEXT_SEQ, state.ME, state.LAST_SYNC)
        own = ", ".join(f"'{key}'" for key in (*client_keys, "last_count_check_at"))
        found["sync_state"] = sorted(
            connection.execute(f"SELECT * FROM sync_state WHERE key NOT IN ({own})").fetchall()
        )
    return found


def searches(replica: Replica) -> dict[str, list[str]]:
    with replica.session() as session:
        return {q: [a.id for a in queries.search_accounts(session, q, limit=500)] for q in QUERIES}


def client_id(replica: Replica) -> str:
    with replica.session() as session:
        return state.client_id(session)


def test_a_snapshot_gives_the_replica_a_page_by_page_pull_gives(
    laptop, publish, server_engine, routes
):
    fill(server_engine)
    publish("bob")
    bob = laptop("bob")
    new_account(bob, "北京新科技有限公司", phone="010-6666 7777")  # after the snapshot
    bob.engine.sync()

    from_snapshot, paged = laptop("alice"), laptop("alice", snapshots=False)
    mine = client_id(from_snapshot.replica)
    report = from_snapshot.engine.sync()
    paged.engine.sync()

    assert report.changed == frozenset(ENTITY_MODELS)  # every view refreshes, as after a pull

    assert from_snapshot.engine.snapshots_installed == 1
    assert paged.engine.snapshots_installed == 0
    assert tables(from_snapshot.replica) == tables(paged.replica)
    assert searches(from_snapshot.replica) == searches(paged.replica)
    assert any(searches(from_snapshot.replica).values())
    assert client_id(from_snapshot.replica) == mine
    assert replica_view(from_snapshot.replica) == server_view(server_engine, from_snapshot.user_id)


def test_the_installed_replica_keeps_the_old_files_permissions(laptop, publish, server_engine):
    fill(server_engine, accounts=5)
    publish("bob")
    alice = laptop("alice")
    alice.replica.path.chmod(0o600)
    alice.engine.sync()
    assert alice.engine.snapshots_installed == 1
    assert stat.S_IMODE(alice.replica.path.stat().st_mode) == 0o600


def test_after_a_snapshot_the_server_is_not_asked_to_count_every_record(
    laptop, publish, server_engine, monkeypatch
):
    fill(server_engine, accounts=10)
    publish("bob")
    alice, paged = laptop("alice"), laptop("alice", snapshots=False)
    asked: list[Laptop] = []

    def counting(client: Laptop) -> Callable[[], CountsResponse]:
        real = client.transport.counts

        def counts() -> CountsResponse:
            asked.append(client)
            return real()

        return counts

    for client in (alice, paged):
        monkeypatch.setattr(client.transport, "counts", counting(client))
    alice.engine.sync()
    paged.engine.sync()
    assert asked == [paged]  # the page pull's first sync checks; the snapshot's was checked


def test_without_a_snapshot_the_first_sync_pulls_page_by_page(laptop, server_engine, routes):
    fill(server_engine, accounts=5)
    alice = laptop("alice")
    offers_asked = routes.offers_asked
    alice.engine.sync()
    assert routes.offers_asked == offers_asked + 1
    assert alice.engine.snapshots_installed == 0
    assert replica_view(alice.replica) == server_view(server_engine, alice.user_id)


def test_the_download_reports_bytes_and_time_left(laptop, publish, server_engine):
    fill(server_engine, accounts=20)
    snapshot = publish("bob")
    seen: list[Progress] = []
    laptop("alice", on_progress=seen.append).engine.sync()
    downloads = [p for p in seen if p.phase == "download"]
    assert downloads[-1].done == downloads[-1].total == snapshot.manifest.offer.size
    assert downloads[-1].seconds_left == 0.0
    assert any(p.phase == "install" for p in seen)


def test_a_broken_download_resumes_where_it_stopped(laptop, publish, server_engine, routes):
    fill(server_engine)
    snapshot = publish("bob")
    size = snapshot.manifest.offer.size
    alice = laptop("alice")
    routes.break_after = size // 2

    with pytest.raises(SyncError) as broken:
        alice.engine.sync()
    assert broken.value.outcome is Outcome.OFFLINE
    part = alice.replica.path.with_name(alice.replica.path.name + PART_SUFFIX)
    held = part.stat().st_size
    assert 0 < held < size

    alice.engine.sync()
    assert routes.ranges == [None, f"bytes={held}-"]
    assert routes.bytes_sent == size  # nothing sent twice
    assert alice.engine.snapshots_installed == 1
    assert not part.exists()
    assert replica_view(alice.replica) == server_view(server_engine, alice.user_id)


def _flip_a_byte(snapshot: snapshot_store.Stored, routes: SnapshotRoutes) -> None:
    routes.corrupt_at = snapshot.manifest.offer.size // 3


def _cut_short(_snapshot: snapshot_store.Stored, routes: SnapshotRoutes) -> None:
    routes.short_by = 100


def _miscount(snapshot: snapshot_store.Stored, _routes: SnapshotRoutes) -> None:
    offer = snapshot.manifest.offer
    counts = offer.counts | {"account": offer.counts["account"] + 1}
    wrong = snapshot.manifest.model_copy(
        update={"offer": offer.model_copy(update={"counts": counts})}
    )
    snapshot.manifest_file.write_text(wrong.model_dump_json())


@pytest.mark.parametrize("damage", [_flip_a_byte, _cut_short, _miscount])
def test_a_damaged_snapshot_is_never_installed_and_the_pull_goes_page_by_page(
    laptop, publish, server_engine, routes, damage, caplog
):
    fill(server_engine, accounts=20)
    damage(publish("bob"), routes)
    alice = laptop("alice")
    with caplog.at_level(logging.WARNING, logger="sync.snapshot_download"):
        report = alice.engine.sync()
    assert "not installed" in caplog.text
    assert alice.engine.snapshots_installed == 0
    assert report.pulled > 0
    assert replica_view(alice.replica) == server_view(server_engine, alice.user_id)
    assert [p.name for p in alice.replica.path.parent.iterdir()] == ["replica.db"] or not any(
        p.name.endswith((PART_SUFFIX, snapshot_install.UNPACKING_SUFFIX))
        for p in alice.replica.path.parent.iterdir()
    )


def test_a_snapshot_older_than_the_feeds_horizon_is_not_downloaded_and_the_pull_converges(
    laptop, publish, server_engine, routes
):
    fill(server_engine, accounts=20)
    publish("bob")
    bob = laptop("bob")
    bob.engine.sync()
    gone = new_account(bob, "Gone soon")
    bob.engine.sync()
    with bob.replica.session() as session:
        records.delete(session, "account", gone)
    new_account(bob, "After the snapshot")
    bob.engine.sync()
    compact_everything(server_engine)  # the snapshot's cursor is now behind the horizon

    alice = laptop("alice")
    offers_asked, downloads = routes.offers_asked, len(routes.ranges)
    alice.engine.sync()
    assert routes.offers_asked == offers_asked + 1
    assert len(routes.ranges) == downloads  # not offered (below the horizon), not downloaded
    assert alice.engine.snapshots_installed == 0
    assert find(alice, gone) is None
    assert replica_view(alice.replica) == server_view(server_engine, alice.user_id)


def test_a_snapshot_compacted_past_while_it_downloads_still_converges(
    laptop, publish, server_engine, routes
):
    fill(server_engine, accounts=20)
    publish("bob")
    bob = laptop("bob")
    bob.engine.sync()
    gone = new_account(bob, "Gone soon")
    bob.engine.sync()
    with bob.replica.session() as session:
        records.delete(session, "account", gone)
    bob.engine.sync()
    alice = laptop("alice")

    def compact_meanwhile(progress: Progress) -> None:
        if progress.phase == "install":
            compact_everything(server_engine)

    alice.engine.on_progress = compact_meanwhile
    report = alice.engine.sync()
    assert alice.engine.snapshots_installed == 1
    assert report.resynced  # the pull from the snapshot's cursor was told to start over
    assert find(alice, gone) is None
    assert replica_view(alice.replica) == server_view(server_engine, alice.user_id)


def test_a_user_whose_territories_change_gets_the_new_scopes_snapshot(
    laptop, publish, server_engine
):
    fill(server_engine)
    publish("bob")
    publish("carol")
    alice = laptop("alice")
    alice.engine.sync()
    assert alice.engine.snapshots_installed == 1

    set_territories(server_engine, alice.user_id, ["B"])
    report = alice.engine.sync()
    assert report.resynced
    assert alice.engine.snapshots_installed == 2
    assert replica_view(alice.replica) == server_view(server_engine, alice.user_id)


def test_edits_saved_during_a_resync_through_a_snapshot_survive_it(laptop, publish, server_engine):
    fill(server_engine, accounts=20)
    alice = laptop("alice")
    alice.engine.sync()
    mine = client_id(alice.replica)
    bob = laptop("bob", snapshots=False)
    bob.engine.sync()
    with bob.replica.session() as session:
        gone = session.scalars(select(Account.id).limit(1)).one()
        records.delete(session, "account", gone)
    bob.engine.sync()
    publish("bob")
    compact_everything(server_engine)  # alice's cursor is now behind the horizon

    made: list[str] = []

    def save_meanwhile(progress: Progress) -> None:
        """The user saves while the snapshot downloads: the edits stay unpushed."""
        if progress.phase == "download" and not made:
            made.append(new_account(alice, "Made during the download"))
            made.append(new_account(alice, "Made and deleted"))
            edit(alice, made[0], city="天津")
            with alice.replica.session() as session:
                records.delete(session, "account", made[1])

    alice.engine.on_progress = save_meanwhile
    report = alice.engine.sync()
    assert report.resynced and alice.engine.snapshots_installed == 1
    assert account(alice, made[0]).city == "天津"
    assert find(alice, made[1]) is None
    assert find(alice, gone) is None
    assert client_id(alice.replica) == mine
    assert [a.id for a in searches_for(alice.replica, "Made during")] == [made[0]]
    assert report.pushed == 4  # after the resync, in the same sync, under the same client id
    assert replica_view(alice.replica) == server_view(server_engine, alice.user_id)
    assert server_view(server_engine, alice.user_id)[("account", made[0])]["city"] == "天津"


def searches_for(replica: Replica, query: str) -> list[Account]:
    with replica.session() as session:
        return queries.search_accounts(session, query)


def test_unpushed_changes_are_laid_over_the_snapshots_copies(
    laptop, publish, server_engine, tmp_path
):
    fill(server_engine, accounts=20)
    alice = laptop("alice")
    alice.engine.sync()
    with alice.replica.session() as session:
        kept, deleted = session.scalars(select(Account.id).order_by(Account.id).limit(2)).all()
    bob = laptop("bob", snapshots=False)
    bob.engine.sync()
    edit(bob, kept, phone="021-5555 0000")  # a colleague's change, in the snapshot
    bob.engine.sync()
    snapshot = publish("bob")
    edit(alice, kept, city="天津")  # alice's, not pushed
    with alice.replica.session() as session:
        records.delete(session, "account", deleted)
    mine = client_id(alice.replica)

    assert alice.engine.start_from_snapshot()
    assert (account(alice, kept).city, account(alice, kept).phone) == ("天津", "021-5555 0000")
    assert account(alice, kept).version == snapshot_version(snapshot, kept, tmp_path)
    assert find(alice, deleted) is None
    assert kept in [a.id for a in searches_for(alice.replica, "天津")]
    assert client_id(alice.replica) == mine
    with alice.replica.session() as session:
        assert outbox.count(session) == 2
        assert state.get(session, state.CURSOR) == snapshot.manifest.offer.cursor

    alice.engine.sync()
    assert replica_view(alice.replica) == server_view(server_engine, alice.user_id)
    assert server_view(server_engine, alice.user_id)[("account", kept)]["city"] == "天津"


def snapshot_version(snapshot: snapshot_store.Stored, account_id: str, tmp_path: Path) -> int:
    raw = tmp_path / "unpacked.db"
    snapshot_install.unpack(snapshot.file, raw, snapshot.manifest.offer.raw_size)
    with closing(sqlite3.connect(raw)) as connection:
        query = "SELECT version FROM account WHERE id = ?"
        return int(connection.execute(query, (account_id,)).fetchone()[0])


def test_an_install_that_fails_leaves_the_old_replica_untouched(laptop, publish, server_engine):
    fill(server_engine, accounts=10)
    alice = laptop("alice", snapshots=False)
    alice.engine.sync()
    pending = new_account(alice, "Not yet pushed")
    before = tables(alice.replica)
    snapshot = publish("bob")
    unpacked = snapshot_install.unpacking_path(alice.replica.path)
    snapshot_install.unpack(snapshot.file, unpacked, snapshot.manifest.offer.raw_size)

    def broken_rebase(_session, _held) -> None:
        raise OSError("the disk filled up")

    with pytest.raises(OSError, match="disk"):
        snapshot_install.install(alice.replica, unpacked, facts={}, keep=(), rebase=broken_rebase)
    assert tables(alice.replica) == before
    assert account(alice, pending).name == "Not yet pushed"
    edit(alice, pending, city="Hangzhou")  # the replica works on
    assert account(alice, pending).city == "Hangzhou"
