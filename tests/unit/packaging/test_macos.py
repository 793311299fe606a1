"""The macOS configuration profile sample: its Fieldbook payload, as macOS writes it to
/Library/Managed Preferences, gives the macOS reader every policy key, locked, typed right."""

from __future__ import annotations

import plistlib
from pathlib import Path

from app.policies import MACOS_DOMAIN, POLICY_TYPES, PlistPolicies
from app.settings import Settings

PROFILE = (
    Path(__file__).resolve().parents[3] / "packaging" / "macos" / f"{MACOS_DOMAIN}.mobileconfig"
)


def test_the_profile_payload_read_as_managed_preferences_gives_every_setting(tmp_path: Path):
    profile = plistlib.loads(PROFILE.read_bytes())
    assert profile["PayloadType"] == "Configuration"
    assert profile["PayloadScope"] == "System"  # a device profile: the machine-wide file
    (payload,) = [p for p in profile["PayloadContent"] if p["PayloadType"] == MACOS_DOMAIN]
    assert set(POLICY_TYPES) <= set(payload)
    managed_file = tmp_path / "Managed Preferences" / f"{MACOS_DOMAIN}.plist"
    managed_file.parent.mkdir()
    managed_file.write_bytes(plistlib.dumps(payload, fmt=plistlib.FMT_BINARY))

    policies = PlistPolicies(managed_files=[managed_file], recommended_files=[])
    expected = {key: payload[key] for key in POLICY_TYPES}
    assert policies.managed() == expected
    assert all(type(expected[key]) is kind for key, kind in POLICY_TYPES.items())
    settings = Settings(tmp_path / "settings.json", policies=policies)
    assert {s.key: (s.value, s.source) for s in settings.effective() if s.key in expected} == {
        key: (value, "managed") for key, value in expected.items()
    }
