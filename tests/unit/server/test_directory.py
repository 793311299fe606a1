"""Sign-in against a real company directory (OpenLDAP's slapd, started for these tests)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from protocol.paths import PASSWORD_PATH, TOKEN_PATH
from server.directory import DirectoryConfigError, DirectorySettings
from server.settings import ServerSettings
from server.tables import User
from tests.support.slapd import (
    ADMIN_DN,
    ADMIN_PASSWORD,
    GROUPS,
    PEOPLE,
    Directory,
    slapd_installed,
    throwaway_directory,
)
from tests.unit.server.helpers import PASSWORD, add_user

REPS, MANAGERS = f"cn=fieldbook-reps,{GROUPS}", f"cn=fieldbook-managers,{GROUPS}"
NORTH, SOUTH = f"cn=sales-north,{GROUPS}", f"cn=sales-south,{GROUPS}"


@pytest.fixture(scope="module")
def company() -> Iterator[Directory]:
    if not slapd_installed():
        if os.environ.get("CI"):
            pytest.fail("CI expects OpenLDAP's slapd, but it is not installed")
        pytest.skip("slapd is not installed")
    with throwaway_directory() as directory:
        wang = directory.add_person("wang", "wang-pw", "Wang Fang", mail="wang@example.com")
        li = directory.add_person("li", "li-pw", "Li Lei", description="disabled")
        guest = directory.add_person("guest", "guest-pw", "A Guest")
        directory.add_group("fieldbook-reps", wang, li)
        directory.add_group("fieldbook-managers", guest)
        directory.add_group("sales-north", wang)
        directory.add_group("sales-south", guest)
        directory.add_group("canteen", guest)
        yield directory


def config(company: Directory, **changes: object) -> DirectorySettings:
    values: dict[str, object] = {
        "url": company.url,
        "bind_pattern": f"uid={{user}},{PEOPLE}",
        "group_base": GROUPS,
        "disabled_filter": "(description=disabled)",
        "roles": {REPS: "rep", MANAGERS: "manager"},
        "territories": {NORTH: ["north"], SOUTH: ["south"]},
    }
    return DirectorySettings.model_validate(values | changes)


@pytest.fixture
def settings(company: Directory) -> ServerSettings:
    return ServerSettings(directory=config(company))


def token(client: TestClient, username: str, password: str) -> tuple[int, dict[str, object]]:
    answer = client.post(TOKEN_PATH, json={"username": username, "password": password})
    return answer.status_code, answer.json()


def test_a_person_signs_in_with_the_directory_password_and_gets_their_groups(
    client: TestClient, engine: Engine
) -> None:
    status, body = token(client, "wang", "wang-pw")

    assert status == 200
    user = body["user"]
    assert isinstance(user, dict)
    assert (user["name"], user["display_name"], user["role"]) == ("wang", "Wang Fang", "rep")
    assert len(user["territories"]) == 1
    with Session(engine) as session:
        stored = session.scalars(select(User).where(User.name == "wang")).one()
        assert stored.password_hash is None and stored.email == "wang@example.com"
    assert token(client, "wang", "wrong")[0] == 401
    assert token(client, "wang", "")[0] == 422  # never an anonymous bind


def test_a_change_of_groups_reaches_the_next_sign_in(
    company: Directory, client: TestClient
) -> None:
    assert token(client, "guest", "guest-pw")[1]["user"]["role"] == "manager"  # type: ignore[index]
    company.set(REPS, member=[f"uid=wang,{PEOPLE}", f"uid=li,{PEOPLE}", f"uid=guest,{PEOPLE}"])
    try:
        _, body = token(client, "guest", "guest-pw")
        assert body["user"]["role"] == "manager"  # type: ignore[index]  # the highest wins
        company.set(MANAGERS, member=[f"uid=wang,{PEOPLE}"])
        _, body = token(client, "guest", "guest-pw")
        assert body["user"]["role"] == "rep"  # type: ignore[index]
    finally:
        company.set(REPS, member=[f"uid=wang,{PEOPLE}", f"uid=li,{PEOPLE}"])
        company.set(MANAGERS, member=[f"uid=guest,{PEOPLE}"])


def test_disabled_in_the_directory_or_in_no_role_group_is_refused(
    company: Directory, client: TestClient
) -> None:
    company.add_person("cook", "cook-pw", "The Cook")

    assert token(client, "li", "li-pw")[1]["error"] == "not_in_fieldbook"
    assert token(client, "cook", "cook-pw")[1]["error"] == "not_in_fieldbook"


def test_the_directory_keeps_the_password(client: TestClient) -> None:
    change = {"username": "wang", "password": "wang-pw", "new_password": "another one"}

    answer = client.post(PASSWORD_PATH, json=change)

    assert answer.status_code == 403 and answer.json()["field"] == "password"


def test_the_local_admin_signs_in_while_the_directory_is_down(
    company: Directory, engine: Engine, tmp_path: Path
) -> None:
    from server.api import create_app

    add_user(engine, "root", "admin", [])
    down = config(company, url="ldap://127.0.0.1:9", timeout_seconds=1)
    with TestClient(create_app(engine, ServerSettings(directory=down))) as client:
        assert token(client, "root", PASSWORD)[0] == 200
        status, body = token(client, "wang", "wang-pw")

    assert (status, body["error"]) == (503, "directory_unavailable")


def test_a_service_account_finds_people_by_search(company: Directory, engine: Engine) -> None:
    from server.api import create_app

    searching = config(
        company,
        bind_pattern=None,
        search_base=PEOPLE,
        search_filter="(uid={user})",
        service_dn=ADMIN_DN,
        service_password=ADMIN_PASSWORD,
    )
    with TestClient(create_app(engine, ServerSettings(directory=searching))) as client:
        assert token(client, "wang", "wang-pw")[0] == 200
        assert token(client, "wang*", "wang-pw")[0] == 401  # a filter in a name finds nobody


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            'url = "ldap://ldap.example.com"\ngroup_base = "x"\nbind_pattern = "uid={user}"\n'
            "[roles]\n",
            "ldaps",
        ),
        ('url = "ldaps://ldap.example.com"\ngroup_base = "x"\n[roles]\n', "bind_pattern"),
        ('url = "ldaps://ldap.example.com"\nbind_pattern = "x"\n[roles]\n', "group_base"),
        ("url = ", "cannot be read"),
    ],
)
def test_an_unusable_settings_file_is_one_sentence(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "directory.toml"
    path.write_text(text)

    with pytest.raises(DirectoryConfigError) as refused:
        DirectorySettings.load(path)

    assert words in str(refused.value)
