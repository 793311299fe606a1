"""The real server app served by uvicorn on a free loopback port, in a thread of the test."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from server.api import create_app
from server.settings import Clock, ServerSettings, system_clock
from tests.support.postgres import free_port


@contextmanager
def live_server(
    engine: Engine,
    settings: ServerSettings | None = None,
    clock: Clock = system_clock,
    port: int | None = None,
) -> Iterator[str]:
    """The server's address; `port` serves it on that port again (a server that comes back)."""
    with serving(create_app(engine, settings, clock), port) as url:
        yield url


@contextmanager
def serving(app: FastAPI, port: int | None = None) -> Iterator[str]:
    """`app` served by uvicorn on a loopback port (a free one unless `port`): its address."""
    port = port or free_port()
    # Long-polls of clients still open at the end need not be waited for.
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class ServerAddress:
    """The test server on one address, stopped and started again at will (`up()`), as a real
    server that goes away and comes back."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def up(self) -> AbstractContextManager[str]:
        return live_server(self.engine, port=self.port)
