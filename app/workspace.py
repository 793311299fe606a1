"""The signed-in user's workspace: the session the services work in.

It holds what a session is: how it was opened (a sign-in, a resumed sign-in), the signed-in
user, the replica, the transport to the server and the user's language, and the one way the
services touch the replica: `reading()` for what they show and `saving()` for every write,
which turns a failed write into a SaveError. The services themselves are functions of
`(workspace, ...)` in the modules beside this one (accounts, tasks, activities, today,
conflicts, sync_service, ...); the UI never sees SQL or HTTP, only the views they return.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.errors import NewerReplicaError, SaveError
from app.paths import replica_path
from app.settings import Settings
from app.views import Me
from local_store import state
from local_store.db import Replica
from local_store.migrate import NewerDatabaseError
from local_store.records import InvalidRecordError
from protocol.auth import TokenResponse
from sync.credentials import TokenStore
from sync.transport import Transport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Network:
    """How to reach the server: IT's ProxyUrl and CaBundle ("" leaves it to the environment)."""

    proxy_url: str = ""
    ca_bundle: str = ""

    @classmethod
    def of(cls, settings: Settings) -> Network:
        """The effective ProxyUrl and CaBundle (managed policy > user > recommended > default)."""
        return cls(settings.get("ProxyUrl"), settings.get("CaBundle"))


def _transport(
    server_url: str, username: str, tokens: TokenStore | None, network: Network
) -> Transport:
    """A transport through `network`; with `tokens`, it keeps each renewed refresh token in the
    keyring (the old one is spent)."""

    def keep(answer: TokenResponse) -> None:
        if tokens is not None:
            tokens.save(server_url, username, answer.refresh_token)

    return Transport(
        server_url,
        on_new_tokens=keep,
        proxy_url=network.proxy_url,
        ca_bundle=network.ca_bundle,
    )


def open_replica(path: Path) -> Replica:
    """The replica file at `path`, brought up to date; a NewerReplicaError when a newer
    Fieldbook wrote it (the file is left untouched)."""
    try:
        return Replica(path)
    except NewerDatabaseError as exc:
        raise NewerReplicaError(str(exc)) from exc


class Workspace:
    def __init__(
        self, replica: Replica, transport: Transport, me: Me, language: str = "en"
    ) -> None:
        self.replica = replica
        self.transport = transport
        self.me = me
        self.language = language
        self.online: bool | None = None  # None: not tried yet; set from a sync's report
        self._open = _OpenSession()

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def sign_in(
        cls,
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
    ) -> Workspace:
        """Sign in with a password and open the user's replica; with `remember` the refresh token
        is kept in the keyring (and renewed there) so the next start needs no password. With
        `new_password` the password is changed first (after a one-time password from IT)."""
        transport = _transport(server_url, username, tokens if remember else None, network)
        if new_password is None:
            answer = transport.sign_in(username, password)
        else:
            answer = transport.change_password(username, password, new_password)
        if remember:
            tokens.save(server_url, username, answer.refresh_token)
        me = Me(
            id=answer.user.id,
            name=answer.user.name,
            display_name=answer.user.display_name,
            role=answer.user.role,
            territories=tuple(answer.user.territories),
        )
        replica = open_replica(replica_path(data_dir, server_url, username))
        with replica.session() as session:
            state.put(session, state.ME, me.__dict__ | {"territories": list(me.territories)})
            state.put(session, state.DEFAULT_REGION, answer.user.default_region)
            state.client_id(session)
        return cls(replica, transport, me, language)

    @classmethod
    def resume(
        cls,
        data_dir: Path,
        server_url: str,
        username: str,
        tokens: TokenStore,
        language: str = "en",
        *,
        network: Network = Network(),
    ) -> Workspace | None:
        """Open the replica of a user who signed in before, with the saved refresh token (the
        first sync renews the session); None if there is none. Works offline."""
        path = replica_path(data_dir, server_url, username)
        token = tokens.load(server_url, username)
        if token is None or not path.exists():
            return None
        replica = open_replica(path)
        with replica.session() as session:
            saved = state.get(session, state.ME)
        if not saved:
            replica.close()
            return None
        transport = _transport(server_url, username, tokens, network)
        transport.refresh_token = token
        saved["territories"] = tuple(saved["territories"])
        return cls(replica, transport, Me(**saved), language)

    def close(self) -> None:
        self.replica.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session to read in; inside a `saving()` (or another read) it is that one."""
        with self._unit_of_work() as session:
            yield session

    @contextmanager
    def saving(self) -> Iterator[Session]:
        """A session for a user's save: all or nothing, failures as SaveError.

        The one way the services write. Inside another `saving()` it is that save's session,
        so a service that writes (add a task) can be part of a bigger save (log an activity)
        and the whole commits or fails as one.
        """
        try:
            with self._unit_of_work() as session:
                yield session
        except InvalidRecordError as exc:
            raise SaveError(exc.problems) from exc
        except SQLAlchemyError as exc:
            log.exception("saving to the replica %s failed", self.replica.path)
            raise SaveError() from exc

    @contextmanager
    def _unit_of_work(self) -> Iterator[Session]:
        """The session open on this thread, or a new one (committed when the block ends)."""
        if self._open.session is not None:
            yield self._open.session
            return
        with self.replica.session() as session:
            self._open.session = session
            try:
                yield session
            finally:
                self._open.session = None


class _OpenSession(threading.local):
    """The session a thread's `reading()` or `saving()` has open, for the ones inside it."""

    session: Session | None = None
