"""What `fieldbook --smoke-test` checks below the window: the shipped files are there, and a
replica opens in a temporary folder with every migration run. No Qt here (see ui/smoke.py)."""

from __future__ import annotations

import logging
from pathlib import Path

import resources.defaults
import resources.i18n
import resources.templates
from app.replica_file import open_replica
from app.views import Me
from app.workspace import Workspace
from local_store.migrate import MIGRATIONS, stored_revisions
from sync.transport import Transport

log = logging.getLogger(__name__)

SMOKE_USER = Me(
    id="smoke-test", name="smoke", display_name="Smoke test", role="rep", territories=()
)
NO_SERVER = "http://127.0.0.1:9"  # the smoke test never syncs


def shipped_files() -> list[Path]:
    """Files the program cannot work without, which a bundle could leave out."""
    i18n = Path(resources.i18n.__file__).parent
    defaults = Path(resources.defaults.__file__).parent
    return [
        i18n / "fieldbook_zh_CN.qm",
        defaults / "code_sets.json",
        defaults / "processes.json",
        Path(resources.templates.__file__).parent / "visit.json",  # the designer's templates
        MIGRATIONS / "env.py",
        MIGRATIONS / "versions",
    ]


def smoke_workspace(folder: Path, language: str) -> Workspace:
    """A workspace of the smoke-test user over a new replica in `folder`, never synced."""
    replica = open_replica(folder / "smoke.db")
    log.info("smoke test: replica %s at schema %s", replica.path, stored_revisions(replica.path))
    return Workspace(replica, Transport(NO_SERVER), SMOKE_USER, language)
