"""The server's command line: `fieldbook-server [--db URL] serve | migrate | restore |
user … | load-defaults | seed-demo | compact | import | export | apikey … | webhook …`.

Every command brings the schema up to date first (Alembic, `server.schema`), except
`serve --no-migrate`, for deployments that run `migrate` as a step of their own, and then makes
sure a restored database has a feed identity of its own (`server.feed_identity`).

Errors end the program with one plain sentence on stderr and exit code 2, never a traceback
(`--verbose` logs the details of unexpected ones).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from protocol.auth import TokenRequest
from protocol.entities import ENTITIES, ROLES
from protocol.paths import MAX_REQUEST_BYTES
from server import (
    auth,
    connect_cli,
    defaults,
    feed,
    feed_identity,
    restore,
    retention,
    schema,
    seed,
    snapshot_cli,
    user_cli,
    users,
    webhook_cli,
)
from server.collection import collect_for_serving
from server.config import (
    DB_ENV_VAR,
    RETENTION_ENV_VAR,
    resolve_db_url,
    retention_period,
    snapshot_settings,
)
from server.database import make_engine, make_sessions
from server.directory import DIRECTORY_ENV_VAR, DirectoryConfigError, DirectorySettings
from server.settings import ServerSettings
from server.tables import User
from server.writes import InvalidRecordError

logger = logging.getLogger(__name__)

PROGRAM = "fieldbook-server"
EXIT_ERROR = 2
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470
WORKER_START_TIMEOUT_S = 60
# On SIGTERM, requests still open after this long are cut off: a long-poll would otherwise hold
# a restart for up to a minute. Cutting one off is safe: its client polls again, and a cut push
# is replayed (push is replay-safe; a transaction not committed is rolled back).
SHUTDOWN_GRACE_S = 3

Command = Callable[[Engine, argparse.Namespace], None]
_PLURALS = {
    "territory": "territories",
    "user": "users",
    "account": "accounts",
    "contact": "contacts",
    "task": "tasks",
    "activity": "activities",
    "code_set": "code sets",
    "process": "processes",
}


class CliError(Exception):
    """A problem the person at the command line can fix; the message says how."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROGRAM, description="The Fieldbook sync server.")
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"database URL (sqlite:///PATH or postgresql://…); default ${DB_ENV_VAR}, "
        "else server.db in the user data directory",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log details, also of unexpected errors"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="migrate the schema, then run the HTTP API")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument(
        "--workers",
        type=int,
        metavar="N",
        default=1,
        help="server processes sharing the port (more than one needs PostgreSQL)",
    )
    serve.add_argument(
        "--no-migrate",
        dest="migrate_first",
        action="store_false",
        help="do not touch the schema (when `migrate` runs as a deployment step of its own)",
    )
    defaults_ = ServerSettings()
    serve.add_argument(
        "--access-token-minutes",
        type=int,
        metavar="N",
        default=int(defaults_.access_token_lifetime.total_seconds() // 60),
        help="how long an access token works before the client must refresh it",
    )
    serve.add_argument(
        "--refresh-token-days",
        type=int,
        metavar="N",
        default=defaults_.refresh_token_lifetime.days,
        help="how long a device may stay away and still refresh without a password",
    )
    serve.add_argument(
        "--max-body-bytes",
        type=int,
        metavar="N",
        default=defaults_.max_body_bytes,
        help=f"the largest request body taken (at least {MAX_REQUEST_BYTES}, which clients "
        "count on)",
    )
    serve.add_argument(
        "--directory",
        type=Path,
        metavar="FILE",
        default=os.environ.get(DIRECTORY_ENV_VAR),
        help=f"sign in against the company directory as this TOML file says (default "
        f"${DIRECTORY_ENV_VAR}; see docs/deploy.md)",
    )
    serve.set_defaults(run=_serve)

    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(run=_migrate, migrate_first=False)

    restore_ = commands.add_parser(
        "restore",
        help="with the server stopped: put a SQLite backup in place, or after pg_restore (no "
        "FILE), give the restored database a feed identity of its own; clients resync",
    )
    restore_.add_argument("file", type=Path, nargs="?", metavar="FILE")
    restore_.set_defaults(run=_restore, migrate_first=False)

    user = commands.add_parser("user", help="manage users")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="COMMAND")
    add = user_commands.add_parser("add", help="add a user who can sign in")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    _territory_option(add)
    add.add_argument("--display-name")
    add.add_argument("--email", help="the user's e-mail address (imports name owners by it)")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from the first line of standard input",
    )
    add.set_defaults(run=_add_user)
    territories = user_commands.add_parser(
        "territories", help="give a user exactly these territories (their clients resync)"
    )
    territories.add_argument("name")
    _territory_option(territories)
    territories.set_defaults(run=_set_territories)
    user_cli.add_commands(user_commands)

    load = commands.add_parser("load-defaults", help="add the default code sets and processes")
    load.set_defaults(run=_load_defaults)
    demo = commands.add_parser("seed-demo", help="fill an empty database with demo data")
    demo.add_argument("--accounts", type=int, default=seed.DEFAULT_ACCOUNTS)
    demo.add_argument("--seed", type=int, default=seed.DEFAULT_SEED)
    demo.set_defaults(run=_seed_demo)
    compact = commands.add_parser(
        "compact", help="remove old feed rows now (the server also does it every 6 hours)"
    )
    compact.add_argument(
        "--days",
        type=int,
        metavar="N",
        help=f"keep feed rows of the last N days; default ${RETENTION_ENV_VAR}, else "
        f"{retention_period({}).days}",
    )
    compact.set_defaults(run=_compact)
    connect_cli.add_commands(commands)
    webhook_cli.add_commands(commands)
    snapshot_cli.add_commands(commands)
    return parser


def _territory_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--territory",
        dest="territories",
        action="append",
        required=True,
        metavar="KEY",
        help="a territory key (repeat for several); missing territories are created",
    )


def _serve(engine: Engine, args: argparse.Namespace) -> None:
    # The web stack: the admin commands, run far more often, start without it.
    import uvicorn

    from server import workers
    from server.api import create_app

    if args.access_token_minutes < 1 or args.refresh_token_days < 1:
        raise CliError("Token lifetimes must be at least one minute and one day.")
    if args.max_body_bytes < MAX_REQUEST_BYTES:
        raise CliError(f"--max-body-bytes must be at least {MAX_REQUEST_BYTES}.")
    settings = ServerSettings(
        access_token_lifetime=dt.timedelta(minutes=args.access_token_minutes),
        refresh_token_lifetime=dt.timedelta(days=args.refresh_token_days),
        max_body_bytes=args.max_body_bytes,
        directory=DirectorySettings.load(args.directory) if args.directory else None,
        snapshots=snapshot_settings(f"http://{_own_address(args.host)}:{args.port}"),
    )
    if args.workers < 1:
        raise CliError("--workers must be at least 1.")
    if args.workers > 1 and engine.dialect.name == "sqlite":
        raise CliError(
            "Several workers need PostgreSQL: a SQLite database takes one writer at a time. "
            "Serve SQLite with --workers 1, or give --db postgresql://…"
        )
    logger.info(
        "serving %s on http://%s:%d with %d worker(s)",
        _shown(engine),
        args.host,
        args.port,
        args.workers,
    )
    if args.workers == 1:
        app = create_app(engine, settings)
        collect_for_serving()
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_level="info",
            timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        )
        return
    db_url = engine.url.render_as_string(hide_password=False)
    engine.dispose()  # each worker opens its own connections
    os.environ.update(workers.environment_for_workers(db_url, settings))
    if args.directory:
        os.environ[DIRECTORY_ENV_VAR] = str(args.directory)
    uvicorn.run(
        workers.FACTORY,
        factory=True,
        workers=args.workers,
        # A worker answers the supervisor's health check once it has imported everything; on a
        # busy machine that takes longer than uvicorn's 5 s, and it would kill it and retry.
        timeout_worker_healthcheck=WORKER_START_TIMEOUT_S,
        host=args.host,
        port=args.port,
        log_level="info",
        timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
    )


def _own_address(host: str) -> str:
    """Where this server reaches itself (the snapshot builder syncs through it)."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _migrate(engine: Engine, _args: argparse.Namespace) -> None:
    schema.upgrade(engine)
    feed_identity.settle(engine)
    print(f"The schema of {_shown(engine)} is up to date.")


def _restore(engine: Engine, args: argparse.Namespace) -> None:
    since = restore.restore(engine, args.file)
    print(
        f"{_shown(engine)} is restored; its feed has a new identity from position {since}, "
        "and every client resyncs at its next sync."
    )


def _add_user(engine: Engine, args: argparse.Namespace) -> None:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CliError("No password came on standard input.")
    try:  # the same limits as sign-in, so the new user can sign in
        TokenRequest(username=args.name, password=password)
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise CliError(f"The {problem['loc'][0]} is not usable: {problem['msg']}.") from exc
    password_hash = auth.hash_password(password)
    with feed.write_transaction(make_sessions(engine).write) as session:
        territory_ids = [users.ensure_territory(session, key) for key in args.territories]
        users.add_user(
            session,
            name=args.name,
            role=args.role,
            territory_ids=territory_ids,
            password_hash=password_hash,
            display_name=args.display_name,
            email=args.email,
        )
    print(f"Added {args.role} {args.name!r} in {', '.join(args.territories)}.")


def _set_territories(engine: Engine, args: argparse.Namespace) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        user_id = session.scalar(select(User.id).where(User.name == args.name))
        if user_id is None:
            raise CliError(f"There is no user named {args.name!r}.")
        territory_ids = [users.ensure_territory(session, key) for key in args.territories]
        users.set_territories(session, user_id, territory_ids)
    print(f"{args.name!r} now works in {', '.join(dict.fromkeys(args.territories))}.")


def _load_defaults(engine: Engine, _args: argparse.Namespace) -> None:
    with feed.write_transaction(make_sessions(engine).write) as session:
        added = defaults.add_missing_defaults(session)
    print(f"Added {added} default code sets and processes to {_shown(engine)}.")


def _seed_demo(engine: Engine, args: argparse.Namespace) -> None:
    if args.accounts < 0:
        raise CliError("--accounts must not be negative.")
    counts = seed.seed_demo(engine, accounts=args.accounts, seed=args.seed)
    summary = ", ".join(f"{counts[entity]} {_PLURALS[entity]}" for entity in ENTITIES)
    print(f"Seeded the demo into {_shown(engine)}: {summary}.")


def _compact(engine: Engine, args: argparse.Namespace) -> None:
    if args.days is not None and args.days < 1:
        raise CliError("--days must be at least 1.")
    period = dt.timedelta(days=args.days) if args.days is not None else retention_period()
    with feed.write_transaction(make_sessions(engine).write) as session:
        removed = retention.compact(session, dt.datetime.now(dt.UTC), period)
    print(f"Feed rows removed: {removed} (older than {period.days} days) from {_shown(engine)}.")


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _error_message(exc: Exception) -> str:
    if isinstance(exc, SQLAlchemyError):
        reason = exc.orig if isinstance(exc, DBAPIError) else exc
        return "The database cannot be used: " + " ".join(str(reason).split())
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror or exc}: {exc.filename}"
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    run: Command = args.run
    try:
        engine = make_engine(resolve_db_url(args.db))
        if getattr(args, "migrate_first", True):
            schema.upgrade(engine)
        if run not in (_migrate, _restore):  # these two settle it after their own work
            feed_identity.settle(engine)
        run(engine, args)
    except (
        CliError,
        restore.RestoreError,
        users.UserError,
        seed.SeedError,
        InvalidRecordError,
        SQLAlchemyError,
        OSError,
        ImportError,
        DirectoryConfigError,
        *connect_cli.ERRORS,
        *webhook_cli.ERRORS,
        *snapshot_cli.ERRORS,
    ) as exc:
        logger.debug("command failed", exc_info=exc)
        print(f"{PROGRAM}: {_error_message(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug: still one sentence, details with --verbose
        logger.debug("unexpected error", exc_info=exc)
        print(f"{PROGRAM}: Unexpected error ({type(exc).__name__}: {exc}).", file=sys.stderr)
        return EXIT_ERROR
    return 0
