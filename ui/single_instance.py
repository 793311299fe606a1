"""One Fieldbook per profile: a second start hands its request to the running one and exits.

The running app listens on a local socket (a named pipe on Windows, a Unix socket elsewhere)
named after its data directory, so separate profiles (and test runs) never meet. A second start
sends its request as one JSON line, waits for the "ok" line, and is done. The socket lives in
the GUI's event loop.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACK = b"ok\n"
TIMEOUT_MS = 3000
# The longest Unix socket path that fits everywhere (macOS holds 104 bytes with the NUL, Linux 108).
MAX_SOCKET_PATH = 103


def socket_name(data_dir: Path) -> str:
    """The socket of the profile at `data_dir`. Qt puts a Unix socket named so in the temporary
    folder ($TMPDIR); where that path would be longer than a socket address holds, the socket
    goes straight into /tmp instead (its name stays unique to the profile)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    name = f"fieldbook-{digest}"
    if sys.platform == "win32":
        return name
    if len(str(Path(tempfile.gettempdir()) / name)) > MAX_SOCKET_PATH:
        return str(Path("/tmp") / name)
    return name


def hand_over(name: str, request: dict[str, Any]) -> bool:
    """Give `request` to a running instance; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(json.dumps(request).encode() + b"\n")
    socket.flush()
    acknowledged = False
    while socket.waitForReadyRead(TIMEOUT_MS):
        if bytes(socket.readAll().data()).endswith(ACK):
            acknowledged = True
            break
    socket.disconnectFromServer()
    return acknowledged


class InstanceServer(QObject):
    """Listens for later starts; `request_received` carries each one's request."""

    request_received = Signal(dict)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_new_connection)
        # A crashed instance leaves its socket file behind; nothing answers on it any more.
        QLocalServer.removeServer(name)
        if not self._server.listen(name):
            log.warning("cannot listen on %s: %s", name, self._server.errorString())
        else:
            log.info("single instance listening on %s", name)

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    def _on_new_connection(self) -> None:
        socket = self._server.nextPendingConnection()
        if socket is None:
            return
        buffer = bytearray()

        def read() -> None:
            buffer.extend(bytes(socket.readAll().data()))
            if b"\n" not in buffer:
                return
            line = bytes(buffer).split(b"\n", 1)[0]
            socket.write(ACK)
            socket.flush()
            socket.disconnectFromServer()
            try:
                request = json.loads(line)
            except ValueError:
                log.warning("ignored an unreadable request from a second start")
                return
            if isinstance(request, dict):
                self.request_received.emit(request)

        socket.readyRead.connect(read)
        socket.disconnected.connect(socket.deleteLater)
