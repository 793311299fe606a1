"""Settings with their sources: managed policy > user setting > recommended policy > default.

IT sets managed policies (locked: the user cannot change them) and recommended ones (defaults
the user may override) through the platform's policy store; `PolicySource` reads one of those,
and `app.policies` has the reader of each platform (the default here). User settings live in a
JSON file in the platform config directory.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import platformdirs

from app.paths import APP_NAME
from app.policies import platform_policies
from app.private_files import keep_private, write_private

log = logging.getLogger(__name__)

Source = Literal["managed", "user", "recommended", "default"]

DEFAULTS: dict[str, Any] = {
    "ServerUrl": "",
    "Language": "",  # empty: follow the system
    "AllowPasswordSaving": True,
    "SyncInterval": 300,  # seconds between automatic syncs
    "UpdateCheck": True,
    "LogLevel": "INFO",
    "ProxyUrl": "",
    "CaBundle": "",
    "WipeDataWhenDisabled": False,  # remove a disabled user's replica (after keeping the unsynced)
    "AllowOfflineSignIn": True,  # sign in with the local password verifier when offline
    "MaxOfflineDays": 0,  # days a computer may work without reaching the server; 0: no limit
    "UserName": "",
    "ShowGuidance": True,  # each step's guidance in the process runner; experienced users hide it
    "StartSection": "",  # "today" or "call_desk"; empty: the role's (agents: the call desk)
}

START_SECTIONS = ("today", "call_desk")


def start_section(settings: Settings, role: str) -> str:
    """Where the main window opens: the setting if it names a section, else the role's own
    (an agent answers calls; a rep, a manager or an admin starts on Today)."""
    chosen = settings.get("StartSection")
    if chosen in START_SECTIONS:
        return str(chosen)
    return "call_desk" if role == "agent" else "today"


class LockedSettingError(PermissionError):
    """The setting is managed by IT and cannot be changed here."""


class PolicySource(Protocol):
    def managed(self) -> Mapping[str, Any]: ...

    def recommended(self) -> Mapping[str, Any]: ...


class NoPolicies:
    def managed(self) -> Mapping[str, Any]:
        return {}

    def recommended(self) -> Mapping[str, Any]:
        return {}


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    source: Source

    @property
    def locked(self) -> bool:
        return self.source == "managed"


def user_settings_path() -> Path:
    override = os.environ.get("FIELDBOOK_CONFIG_DIR")
    base = Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, APP_NAME))
    return base / "settings.json"


class Settings:
    def __init__(self, user_file: Path | None = None, policies: PolicySource | None = None) -> None:
        self.user_file = user_file or user_settings_path()
        self.policies = policies if policies is not None else platform_policies()
        self._user = self._read_user()

    def _read_user(self) -> dict[str, Any]:
        keep_private(self.user_file)  # an older version's file readable by others
        try:
            data = json.loads(self.user_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable settings file %s: %s", self.user_file, exc)
            return {}
        return {k: v for k, v in data.items() if k in DEFAULTS} if isinstance(data, dict) else {}

    def setting(self, key: str) -> Setting:
        if key not in DEFAULTS:
            raise KeyError(key)
        managed = self.policies.managed()
        if key in managed:
            return Setting(key, managed[key], "managed")
        if key in self._user:
            return Setting(key, self._user[key], "user")
        recommended = self.policies.recommended()
        if key in recommended:
            return Setting(key, recommended[key], "recommended")
        return Setting(key, DEFAULTS[key], "default")

    def get(self, key: str) -> Any:
        return self.setting(key).value

    def is_locked(self, key: str) -> bool:
        return self.setting(key).locked

    def given_or_setting(self, key: str, given: str | None) -> Any:
        """A value given at start (`--server`, `--user`) over the user's own setting, never
        over one IT manages."""
        return given if given and not self.is_locked(key) else self.get(key)

    def set(self, key: str, value: Any) -> None:
        """Save a user setting; raises LockedSettingError for a managed one."""
        if self.is_locked(key):
            raise LockedSettingError(key)
        self._user[key] = value
        # Never a half-written settings file, and readable by this user only.
        write_private(self.user_file, json.dumps(self._user, indent=2, ensure_ascii=False))

    def effective(self) -> list[Setting]:
        return [self.setting(key) for key in DEFAULTS]
