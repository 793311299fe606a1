"""Errors the app reports to the UI as something the user can act on.

Every error shown to a user as a sentence is a `UserError`; anything else that reaches the UI is
a bug, for the crash dialog and the log.
"""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """Something went wrong that the user can act on; `str()` of it is the sentence to show."""


class SaveError(UserError):
    """A user action could not be saved, and nothing of it was written.

    `problems` lists (field, message) pairs when the input was at fault; empty when the replica
    itself could not be written (disk full, file locked), which is logged in detail.
    """

    def __init__(self, problems: list[tuple[str, str]] | None = None) -> None:
        self.problems = problems or []
        super().__init__("; ".join(f"{field} {message}" for field, message in self.problems))


class NewerReplicaError(UserError):
    """The replica was written by a newer version of Fieldbook; it was left untouched."""

    def __init__(self, path: Path, revisions: list[str]) -> None:
        self.path = path
        self.revisions = revisions
        super().__init__(
            f"The local database {path} was made by a newer version of Fieldbook "
            f"(schema {', '.join(revisions)}). Install that version or a newer one; "
            "the database was left unchanged."
        )
