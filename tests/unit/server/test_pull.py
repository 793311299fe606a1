"""Pull: paging through the feed, each record once and in its latest state."""

from __future__ import annotations

from fastapi.testclient import TestClient

from protocol.paths import MAX_PULL_PAGE, PULL_PATH
from tests.unit.server.helpers import Device, World, account_fields, contact_fields, new_id


def make_history(client: TestClient, world: World) -> dict[str, int]:
    """Accounts and contacts, some updated and some deleted; returns each record's latest
    version."""
    rep = Device(client, "rep_a")
    latest: dict[str, int] = {}
    for number in range(12):
        account_id = new_id()
        created = rep.push(
            rep.mutation(
                "account", account_id, account_fields(world.territory_a, tier=str(number))
            ),
            rep.mutation("contact", contact_id := new_id(), contact_fields(account_id)),
        )
        latest[account_id], latest[contact_id] = (r["version"] for r in created)
        if number % 3 == 0:
            latest[account_id] = rep.push_one(
                "account", account_id, {"status": "active"}, base_version=latest[account_id]
            )["version"]
        if number % 4 == 0:
            latest[contact_id] = rep.push_one(
                "contact", contact_id, op="delete", base_version=latest[contact_id]
            )["version"]
    return latest


def test_small_pages_give_every_record_exactly_once_in_order(
    client: TestClient, world: World
) -> None:
    latest = make_history(client, world)
    reader = Device(client, "rep_a2")

    changes = reader.pull(limit=3)

    pulled = [c for c in changes if c["entity"] in ("account", "contact")]
    assert sorted(c["record_id"] for c in pulled) == sorted(latest)
    assert {c["record_id"]: c["version"] for c in pulled} == latest
    versions = [c["version"] for c in changes]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert sum(c["removed"] for c in pulled) == 3


def test_the_same_pull_with_a_big_page_gives_the_same_changes(
    client: TestClient, world: World
) -> None:
    make_history(client, world)

    small = Device(client, "rep_a2").pull(limit=2)
    big = Device(client, "rep_a2").pull(limit=MAX_PULL_PAGE)

    assert small == big


def test_a_page_reports_its_cursor_and_whether_more_follows(
    client: TestClient, world: World
) -> None:
    reader = Device(client, "rep_a")
    first = client.get(PULL_PATH, params={"limit": 2}, headers=reader.headers).json()
    rest = client.get(PULL_PATH, params={"cursor": first["cursor"]}, headers=reader.headers).json()
    end = client.get(PULL_PATH, params={"cursor": rest["cursor"]}, headers=reader.headers).json()

    assert first["has_more"] is True and len(first["changes"]) == 2
    assert rest["has_more"] is False and rest["cursor"] > first["cursor"]
    assert end == {
        "changes": [],
        "cursor": rest["cursor"],
        "has_more": False,
        "scope": [world.territory_a],
        "resync_required": False,
        "feed": first["feed"],
        "feed_since": 0,
    }


def test_a_later_pull_brings_only_what_changed(client: TestClient, world: World) -> None:
    reader = Device(client, "rep_a2")
    reader.pull()
    writer = Device(client, "rep_a")
    account_id = new_id()
    created = writer.push_one("account", account_id, account_fields(world.territory_a))

    changes = reader.pull()

    assert changes == [
        {
            "entity": "account",
            "record_id": account_id,
            "version": created["version"],
            "removed": False,
            "fields": {
                "name": "北京科技有限公司",
                "phone": None,
                "city": None,
                "country": None,
                "address": None,
                "tier": None,
                "status": None,
                "territory_id": world.territory_a,
                "owner_id": None,
                "note": None,
            },
        }
    ]


def test_large_pages_are_compressed(client: TestClient, world: World) -> None:
    make_history(client, world)
    reader = Device(client, "rep_a")

    response = client.get(PULL_PATH, headers=reader.headers | {"Accept-Encoding": "gzip"})

    assert response.headers["Content-Encoding"] == "gzip"
