"""Territory snapshots on the server: the builder (a real process syncing over loopback, forked
from one that has loaded it: `tests.support.launcher`), the scheduler's rules, the offer and
file routes, the service users and the admin commands."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import zstandard
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from local_store import snapshot_copy
from local_store.migrate import head_revision
from local_store.models import ENTITY_MODELS
from local_store.search_keys import SEARCH_KEYS_VERSION
from protocol.paths import ME_PATH, PULL_PATH, PUSH_PATH, TOKEN_PATH
from protocol.snapshots import (
    BUILDING_DIR,
    MANIFEST_SUFFIX,
    PART_SUFFIX,
    SNAPSHOT_FILE_PATH,
    SNAPSHOT_PATH,
    SNAPSHOT_SUFFIX,
    SnapshotOffer,
    scope_key,
)
from server import seed, snapshot_readers, snapshot_store, users
from server.api import create_app
from server.config import SnapshotConfigError, snapshot_settings
from server.database import make_engine, make_sessions
from server.schema import upgrade
from server.settings import SnapshotSettings
from server.snapshot_cli import loopback_server
from server.snapshot_scheduler import RoundReport, Snapshots
from server.tables import FeedCounter
from tests.support.clock import FakeClock
from tests.support.launcher import run_forked_builder
from tests.support.snapshots import snapshot_app
from tests.unit.server.helpers import World, add_user, new_id, sign_in

SEED_DAY = dt.date(2026, 12, 1)
NORTH = users.territory_record_id("north")
EAST = users.territory_record_id("east")


def _settings(directory: Path, base_url: str = "http://unused", **tuned: Any) -> SnapshotSettings:
    return SnapshotSettings(directory=directory, base_url=base_url, **tuned)


@pytest.fixture
def demo(engine: Engine) -> Engine:
    seed.seed_demo(engine, accounts=40, today=SEED_DAY)
    return engine


def _build(
    engine: Engine,
    directory: Path,
    territories: list[str] | None = None,
    later: dt.timedelta = dt.timedelta(0),
    **tuned: Any,
) -> RoundReport:
    """Build over a loopback server, as `fieldbook-server snapshot build` does (`later`: a
    round that far in the future)."""
    with loopback_server(engine) as base_url:
        settings = _settings(directory, base_url, **tuned)
        snapshots = Snapshots(make_sessions(engine), settings, run_forked_builder)
        now = dt.datetime.now(dt.UTC) + later
        if territories is None:
            return snapshots.run_round(now)
        return snapshots.build_scope(territories, now)


def _unpacked(stored: snapshot_store.Stored, into: Path) -> Path:
    raw = into / f"{stored.manifest.offer.id}.db"
    with stored.file.open("rb") as packed, raw.open("wb") as out:
        zstandard.ZstdDecompressor().copy_stream(packed, out)
    return raw


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every synced table (search keys included) and of the search index."""
    with closing(sqlite3.connect(path)) as connection:
        tables = {
            entity: sorted(connection.execute(f'SELECT * FROM "{model.__tablename__}"').fetchall())
            for entity, model in ENTITY_MODELS.items()
        }
        tables["account_fts"] = sorted(
            connection.execute("SELECT rowid, text FROM account_fts").fetchall()
        )
        tables["state"] = sorted(connection.execute("SELECT key FROM sync_state").fetchall())
        for stripped in snapshot_copy.STRIPPED_TABLES:
            assert connection.execute(f'SELECT count(*) FROM "{stripped}"').fetchone() == (0,)
    return tables


def _by_user_name(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """The tables with each user's id (random where the seed adds users) read as their name."""
    with_names = {row[3]: f"user:{row[0]}" for row in tables["user"]}  # (name, …, id, version)
    return {
        table: sorted(tuple(with_names.get(value, value) for value in row) for row in rows)
        for table, rows in tables.items()
    }


def _one(directory: Path, territories: set[str]) -> snapshot_store.Stored:
    found = [s for s in snapshot_store.published(directory) if s.territories == territories]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.postgres
def test_a_postgresql_server_builds_the_same_replica_as_a_sqlite_one(
    demo: Engine, pg_schema_url: str, tmp_path: Path
) -> None:
    pg = make_engine(pg_schema_url)
    try:
        upgrade(pg)
        seed.seed_demo(pg, accounts=40, today=SEED_DAY)
        _build(demo, tmp_path / "sqlite", [NORTH])
        _build(pg, tmp_path / "postgres", [NORTH])
    finally:
        pg.dispose()
    on_sqlite = _one(tmp_path / "sqlite", {NORTH})
    on_postgres = _one(tmp_path / "postgres", {NORTH})
    sqlite_tables = _by_user_name(_tables(_unpacked(on_sqlite, tmp_path)))
    assert sqlite_tables == _by_user_name(_tables(_unpacked(on_postgres, tmp_path)))
    assert len(sqlite_tables["account"]) > 10
    assert len(sqlite_tables["account_fts"]) == len(sqlite_tables["account"])
    assert on_postgres.manifest.offer.counts == on_sqlite.manifest.offer.counts
    checksums = [
        {
            entity: value
            for entity, value in stored.manifest.offer.checksums.items()
            if entity != "user"
        }
        for stored in (on_sqlite, on_postgres)
    ]  # the seed's users have random ids
    assert checksums[0] == checksums[1]


def test_a_snapshot_holds_the_scope_as_the_server_counts_it_and_nothing_of_its_client(
    demo: Engine, client: TestClient, tmp_path: Path
) -> None:
    report = _build(demo, tmp_path, [NORTH])
    assert report.built and not report.failed
    stored = _one(tmp_path, {NORTH})
    offer = stored.manifest.offer
    raw = _unpacked(stored, tmp_path)
    held = snapshot_copy.facts(raw)
    assert (held.schema_revision, held.search_keys) == (head_revision(), SEARCH_KEYS_VERSION)
    assert (offer.schema_revision, offer.search_keys) == (head_revision(), SEARCH_KEYS_VERSION)
    assert (held.cursor, held.feed, held.scope) == (offer.cursor, offer.feed, [NORTH])
    assert (held.counts, held.checksums) == (offer.counts, offer.checksums)
    assert offer.raw_size == raw.stat().st_size
    counted = client.get("/v1/sync/counts", headers=sign_in(client, "demo", seed.DEMO_PASSWORD))
    assert counted.json() == {
        "cursor": offer.cursor,
        "counts": offer.counts,
        "checksums": offer.checksums,
    }
    assert {key for (key,) in _tables(raw)["state"]} <= set(snapshot_copy.KEPT_STATE)


def _offer(client: TestClient, headers: dict[str, str]) -> Any:
    return client.get(
        SNAPSHOT_PATH,
        params={"schema": head_revision(), "keys": SEARCH_KEYS_VERSION},
        headers=headers,
    )


@pytest.fixture
def served(demo: Engine, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """The API with snapshots in `tmp_path/snapshots`, the north territory's built."""
    directory = tmp_path / "snapshots"
    _build(demo, directory, [NORTH])
    with TestClient(snapshot_app(demo, directory, FakeClock())) as test_client:
        yield test_client, directory  # the tests build; none in the background


def test_the_offer_fits_exactly_the_callers_territories_and_is_404_alike_otherwise(
    served: tuple[TestClient, Path],
) -> None:
    client, _directory = served
    north = sign_in(client, "demo", seed.DEMO_PASSWORD)
    offered = _offer(client, north)
    assert offered.status_code == 200
    assert offered.headers["cache-control"] == "private, no-store"
    offer = SnapshotOffer.model_validate_json(offered.content)
    east, both = (sign_in(client, name, seed.DEMO_PASSWORD) for name in ("east", "manager"))
    nothing = [
        _offer(client, east),
        _offer(client, both),
        client.get(
            SNAPSHOT_PATH,
            params={"schema": "0001_other", "keys": SEARCH_KEYS_VERSION},
            headers=north,
        ),
        client.get(SNAPSHOT_PATH, params={"schema": head_revision(), "keys": 99}, headers=north),
    ]
    files = [
        client.get(SNAPSHOT_FILE_PATH.format(snapshot_id=offer.id), headers=east),
        client.get(SNAPSHOT_FILE_PATH.format(snapshot_id=offer.id), headers=both),
        client.get(SNAPSHOT_FILE_PATH.format(snapshot_id="no-such-id"), headers=north),
    ]
    for answer in nothing + files:
        assert (answer.status_code, answer.json()) == (404, nothing[0].json())
        assert answer.json()["error"] == "no_snapshot"
    assert (
        client.get(SNAPSHOT_PATH, params={"schema": head_revision(), "keys": 1}).status_code == 401
    )


def test_a_download_resumes_with_exactly_the_bytes_left(served: tuple[TestClient, Path]) -> None:
    client, _directory = served
    north = sign_in(client, "demo", seed.DEMO_PASSWORD)
    offer = SnapshotOffer.model_validate_json(_offer(client, north).content)
    path = SNAPSHOT_FILE_PATH.format(snapshot_id=offer.id)
    whole = client.get(path, headers=north)
    assert whole.status_code == 200 and len(whole.content) == offer.size
    assert whole.headers["content-type"] == "application/zstd"
    assert whole.headers["cache-control"] == "private, no-store"
    assert "content-encoding" not in whole.headers
    cut = offer.size // 3
    rest = client.get(path, headers=north | {"Range": f"bytes={cut}-"})
    assert rest.status_code == 206
    assert rest.headers["content-range"] == f"bytes {cut}-{offer.size - 1}/{offer.size}"
    assert whole.content[:cut] + rest.content == whole.content
    middle = client.get(path, headers=north | {"Range": f"bytes={cut}-{cut + 9}"})
    assert (middle.status_code, middle.content) == (206, whole.content[cut : cut + 10])
    beyond = client.get(path, headers=north | {"Range": f"bytes={offer.size}-"})
    assert beyond.status_code == 416
    assert beyond.headers["content-range"] == f"bytes */{offer.size}"


def test_a_half_written_build_is_never_offered(served: tuple[TestClient, Path]) -> None:
    client, directory = served
    north = sign_in(client, "demo", seed.DEMO_PASSWORD)
    good = _one(directory, {NORTH})
    # What a builder killed at each step leaves: a partial file, a file without its manifest,
    # a manifest of a newer cursor whose file is short (written by hand, not by the builder).
    newer = good.manifest.model_copy(
        update={"offer": good.manifest.offer.model_copy(update={"id": "torn", "cursor": 10**6})}
    )
    (directory / f".torn{SNAPSHOT_SUFFIX}{PART_SUFFIX}").write_bytes(b"\x28\xb5")
    (directory / f"orphan{SNAPSHOT_SUFFIX}").write_bytes(good.file.read_bytes())
    (directory / f"torn{SNAPSHOT_SUFFIX}").write_bytes(good.file.read_bytes()[:100])
    (directory / f"torn{MANIFEST_SUFFIX}").write_text(newer.model_dump_json())
    (directory / f".half{MANIFEST_SUFFIX}{PART_SUFFIX}").write_text(newer.model_dump_json()[:50])
    assert (
        SnapshotOffer.model_validate_json(_offer(client, north).content).id
        == good.manifest.offer.id
    )
    good.file.write_bytes(good.file.read_bytes()[:-1])  # the good one truncated after all
    assert _offer(client, north).status_code == 404


def test_a_snapshot_of_another_feed_history_or_below_the_horizon_is_not_offered(
    served: tuple[TestClient, Path], demo: Engine
) -> None:
    client, _directory = served
    north = sign_in(client, "demo", seed.DEMO_PASSWORD)
    offer = SnapshotOffer.model_validate_json(_offer(client, north).content)
    with make_sessions(demo).write.begin() as session:
        session.execute(update(FeedCounter).values(horizon=offer.cursor + 1))
    assert _offer(client, north).status_code == 404  # a pull from its cursor would resync
    with make_sessions(demo).write.begin() as session:
        session.execute(update(FeedCounter).values(horizon=0, feed_id=new_id()))
    assert _offer(client, north).status_code == 404  # a server restored from a backup


def test_snapshot_settings_come_from_the_environment_and_stay_inside_the_retention() -> None:
    assert snapshot_settings("http://x", {"FIELDBOOK_SNAPSHOTS": "off"}) is None
    tuned = snapshot_settings(
        "http://x",
        {
            "FIELDBOOK_SNAPSHOT_DIR": "/srv/snaps",
            "FIELDBOOK_SNAPSHOT_CHANGES": "500",
            "FIELDBOOK_SNAPSHOT_MAX_AGE_HOURS": "48",
            "FIELDBOOK_SNAPSHOT_MAX_GB": "2",
        },
    )
    assert tuned == SnapshotSettings(
        directory=Path("/srv/snaps"),
        base_url="http://x",
        rebuild_after_changes=500,
        max_age=dt.timedelta(hours=48),
        max_bytes=2 * 1024**3,
    )
    with pytest.raises(SnapshotConfigError, match="half the feed's retention"):
        snapshot_settings(
            "http://x", {"FIELDBOOK_SNAPSHOT_MAX_AGE_HOURS": "24", "FIELDBOOK_RETENTION_DAYS": "1"}
        )
    with pytest.raises(SnapshotConfigError, match="FIELDBOOK_SNAPSHOT_CHANGES"):
        snapshot_settings("http://x", {"FIELDBOOK_SNAPSHOT_CHANGES": "many"})


def test_a_killed_builder_leaves_nothing_that_is_offered_and_the_next_build_cleans_up(
    demo: Engine, tmp_path: Path
) -> None:
    (tmp_path / BUILDING_DIR).mkdir(parents=True)
    key = scope_key([NORTH])
    (tmp_path / BUILDING_DIR / f"{key}-dead.db").write_bytes(b"x" * 1000)
    (tmp_path / f".{key[:16]}-5-dead{SNAPSHOT_SUFFIX}{PART_SUFFIX}").write_bytes(b"x" * 1000)
    assert snapshot_store.published(tmp_path) == []
    _build(demo, tmp_path, [NORTH])
    assert not list((tmp_path / BUILDING_DIR).iterdir())
    assert not list(tmp_path.glob(f"*{PART_SUFFIX}"))
    assert len(snapshot_store.published(tmp_path)) == 1


def test_a_snapshot_is_built_again_once_its_feed_moved_past_the_threshold(
    demo: Engine, tmp_path: Path
) -> None:
    first = _build(demo, tmp_path, rebuild_after_changes=3)
    assert len(first.built) == 3  # north, east, and north+east (agent and manager)
    assert _build(demo, tmp_path, rebuild_after_changes=3).built == []
    with TestClient(create_app(demo)) as client:
        headers = sign_in(client, "demo", seed.DEMO_PASSWORD)
        for number in range(3):
            mutation = {
                "seq": 1,
                "entity": "account",
                "record_id": new_id(),
                "op": "upsert",
                "base_version": 0,
                "fields": {"name": f"New {number}", "territory_id": NORTH},
            }
            body = {"client_id": new_id(), "mutations": [mutation]}
            assert client.post(PUSH_PATH, json=body, headers=headers).status_code == 200
    assert _build(demo, tmp_path, rebuild_after_changes=3).built == []  # 3 is not more than 3
    add_user(demo, "rep_north", "rep", ["north"])  # a user record: in everyone's feed
    again = _build(demo, tmp_path, rebuild_after_changes=3)
    assert set(again.built) == {scope_key([NORTH]), scope_key([NORTH, EAST])}
    # The round's time comes before the last build ends: a round two seconds on sees every
    # snapshot older than the one second allowed.
    aged = _build(
        demo,
        tmp_path,
        later=dt.timedelta(seconds=2),
        rebuild_after_changes=3,
        max_age=dt.timedelta(seconds=1),
    )
    assert len(aged.built) == 3  # older than the age allowed: all built again


def test_replaced_snapshots_go_and_the_disk_cap_holds(demo: Engine, tmp_path: Path) -> None:
    directory = tmp_path / "snapshots"
    _build(demo, directory, [NORTH])
    _build(demo, directory, [NORTH], superseded_grace=dt.timedelta(hours=1))
    assert len(snapshot_store.published(directory)) == 2  # the older one kept for downloads
    _build(demo, directory, [NORTH], superseded_grace=dt.timedelta(0))
    assert len(snapshot_store.published(directory)) == 1
    _build(demo, directory)  # every scope: north, east, both
    _build(demo, directory, [EAST])  # one scope built on demand leaves the others be
    assert len({stored.manifest.scope for stored in snapshot_store.published(directory)}) == 3
    _build(demo, directory, [EAST], superseded_grace=dt.timedelta(0))
    used = snapshot_store.disk_use(directory)
    report = _build(demo, directory, max_bytes=used * 2 // 3)
    kept = {stored.manifest.scope for stored in snapshot_store.published(directory)}
    assert snapshot_store.disk_use(directory) <= used * 2 // 3
    # The scopes most users work in stay (north and east: the agent and the manager; north:
    # two reps); east (one rep) goes first, and what was dropped is not built again at once.
    assert scope_key([NORTH, EAST]) in kept and scope_key([EAST]) not in kept
    assert report.built == []


def test_the_service_user_cannot_sign_in_and_reads_only_its_scope(
    engine: Engine, world: World, client: TestClient, clock: FakeClock
) -> None:
    with make_sessions(engine).write.begin() as session:
        reader = snapshot_readers.ensure_reader(session, [world.territory_a])
        token = snapshot_readers.issue_token(session, reader, clock(), dt.timedelta(minutes=5))
        reader_name = f"snapshot-reader-{reader.id}"
    rep_a = sign_in(client, "rep_a")
    rep_b = sign_in(client, "rep_b")
    mine, theirs = new_id(), new_id()
    for headers, record_id, territory in (
        (rep_a, mine, world.territory_a),
        (rep_b, theirs, world.territory_b),
    ):
        body = {
            "client_id": new_id(),
            "mutations": [
                {
                    "seq": 1,
                    "entity": "account",
                    "record_id": record_id,
                    "op": "upsert",
                    "base_version": 0,
                    "fields": {"name": "Shop", "territory_id": territory},
                }
            ],
        }
        assert client.post(PUSH_PATH, json=body, headers=headers).status_code == 200
    as_reader = {"Authorization": f"Bearer {token}"}
    page = client.get(PULL_PATH, params={"cursor": 0, "limit": 5000}, headers=as_reader).json()
    accounts = {c["record_id"] for c in page["changes"] if c["entity"] == "account"}
    assert (accounts, page["scope"]) == ({mine}, [world.territory_a])
    assert all(not c["fields"].get("name", "").startswith("snapshot") for c in page["changes"])
    write = {"client_id": new_id(), "mutations": []}
    assert client.post(PUSH_PATH, json=write, headers=as_reader).status_code == 401
    assert client.get(ME_PATH, headers=as_reader).status_code == 401
    assert _offer(client, as_reader).status_code == 401
    for password in ("", "x", token):
        refused = client.post(
            TOKEN_PATH, json={"username": reader_name, "password": password or "x"}
        )
        assert refused.status_code == 401
    clock.advance(dt.timedelta(minutes=6))
    assert client.get(PULL_PATH, headers=as_reader).status_code == 401


def test_the_cli_builds_and_lists_snapshots(
    demo: Engine, db_url: str, tmp_path: Path, cli_run: Any
) -> None:
    env = {"FIELDBOOK_SNAPSHOTS": "on", "FIELDBOOK_SNAPSHOT_DIR": str(tmp_path / "snaps")}
    built = cli_run("--db", db_url, "snapshot", "build", "--territory", "north", env=env)
    assert built.returncode == 0, built.stderr
    assert "Snapshots built: 1" in built.stdout
    listed = cli_run("--db", db_url, "snapshot", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    line, total = listed.stdout.strip().splitlines()
    assert line.startswith("north\tschema " + head_revision())
    assert "1 snapshots;" in total and "MB used" in total
    unknown = cli_run("--db", db_url, "snapshot", "build", "--territory", "nowhere", env=env)
    assert (unknown.returncode, unknown.stderr.strip()) == (
        2,
        "fieldbook-server: There is no territory 'nowhere'.",
    )
    off = cli_run("--db", db_url, "snapshot", "list", env={"FIELDBOOK_SNAPSHOTS": "off"})
    assert off.returncode == 2 and "switched off" in off.stderr
