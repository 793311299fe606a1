"""One app per profile. The socket works wherever the temporary folder is; a later start's
request (a screen-pop) reaches the running app without loading Qt or the app; with no app
running, the same start opens the app."""

from __future__ import annotations

import ast
import gc
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.paths import data_dir
from tests.support.commands import REPO, console_script
from ui import entry
from ui.handoff import MAX_SOCKET_PATH, send, socket_name, socket_path
from ui.sign_in import SignInDialog
from ui.single_instance import InstanceServer

# What a start must not load before it has offered its request to the running app.
HEAVY = ("PySide6", "pydantic", "sqlalchemy", "requests")
# Run before the `fieldbook` script's own code: at its exit, print what it had loaded.
REPORT_LOADED = f"""
import atexit, sys
atexit.register(lambda: print(sorted({{m.split(".")[0] for m in sys.modules}} & {set(HEAVY)})))
"""


def test_the_socket_listens_under_a_temporary_folder_too_deep_for_a_socket_address(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / ("a-very-long-folder-name-" * 4) / "tmp"
    deep.mkdir(parents=True)
    monkeypatch.setenv("TMPDIR", str(deep))

    name = socket_name(tmp_path / "profile")
    server = InstanceServer(name)
    try:
        assert server.listening
        assert len(name) <= MAX_SOCKET_PATH
    finally:
        server.close()


def test_the_socket_file_is_where_qt_listens(qapp, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path) + "/")
    name = socket_name(tmp_path / "profile")
    server = InstanceServer(name)
    try:
        assert server.listening
        assert Path(socket_path(name)).is_socket()
    finally:
        server.close()


def _fieldbook(*arguments: str) -> subprocess.Popen[str]:
    """`fieldbook ARGUMENTS` as installed, printing at its end the heavy packages it loaded."""
    command = [*console_script("fieldbook", first=REPORT_LOADED), *arguments]
    return subprocess.Popen(command, cwd=REPO, env=os.environ, stdout=subprocess.PIPE, text=True)


@pytest.mark.parametrize(
    ("arguments", "phone"),
    [
        (("lookup", "--phone", "010-1234 5678"), "010-1234 5678"),
        (("fieldbook://lookup?phone=%2B86%2021%205555%200101",), "+86 21 5555 0101"),
        ((), None),
    ],
)
def test_a_later_start_hands_its_request_over_without_loading_the_app(
    qtbot, arguments: tuple[str, ...], phone: str | None
) -> None:
    server = InstanceServer(socket_name(data_dir()))
    try:
        with qtbot.waitSignal(server.request_received, timeout=20_000) as received:
            start = _fieldbook(*arguments)
        output, _ = start.communicate(timeout=20)
    finally:
        server.close()
    assert received.args == [{"phone": phone}]
    assert start.returncode == 0
    assert ast.literal_eval(output.strip()) == []


def test_qts_sender_speaks_the_same_message(qtbot, tmp_path: Path) -> None:
    """Where the standard library cannot reach the app (a Windows named pipe), Qt sends."""
    name = socket_name(tmp_path / "profile")
    server = InstanceServer(name)
    program = "import sys, ui.single_instance as s; print(s.hand_over(*sys.argv[1:]))"
    try:
        with qtbot.waitSignal(server.request_received, timeout=20_000) as received:
            sender = subprocess.Popen(
                [sys.executable, "-c", program, name, "010-1234 5678"],
                cwd=REPO,
                stdout=subprocess.PIPE,
                text=True,
            )
        answered, _ = sender.communicate(timeout=20)
    finally:
        server.close()
    assert received.args == [{"phone": "010-1234 5678"}]
    assert answered.strip() == "True"


def test_no_app_on_the_socket_is_told_quickly() -> None:
    name = socket_name(data_dir())
    assert send(name, "010-1234 5678") is False  # no socket file at all
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    left.bind(socket_path(name))  # as a crashed app leaves it: a file nobody listens on
    left.close()
    try:
        assert entry.handed_over(["lookup", "--phone", "010-1234 5678"]) is False
        assert send(name, "010-1234 5678") is False
    finally:
        os.unlink(socket_path(name))


def test_a_start_with_options_for_the_app_is_not_offered() -> None:
    assert entry.handed_over(["--demo"]) is None
    assert entry.handed_over(["lookup", "--phone", " "]) is None  # the app says what is wrong


def test_with_no_app_running_a_screen_pop_opens_the_app(
    qapp: QApplication, restore_root_logging: None
) -> None:
    """Nobody answers: the command loads the app, which asks to sign in first (no session)."""
    assert entry.handed_over(["lookup", "--phone", "010-1234 5678"]) is False
    shown: list[str] = []
    collecting: list[bool] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignInDialog):
            QTimer.singleShot(10, look)
            return
        shown.append(type(dialog).__name__)
        collecting.append(gc.isenabled())  # held off while the app started (app.collector)
        dialog.reject()

    QTimer.singleShot(0, look)
    assert entry.main(["lookup", "--phone", "010-1234 5678"]) == 0
    assert shown == ["SignInDialog"]
    assert collecting == [True]
