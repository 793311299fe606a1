from __future__ import annotations

import json

import pytest

from app.settings import LockedSettingError, Settings


class Policies:
    def __init__(self, managed=None, recommended=None) -> None:
        self._managed = managed or {}
        self._recommended = recommended or {}

    def managed(self):
        return self._managed

    def recommended(self):
        return self._recommended


def test_precedence_is_managed_then_user_then_recommended_then_default(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"ServerUrl": "https://user", "SyncInterval": 60}))
    settings = Settings(
        path,
        Policies(
            managed={"ServerUrl": "https://it"},
            recommended={"SyncInterval": 900, "Language": "zh_CN"},
        ),
    )
    assert (settings.get("ServerUrl"), settings.setting("ServerUrl").source) == (
        "https://it",
        "managed",
    )
    assert settings.setting("SyncInterval").source == "user"
    assert settings.setting("Language").value == "zh_CN"
    assert settings.setting("LogLevel").source == "default"


def test_a_managed_setting_cannot_be_changed(tmp_path):
    settings = Settings(tmp_path / "s.json", Policies(managed={"ServerUrl": "https://it"}))
    with pytest.raises(LockedSettingError):
        settings.set("ServerUrl", "https://elsewhere")
    assert not (tmp_path / "s.json").exists()


def test_user_settings_are_saved_and_read_back(tmp_path):
    Settings(tmp_path / "s.json").set("Language", "zh_CN")
    assert Settings(tmp_path / "s.json").setting("Language").source == "user"


def test_an_unreadable_file_falls_back_to_defaults(tmp_path):
    (tmp_path / "s.json").write_text("{not json")
    assert Settings(tmp_path / "s.json").get("SyncInterval") == 300
