"""Errors the app reports to the UI as something the user can act on.

Every error shown to a user as a sentence is a `UserError`; anything else that reaches the UI is
a bug, for the crash dialog and the log. The UI says each kind in the user's language from the
error's type and details; `str()` of one is the English sentence for the log and the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the protocol (pydantic) is not loaded by a screen-pop's start (ui.entry)
    from protocol.entities import FieldProblem


class UserError(Exception):
    """Something the user can act on (input at fault, a file that cannot be read, a replica of
    a newer version), not a bug."""


class SaveError(UserError):
    """A user action could not be saved, and nothing of it was written.

    `problems` lists the fields at fault, each with the kind of problem the UI translates; empty
    when the replica itself could not be written (disk full, file locked), which is logged in
    detail.
    """

    def __init__(self, problems: list[FieldProblem] | None = None) -> None:
        self.problems = problems or []
        super().__init__("; ".join(f"{p.field} {p.message}" for p in self.problems))


class NewerReplicaError(UserError):
    """The replica was written by a newer version of Fieldbook; it was left untouched (the
    sentence of local_store's NewerDatabaseError, which says which version to install)."""


class DamagedReplicaError(UserError):
    """The replica was damaged when it was opened, and repaired: it was set aside as `kept`
    (never deleted), the `unsynced` edits that could still be read from it go to the server,
    and the rest is synced again. Not raised: the workspace holds it for the UI to tell."""

    def __init__(self, kept: Path, unsynced: int) -> None:
        self.kept = kept
        self.unsynced = unsynced
        super().__init__(
            f"The local data on this computer was damaged. It was set aside as {kept}; "
            f"{unsynced} changes not yet synced were kept and will be sent, and everything "
            "else is fetched from the server again."
        )


class OfflineSignInError(UserError):
    """The user could not be let in without the server; `reason` says why:

    - "never_here": they never signed in on this computer (or not since IT allowed it);
    - "not_allowed": IT's policy switched signing in without the server off;
    - "wrong_password": the password is not the one the server last accepted here;
    - "too_long": the server was last reached longer ago than the `days` IT allows.
    """

    def __init__(self, reason: str, days: int = 0) -> None:
        self.reason = reason
        self.days = days
        super().__init__(_OFFLINE_SENTENCES[reason].replace("%1", str(days)))


_OFFLINE_SENTENCES = {
    "never_here": "The server cannot be reached, and you have not signed in on this computer "
    "before, so Fieldbook cannot check your password.",
    "not_allowed": "The server cannot be reached, and your IT department does not allow "
    "signing in without it.",
    "wrong_password": "The user name or password is wrong. Please try again.",
    "too_long": "This computer has not reached the server for more than %1 days, the most your "
    "IT department allows. Connect to the network to sign in.",
}
