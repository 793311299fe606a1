"""Session tokens in the OS keyring: the refresh token of each signed-in user (the short-lived
access token lives in memory only).

Where the machine has no keyring backend (a headless server, a bare container) the token is kept
in this process's memory only: the user signs in again after a restart. It is never written to a
file, so no plain-text secret is left on disk.
"""

from __future__ import annotations

import logging

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

log = logging.getLogger(__name__)


def _service(server_url: str) -> str:
    return f"Fieldbook:{server_url.rstrip('/')}"


class TokenStore:
    def __init__(self) -> None:
        self._memory: dict[tuple[str, str], str] = {}
        self.backend_name = type(keyring.get_keyring()).__name__

    def save(self, server_url: str, username: str, token: str) -> None:
        try:
            keyring.set_password(_service(server_url), username, token)
            self._memory.pop((server_url, username), None)
        except KeyringError as exc:
            log.warning("no usable keyring (%s); the token is kept in memory only", exc)
            self._memory[(server_url, username)] = token

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
