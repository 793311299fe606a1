"""What lets a user in without the server: IT's offline policy, and the password verifier.

The verifier is a file beside the replica holding an argon2id hash of the password the server
last accepted on this computer (never the password itself) and when the server last accepted
it. With it, a user who signed in here before opens their replica with their password while the
server cannot be reached or there is no keyring to resume from; IT may switch that off
(`AllowOfflineSignIn`) and limit how many days a computer may work without reaching the server
(`MaxOfflineDays`, 0 for no limit).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.private_files import write_private
from app.settings import Settings

log = logging.getLogger(__name__)

VERIFIER_SUFFIX = ".verifier"
# argon2-cffi's defaults (RFC 9106's second recommendation: argon2id, 64 MiB, 3 passes, 4 lanes):
# each guess at a stolen verifier costs that memory and time. A check took about 1 s on the
# shared 2-core build machine at a load of 11; it runs off the UI thread, once per sign-in.
_hasher = PasswordHasher()


@dataclass(frozen=True)
class OfflinePolicy:
    """IT's rules for working without the server."""

    allowed: bool = True  # a user may sign in with the local verifier
    max_days: int = 0  # days a computer may work without reaching the server; 0: no limit

    @classmethod
    def of(cls, settings: Settings) -> OfflinePolicy:
        return cls(bool(settings.get("AllowOfflineSignIn")), int(settings.get("MaxOfflineDays")))

    def expired(self, last_contact: dt.datetime | None, now: dt.datetime | None = None) -> bool:
        """Whether the server was last reached longer ago than the policy allows."""
        if self.max_days <= 0:
            return False
        if last_contact is None:
            return True
        now = now or dt.datetime.now(dt.UTC)
        return now - last_contact > dt.timedelta(days=self.max_days)


def verifier_path(replica: Path) -> Path:
    return replica.with_name(replica.name + VERIFIER_SUFFIX)


def keep_verifier(replica: Path, password: str) -> None:
    """Note that the server accepted `password` for this replica's user just now."""
    document = {
        "argon2id": _hasher.hash(password),
        "server_accepted_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    write_private(verifier_path(replica), json.dumps(document))


def server_accepted(replica: Path, password: str, policy: OfflinePolicy) -> None:
    """The server accepted `password` for this replica's user: keep its verifier where the
    policy allows signing in without the server, and none where it does not."""
    if policy.allowed:
        keep_verifier(replica, password)
    else:
        forget_verifier(replica)


def forget_verifier(replica: Path) -> None:
    """No offline sign-in for this replica's user until the server accepts them again."""
    verifier_path(replica).unlink(missing_ok=True)


@dataclass(frozen=True)
class Verifier:
    password_hash: str
    server_accepted_at: dt.datetime

    def matches(self, password: str) -> bool:
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def read_verifier(replica: Path) -> Verifier | None:
    """The verifier kept for this replica, or None (never signed in here, offline sign-in was
    off then, or the file is unreadable)."""
    path = verifier_path(replica)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Verifier(
            str(document["argon2id"]), dt.datetime.fromisoformat(document["server_accepted_at"])
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("the password verifier %s is unreadable, ignored: %s", path, exc)
        return None
