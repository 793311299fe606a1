"""Session tokens in the OS keyring: the refresh token of each signed-in user (the short-lived
access token lives in memory only).

Where the machine has no keyring backend (a headless server, a bare container) the token is kept
in this process's memory only: the user signs in again after a restart (`usable` says so before
they try, for the sign-in dialog). It is never written to a file, so no plain-text secret is
left on disk.
"""

from __future__ import annotations

import logging

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, PasswordDeleteError

log = logging.getLogger(__name__)


def _service(server_url: str) -> str:
    return f"Fieldbook:{server_url.rstrip('/')}"


def _keeps_secrets(backend: KeyringBackend) -> bool:
    """Whether `backend` is a keyring at all: keyring falls back to one that refuses every
    call when it finds none, and "null" is the one a user picks to switch keyrings off."""
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    return True


class TokenStore:
    def __init__(self) -> None:
        self._memory: dict[tuple[str, str], str] = {}
        backend = keyring.get_keyring()
        self.backend_name = type(backend).__name__
        # Whether a session saved here outlives this run ("stay signed in" can work).
        self.usable = _keeps_secrets(backend)

    def save(self, server_url: str, username: str, token: str) -> None:
        try:
            keyring.set_password(_service(server_url), username, token)
            self._memory.pop((server_url, username), None)
        except KeyringError as exc:
            log.warning("no usable keyring (%s); the token is kept in memory only", exc)
            self._memory[(server_url, username)] = token
            self.usable = False

    def load(self, server_url: str, username: str) -> str | None:
        if (server_url, username) in self._memory:
            return self._memory[(server_url, username)]
        try:
            token: str | None = keyring.get_password(_service(server_url), username)
        except KeyringError as exc:
            log.info("keyring unavailable: %s", exc)
            return None
        return token

    def delete(self, server_url: str, username: str) -> None:
        self._memory.pop((server_url, username), None)
        try:
            keyring.delete_password(_service(server_url), username)
        except PasswordDeleteError:
            pass
        except KeyringError as exc:
            log.info("keyring unavailable: %s", exc)
