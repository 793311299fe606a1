"""When Qt's X11 platform cannot load, the app says which libraries are missing in a sentence
instead of Qt's message about its plugin."""

from __future__ import annotations

import pytest

from ui import main
from ui.platform_check import XCB_LIBRARIES, missing_libraries, platform_problem

WITHOUT_CURSOR = ("libxcb-cursor.so.0", "libxkbcommon-x11.so.0")


def _loads_all_but(*missing: str):
    return lambda name: name not in missing


def test_missing_libraries_are_named_with_their_packages() -> None:
    problem = platform_problem({"DISPLAY": ":0"}, _loads_all_but(*WITHOUT_CURSOR), "linux")
    assert problem == (
        "Fieldbook cannot open its window: the system libraries libxcb-cursor.so.0, "
        "libxkbcommon-x11.so.0 are missing. Install them with: "
        "sudo apt-get install -y libxcb-cursor0 libxkbcommon-x11-0"
    )


@pytest.mark.parametrize(
    ("environment", "platform"),
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ({}, "win32"),
        ({}, "darwin"),
    ],
)
def test_other_platforms_are_not_checked(environment: dict[str, str], platform: str) -> None:
    assert platform_problem(environment, _loads_all_but(*XCB_LIBRARIES), platform) is None


def test_this_machine_has_them_all() -> None:
    """The real loader: the machines that run the tests open real windows (Xvfb)."""
    assert missing_libraries() == []


def test_the_command_stops_with_the_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(
        main,
        "platform_problem",
        lambda environment: platform_problem(environment, _loads_all_but(*WITHOUT_CURSOR)),
    )
    monkeypatch.setattr(main, "data_dir", lambda: tmp_path / "data")
    assert main.main(["--screenshot", str(tmp_path / "x.png")]) == 1
    assert "libxcb-cursor.so.0" in capsys.readouterr().err
