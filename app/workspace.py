"""The signed-in user's workspace: the session the services work in.

It holds what a session is: how it was opened (a sign-in, a resumed sign-in, a sign-in
without the server), the signed-in user, the replica, the transport to the server and the
user's language, and the one way the services touch the replica: `reading()` for what they
show and `saving()` for every write, which turns a failed write into a SaveError. The services
themselves are functions of `(workspace, ...)` in the modules beside this one (accounts, tasks,
activities, today, conflicts, sync_service, ...); the UI never sees SQL or HTTP, only the views
they return.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.errors import DamagedReplicaError, OfflineSignInError, SaveError
from app.offline import OfflinePolicy, read_verifier, server_accepted
from app.paths import replica_path
from app.private_files import private_dir
from app.replica_file import open_repairing, repair_news
from app.settings import Settings
from app.views import Me
from local_store import state
from local_store.db import Replica
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


def _replica_file(data_dir: Path, server_url: str, username: str) -> Path:
    """Where the user's replica is, in the app's data folder (made private: see
    `app.private_files`)."""
    private_dir(data_dir)
    return replica_path(data_dir, server_url, username)


def _open_signed_in_before(path: Path, offline: OfflinePolicy) -> tuple[Replica, Me] | None:
    """The replica at `path` (repaired if damaged) and the user saved in it at their last
    sign-in; None when it names no user, or when the server was last reached (signed in to or
    synced with) longer ago than `offline` allows."""
    replica = open_repairing(path)
    with replica.session() as session:
        saved = state.get(session, state.ME)
        last_sync = state.get(session, state.LAST_SYNC)
    contacts = [dt.datetime.fromisoformat(last_sync)] if last_sync else []
    if (verifier := read_verifier(path)) is not None:
        contacts.append(verifier.server_accepted_at)
    last_contact = max(contacts, default=None)
    if not saved or offline.expired(last_contact):
        if saved:
            log.warning("%s: the server was last reached at %s, too long ago", path, last_contact)
        replica.close()
        return None
    saved["territories"] = tuple(saved["territories"])
    return replica, Me(**saved)


class Workspace:
    def __init__(
        self, replica: Replica, transport: Transport, me: Me, language: str = "en"
    ) -> None:
        self.replica = replica
        self.transport = transport
        self.me = me
        self.language = language
        self.online: bool | None = None  # None: not tried yet; set from a sync's report
        # The replica was damaged and set aside when it was opened: the user is told.
        self.repaired: DamagedReplicaError | None = None
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
        offline: OfflinePolicy = OfflinePolicy(),
    ) -> Workspace:
        """Sign in with a password and open the user's replica; with `remember` the refresh token
        is kept in the keyring (and renewed there) so the next start needs no password. With
        `new_password` the password is changed first (after a one-time password from IT).
        Where `offline` allows it, a verifier of the password is kept beside the replica for
        signing in while the server cannot be reached (`open_offline`)."""
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
        path = _replica_file(data_dir, server_url, username)
        replica = open_repairing(path)
        with replica.session() as session:
            state.put(session, state.ME, me.__dict__ | {"territories": list(me.territories)})
            state.put(session, state.DEFAULT_REGION, answer.user.default_region)
            state.client_id(session)
        server_accepted(path, password if new_password is None else new_password, offline)
        return cls(replica, transport, me, language)._told()

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
        offline: OfflinePolicy = OfflinePolicy(),
    ) -> Workspace | None:
        """Open the replica of a user who signed in before, with the saved refresh token (the
        first sync renews the session); None if there is none, or if this computer has not
        reached the server for longer than `offline` allows. Works offline."""
        path = _replica_file(data_dir, server_url, username)
        token = tokens.load(server_url, username)
        if token is None or not path.exists():
            return None
        opened = _open_signed_in_before(path, offline)
        if opened is None:
            return None
        replica, me = opened
        transport = _transport(server_url, username, tokens, network)
        transport.refresh_token = token
        return cls(replica, transport, me, language)._told()

    @classmethod
    def open_offline(
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
        offline: OfflinePolicy = OfflinePolicy(),
    ) -> Workspace:
        """Open the replica of a user who signed in here before, checking `password` against
        the verifier kept then, while the server cannot be reached; the transport signs in for
        real with it at its first call that reaches the server. An OfflineSignInError says why
        not (never signed in here, IT's policy, a wrong password)."""
        if not offline.allowed:
            raise OfflineSignInError("not_allowed")
        path = _replica_file(data_dir, server_url, username)
        verifier = read_verifier(path)
        if verifier is None or not path.exists():
            raise OfflineSignInError("never_here")
        if not verifier.matches(password):
            log.info("offline sign-in of %s refused: the password does not match", username)
            raise OfflineSignInError("wrong_password")
        opened = _open_signed_in_before(path, offline)
        if opened is None:
            raise OfflineSignInError("too_long", offline.max_days)
        replica, me = opened
        transport = _transport(server_url, username, tokens if remember else None, network)
        transport.sign_in_later(username, password)
        log.info("%s signed in without the server; the server is asked when it answers", username)
        return cls(replica, transport, me, language)._told()

    def _told(self) -> Workspace:
        """This workspace, holding the news of a damaged replica it opened, for the UI."""
        self.repaired = repair_news(self.replica)
        return self

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
