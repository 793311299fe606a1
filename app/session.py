"""The signed-in user's session: changing their password, and signing out (forget the token,
and on request the local replica of this user)."""

from __future__ import annotations

import logging

from app.workspace import Workspace
from sync.credentials import TokenStore

log = logging.getLogger(__name__)

# SQLite's write-ahead log and shared-memory files beside a replica.
_SIDE_FILES = ("-wal", "-shm")


def change_password(workspace: Workspace, current: str, new: str) -> None:
    """Give the signed-in user a new password; the server ends their other sessions and this
    one goes on with new tokens (kept in the keyring where the user stays signed in)."""
    workspace.transport.change_password(workspace.me.name, current, new)
    log.info("the password of %s was changed", workspace.me.name)


def sign_out(workspace: Workspace, tokens: TokenStore, *, wipe_local_data: bool) -> None:
    """Delete the saved token; with `wipe_local_data`, also the replica file (and its unsynced
    changes, which the UI warns about first). The workspace is closed afterwards."""
    tokens.delete(workspace.transport.base_url, workspace.me.name)
    workspace.transport.token = None
    workspace.close()
    if wipe_local_data:
        path = workspace.replica.path
        for file in (path, *(path.with_name(path.name + s) for s in _SIDE_FILES)):
            file.unlink(missing_ok=True)
        log.info("signed out and removed the local data %s", path)
    else:
        log.info("signed out; the local data stays in %s", workspace.replica.path)
