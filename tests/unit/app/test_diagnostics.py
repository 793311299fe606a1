"""`fieldbook --diagnostics FILE.zip`: logs, versions, effective settings with their sources, and
never a token or password."""

from __future__ import annotations

import json
import logging
import zipfile

import pytest

from app import policies
from app.diagnostics import redact
from app.logs import log_dir
from app.paths import data_dir
from app.settings import Settings
from local_store import quarantine
from local_store.db import Replica
from ui.main import main

TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl"
PASSWORD = "pr0xy-Pa55word"


pytestmark = pytest.mark.usefixtures("restore_root_logging")


def test_the_zip_has_logs_versions_and_settings_with_sources_but_no_secrets(tmp_path):
    policies.LINUX_POLICY_FILE.parent.mkdir(parents=True)
    policies.LINUX_POLICY_FILE.write_text(
        json.dumps(
            {
                "managed": {"ServerUrl": "https://crm.example.com", "LogLevel": "DEBUG"},
                "recommended": {"SyncInterval": 900},
            }
        )
    )
    Settings().set("ProxyUrl", f"http://ann:{PASSWORD}@proxy.example.com:3128")
    log_dir().mkdir(parents=True)
    (log_dir() / "fieldbook.log.1").write_text(
        f"sync: Authorization: Bearer {TOKEN}\n"
        f'answer {{"access_token": "{TOKEN}", "token_type": "bearer"}}\n'
        f"sign-in password={PASSWORD}\n"
    )
    target = tmp_path / "support" / "fieldbook-diagnostics.zip"

    assert main(["--diagnostics", str(target)]) == 0

    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        everything = b"".join(archive.read(name) for name in names)
        report = json.loads(archive.read("diagnostics.json"))
    assert names == {"diagnostics.json", "logs/fieldbook.log", "logs/fieldbook.log.1"}
    assert report["set_aside"] == {}
    assert TOKEN.encode() not in everything
    assert PASSWORD.encode() not in everything
    assert set(report["versions"]) >= {"fieldbook", "python", "qt", "sqlite", "os"}
    sources = {s["key"]: (s["value"], s["source"]) for s in report["settings"]}
    assert sources["ServerUrl"] == ("https://crm.example.com", "managed")
    assert sources["ProxyUrl"] == ("http://ann:***@proxy.example.com:3128", "user")
    assert sources["SyncInterval"] == (900, "recommended")
    assert sources["UpdateCheck"] == (True, "default")
    assert report["paths"]["policies"].endswith("policies.json")
    assert logging.getLogger().level == logging.DEBUG  # the managed LogLevel is honoured


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Authorization: Bearer abc.def", "Authorization: Bearer ***"),
        ('{"access_token": "abc", "user": "ann"}', '{"access_token": "***", "user": "ann"}'),
        ("https://ann:pw@host/x", "https://ann:***@host/x"),
        ("password=hunter2&next=1", "password=***&next=1"),
        ("synced 12 changes from https://crm.example.com", None),
    ],
)
def test_redaction(line, kept):
    assert redact(line) == (kept or line)


def test_the_records_a_replica_set_aside_are_listed_without_their_contents(tmp_path):
    replica = Replica(data_dir() / "replicas" / "0123456789ab-ann.db")
    record_id = "00000000-0000-4000-8000-0000000000a1"
    unread = quarantine.SetAside(
        "activity", record_id, 42, "answers[0] must not nest", '{"note": "Mrs Li\'s number"}'
    )
    with replica.session() as session:
        quarantine.set_aside(session, [unread])
    replica.close()
    target = tmp_path / "diagnostics.zip"

    assert main(["--diagnostics", str(target)]) == 0

    with zipfile.ZipFile(target) as archive:
        report = json.loads(archive.read("diagnostics.json"))
    ((name, [entry]),) = report["set_aside"].items()
    assert name == "0123456789ab-ann.db"
    assert entry["entity"] == "activity" and entry["record_id"] == record_id
    assert (entry["version"], entry["problem"]) == (42, "answers[0] must not nest")
    assert "Mrs Li" not in json.dumps(report)
