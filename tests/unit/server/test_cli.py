"""The command line. A few tests run `python -m server` in a subprocess exactly as an admin
would; the rest call the same `main` in this process (`cli_run`), which is seconds faster each."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from fastapi.testclient import TestClient
from sqlalchemy import inspect, update

from protocol.paths import MAX_WAIT_SECONDS, PULL_PATH, TOKEN_PATH, WAIT_PATH
from server import cli, retention, users
from server.api import create_app
from server.database import make_engine, make_sessions
from server.tables import ChangeFeed
from tests.support.server_process import ServerProcess
from tests.support.threads import in_background
from tests.unit.server.conftest import CliRun
from tests.unit.server.helpers import Device, account_fields, by_id, new_id


def run_process(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def assert_plain_error(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_user_add_reads_the_password_from_stdin_and_creates_territories(db_url: str) -> None:
    added = run_process(
        "--db", db_url, "user", "add", "alice", "--role", "rep",
        "--territory", "north", "--territory", "west", "--display-name", "Alice 王",
        "--password-stdin", stdin="correct horse\n",
    )  # fmt: skip

    assert added.returncode == 0, added.stderr
    assert "alice" in added.stdout
    with TestClient(create_app(make_engine(db_url))) as client:
        alice = Device(client, "alice", "correct horse")
        seen = by_id(alice.pull())
    territories = {c["fields"]["key"] for c in seen.values() if c["entity"] == "territory"}
    assert territories == {"north", "west"}
    users = [c["fields"] for c in seen.values() if c["entity"] == "user"]
    assert users == [{"name": "alice", "display_name": "Alice 王", "role": "rep"}]


def test_user_add_errors_are_one_plain_sentence(db_url: str, cli_run: CliRun) -> None:
    args = ("--db", db_url, "user", "add", "bob", "--role", "agent", "--territory", "east")

    assert cli_run(*args, "--password-stdin", stdin="pw\n").returncode == 0
    assert_plain_error(cli_run(*args, "--password-stdin", stdin="pw\n"), "already exists")
    assert_plain_error(cli_run(*args, "--password-stdin", stdin="\n"), "No password")


def test_seed_demo_fills_an_empty_database_once(db_url: str, cli_run: CliRun) -> None:
    seeded = cli_run("--db", db_url, "seed-demo", "--accounts", "5", "--seed", "3")

    assert seeded.returncode == 0, seeded.stderr
    assert "5 accounts" in seeded.stdout and "5 users" in seeded.stdout
    assert len(seeded.stdout.strip().splitlines()) == 1
    assert_plain_error(cli_run("--db", db_url, "seed-demo"), "already holds data")


def test_the_database_can_come_from_the_environment(tmp_path: Path, cli_run: CliRun) -> None:
    db_file = tmp_path / "env.db"

    result = cli_run("seed-demo", "--accounts", "0", env={"FIELDBOOK_DB": f"sqlite:///{db_file}"})

    assert result.returncode == 0, result.stderr
    assert db_file.exists()


@pytest.mark.parametrize("db", ["sqlite:////nonexistent-dir/fieldbook/server.db", "nosuchdb://x"])
def test_an_unusable_database_is_a_plain_error(db: str) -> None:
    assert_plain_error(run_process("--db", db, "seed-demo"), "database")


def test_an_unexpected_error_is_one_sentence_too(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("north")

    monkeypatch.setattr(cli.seed, "seed_demo", broken)

    assert cli.main(["--db", db_url, "seed-demo"]) == 2
    err = capsys.readouterr().err
    assert err == "fieldbook-server: Unexpected error (KeyError: 'north').\n"


def test_migrate_brings_the_schema_up_to_date(db_url: str, cli_run: CliRun) -> None:
    result = cli_run("--db", db_url, "migrate")

    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert result.stderr == ""
    assert {"alembic_version", "account", "refresh_token"} <= set(
        inspect(make_engine(db_url)).get_table_names()
    )


@pytest.mark.parametrize(("serve_args", "migrated"), [((), True), (("--no-migrate",), False)])
def test_serve_migrates_at_start_unless_told_not_to(
    db_url: str, tmp_path: Path, serve_args: tuple[str, ...], migrated: bool
) -> None:
    server = ServerProcess(db_url, tmp_path / "server.log", *serve_args)
    server.start()
    server.stop()

    tables = inspect(make_engine(db_url)).get_table_names()
    assert ("alembic_version" in tables) is migrated


@pytest.mark.parametrize(
    ("option", "words"),
    [
        (("--access-token-minutes", "0"), "at least one minute"),
        (("--refresh-token-days", "0"), "at least one minute and one day"),
        (("--max-body-bytes", "1000"), "--max-body-bytes must be at least"),
    ],
)
def test_serve_refuses_unusable_limits(
    db_url: str, option: tuple[str, str], words: str, cli_run: CliRun
) -> None:
    assert_plain_error(cli_run("--db", db_url, "serve", *option), words)


def add_alice(cli_run: CliRun, db_url: str, *territories: str) -> None:
    options = [arg for key in territories for arg in ("--territory", key)]
    added = cli_run(
        "--db", db_url, "user", "add", "alice", "--role", "rep", *options, "--password-stdin",
        stdin="correct horse\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr


def test_user_territories_gives_exactly_the_named_territories(db_url: str, cli_run: CliRun) -> None:
    add_alice(cli_run, db_url, "north")
    with TestClient(create_app(make_engine(db_url))) as client:
        alice = Device(client, "alice", "correct horse")
        first = client.get(PULL_PATH, headers=alice.headers).json()

        moved = cli_run("--db", db_url, "user", "territories", "alice",
                    "--territory", "west", "--territory", "south")  # fmt: skip

        assert moved.returncode == 0, moved.stderr
        assert "west, south" in moved.stdout
        again = client.get(
            PULL_PATH, params={"cursor": first["cursor"]}, headers=alice.headers
        ).json()
    west, south = users.territory_record_id("west"), users.territory_record_id("south")
    assert first["scope"] == [users.territory_record_id("north")]
    assert again["scope"] == sorted([west, south])  # the client sees its scope changed
    assert {c["entity"] for c in again["changes"]} >= {"user", "territory"}  # and wakes up


def test_user_territories_of_an_unknown_user_is_a_plain_error(db_url: str, cli_run: CliRun) -> None:
    assert cli_run("--db", db_url, "migrate").returncode == 0
    assert_plain_error(
        cli_run("--db", db_url, "user", "territories", "nobody", "--territory", "west"),
        "no user named 'nobody'",
    )


def age_feed(db_url: str, days: int) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(
            update(ChangeFeed).values(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=days))
        )
    engine.dispose()


def test_compact_removes_superseded_feed_rows_older_than_the_period(
    db_url: str, cli_run: CliRun
) -> None:
    add_alice(cli_run, db_url, "north")
    with TestClient(create_app(make_engine(db_url))) as client:
        alice = Device(client, "alice", "correct horse")
        account_id = new_id()
        fields = account_fields(users.territory_record_id("north"))
        version = alice.push_one("account", account_id, fields)["version"]
        alice.push_one("account", account_id, {"phone": "1"}, base_version=version)
    age_feed(db_url, days=40)

    kept = cli_run("--db", db_url, "compact", env={"FIELDBOOK_RETENTION_DAYS": "50"})
    compacted = cli_run("--db", db_url, "compact", "--days", "30")

    assert kept.returncode == compacted.returncode == 0, kept.stderr + compacted.stderr
    assert kept.stdout.startswith("Feed rows removed: 0 (older than 50 days)")
    assert compacted.stdout.startswith("Feed rows removed: 1 (older than 30 days)")
    with make_sessions(make_engine(db_url)).read() as session:
        assert retention.horizon(session) == version


def test_compact_refuses_a_period_under_one_day(db_url: str, cli_run: CliRun) -> None:
    assert_plain_error(cli_run("--db", db_url, "compact", "--days", "0"), "--days must be")


def test_serve_stops_soon_with_a_long_poll_open(
    db_url: str, tmp_path: Path, cli_run: CliRun
) -> None:
    add_alice(cli_run, db_url, "north")
    server = ServerProcess(db_url, tmp_path / "server.log")
    server.start()
    token = requests.post(
        server.url + TOKEN_PATH,
        json={"username": "alice", "password": "correct horse"},
        timeout=30,
    ).json()["access_token"]
    cursor = requests.get(
        server.url + WAIT_PATH,
        params={"timeout": 0},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()["cursor"]
    waiting = in_background(
        lambda: requests.get(
            server.url + WAIT_PATH,
            params={"cursor": cursor, "timeout": MAX_WAIT_SECONDS},
            headers={"Authorization": f"Bearer {token}"},
            timeout=90,
        )
    )
    time.sleep(0.5)  # the long-poll is waiting

    server.stop()  # SIGTERM; fails if the server is still up after 15 s

    assert isinstance(waiting.exception(timeout=30), requests.ConnectionError)
