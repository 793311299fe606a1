"""Records pulled before this version checked documents: the upgrade sets aside those the app
cannot read, so reading the catalogue and the timeline never fails on one."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from local_store import quarantine
from local_store.db import Replica
from local_store.models import Process

FIXTURE = Path(__file__).parents[2] / "fixtures" / "replica-0003.db"
BROKEN = "00000000-0000-4000-8000-0000000000b1"
FINE = "00000000-0000-4000-8000-0000000000f1"


def _add_process(connection: sqlite3.Connection, record_id: str, steps: str) -> None:
    connection.execute(
        "INSERT INTO process (id, version, key, process_version, name_en, name_zh, kind, steps) "
        "VALUES (?, 7, ?, 1, 'Visit', '拜访', 'visit', ?)",
        (record_id, record_id[-2:], steps),
    )


def test_an_upgrade_sets_aside_stored_records_the_app_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "replica.db"
    shutil.copyfile(FIXTURE, path)
    with closing(sqlite3.connect(path)) as connection, connection:
        _add_process(connection, BROKEN, '[{"code_set": "reasons", "branches": [{}]}]')
        _add_process(connection, FINE, '[{"key": "why", "code_set": "reasons"}]')

    replica = Replica(path)
    try:
        with replica.session() as session:
            assert session.get(Process, BROKEN) is None
            assert session.get(Process, FINE) is not None
    finally:
        replica.close()

    (entry,) = quarantine.read(path)
    assert (entry["entity"], entry["record_id"], entry["version"]) == ("process", BROKEN, 7)
    assert entry["problem"] == "steps[0].key Field required"


def test_a_file_without_a_quarantine_reads_as_none(tmp_path: Path) -> None:
    path = tmp_path / "replica.db"
    shutil.copyfile(FIXTURE, path)

    assert quarantine.read(path) == []
    assert quarantine.read(tmp_path / "missing.db") == []
