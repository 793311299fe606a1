"""The Windows installer and Group Policy templates say what app/policies.py reads: every policy
key in the ADMX (managed and recommended, with the registry types the reader takes), every
string translated in both ADMLs, and the MSI's public properties written to the policy key as
values the reader accepts. With msitools' wixl installed, the MSI is really built and its tables
checked; without it that test is skipped."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from app.policies import POLICY_TYPES, RECOMMENDED_SUBKEY, REGISTRY_KEY, RegistryPolicies
from ui.main import LANGUAGES

WINDOWS = Path(__file__).resolve().parents[3] / "packaging" / "windows"
ADMX = WINDOWS / "admx" / "fieldbook.admx"
ADML_LANGUAGES = ("en-US", "zh-CN")
WXS = WINDOWS / "Fieldbook.wxs"
PD = "{http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions}"
WIX = "{http://schemas.microsoft.com/wix/2006/wi}"
MSI_PROPERTIES = {"SERVERURL": "ServerUrl", "LANGUAGE": "Language",
                  "ALLOWPASSWORDSAVING": "AllowPasswordSaving"}  # fmt: skip
LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR"}


def admx_values() -> dict[str, dict[str, tuple[str, list[Any]]]]:
    """{registry key: {value name: (registry type, the values the policy can write)}}."""
    found: dict[str, dict[str, tuple[str, list[Any]]]] = {}
    for policy in ET.parse(ADMX).getroot().iter(f"{PD}policy"):
        values = found.setdefault(policy.attrib["key"], {})
        assert policy.attrib["class"] == "Both"  # computer (HKLM) and user (HKCU)
        if "valueName" in policy.attrib:  # a plain on/off policy
            on = policy.find(f"{PD}enabledValue/{PD}decimal")
            off = policy.find(f"{PD}disabledValue/{PD}decimal")
            assert on is not None and off is not None
            written = [int(on.attrib["value"]), int(off.attrib["value"])]
            values[policy.attrib["valueName"]] = ("REG_DWORD", written)
        for element in policy.iterfind(f"{PD}elements/*"):
            name, kind = element.attrib["valueName"], element.tag.removeprefix(PD)
            if kind == "text":
                values[name] = ("REG_SZ", ["text"])
            elif kind == "decimal":
                assert element.get("storeAsText", "false") == "false"
                values[name] = ("REG_DWORD", [int(element.attrib["minValue"])])
            elif kind == "enum":
                items = [v.text for v in element.iterfind(f"{PD}item/{PD}value/{PD}string")]
                values[name] = ("REG_SZ", items)
            else:
                pytest.fail(f"{name}: element {kind} is not checked here")
    return found


class FakeRegistry:
    def __init__(self, keys: Mapping[tuple[str, str], Mapping[str, Any]]) -> None:
        self.keys = keys

    def __call__(self, hive: str, key: str) -> Mapping[str, Any] | None:
        return self.keys.get((hive, key))


def test_the_admx_sets_every_policy_managed_and_recommended_as_the_reader_takes_it():
    found = admx_values()
    recommended_key = f"{REGISTRY_KEY}\\{RECOMMENDED_SUBKEY}"
    assert set(found) == {REGISTRY_KEY, recommended_key}
    for key in found:
        assert set(found[key]) == set(POLICY_TYPES), key
        for name, (kind, _written) in found[key].items():
            wanted = "REG_SZ" if POLICY_TYPES[name] is str else "REG_DWORD"
            assert kind == wanted, name
    assert set(found[REGISTRY_KEY]["Language"][1]) == set(LANGUAGES)
    assert set(found[REGISTRY_KEY]["LogLevel"][1]) == LOG_LEVELS
    assert found[REGISTRY_KEY]["AllowPasswordSaving"][1] == [1, 0]

    # Every value any policy can write reaches the app with the right type, none dropped.
    for index in (0, -1):
        values = {name: written[index] for name, (_kind, written) in found[REGISTRY_KEY].items()}
        registry = FakeRegistry({("HKLM", REGISTRY_KEY): values, ("HKCU", recommended_key): values})
        policies = RegistryPolicies(registry)
        for read in (policies.managed(), policies.recommended()):
            assert set(read) == set(POLICY_TYPES)
            assert all(type(read[name]) is POLICY_TYPES[name] for name in read)


@pytest.mark.parametrize("language", ADML_LANGUAGES)
def test_each_adml_names_every_string_and_presentation_of_the_admx(language):
    admx = ADMX.read_text(encoding="utf-8")
    adml = ET.parse(WINDOWS / "admx" / language / "fieldbook.adml").getroot()
    strings = {s.attrib["id"]: s.text for s in adml.iter(f"{PD}string")}
    presentations = {p.attrib["id"] for p in adml.iter(f"{PD}presentation")}
    admx_root = ET.fromstring(admx)
    for element in admx_root.iter():
        for attribute in element.attrib.values():
            if attribute.startswith("$(string."):
                assert strings.get(attribute[9:-1]), attribute
            elif attribute.startswith("$(presentation."):
                assert attribute[15:-1] in presentations, attribute


def test_the_chinese_adml_is_translated():
    def titles(language: str) -> dict[str, str]:
        root = ET.parse(WINDOWS / "admx" / language / "fieldbook.adml").getroot()
        return {s.attrib["id"]: s.text or "" for s in root.iter(f"{PD}string")}

    english, chinese = titles("en-US"), titles("zh-CN")
    assert set(english) == set(chinese)
    for key in POLICY_TYPES:
        assert chinese[key] != english[key]
        assert any("\u4e00" <= char <= "\u9fff" for char in chinese[f"{key}_Explain"]), key


def wix_registry_values(root: ET.Element) -> dict[tuple[str, str, str], ET.Element]:
    return {
        (v.attrib["Root"], v.attrib["Key"], v.get("Name", "")): v
        for v in root.iter(f"{WIX}RegistryValue")
    }


def test_the_wix_source_is_a_per_machine_upgradable_msi_writing_the_policy_key():
    root = ET.parse(WXS).getroot()
    product = root.find(f"{WIX}Product")
    assert product is not None
    assert product.attrib["Id"] == "*"  # a new product code per build: a major upgrade
    assert len(product.attrib["UpgradeCode"]) == 36  # fixed, never "*"
    package = product.find(f"{WIX}Package")
    assert package is not None and package.attrib["InstallScope"] == "perMachine"
    assert product.find(f"{WIX}MajorUpgrade") is not None
    values = wix_registry_values(root)
    for prop, name in MSI_PROPERTIES.items():
        value = values[("HKLM", REGISTRY_KEY, name)]
        assert value.attrib["Value"] == f"[{prop}]"
        assert value.attrib["Type"] == "string"
        search = root.find(f".//{WIX}Property[@Id='{prop}']/{WIX}RegistrySearch")
        assert search is not None and search.attrib["Name"] == name  # kept on upgrades
    command = values[("HKLM", r"SOFTWARE\Classes\fieldbook\shell\open\command", "")]
    assert command.attrib["Value"] == '"[INSTALLDIR]fieldbook.exe" "%1"'
    assert ("HKLM", r"SOFTWARE\Classes\fieldbook", "URL Protocol") in values
    shortcut = root.find(f".//{WIX}DirectoryRef[@Id='ProgramMenuFolder']//{WIX}Shortcut")
    assert shortcut is not None and shortcut.attrib["Target"] == "[INSTALLDIR]fieldbook.exe"


def test_what_the_msi_properties_write_is_read_as_managed_policies():
    """REG_SZ values, as the MSI writes them; a property not given leaves an empty value,
    which means "not set"."""
    written = {"ServerUrl": "https://crm.example.com", "Language": "zh_CN"}
    for allow, expected in (("0", False), ("1", True), ("false", False), ("true", True)):
        registry = FakeRegistry({("HKLM", REGISTRY_KEY): written | {"AllowPasswordSaving": allow}})
        assert RegistryPolicies(registry).managed() == written | {"AllowPasswordSaving": expected}
    empty = {name: "" for name in MSI_PROPERTIES.values()}
    assert RegistryPolicies(FakeRegistry({("HKLM", REGISTRY_KEY): empty})).managed() == {}


def msi_table(msi: Path, table: str) -> list[dict[str, str]]:
    lines = subprocess.run(
        ["msiinfo", "export", str(msi), table], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[3:]]


@pytest.mark.skipif(
    shutil.which("wixl") is None or shutil.which("msiinfo") is None,
    reason="msitools' wixl is not installed (make system-deps, or apt-get install wixl msitools)",
)
def test_wixl_builds_the_msi_from_the_wix_source(tmp_path: Path):
    """A stand-in bundle (the real one is built on Windows), harvested as heat would."""
    bundle = tmp_path / "fieldbook"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "fieldbook.exe").write_bytes(b"MZ stand-in")
    (bundle / "_internal" / "python311.dll").write_bytes(b"MZ stand-in")
    files = "".join(f"./{p.relative_to(bundle)}\n" for p in sorted(bundle.rglob("*.*")))
    harvest = ["wixl-heat", "--var", "var.BundleDir", "-p", "./"]
    harvest += ["--component-group", "BundleFiles", "--directory-ref", "INSTALLDIR", "--win64"]
    fragment = subprocess.run(harvest, input=files, check=True, capture_output=True, text=True)
    (tmp_path / "bundle.wxs").write_text(fragment.stdout, encoding="utf-8")
    msi = tmp_path / "Fieldbook.msi"
    build = ["wixl", "-a", "x64", "-D", "Version=0.1.0", "-D", "BundleDir=fieldbook"]
    build += ["-D", "Win64=yes", "-o", str(msi), str(WXS), "bundle.wxs"]
    subprocess.run(build, cwd=tmp_path, check=True, capture_output=True)
    assert msi.stat().st_size > 0

    registry = {(r["Key"], r["Name"]): r["Value"] for r in msi_table(msi, "Registry")}
    for prop, name in MSI_PROPERTIES.items():
        assert registry[(REGISTRY_KEY, name)] == f"[{prop}]"
    assert registry[(r"SOFTWARE\Classes\fieldbook", "URL Protocol")] == ""
    properties = {r["Property"]: r["Value"] for r in msi_table(msi, "Property")}
    upgrades = msi_table(msi, "Upgrade")
    assert {u["UpgradeCode"] for u in upgrades} == {properties["UpgradeCode"]}
    assert {u["ActionProperty"] for u in upgrades} >= {"WIX_UPGRADE_DETECTED"}
    assert properties["ALLUSERS"] == "1"  # per machine
    assert {r["Property"] for r in msi_table(msi, "AppSearch")} == set(MSI_PROPERTIES)
    shortcuts = msi_table(msi, "Shortcut")
    assert [(s["Directory_"], s["Target"]) for s in shortcuts] == [
        ("ProgramMenuFolder", "[INSTALLDIR]fieldbook.exe")
    ]
    installed = {r["FileName"].split("|")[-1] for r in msi_table(msi, "File")}
    assert installed == {"fieldbook.exe", "python311.dll"}
