"""The policy readers of all three platforms, each fed the same policies from its own kind of
store (a JSON file, a fake registry, plist files), ranked by Settings."""

from __future__ import annotations

import json
import plistlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from app import policies
from app.policies import (
    POLICY_TYPES,
    RECOMMENDED_SUBKEY,
    REGISTRY_KEY,
    JsonFilePolicies,
    PlistPolicies,
    RegistryPolicies,
    platform_policies,
)
from app.settings import DEFAULTS, LockedSettingError, PolicySource, Settings

MANAGED = {
    "ServerUrl": "https://crm.example.com",
    "AllowPasswordSaving": False,
    "LogLevel": "DEBUG",
}
RECOMMENDED = {"ServerUrl": "https://ignored", "Language": "zh_CN", "SyncInterval": 900}
USER = {"ServerUrl": "https://mine", "Language": "en", "UpdateCheck": False}


def json_reader(tmp_path: Path, managed: dict, recommended: dict) -> PolicySource:
    path = tmp_path / "policies.json"
    path.write_text(json.dumps({"managed": managed, "recommended": recommended}))
    return JsonFilePolicies(path)


def registry_values(values: dict) -> dict:
    """As Group Policy writes them: booleans and numbers as DWORDs, text as REG_SZ."""
    return {k: int(v) if isinstance(v, bool) else v for k, v in values.items()}


def registry_reader(_tmp_path: Path, managed: dict, recommended: dict) -> PolicySource:
    keys = {
        ("HKLM", REGISTRY_KEY): registry_values(managed),
        ("HKLM", f"{REGISTRY_KEY}\\{RECOMMENDED_SUBKEY}"): registry_values(recommended),
    }
    return RegistryPolicies(lambda hive, key: keys.get((hive, key)))


def plist_reader(tmp_path: Path, managed: dict, recommended: dict) -> PolicySource:
    managed_file = tmp_path / "Managed Preferences" / "com.fieldbook.Fieldbook.plist"
    defaults_file = tmp_path / "Preferences" / "com.fieldbook.Fieldbook.plist"
    for path, values in ((managed_file, managed), (defaults_file, recommended)):
        path.parent.mkdir(parents=True)
        path.write_bytes(plistlib.dumps(values))
    return PlistPolicies([managed_file], [defaults_file])


READERS: dict[str, Callable[[Path, dict, dict], PolicySource]] = {
    "linux-json": json_reader,
    "windows-registry": registry_reader,
    "macos-plist": plist_reader,
}


@pytest.fixture(params=READERS)
def make_reader(request) -> Callable[[Path, dict, dict], PolicySource]:
    return READERS[request.param]


def test_precedence_is_managed_then_user_then_recommended_then_default(tmp_path, make_reader):
    user_file = tmp_path / "settings.json"
    user_file.write_text(json.dumps(USER))
    settings = Settings(user_file, make_reader(tmp_path, MANAGED, RECOMMENDED))
    sources = {s.key: (s.value, s.source) for s in settings.effective()}
    assert sources["ServerUrl"] == ("https://crm.example.com", "managed")
    assert sources["AllowPasswordSaving"] == (False, "managed")
    assert sources["LogLevel"] == ("DEBUG", "managed")
    assert sources["Language"] == ("en", "user")  # the user's choice beats a recommendation
    assert sources["UpdateCheck"] == (False, "user")
    assert sources["SyncInterval"] == (900, "recommended")
    assert sources["ProxyUrl"] == ("", "default")
    with pytest.raises(LockedSettingError):
        settings.set("ServerUrl", "https://elsewhere")
    settings.set("SyncInterval", 60)
    assert settings.setting("SyncInterval").source == "user"


def test_every_policy_key_is_read_with_its_type(tmp_path, make_reader):
    every = {
        "ServerUrl": "https://crm.example.com",
        "Language": "zh_CN",
        "AllowPasswordSaving": False,
        "SyncInterval": 120,
        "UpdateCheck": False,
        "LogLevel": "WARNING",
        "ProxyUrl": "http://proxy.example.com:3128",
        "CaBundle": "/etc/ssl/certs/corp.pem",
        "WipeDataWhenDisabled": True,
        "AllowOfflineSignIn": False,
        "MaxOfflineDays": 14,
    }
    assert set(every) == set(POLICY_TYPES)
    assert make_reader(tmp_path, every, {}).managed() == every


def test_wrong_and_unknown_values_are_ignored_not_fatal(tmp_path, make_reader, caplog):
    reader = make_reader(
        tmp_path, {"SyncInterval": "often", "ServerUrl": 5, "LogLevel": "ERROR"}, {"Nope": "x"}
    )
    assert reader.managed() == {"LogLevel": "ERROR"}
    assert reader.recommended() == {}


def test_policy_types_match_the_built_in_defaults():
    for key, kind in POLICY_TYPES.items():
        assert type(DEFAULTS[key]) is kind, key


def test_a_machine_policy_beats_a_user_policy_in_the_registry():
    keys: dict[tuple[str, str], Mapping[str, Any]] = {
        ("HKLM", REGISTRY_KEY): {"ServerUrl": "https://machine"},
        ("HKCU", REGISTRY_KEY): {"ServerUrl": "https://user", "SyncInterval": 60},
        ("HKCU", f"{REGISTRY_KEY}\\{RECOMMENDED_SUBKEY}"): {"UpdateCheck": "0"},
    }
    reader = RegistryPolicies(lambda hive, key: keys.get((hive, key)))
    assert reader.managed() == {"ServerUrl": "https://machine", "SyncInterval": 60}
    assert reader.recommended() == {"UpdateCheck": False}


def test_a_machine_profile_beats_a_user_profile_on_macos(tmp_path):
    machine, user = tmp_path / "machine.plist", tmp_path / "user.plist"
    machine.write_bytes(plistlib.dumps({"ServerUrl": "https://machine"}))
    user.write_bytes(plistlib.dumps({"ServerUrl": "https://user", "Language": "en"}))
    reader = PlistPolicies([machine, user], [])
    assert reader.managed() == {"ServerUrl": "https://machine", "Language": "en"}
    assert policies.macos_managed_files("ann")[0] == policies.MACOS_MANAGED_DIR / (
        "com.fieldbook.Fieldbook.plist"
    )


def test_an_unreadable_policy_file_means_no_policies(tmp_path):
    path = tmp_path / "policies.json"
    path.write_text("{not json")
    reader = JsonFilePolicies(path)
    assert (reader.managed(), reader.recommended()) == ({}, {})
    assert JsonFilePolicies(tmp_path / "missing.json").managed() == {}


def test_settings_read_the_site_policy_file_by_default(tmp_path):
    policies.LINUX_POLICY_FILE.parent.mkdir(parents=True)
    policies.LINUX_POLICY_FILE.write_text(json.dumps({"managed": {"Language": "zh_CN"}}))
    assert isinstance(platform_policies("linux"), JsonFilePolicies)
    assert Settings(tmp_path / "settings.json").setting("Language").source == "managed"


def test_the_windows_reader_refuses_to_run_elsewhere():
    with pytest.raises(OSError):
        policies.windows_registry_reader("HKLM", REGISTRY_KEY)
