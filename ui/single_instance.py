"""One Fieldbook per profile: a second start hands its request to the running one and exits.

The running app listens on a local socket (a named pipe on Windows, a Unix socket elsewhere)
named after its data directory (`ui.handoff.socket_name`), so separate profiles (and test runs)
never meet. A second start sends its request as one line and waits for the "ok" line
(ui.handoff, which also sends it without Qt where it can). The socket lives in the GUI's event
loop.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ui.handoff import ACK, TIMEOUT_S, decode, encode

log = logging.getLogger(__name__)

TIMEOUT_MS = int(TIMEOUT_S * 1000)


def hand_over(name: str, phone: str | None) -> bool:
    """Give a start's request (the caller's number, or None) to a running instance through Qt,
    which reaches a named pipe too; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(encode(phone))
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
        """Stop listening. The connections that ended are deleted now: one whose deleteLater is
        still pending must not be deleted with the server (Qt: "shared QObject was deleted
        directly", then a crash)."""
        self._server.close()
        for socket in self._server.findChildren(QLocalSocket):
            QCoreApplication.sendPostedEvents(socket, QEvent.Type.DeferredDelete)

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
            request = decode(line)
            if request is None:
                log.warning("ignored an unreadable request from a second start")
                return
            self.request_received.emit(request)

        socket.readyRead.connect(read)
        socket.disconnected.connect(socket.deleteLater)
