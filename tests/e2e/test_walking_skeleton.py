"""The whole path: a rep logs a visit offline, syncs, and exactly the right people see it.

Runs against a real `fieldbook-server` process on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from app import catalog, sync_service
from app.accounts import account_detail, count_accounts, create_account, search_accounts
from app.activities import log_activity
from app.processes import ProcessRun
from app.workspace import Workspace
from sync.credentials import TokenStore
from sync.errors import Outcome, SyncError
from tests.support.server_process import ServerProcess, admin

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_db(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def server(server_db, tmp_path):
    admin(server_db, "load-defaults")
    for name, territory in (("alice", "A"), ("bob", "A"), ("carol", "B")):
        admin(
            server_db,
            "user",
            "add",
            name,
            "--role",
            "rep",
            "--territory",
            territory,
            "--password-stdin",
            stdin=f"pw-{name}\n",
        )
    process = ServerProcess(server_db, tmp_path / "server.log")
    process.start()
    yield process
    process.stop()


def sign_in(tmp_path, server, name) -> Workspace:
    return Workspace.sign_in(tmp_path / name, server.url, name, f"pw-{name}", TokenStore())


def test_a_visit_logged_offline_reaches_the_server_and_the_territory_only(tmp_path, server):
    alice = sign_in(tmp_path, server, "alice")
    sync_service.sync_now(alice)
    visit = catalog.process(alice, "visit")
    assert visit is not None, "the default visit process reached the rep through sync"

    server.stop()  # the rep is offline from here on
    account_id = create_account(alice, {"name": "北京科技有限公司", "phone": "010-1234 5678"})
    run = ProcessRun(visit)
    while True:
        codes = catalog.code_lists(alice)[run.current.code_set].active()
        run.choose(codes[0].key)
        if not run.go_on():
            break
    activity_id = log_activity(alice, account_id, run)
    with pytest.raises(SyncError) as offline:
        sync_service.sync_now(alice)
    assert offline.value.outcome is Outcome.OFFLINE
    assert sync_service.status(alice).pending >= 2
    offline_view = account_detail(alice, account_id)
    assert offline_view is not None and offline_view.timeline[0].codes  # durable locally

    server.start()
    sync_service.sync_now(alice)
    assert sync_service.status(alice).pending == 0

    with create_engine(
        server.db_url.replace("postgresql://", "postgresql+psycopg://")
    ).connect() as db:
        stored = db.execute(
            text("SELECT account_id FROM activity WHERE id = :id"), {"id": activity_id}
        ).scalar_one()
    assert stored == account_id

    bob = sign_in(tmp_path, server, "bob")
    sync_service.sync_now(bob)
    seen = account_detail(bob, account_id)
    assert seen is not None and seen.name == "北京科技有限公司"
    assert len(seen.timeline) == 1 and seen.timeline[0].codes
    assert [a.id for a in search_accounts(bob, "bjkj")] == [account_id]

    carol = sign_in(tmp_path, server, "carol")
    sync_service.sync_now(carol)
    assert account_detail(carol, account_id) is None
    assert count_accounts(carol) == 0
    assert catalog.process(carol, "visit") is not None  # catalogue data reaches every territory
