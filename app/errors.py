"""Errors the app reports to the UI as something the user can act on.

Every error shown to a user as a sentence is a `UserError`; anything else that reaches the UI is
a bug, for the crash dialog and the log. The UI says each kind in the user's language from the
error's type and details; `str()` of one is the English sentence for the log and the command line.
"""

from __future__ import annotations

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
