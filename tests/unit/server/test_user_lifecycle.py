"""IT's user lifecycle through `fieldbook-server user …`, seen from the API a client uses."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from protocol.paths import ME_PATH, PASSWORD_PATH, REFRESH_PATH, TOKEN_PATH
from server import cli
from server.api import create_app
from server.settings import ServerSettings
from tests.support.clock import FakeClock
from tests.unit.server.helpers import PASSWORD, Device, World, account_fields, by_id, new_id


@pytest.fixture
def client(engine: Engine, settings: ServerSettings, clock: FakeClock) -> Iterator[TestClient]:
    with TestClient(create_app(engine, settings, clock)) as test_client:
        yield test_client


def user_command(
    capsys: pytest.CaptureFixture[str], db_url: str, *args: str
) -> tuple[int, str, str]:
    code = cli.main(["--db", db_url, "user", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def token(client: TestClient, username: str, password: str) -> tuple[int, dict[str, str]]:
    answer = client.post(TOKEN_PATH, json={"username": username, "password": password})
    return answer.status_code, answer.json()


def test_list_and_show_tell_role_territories_last_sign_in_and_state(
    capsys: pytest.CaptureFixture[str], db_url: str, client: TestClient, world: World
) -> None:
    Device(client, "rep_a")
    assert user_command(capsys, db_url, "disable", "rep_b")[0] == 0

    code, out, _ = user_command(capsys, db_url, "list")

    assert code == 0
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"rep_a", "rep_a2", "rep_b", "manager"}
    assert rows["rep_a"]["role"] == "rep" and rows["rep_a"]["territories"] == "a"
    assert rows["rep_a"]["last_sign_in"] and not rows["rep_a2"]["last_sign_in"]
    assert rows["manager"]["territories"] == "a;b"
    assert (rows["rep_a"]["state"], rows["rep_b"]["state"]) == ("active", "disabled")
    code, out, _ = user_command(capsys, db_url, "show", "manager")
    assert code == 0 and "role: manager" in out and "territories: a, b" in out


def test_a_disabled_users_tokens_are_refused_at_once_and_stay_dead_after_enable(
    capsys: pytest.CaptureFixture[str], db_url: str, client: TestClient, world: World
) -> None:
    rep = Device(client, "rep_a")
    refresh_token = client.post(
        TOKEN_PATH, json={"username": "rep_a", "password": PASSWORD}
    ).json()["refresh_token"]

    assert user_command(capsys, db_url, "disable", "rep_a")[0] == 0

    me = client.get(ME_PATH, headers=rep.headers)
    assert me.status_code == 403 and me.json()["error"] == "account_disabled"
    refreshed = client.post(REFRESH_PATH, json={"refresh_token": refresh_token})
    assert refreshed.status_code == 403 and refreshed.json()["error"] == "account_disabled"
    assert token(client, "rep_a", PASSWORD)[0] == 403
    assert token(client, "rep_a", "wrong")[0] == 401  # no hint for a guesser

    assert user_command(capsys, db_url, "enable", "rep_a")[0] == 0

    assert client.get(ME_PATH, headers=rep.headers).status_code == 401
    assert token(client, "rep_a", PASSWORD)[0] == 200


def test_a_reset_password_works_once_and_must_be_changed(
    capsys: pytest.CaptureFixture[str], db_url: str, client: TestClient, world: World
) -> None:
    before = Device(client, "rep_a")

    code, out, _ = user_command(capsys, db_url, "reset-password", "rep_a")

    assert code == 0
    one_time = out.strip().rsplit(" ", 1)[-1]
    assert client.get(ME_PATH, headers=before.headers).status_code == 401
    assert token(client, "rep_a", PASSWORD)[0] == 401
    status, body = token(client, "rep_a", one_time)
    assert (status, body["error"], body["field"]) == (403, "password_change_required", "password")
    change = {"username": "rep_a", "password": one_time, "new_password": one_time}
    same = client.post(PASSWORD_PATH, json=change)
    assert same.status_code == 422 and same.json()["field"] == "new_password"
    changed = client.post(PASSWORD_PATH, json=change | {"new_password": "a new secret"})
    assert changed.status_code == 200 and changed.json()["user"]["name"] == "rep_a"
    assert token(client, "rep_a", one_time)[0] == 401
    assert token(client, "rep_a", "a new secret")[0] == 200


def test_a_user_changes_their_own_password(client: TestClient, world: World) -> None:
    change = {"username": "rep_b", "password": PASSWORD, "new_password": "short"}
    assert client.post(PASSWORD_PATH, json=change).status_code == 422

    change["new_password"] = "long enough now"
    assert client.post(PASSWORD_PATH, json=change).status_code == 200

    assert token(client, "rep_b", PASSWORD)[0] == 401
    assert token(client, "rep_b", "long enough now")[0] == 200


def test_remove_hands_accounts_and_tasks_over_and_the_name_waits_for_a_purge(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    client: TestClient,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rep = Device(client, "rep_a")
    account, task = new_id(), new_id()
    owned = account_fields(world.territory_a, owner_id=world.user_ids["rep_a"])
    rep.push(
        rep.mutation("account", account, owned),
        rep.mutation(
            "task",
            task,
            {"account_id": account, "title": "Call", "assignee_id": world.user_ids["rep_a"]},
        ),
    )

    code, out, _ = user_command(capsys, db_url, "remove", "rep_a", "--reassign-to", "rep_a2")

    assert code == 0 and "2 accounts and tasks" in out
    seen = by_id(Device(client, "rep_a2").pull())
    assert seen[account]["fields"]["owner_id"] == world.user_ids["rep_a2"]
    assert seen[task]["fields"]["assignee_id"] == world.user_ids["rep_a2"]
    assert seen[world.user_ids["rep_a"]]["removed"]
    assert token(client, "rep_a", PASSWORD)[0] == 401
    add = ("add", "rep_a", "--role", "rep", "--territory", "a", "--password-stdin")
    monkeypatch.setattr("sys.stdin", io.StringIO("a password\n"))
    code, _, err = user_command(capsys, db_url, *add)
    assert code == 2 and "restore" in err and "purge" in err

    assert user_command(capsys, db_url, "restore", "rep_a")[0] == 0
    assert token(client, "rep_a", PASSWORD)[0] == 200

    assert user_command(capsys, db_url, "remove", "rep_a", "--reassign-to", "rep_a2")[0] == 0
    assert user_command(capsys, db_url, "purge", "rep_a")[0] == 0
    listed = user_command(capsys, db_url, "list", "--removed")[1]
    assert "rep_a" not in [row["name"] for row in csv.DictReader(io.StringIO(listed))]
    monkeypatch.setattr("sys.stdin", io.StringIO("a password\n"))
    assert user_command(capsys, db_url, *add)[0] == 0


def test_remove_refuses_an_heir_outside_the_territory_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], db_url: str, client: TestClient, world: World
) -> None:
    rep = Device(client, "rep_a")
    account = new_id()
    rep.push(
        rep.mutation(
            "account", account, account_fields(world.territory_a, owner_id=world.user_ids["rep_a"])
        )
    )

    code, _, err = user_command(capsys, db_url, "remove", "rep_a", "--reassign-to", "rep_b")

    assert code == 2 and "does not work in the territory" in err
    assert token(client, "rep_a", PASSWORD)[0] == 200
    assert (
        by_id(Device(client, "rep_a").pull())[account]["fields"]["owner_id"]
        == (world.user_ids["rep_a"])
    )


def test_a_user_removed_by_a_managers_push_can_be_restored(
    capsys: pytest.CaptureFixture[str], db_url: str, client: TestClient, world: World
) -> None:
    manager = Device(client, "manager")
    rep_id = world.user_ids["rep_a2"]
    version = by_id(manager.pull())[rep_id]["version"]
    manager.push(manager.mutation("user", rep_id, op="delete", base_version=version))
    assert token(client, "rep_a2", PASSWORD)[0] == 401

    assert user_command(capsys, db_url, "restore", "rep_a2")[0] == 0

    assert token(client, "rep_a2", PASSWORD)[0] == 200


def test_add_bulk_adds_everyone_or_no_one_with_one_time_passwords(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    client: TestClient,
    world: World,
    tmp_path: Path,
) -> None:
    good = tmp_path / "people.csv"
    good.write_text(
        "name,role,territories,display_name,email\n"
        "wang.fang,rep,a,王芳,wang.fang@example.com\n"
        "joe,agent,a;b,Joe Bloggs,\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("name,role,territories\nann,rep,a\nbo,chief,a\n", encoding="utf-8")

    code, _, err = user_command(capsys, db_url, "add-bulk", str(bad))
    assert code == 2 and "Line 3" in err and "chief" in err
    assert token(client, "ann", "anything")[0] == 401

    code, out, _ = user_command(capsys, db_url, "add-bulk", str(good))

    assert code == 0
    passwords = {row["name"]: row["one_time_password"] for row in csv.DictReader(io.StringIO(out))}
    assert set(passwords) == {"wang.fang", "joe"}
    status, body = token(client, "wang.fang", passwords["wang.fang"])
    assert (status, body["error"]) == (403, "password_change_required")
    _, show, _ = user_command(capsys, db_url, "show", "joe")
    assert "territories: a, b" in show and "state: must change password" in show
