"""The sentences of the sync status, chosen by the app's values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.views import SyncStatus
from sync.engine import Progress, SyncReport
from sync.errors import Outcome, SyncError
from ui import sync_text
from ui.i18n import install_translators

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "synced just now"),
        (2, "synced 2 min ago"),
        (59, "synced 59 min ago"),
        (125, "synced 2 h ago"),
    ],
)
def test_last_sync_is_relative(qapp, minutes: int, expected: str) -> None:
    assert sync_text.last_sync_text(NOW - dt.timedelta(minutes=minutes), NOW, "en") == expected


def test_never_synced(qapp) -> None:
    assert sync_text.last_sync_text(None, NOW, "en") == "Not synced yet"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "synced on Nov 20, 2026"), ("zh_CN", "2026年11月20日 已同步")],
)
def test_a_sync_days_ago_is_dated_in_the_ui_language(
    qapp: QApplication, qm_dir: Path, language: str, expected: str
) -> None:
    """As the task dates are (ui.formats), not ISO ("synced on 2026-11-20") in both."""
    translators = install_translators(qapp, language, qm_dir)
    try:
        assert sync_text.last_sync_text(NOW - dt.timedelta(days=3), NOW, language) == expected
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_status_line_parts(qapp) -> None:
    status = SyncStatus(online=False, pending=3, conflicts=0, last_sync_at=None)
    assert sync_text.status_parts(status, NOW, "en") == [
        "○ Offline",
        "3 unsynced",
        "Not synced yet",
    ]
    before_first_try = SyncStatus(online=None, pending=0, conflicts=0, last_sync_at=NOW)
    assert sync_text.status_parts(before_first_try, NOW, "en") == ["0 unsynced", "synced just now"]


def test_conflicts_only_when_there_are_some(qapp) -> None:
    assert sync_text.conflicts_text(0) == ""
    assert "2" in sync_text.conflicts_text(2)


def test_a_snapshot_download_tells_megabytes_and_time_left(qapp) -> None:
    progress = Progress("download", 45_200_000, 115_000_000, seconds_left=19.6)
    assert sync_text.progress_text(progress) == (
        "Downloading the territory: 45 of 115 MB, about 20 s left"
    )
    starting = Progress("download", 300_000, 2_500_000)
    assert sync_text.progress_text(starting) == "Downloading the territory: 0.3 of 2.5 MB"
    assert sync_text.progress_text(Progress("install", 0)) == "Installing the territory…"


def test_progress_and_result(qapp) -> None:
    assert "120" in sync_text.progress_text(Progress("pull", 120))
    assert sync_text.success_text(SyncReport(0, 0, 0)) == "Everything is up to date."
    # An edit saved while the sync ran is still to be sent: not "up to date".
    assert sync_text.success_text(SyncReport(0, 0, 0), pending=1) == "Synced: 0 sent, 0 received."
    assert "3" in sync_text.success_text(SyncReport(pushed=3, pulled=0, conflicts=0))


def test_a_sync_that_set_records_aside_says_so_and_where_they_are(qapp) -> None:
    text = sync_text.success_text(SyncReport(pushed=0, pulled=40, conflicts=0, set_aside=2))

    assert text.startswith("Synced: 0 sent, 40 received. 2 record")
    assert "set aside; everything else is synced" in text and "diagnostics" in text


def test_every_outcome_has_its_own_plain_sentence(qapp) -> None:
    sentences = {
        outcome: sync_text.failure_text(SyncError(outcome, "detail for the log"))
        for outcome in Outcome
    }
    assert sentences[Outcome.OFFLINE] == (
        "You are offline. Your changes are saved on this computer and will be sent when the "
        "connection returns."
    )
    assert sentences[Outcome.SIGNED_OUT] == "Your sign-in has expired. Please sign in again."
    assert "server had a problem" in sentences[Outcome.SERVER_ERROR]
    assert "refused" in sentences[Outcome.REFUSED]
    assert "contact support" in sentences[Outcome.INCOMPATIBLE]
    assert all("detail for the log" not in sentence for sentence in sentences.values())
    assert "unexpected" in sync_text.failure_text(KeyError("bug"))
