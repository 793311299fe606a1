"""The single-instance socket's message, and a sender of it that needs no Qt.

A later start of `fieldbook` gives the running app its request as one JSON line (`{"phone":
NUMBER}`, or null for a plain start) and waits for the "ok" line; the running app listens with
Qt's QLocalServer (ui.single_instance). On Linux and macOS that is a Unix socket file, which the
standard library reaches in the few hundredths of a second a bare Python start takes, instead
of the second and more it takes to load the app and Qt first. On Windows it is a named pipe,
which Qt's sender (ui.single_instance.hand_over) speaks to instead.

Standard library only (the `fieldbook` command's entry, ui.entry, imports it before the app).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

ACK = b"ok\n"
TIMEOUT_S = 3.0
# The longest Unix socket path that fits everywhere (macOS holds 104 bytes with the NUL, Linux 108).
MAX_SOCKET_PATH = 103
# Where the standard library can reach the running app's socket: not a Windows named pipe.
REACHES_THE_APP = sys.platform != "win32"


def socket_name(data_dir: Path) -> str:
    """The socket of the profile at `data_dir`. Qt puts a Unix socket named so in the temporary
    folder; where that path would be longer than a socket address holds, the socket goes
    straight into /tmp instead (its name stays unique to the profile)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    name = f"fieldbook-{digest}"
    if sys.platform == "win32":
        return name
    if len(socket_path(name)) > MAX_SOCKET_PATH:
        return str(Path("/tmp") / name)
    return name


def socket_path(name: str) -> str:
    """The file QLocalServer listens on for `name` (QLocalServer::fullServerName on Unix): an
    absolute name as it is, else the name in QDir::tempPath(), which is $TMPDIR or /tmp."""
    if name.startswith("/"):
        return name
    return os.path.join(os.path.normpath(os.environ.get("TMPDIR") or "/tmp"), name)


def encode(phone: str | None) -> bytes:
    """The request line of a start: the caller's number to show, or None (come to the front)."""
    return json.dumps({"phone": phone}).encode() + b"\n"


def decode(line: bytes) -> dict[str, Any] | None:
    """A request line as sent by `encode`; None for one that cannot be read."""
    try:
        request = json.loads(line)
    except ValueError:
        return None
    return request if isinstance(request, dict) else None


def send(name: str, phone: str | None) -> bool:
    """Give a start's request to the app listening on the Unix socket `name`; False when none
    answers (no socket, a socket a crashed app left behind, or no "ok" in time)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(TIMEOUT_S)
            connection.connect(socket_path(name))
            connection.sendall(encode(phone))
            answer = b""
            while not answer.endswith(ACK):
                received = connection.recv(len(ACK))
                if not received:
                    break
                answer += received
    except OSError:
        return False
    return answer.endswith(ACK)
