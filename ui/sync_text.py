"""The words of the sync status: connection, pending changes, last sync, progress and failures.

Plain functions of the app's values, so the sentences a user reads are in one place and easy to
test. Every failure becomes a sentence the user can act on, chosen by the sync Outcome.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from app.views import SyncStatus
from sync.engine import Progress, SyncReport
from sync.errors import Outcome, SyncError
from ui.formats import dated

# lupdate finds the strings by this name and the literal context "SyncText".
translate = QCoreApplication.translate


def connection_text(online: bool | None) -> str:
    """The connection mark: online, offline, or nothing before the first attempt."""
    if online is None:
        return ""
    return translate("SyncText", "● Online") if online else translate("SyncText", "○ Offline")


def last_sync_text(last: dt.datetime | None, now: dt.datetime, language: str) -> str:
    """How long ago the last sync was; a day and more ago, its date in the UI language."""
    if last is None:
        return translate("SyncText", "Not synced yet")
    if last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)
    minutes = int((now - last).total_seconds() // 60)
    if minutes < 1:
        return translate("SyncText", "synced just now")
    if minutes < 60:
        return translate("SyncText", "synced %n min ago", None, minutes)
    if minutes < 24 * 60:
        return translate("SyncText", "synced %n h ago", None, minutes // 60)
    day = dated(last.astimezone().date(), language)
    return translate("SyncText", "synced on %1").replace("%1", day)


def status_parts(status: SyncStatus, now: dt.datetime, language: str) -> list[str]:
    """The pieces of the status line, in order: connection, pending, last sync."""
    parts = [
        connection_text(status.online),
        translate("SyncText", "%n unsynced", None, status.pending),
        last_sync_text(status.last_sync_at, now, language),
    ]
    return [part for part in parts if part]


def conflicts_text(conflicts: int) -> str:
    return translate("SyncText", "conflicts: %n ⚠", None, conflicts) if conflicts > 0 else ""


def progress_text(progress: Progress) -> str:
    if progress.phase == "push":
        return translate("SyncText", "Sending changes… %n sent", None, progress.done)
    if progress.phase == "download":
        return download_text(progress)
    if progress.phase == "install":
        return translate("SyncText", "Installing the territory…")
    return translate("SyncText", "Receiving changes… %n received", None, progress.done)


def download_text(progress: Progress) -> str:
    """A territory snapshot's download: megabytes so far and in all, and the time left once
    the rate is known."""
    done, total = _megabytes(progress.done, progress.total), _megabytes(progress.total)
    if progress.seconds_left is None:
        text = translate("SyncText", "Downloading the territory: %1 of %2 MB")
    else:
        text = translate("SyncText", "Downloading the territory: %1 of %2 MB, about %3 s left")
        text = text.replace("%3", str(max(round(progress.seconds_left), 1)))
    return text.replace("%1", done).replace("%2", total)


def _megabytes(count: int, scale: int | None = None) -> str:
    """Whole megabytes, with a decimal below 10 MB (of `scale`, when given: the total's)."""
    megabytes = count / 1_000_000
    return (
        f"{megabytes:.1f}"
        if (scale if scale is not None else count) < 10_000_000
        else (f"{megabytes:.0f}")
    )


def success_text(report: SyncReport, pending: int = 0) -> str:
    """What a good sync did; "up to date" only while nothing waits to be sent (`pending`: an
    edit saved while the sync ran); and, when it set records aside, that it did and where."""
    if not report.pushed and not report.pulled and not pending and not report.set_aside:
        return translate("SyncText", "Everything is up to date.")
    sent = translate("SyncText", "%n sent", None, report.pushed)
    received = translate("SyncText", "%n received", None, report.pulled)
    text = translate("SyncText", "Synced: %1, %2.").replace("%1", sent).replace("%2", received)
    if report.set_aside:
        text += " " + set_aside_text(report.set_aside)
    return text


def set_aside_text(count: int) -> str:
    return translate(
        "SyncText",
        "%n record(s) from the server could not be read by this version of Fieldbook and "
        "were set aside; everything else is synced. Support finds them in the diagnostics.",
        None,
        count,
    )


def offline_text() -> str:
    return translate(
        "SyncText",
        "You are offline. Your changes are saved on this computer and will be sent when the "
        "connection returns.",
    )


def failure_text(error: Exception) -> str:
    """A plain sentence for a failed sync; the detail goes to the log, not to the user."""
    if not isinstance(error, SyncError):
        return translate(
            "SyncText",
            "Sync stopped because of an unexpected problem. Your changes are safe on this "
            "computer; the details are in the log.",
        )
    match error.outcome:
        case Outcome.OFFLINE:
            return offline_text()
        case Outcome.SIGNED_OUT | Outcome.WRONG_PASSWORD:
            return translate("SyncText", "Your sign-in has expired. Please sign in again.")
        case Outcome.SERVER_ERROR:
            return translate(
                "SyncText",
                "The server had a problem. Try again in a few minutes; your changes are safe.",
            )
        case Outcome.REFUSED:
            return translate(
                "SyncText",
                "The server refused this sync. Please contact support; your changes are safe "
                "on this computer.",
            )
        case Outcome.PASSWORD_CHANGE_REQUIRED:
            return translate(
                "SyncText",
                "This password was given by IT for one sign-in; choose a new password to go on.",
            )
        case Outcome.ACCOUNT_DISABLED:
            return translate(
                "SyncText",
                "Your Fieldbook account is disabled. Ask your IT department; what you have not "
                "synced is kept on this computer.",
            )
        case Outcome.INCOMPATIBLE:
            return translate(
                "SyncText",
                "The server answered in a way this version of Fieldbook cannot read. Please "
                "contact support; your changes are safe on this computer.",
            )
