"""`fieldbook --diagnostics FILE.zip`: what support needs in one file, without secrets.

The zip holds the log files, the versions of the app and what it runs on, the paths it uses,
the effective settings with where each comes from (managed, user, recommended, default), and
the records each replica on this computer set aside because this version cannot read them
(`local_store.quarantine`): which record, its version and why, not its contents.
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
from local_store import quarantine

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


# What the diagnostics show of a record set aside: never what it holds (customers' data).
_SHOWN = ("entity", "record_id", "version", "problem", "set_aside_at")


def set_aside_records() -> dict[str, list[dict[str, Any]]]:
    """The records set aside per replica file (by its name) that has any."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((data_dir() / "replicas").glob("*.db")):
        entries = [{name: entry[name] for name in _SHOWN} for entry in quarantine.read(path)]
        if entries:
            found[path.name] = entries
    return found


def write_diagnostics(target: Path, settings: Settings, keyring_backend: str) -> Path:
    """Write the support zip to `target` (completely or not at all) and return its path."""
    report = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": versions(keyring_backend),
        "paths": paths(settings),
        "settings": effective_settings(settings),
        "set_aside": set_aside_records(),
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
