"""Site-wide policies that IT sets, read from each platform's own policy store.

Every reader answers two mappings: `managed` (locked: the user cannot change them) and
`recommended` (defaults the user may override); `app.settings.Settings` ranks them
managed > user > recommended > default.

- Linux: `/etc/fieldbook/policies.json` with a "managed" and a "recommended" object.
- Windows: `HKLM` then `HKCU` `SOFTWARE\\Policies\\Fieldbook\\Fieldbook` (managed) and its
  `Recommended` subkey, the keys Group Policy writes from the ADMX template. A machine policy
  beats a user one, as Group Policy does.
- macOS: managed preferences (configuration profiles) in
  `/Library/Managed Preferences[/USER]/com.fieldbook.Fieldbook.plist` (managed), and the
  machine-wide defaults domain `/Library/Preferences/com.fieldbook.Fieldbook.plist`
  (recommended), which macOS itself ranks below the user's own preferences.

Values are checked against the type of the built-in default; a wrong one is logged and ignored,
never allowed to break start-up. The Windows and macOS readers take their store as an argument,
so they are tested on any platform with fake registry and plist data.
"""

from __future__ import annotations

import getpass
import json
import logging
import plistlib
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# The keys IT may set and their types (the same as their built-in defaults in app.settings).
POLICY_TYPES: dict[str, type] = {
    "ServerUrl": str,
    "Language": str,
    "AllowPasswordSaving": bool,
    "SyncInterval": int,
    "UpdateCheck": bool,
    "LogLevel": str,
    "ProxyUrl": str,
    "CaBundle": str,
    "WipeDataWhenDisabled": bool,
    "AllowOfflineSignIn": bool,
    "MaxOfflineDays": int,
}

LINUX_POLICY_FILE = Path("/etc/fieldbook/policies.json")
REGISTRY_KEY = r"SOFTWARE\Policies\Fieldbook\Fieldbook"
RECOMMENDED_SUBKEY = "Recommended"
MACOS_DOMAIN = "com.fieldbook.Fieldbook"
MACOS_MANAGED_DIR = Path("/Library/Managed Preferences")
MACOS_MACHINE_DEFAULTS = Path("/Library/Preferences") / f"{MACOS_DOMAIN}.plist"

# A registry accessor: (hive, key path) -> the key's values by name, or None when the key
# does not exist. Hives are named "HKLM" and "HKCU".
RegistryReader = Callable[[str, str], Mapping[str, Any] | None]


def checked(values: Mapping[str, Any], origin: str) -> dict[str, Any]:
    """The known policy keys of `values` with values of the right type; the rest is logged."""
    result = {}
    for key, value in values.items():
        if key not in POLICY_TYPES:
            log.warning("%s: unknown policy %r ignored", origin, key)
            continue
        if value == "":
            continue  # not set (the MSI writes an empty value for a property not given)
        converted = _convert(POLICY_TYPES[key], value)
        if converted is None:
            log.warning("%s: policy %s has an unusable value %r, ignored", origin, key, value)
            continue
        result[key] = converted
    return result


def _convert(kind: type, value: Any) -> Any:
    """`value` as `kind`, or None. Registry DWORDs 0/1 and "true"/"false" are booleans."""
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
            return value.strip().lower() in ("true", "1")
        return None
    if kind is int:
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        return None
    return value if isinstance(value, str) else None


def _merged(layers: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Layers from the strongest to the weakest; a stronger layer's key wins."""
    result: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            result.setdefault(key, value)
    return result


class JsonFilePolicies:
    """Linux: one JSON file with "managed" and "recommended" sections, read once."""

    def __init__(self, path: Path = LINUX_POLICY_FILE) -> None:
        self.path = path
        data = self._read()
        self._managed = checked(self._section(data, "managed"), f"{path} managed")
        self._recommended = checked(self._section(data, "recommended"), f"{path} recommended")

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.error("policy file %s is unreadable, no policies apply: %s", self.path, exc)
            return {}
        if not isinstance(data, dict):
            log.error("policy file %s is not a JSON object, no policies apply", self.path)
            return {}
        return data

    def _section(self, data: dict[str, Any], name: str) -> Mapping[str, Any]:
        section = data.get(name, {})
        if not isinstance(section, dict):
            log.error("policy file %s: %r is not an object, ignored", self.path, name)
            return {}
        return section

    def managed(self) -> Mapping[str, Any]:
        return self._managed

    def recommended(self) -> Mapping[str, Any]:
        return self._recommended


class RegistryPolicies:
    """Windows: the Group Policy keys in HKLM (stronger) and HKCU, read once."""

    def __init__(self, read_key: RegistryReader) -> None:
        recommended_key = f"{REGISTRY_KEY}\\{RECOMMENDED_SUBKEY}"
        self._managed = _merged(self._layer(read_key, hive, REGISTRY_KEY) for hive in _HIVES)
        self._recommended = _merged(self._layer(read_key, hive, recommended_key) for hive in _HIVES)

    @staticmethod
    def _layer(read_key: RegistryReader, hive: str, key: str) -> dict[str, Any]:
        values = read_key(hive, key) or {}
        # Group Policy may leave other value names beside ours (e.g. a "**del." marker).
        return checked({k: v for k, v in values.items() if k in POLICY_TYPES}, f"{hive}\\{key}")

    def managed(self) -> Mapping[str, Any]:
        return self._managed

    def recommended(self) -> Mapping[str, Any]:
        return self._recommended


_HIVES = ("HKLM", "HKCU")


def windows_registry_reader(hive: str, key: str) -> Mapping[str, Any] | None:
    """The values of a registry key through winreg, or None when the key does not exist."""
    if sys.platform != "win32":
        raise OSError("the Windows registry exists on Windows only")
    import winreg

    root = {"HKLM": winreg.HKEY_LOCAL_MACHINE, "HKCU": winreg.HKEY_CURRENT_USER}[hive]
    try:
        handle = winreg.OpenKey(root, key)
    except OSError:
        return None
    values: dict[str, Any] = {}
    with handle:
        index = 0
        while True:
            try:
                name, value, _kind = winreg.EnumValue(handle, index)
            except OSError:
                return values
            values[name] = value
            index += 1


class PlistPolicies:
    """macOS: configuration-profile plists (managed) and the machine defaults (recommended)."""

    def __init__(
        self,
        managed_files: Iterable[Path] | None = None,
        recommended_files: Iterable[Path] = (MACOS_MACHINE_DEFAULTS,),
    ) -> None:
        if managed_files is None:
            managed_files = macos_managed_files(getpass.getuser())
        self._managed = _merged(self._read(path) for path in managed_files)
        self._recommended = _merged(self._read(path) for path in recommended_files)

    @staticmethod
    def _read(path: Path) -> dict[str, Any]:
        try:
            with path.open("rb") as stream:
                data = plistlib.load(stream)
        except FileNotFoundError:
            return {}
        except (OSError, plistlib.InvalidFileException, ValueError) as exc:
            log.error("managed preferences %s are unreadable, ignored: %s", path, exc)
            return {}
        if not isinstance(data, dict):
            return {}
        return checked({k: v for k, v in data.items() if k in POLICY_TYPES}, str(path))

    def managed(self) -> Mapping[str, Any]:
        return self._managed

    def recommended(self) -> Mapping[str, Any]:
        return self._recommended


def macos_managed_files(user: str) -> list[Path]:
    """The machine's managed preferences, then the user's: a machine policy beats a user one,
    as on Windows."""
    name = f"{MACOS_DOMAIN}.plist"
    return [MACOS_MANAGED_DIR / name, MACOS_MANAGED_DIR / user / name]


def platform_policies(
    platform: str = sys.platform,
) -> JsonFilePolicies | RegistryPolicies | PlistPolicies:
    """The policy reader of the platform this runs on."""
    if platform == "win32":
        return RegistryPolicies(windows_registry_reader)
    if platform == "darwin":
        return PlistPolicies()
    return JsonFilePolicies(LINUX_POLICY_FILE)
