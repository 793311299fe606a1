"""Signing in without the server: a user who signed in on this computer before opens their
replica with their password when the server cannot be reached or there is no keyring, and the
app signs in to the server for real as soon as it answers. IT may switch it off or limit the
days a computer works without reaching the server."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app import accounts, session, sync_service
from app.errors import OfflineSignInError
from app.offline import OfflinePolicy, verifier_path
from app.paths import replica_path
from app.workspace import Workspace
from local_store import outbox, state
from local_store.db import Replica
from server import auth, feed, user_admin
from server.database import make_sessions
from sync.credentials import TokenStore
from sync.errors import Outcome, SyncError
from sync.transport import Transport
from tests.support.live_server import ServerAddress
from tests.unit.sync.conftest import PASSWORD


@pytest.fixture(autouse=True)
def no_retry_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Calls to a server that is down still retry, without urllib3's pauses in between."""
    defaults = Transport.__init__.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "backoff", 0.0)


@pytest.fixture
def server(server_engine: Engine) -> ServerAddress:
    return ServerAddress(server_engine)


def _signed_in_before(tmp_path: Path, server: ServerAddress, **options) -> Path:
    """Alice signed in on this computer (with the server up), saved an account and quit
    before it was synced; the replica's path."""
    with server.up():
        workspace = session.sign_in(
            tmp_path, server.url, "alice", PASSWORD, TokenStore(), **options
        )
    accounts.create_account(workspace, {"name": "Saved while offline"})
    workspace.close()
    return replica_path(tmp_path, server.url, "alice")


def _pending(workspace: Workspace) -> int:
    with workspace.reading() as s:
        return outbox.count(s)


def test_a_restart_offline_without_a_keyring_signs_in_with_the_password(
    tmp_path: Path, server: ServerAddress, no_keyring: None
) -> None:
    _signed_in_before(tmp_path, server)
    tokens = TokenStore()  # a new start: the token was kept in the last run's memory only
    assert Workspace.resume(tmp_path, server.url, "alice", tokens) is None

    workspace = session.sign_in(tmp_path, server.url, "alice", PASSWORD, tokens)

    assert workspace.me.name == "alice"
    accounts.create_account(workspace, {"name": "Saved after an offline sign-in"})  # read-write
    assert _pending(workspace) == 2
    with pytest.raises(SyncError) as offline:
        sync_service.sync_now(workspace)
    assert offline.value.outcome is Outcome.OFFLINE
    with server.up():  # the server answers: the app signs in for real and syncs
        sync_service.sync_now(workspace)
    assert _pending(workspace) == 0 and workspace.online is True
    assert workspace.transport.refresh_token is not None
    workspace.close()


def test_an_offline_sign_in_keeps_the_session_in_the_keyring_once_the_server_answers(
    tmp_path: Path, server: ServerAddress
) -> None:
    _signed_in_before(tmp_path, server, remember=False)
    tokens = TokenStore()
    workspace = session.sign_in(tmp_path, server.url, "alice", PASSWORD, tokens)
    assert tokens.load(server.url, "alice") is None
    with server.up():
        sync_service.sync_now(workspace)
    assert tokens.load(server.url, "alice") == workspace.transport.refresh_token
    workspace.close()


def test_a_wrong_password_is_refused_offline(tmp_path: Path, server: ServerAddress) -> None:
    _signed_in_before(tmp_path, server)
    with pytest.raises(OfflineSignInError) as refused:
        session.sign_in(tmp_path, server.url, "alice", "not it", TokenStore())
    assert refused.value.reason == "wrong_password"
    assert str(refused.value) == "The user name or password is wrong. Please try again."


def test_someone_who_never_signed_in_here_hears_that_the_server_cannot_be_reached(
    tmp_path: Path, server: ServerAddress
) -> None:
    _signed_in_before(tmp_path, server)
    with pytest.raises(SyncError) as unreachable:
        session.sign_in(tmp_path, server.url, "bob", PASSWORD, TokenStore())
    assert unreachable.value.outcome is Outcome.OFFLINE


def test_it_can_switch_offline_sign_in_off(tmp_path: Path, server: ServerAddress) -> None:
    off = OfflinePolicy(allowed=False)
    path = _signed_in_before(tmp_path, server, offline=off)
    assert not verifier_path(path).exists()  # nothing to check a password against is kept
    with pytest.raises(OfflineSignInError) as refused:
        session.sign_in(tmp_path, server.url, "alice", PASSWORD, TokenStore(), offline=off)
    assert refused.value.reason == "not_allowed"
    assert "does not allow" in str(refused.value)


def test_switching_it_off_later_refuses_a_verifier_kept_before(
    tmp_path: Path, server: ServerAddress
) -> None:
    _signed_in_before(tmp_path, server)
    off = OfflinePolicy(allowed=False)
    with pytest.raises(OfflineSignInError) as refused:
        session.sign_in(tmp_path, server.url, "alice", PASSWORD, TokenStore(), offline=off)
    assert refused.value.reason == "not_allowed"


def _last_reached(path: Path, days_ago: int) -> None:
    """Make the server's last answer (sign-in and sync) `days_ago` days old."""
    when = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)).isoformat()
    verifier = verifier_path(path)
    document = json.loads(verifier.read_text(encoding="utf-8"))
    verifier.write_text(json.dumps(document | {"server_accepted_at": when}), "utf-8")
    replica = Replica(path)
    with replica.session() as s:
        state.put(s, state.LAST_SYNC, when)
    replica.close()


@pytest.mark.parametrize(("days_ago", "let_in"), [(6, True), (8, False)])
def test_a_computer_works_offline_only_as_many_days_as_it_allows(
    tmp_path: Path, server: ServerAddress, days_ago: int, let_in: bool
) -> None:
    path = _signed_in_before(tmp_path, server)
    _last_reached(path, days_ago)
    week = OfflinePolicy(max_days=7)
    tokens = TokenStore()  # the memory keyring of the tests: a resumable session
    assert tokens.load(server.url, "alice") is not None

    resumed = Workspace.resume(tmp_path, server.url, "alice", tokens, offline=week)
    assert (resumed is not None) is let_in
    if resumed is not None:
        resumed.close()
        session.sign_in(tmp_path, server.url, "alice", PASSWORD, tokens, offline=week).close()
        return
    with pytest.raises(OfflineSignInError) as refused:
        session.sign_in(tmp_path, server.url, "alice", PASSWORD, tokens, offline=week)
    assert refused.value.reason == "too_long"
    assert "more than 7 days" in str(refused.value)


def test_the_verifier_never_holds_the_password(tmp_path: Path, server: ServerAddress) -> None:
    path = _signed_in_before(tmp_path, server)
    content = verifier_path(path).read_bytes()
    assert PASSWORD.encode() not in content
    assert b"$argon2id$" in content


def test_a_password_the_server_refuses_later_is_asked_again_and_no_longer_opens_offline(
    tmp_path: Path, server: ServerAddress
) -> None:
    path = _signed_in_before(tmp_path, server)
    workspace = session.sign_in(tmp_path, server.url, "alice", PASSWORD, TokenStore())
    with feed.write_transaction(make_sessions(server.engine).write) as s:
        user_admin.reset_password(s, "alice", auth.hash_password("given by IT"))

    with server.up(), pytest.raises(SyncError) as refused:
        sync_service.sync_now(workspace)

    assert refused.value.outcome is Outcome.WRONG_PASSWORD
    assert not verifier_path(path).exists()
    workspace.close()
    with pytest.raises(SyncError):  # the old password opens nothing offline now
        session.sign_in(tmp_path, server.url, "alice", PASSWORD, TokenStore())
