"""`fieldbook-server serve --workers N`: N uvicorn worker processes on one listening socket.

uvicorn starts each worker as a fresh process that imports the app by name, so the serving
parent hands the database URL and the settings of its command line to them in environment
variables, and `app_from_environment` builds the same app in every worker.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from fastapi import FastAPI

from server.api import create_app
from server.collection import collect_for_serving
from server.config import DB_ENV_VAR, snapshot_settings
from server.database import make_engine
from server.directory import DIRECTORY_ENV_VAR, DirectorySettings
from server.settings import ServerSettings

SETTINGS_ENV_VAR = "FIELDBOOK_SERVE_SETTINGS"
FACTORY = f"{__name__}:app_from_environment"


def environment_for_workers(db_url: str, settings: ServerSettings) -> dict[str, str]:
    """The variables `app_from_environment` reads: the database and the tunable settings."""
    tunables = {
        "access_token_seconds": settings.access_token_lifetime.total_seconds(),
        "refresh_token_seconds": settings.refresh_token_lifetime.total_seconds(),
        "max_body_bytes": settings.max_body_bytes,
        "snapshot_base_url": settings.snapshots.base_url if settings.snapshots else None,
    }
    return {DB_ENV_VAR: db_url, SETTINGS_ENV_VAR: json.dumps(tunables)}


def app_from_environment() -> FastAPI:
    """The API of one worker process (uvicorn calls this in each, as a factory)."""
    tunables = json.loads(os.environ[SETTINGS_ENV_VAR])
    settings = ServerSettings(
        access_token_lifetime=dt.timedelta(seconds=tunables["access_token_seconds"]),
        refresh_token_lifetime=dt.timedelta(seconds=tunables["refresh_token_seconds"]),
        max_body_bytes=tunables["max_body_bytes"],
        snapshots=snapshot_settings(base_url)
        if (base_url := tunables["snapshot_base_url"])
        else None,
        directory=DirectorySettings.load(Path(path))
        if (path := os.environ.get(DIRECTORY_ENV_VAR))
        else None,
    )
    app = create_app(make_engine(os.environ[DB_ENV_VAR]), settings)
    collect_for_serving()
    return app
