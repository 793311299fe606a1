"""`make run` on a fresh Debian or Ubuntu: the system packages of a real window are checked
before the Python install, installed when root, and otherwise named with the exact command.
The machine's answers come from a fake `dpkg` (and `id`, `apt-get`) first on the PATH."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "packaging" / "linux" / "desktop-deps.sh"
MISSING = ("libxcb-cursor0", "fonts-noto-cjk")  # what a fresh Ubuntu desktop lacked


def _fake_machine(tmp_path: Path, *, uid: int, missing: tuple[str, ...] = MISSING) -> Path:
    """A folder of commands that answer as a machine without the `missing` packages."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    commands = {
        "dpkg": 'for p in {missing}; do [ "$2" = "$p" ] && exit 1; done; exit 0'.format(
            missing=" ".join(missing) or "none"
        ),
        "id": f"echo {uid}",
        "apt-get": f'echo "$@" >> {tmp_path / "apt-get.log"}',
    }
    for name, body in commands.items():
        command = bin_dir / name
        command.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        command.chmod(0o755)
    return bin_dir


def _run(bin_dir: Path, *command: str) -> subprocess.CompletedProcess[str]:
    environment = os.environ | {"PATH": f"{bin_dir}:/usr/bin:/bin"}
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_a_machine_with_everything_passes_quietly(tmp_path: Path) -> None:
    done = _run(_fake_machine(tmp_path, uid=1000, missing=()), "sh", str(SCRIPT))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_user_is_told_the_exact_command(tmp_path: Path) -> None:
    done = _run(_fake_machine(tmp_path, uid=1000), "sh", str(SCRIPT))
    assert done.returncode == 1
    assert "    sudo apt-get install -y libxcb-cursor0 fonts-noto-cjk\n" in done.stderr
    assert not (tmp_path / "apt-get.log").exists()


def test_root_installs_what_is_missing(tmp_path: Path) -> None:
    done = _run(_fake_machine(tmp_path, uid=0), "sh", str(SCRIPT))
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "apt-get.log").read_text(encoding="utf-8").splitlines()
    assert log == ["update -qq", "install -y -qq libxcb-cursor0 fonts-noto-cjk"]


@pytest.mark.skipif(not Path("/usr/bin/make").exists(), reason="needs GNU make")
def test_make_run_stops_before_the_python_install(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    done = _run(
        _fake_machine(tmp_path, uid=1000),
        "make",
        "--no-print-directory",
        "run",
        f"VENV={venv}",
        "PYTHON=false",  # had it gone on, the install would fail at once
    )
    assert done.returncode != 0
    assert "sudo apt-get install -y libxcb-cursor0 fonts-noto-cjk" in done.stderr
    assert "pip" not in done.stdout + done.stderr
    assert not venv.exists()


def test_the_makefile_and_the_script_share_one_list() -> None:
    listed = subprocess.run(
        ["sh", str(SCRIPT), "--list"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert {"libxcb-cursor0", "libxkbcommon-x11-0", "fonts-noto-cjk"} <= set(listed)
    assert "XCB_PACKAGES := $(shell sh packaging/linux/desktop-deps.sh --list)" in (
        ROOT / "Makefile"
    ).read_text(encoding="utf-8")
