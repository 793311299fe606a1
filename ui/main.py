"""The `fieldbook` command: the desktop app, its demo mode, and caller lookups.

Only one app runs per profile: a second start (`fieldbook lookup --phone N`, a `fieldbook:`
link, or a plain start) hands its request to the running one over a local socket and exits 0.
The command's entry (ui.entry) offers the usual ones to the running app before it loads this
module; this does for the rest (and where the entry cannot reach the app without Qt).

Qt (ui.single_instance, ui) is imported inside `main`, after this module has loaded the rest of
the app (SQLAlchemy, pydantic, requests, ...): once PySide6 is imported, its import hook reads
the source of every module imported after it, looking for "PySide6" (PYSIDE-2029), which for
the ~500 modules of the app's start cost about 0.1 s of every start.
"""

from __future__ import annotations

import argparse
import locale
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from app import collector
from app.crash_report import start_fault_log
from app.demo import DEMO_PASSWORD, DEMO_USER, DemoServer
from app.diagnostics import write_diagnostics
from app.errors import UserError
from app.languages import locales, ui_language
from app.logs import LOG_FILE, log_dir, setup_logging
from app.offline import OfflinePolicy
from app.open_request import split_request
from app.paths import data_dir
from app.settings import Settings
from app.workspace import Network, Workspace
from sync.credentials import TokenStore
from sync.errors import SyncError
from ui.handoff import socket_name
from ui.platform_check import platform_problem
from ui.smoke import run_smoke_test

if TYPE_CHECKING:
    from ui.crash import CrashHandler

log = logging.getLogger(__name__)
LANGUAGES = locales()


def system_language() -> str:
    return ui_language(locale.getlocale()[0] or "")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="fieldbook",
        description="Fieldbook CRM desktop app. Also: fieldbook lookup --phone NUMBER, "
        "or fieldbook fieldbook://lookup?phone=NUMBER",
    )
    parser.add_argument(
        "--demo", action="store_true", help="run against a seeded local demo server"
    )
    parser.add_argument("--screenshot", type=Path, help="save the synced main window as PNG, exit")
    parser.add_argument(
        "--screenshots",
        type=Path,
        help="save a PNG of every main view (a manager's: the designer) into this folder, exit",
    )
    parser.add_argument("--server", help="server address, e.g. https://crm.example.com")
    parser.add_argument("--user", help="user name to open (with --demo: a demo user, e.g. manager)")
    parser.add_argument("--language", choices=LANGUAGES, help="user interface language")
    parser.add_argument("--accounts", type=int, default=300, help="demo accounts to seed")
    parser.add_argument(
        "--smoke-test", action="store_true", help="check that the app starts here, then exit"
    )
    parser.add_argument(
        "--diagnostics",
        type=Path,
        metavar="FILE.zip",
        help="write logs, versions and settings (no secrets) for support, then exit",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, *, handed_over_tried: bool = False) -> int:
    """The command, with the crash handler on (ui.crash): an error nobody caught is written to
    the log and said in a sentence, in a dialog once there is a window; fatal crashes go to
    the fault log beside the log (app.crash_report). `handed_over_tried`: the command's entry
    (ui.entry) already offered this start to a running app, and none answered."""
    from ui.crash import install_crash_handler  # Qt: see the module's docstring

    start_fault_log()
    crash = install_crash_handler(log_dir() / LOG_FILE)
    try:
        return _command(argv, crash, handed_over_tried)
    except Exception:
        crash.handle_fatal(*sys.exc_info())
        return 1
    finally:
        collector.release()  # a command that opened no window (`ui.launch` releases it then)
        crash.uninstall()


def _command(argv: list[str] | None, crash: CrashHandler, handed_over_tried: bool) -> int:
    try:
        caller_phone, rest = split_request(sys.argv[1:] if argv is None else argv)
    except UserError as exc:  # a lookup that names no number
        print(exc, file=sys.stderr)
        return 2
    args = parse_args(rest)
    settings = Settings()
    log_file = setup_logging(settings.get("LogLevel"))
    language = args.language or settings.get("Language") or system_language()
    tokens = TokenStore()
    log.info("keyring backend: %s", tokens.backend_name)
    crash.keyring_backend = tokens.backend_name
    if args.diagnostics:
        written = write_diagnostics(args.diagnostics, settings, tokens.backend_name)
        print(f"Wrote {written} (log file: {log_file}).")
        return 0
    if args.smoke_test:
        return run_smoke_test(settings, tokens, language)
    from ui.single_instance import hand_over  # Qt: see the module's docstring

    picturing = args.screenshot is not None or args.screenshots is not None
    instance = None if picturing else socket_name(data_dir())
    if instance is not None and not handed_over_tried and hand_over(instance, caller_phone):
        log.info("handed the start over to the running Fieldbook (phone: %s)", caller_phone)
        return 0
    problem = platform_problem(os.environ)
    if problem is not None:  # Qt would stop the process with a misleading message
        log.error("%s", problem)
        print(problem, file=sys.stderr)
        return 1
    from ui.launch import run_gui  # Qt widgets are loaded only when a window is wanted

    options = {
        "language": language,
        "settings": settings,
        "tokens": tokens,
        "screenshot": args.screenshot,
        "screenshots": args.screenshots,
        "instance_name": instance,
        "caller_phone": caller_phone,
        "sign_in_as": (args.server, args.user),  # filled into the sign-in dialog, if it shows
    }
    if args.demo:
        with tempfile.TemporaryDirectory(prefix="fieldbook-demo-") as workdir:
            server = DemoServer(Path(workdir) / "server", accounts=args.accounts)
            try:
                url = server.start()
                workspace = Workspace.sign_in(
                    Path(workdir) / "client",
                    url,
                    args.user or DEMO_USER,
                    DEMO_PASSWORD,
                    tokens,
                    language,
                )
                return run_gui(workspace, data_dir=Path(workdir) / "client", **options)
            except (RuntimeError, SyncError, OSError) as exc:
                log.exception("demo mode failed")
                print(f"The demo could not start: {exc}", file=sys.stderr)
                return 1
            finally:
                server.stop()
    server_url = settings.given_or_setting("ServerUrl", args.server)
    user = settings.given_or_setting("UserName", args.user)
    try:
        resumed = (
            Workspace.resume(
                data_dir(),
                server_url,
                user,
                tokens,
                language,
                network=Network.of(settings),
                offline=OfflinePolicy.of(settings),
            )
            if server_url and user
            else None
        )
    except UserError as exc:  # a replica made by a newer version
        log.error("%s", exc)
        print(exc, file=sys.stderr)
        return 2
    # No saved session: the window starts with the sign-in dialog.
    return run_gui(resumed, data_dir=data_dir(), **options)


if __name__ == "__main__":
    sys.exit(main())
