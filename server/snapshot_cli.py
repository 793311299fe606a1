"""`fieldbook-server snapshot list | build [--territory KEY …]`: the territory snapshots.

`build` builds now, also while no server runs: it serves the API on a free loopback port of
its own, over the same database, for the builder to sync through, and stops it afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, select

from server import snapshot_store
from server.collection import collect_for_serving
from server.config import SnapshotConfigError, snapshot_settings
from server.database import make_sessions
from server.settings import ServerSettings, SnapshotSettings
from server.snapshot_scheduler import Snapshots
from server.tables import Territory

LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 30


class SnapshotCliError(Exception):
    """A problem the person at the command line can fix; the message says how."""


ERRORS = (SnapshotCliError, SnapshotConfigError)


def add_commands(commands: Any) -> None:
    snapshot = commands.add_parser("snapshot", help="territory snapshots for new laptops")
    snapshot_commands = snapshot.add_subparsers(
        dest="snapshot_command", required=True, metavar="COMMAND"
    )
    snapshot_commands.add_parser(
        "list", help="each snapshot (territories, schema, cursor, size, age) and the disk used"
    ).set_defaults(run=_list)
    build = snapshot_commands.add_parser(
        "build", help="build now: every scope users work in, or the one of these territories"
    )
    build.add_argument(
        "--territory",
        dest="territories",
        action="append",
        metavar="KEY",
        help="a territory key of the scope to build (repeat for several)",
    )
    build.set_defaults(run=_build)


def _settings(base_url: str = "") -> SnapshotSettings:
    settings = snapshot_settings(base_url)
    if settings is None:
        raise SnapshotCliError("Territory snapshots are switched off ($FIELDBOOK_SNAPSHOTS).")
    return settings


def _list(engine: Engine, _args: argparse.Namespace) -> None:
    settings = _settings()
    with make_sessions(engine).read.begin() as session:
        keys = {row.id: row.key for row in session.execute(select(Territory.id, Territory.key))}
    now = dt.datetime.now(dt.UTC)
    snapshots = snapshot_store.published(settings.directory)
    for stored in sorted(snapshots, key=lambda s: (s.manifest.scope, -s.manifest.offer.cursor)):
        offer = stored.manifest.offer
        territories = ",".join(sorted(keys.get(t, t) for t in stored.manifest.territories))
        age = now - offer.built_at
        print(
            f"{territories}\tschema {offer.schema_revision}\tkeys {offer.search_keys}\t"
            f"cursor {offer.cursor}\t{_megabytes(offer.size)}\t{_age(age)} old\t{offer.id}"
        )
    print(
        f"{len(snapshots)} snapshots; {_megabytes(snapshot_store.disk_use(settings.directory))} "
        f"used in {settings.directory} (cap {_megabytes(settings.max_bytes)})."
    )


def _build(engine: Engine, args: argparse.Namespace) -> None:
    sessions = make_sessions(engine)
    territory_ids = None
    if args.territories:
        with sessions.read.begin() as session:
            found = {
                row.key: row.id
                for row in session.execute(
                    select(Territory.key, Territory.id).where(
                        Territory.key.in_(args.territories), Territory.deleted.is_(False)
                    )
                )
            }
        missing = sorted(set(args.territories) - set(found))
        if missing:
            raise SnapshotCliError(f"There is no territory {', '.join(map(repr, missing))}.")
        territory_ids = list(found.values())
    collect_for_serving()  # the builder pulls every page through this process's server
    with loopback_server(engine) as base_url:
        snapshots = Snapshots(sessions, _settings(base_url))
        now = dt.datetime.now(dt.UTC)
        if territory_ids is None:
            report = snapshots.run_round(now, force=True)
        else:
            report = snapshots.build_scope(territory_ids, now)
    print(f"Snapshots built: {len(report.built)}; not built: {len(report.failed)}.")
    if report.failed:
        raise SnapshotCliError(
            f"{len(report.failed)} snapshots could not be built; see the log above."
        )


@contextmanager
def loopback_server(engine: Engine) -> Iterator[str]:
    """The API over `engine` on a free loopback port, in a thread, for as long as the block
    runs (without a snapshot scheduler of its own)."""
    # The web stack: `snapshot list` and the other commands start without it.
    import uvicorn

    from server.api import create_app

    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind((LOOPBACK, 0))
    port = listening.getsockname()[1]
    config = uvicorn.Config(
        create_app(engine, ServerSettings()), log_level="warning", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listening]}, name="fieldbook-loopback", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise SnapshotCliError("The loopback server for the builder did not start.")
        time.sleep(0.05)
    try:
        yield f"http://{LOOPBACK}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listening.close()


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:.1f} MB"


def _age(age: dt.timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
