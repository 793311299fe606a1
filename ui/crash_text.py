"""The words of the crash handler: what happened, where the details are, and a UserError's
sentence. Plain functions over QtCore only, so the hooks (ui.crash) load no widgets until an
error has to be shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.crash_report import what_happened
from app.errors import SaveError, UserError
from ui.problems import save_failure_text

# lupdate finds the strings by this name and the literal context "CrashDialog".
translate = QCoreApplication.translate


def crash_sentence(error: BaseException) -> str:
    return translate(
        "CrashDialog",
        "Fieldbook ran into an unexpected problem and stopped what it was doing (%1). What "
        "you saved is safe, and you can go on working.",
    ).replace("%1", what_happened(error))


def stopped_sentence(error: BaseException) -> str:
    return translate(
        "CrashDialog", "Fieldbook stopped because of an unexpected problem (%1)."
    ).replace("%1", what_happened(error))


def log_place_sentence(log_file: Path) -> str:
    return translate("CrashDialog", "The details are in the log: %1").replace("%1", str(log_file))


def user_error_text(error: UserError) -> str:
    """A UserError's sentence in the user's language where the UI has one, else its own."""
    if isinstance(error, SaveError):
        return save_failure_text(error)
    return str(error)
