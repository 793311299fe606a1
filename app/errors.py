"""Errors the app reports to the UI as something the user can act on."""

from __future__ import annotations


class SaveError(Exception):
    """A user action could not be saved, and nothing of it was written.

    `problems` lists (field, message) pairs when the input was at fault; empty when the replica
    itself could not be written (disk full, file locked), which is logged in detail.
    """

    def __init__(self, problems: list[tuple[str, str]] | None = None) -> None:
        self.problems = problems or []
        super().__init__("; ".join(f"{field} {message}" for field, message in self.problems))
