"""The app's session against a real server process: the keyring holds the refresh token (never
the access token), a resumed workspace renews it on its first sync, and the spent one is dead."""

from __future__ import annotations

import pytest
import requests

from app import catalog, sync_service
from app.accounts import count_accounts
from app.workspace import Workspace
from protocol.paths import REFRESH_PATH
from sync.credentials import TokenStore
from tests.support.memory_keyring import MemoryKeyring
from tests.support.server_process import ServerProcess, add_user, admin

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'server.db'}"
    admin(db_url, "load-defaults")
    add_user(db_url, "alice", "A")
    process = ServerProcess(db_url, tmp_path / "server.log")
    process.start()
    yield process
    process.stop()


def refresh_status(server: ServerProcess, refresh_token: str) -> int:
    response = requests.post(
        server.url + REFRESH_PATH, json={"refresh_token": refresh_token}, timeout=10
    )
    return response.status_code


def test_the_keyring_holds_a_refresh_token_that_renews_itself(
    tmp_path, server, isolated_profile: MemoryKeyring
):
    signed_in = Workspace.sign_in(tmp_path, server.url, "alice", "pw-alice", TokenStore())
    [kept] = isolated_profile.secrets.values()
    assert kept == signed_in.transport.refresh_token
    assert kept != signed_in.transport.token
    signed_in.close()

    resumed = Workspace.resume(tmp_path, server.url, "alice", TokenStore())
    assert resumed is not None
    sync_service.sync_now(resumed)  # renews the session first: no password asked

    [renewed] = isolated_profile.secrets.values()
    assert renewed == resumed.transport.refresh_token != kept
    assert count_accounts(resumed) == 0 and catalog.process(resumed, "visit") is not None
    resumed.close()
    assert refresh_status(server, kept) == 401  # spent, and showing it again ends the session
