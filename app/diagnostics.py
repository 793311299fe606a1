"""`fieldbook --diagnostics FILE.zip`: what support needs in one file, without secrets.

The zip holds the log files, the versions of the app and what it runs on, the paths it uses and
the effective settings with where each comes from (managed, user, recommended, default).
Tokens, passwords and credentials in URLs are replaced by "***" everywhere, logs included: a
user can send the file to anyone.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import re
import sqlite3
import sys
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

from app.logs import log_dir, log_files
from app.paths import data_dir
from app.settings import Settings

REDACTED = "***"
_SECRETS = (
    # "Bearer <token>" in headers and messages
    re.compile(r"(?i)(bearer\s+)[^\s\"',;]+"),
    # token=…, "access_token": "…", password: …, secret=…
    re.compile(
        r"(?i)((?:access_token|refresh_token|token|password|passwd|secret)[\"']?\s*[:=]\s*[\"']?)"
        r"[^\s\"',;&}]+"
    ),
    # https://user:password@host
    re.compile(r"(://[^/\s:@]+:)[^@/\s]+(?=@)"),
)


def redact(text: str) -> str:
    for pattern in _SECRETS:
        text = pattern.sub(lambda match: match.group(1) + REDACTED, text)
    return text


def _version_of(*distributions: str) -> str:
    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def versions(keyring_backend: str) -> dict[str, str]:
    return {
        "fieldbook": _version_of("fieldbook"),
        "python": sys.version.split()[0],
        "qt": _version_of("PySide6-Essentials", "PySide6"),  # PySide6 ships its own Qt
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
        "machine": platform.machine(),
        "bundled": str(getattr(sys, "frozen", False)),
        "keyring_backend": keyring_backend,
    }


def effective_settings(settings: Settings) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "value": redact(s.value) if isinstance(s.value, str) else s.value,
            "source": s.source,
        }
        for s in settings.effective()
    ]


def paths(settings: Settings) -> dict[str, str]:
    policies = settings.policies
    return {
        "data_dir": str(data_dir()),
        "user_settings": str(settings.user_file),
        "log_dir": str(log_dir()),
        "policies": f"{type(policies).__name__} {getattr(policies, 'path', '')}".strip(),
    }


def write_diagnostics(target: Path, settings: Settings, keyring_backend: str) -> Path:
    """Write the support zip to `target` (completely or not at all) and return its path."""
    report = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": versions(keyring_backend),
        "paths": paths(settings),
        "settings": effective_settings(settings),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("diagnostics.json", json.dumps(report, indent=2, ensure_ascii=False))
        for path in log_files():
            text = path.read_text(encoding="utf-8", errors="replace")
            archive.writestr(f"logs/{path.name}", redact(text))
    partial.replace(target)
    return target
