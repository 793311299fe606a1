"""The signed-in user's session: signing in (with the server, or without it where the user
signed in here before), changing their password, and signing out (forget the token and the
password verifier, and on request the local replica of this user)."""

from __future__ import annotations

import logging
from pathlib import Path

from app.errors import OfflineSignInError
from app.offline import (
    OfflinePolicy,
    forget_verifier,
    keep_verifier,
    read_verifier,
    server_accepted,
)
from app.replica_file import SIDE_FILES
from app.workspace import Network, Workspace
from sync.credentials import TokenStore
from sync.errors import Outcome, SyncError

log = logging.getLogger(__name__)


# What a sign-in says when the server is not there to ask.
_UNREACHABLE = (Outcome.OFFLINE, Outcome.SERVER_ERROR)


def sign_in(
    data_dir: Path,
    server_url: str,
    username: str,
    password: str,
    tokens: TokenStore,
    language: str = "en",
    *,
    remember: bool = True,
    network: Network = Network(),
    new_password: str | None = None,
    offline: OfflinePolicy = OfflinePolicy(),
) -> Workspace:
    """Sign in with the server (`Workspace.sign_in`); when it cannot be reached, open the
    replica of a user who signed in here before with their password (`Workspace.open_offline`),
    the server being asked as soon as it answers. The server's own error stands when this user
    never signed in here; an OfflineSignInError says why else they cannot be let in."""
    try:
        return Workspace.sign_in(
            data_dir,
            server_url,
            username,
            password,
            tokens,
            language,
            remember=remember,
            network=network,
            new_password=new_password,
            offline=offline,
        )
    except SyncError as unreachable:
        if unreachable.outcome not in _UNREACHABLE or new_password is not None:
            raise
        try:
            return Workspace.open_offline(
                data_dir,
                server_url,
                username,
                password,
                tokens,
                language,
                remember=remember,
                network=network,
                offline=offline,
            )
        except OfflineSignInError as refused:
            if refused.reason == "never_here":
                raise unreachable from None
            raise


def sign_in_again(
    workspace: Workspace,
    password: str,
    tokens: TokenStore,
    *,
    remember: bool = True,
    new_password: str | None = None,
    offline: OfflinePolicy = OfflinePolicy(),
) -> Workspace:
    """Sign the open workspace's user in again after the server refused their session or the
    password they were let in with offline; the workspace goes on with the new tokens."""
    transport, name = workspace.transport, workspace.me.name
    if new_password is None:
        answer = transport.sign_in(name, password)
    else:
        answer = transport.change_password(name, password, new_password)
    if remember:
        tokens.save(transport.base_url, name, answer.refresh_token)
    server_accepted(workspace.replica.path, new_password or password, offline)
    log.info("%s signed in again", name)
    return workspace


def change_password(workspace: Workspace, current: str, new: str) -> None:
    """Give the signed-in user a new password; the server ends their other sessions and this
    one goes on with new tokens (kept in the keyring where the user stays signed in), and the
    offline verifier, where there is one, takes the new password."""
    workspace.transport.change_password(workspace.me.name, current, new)
    if read_verifier(workspace.replica.path) is not None:
        keep_verifier(workspace.replica.path, new)
    log.info("the password of %s was changed", workspace.me.name)


def sign_out(workspace: Workspace, tokens: TokenStore, *, wipe_local_data: bool) -> None:
    """Delete the saved token and the password verifier (no sign-in without the server until
    the server accepts the user again); with `wipe_local_data`, also the replica file (and its
    unsynced changes, which the UI warns about first). The workspace is closed afterwards."""
    tokens.delete(workspace.transport.base_url, workspace.me.name)
    forget_verifier(workspace.replica.path)
    workspace.transport.token = None
    workspace.close()
    if wipe_local_data:
        path = workspace.replica.path
        for file in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
            file.unlink(missing_ok=True)
        log.info("signed out and removed the local data %s", path)
    else:
        log.info("signed out; the local data stays in %s", workspace.replica.path)
