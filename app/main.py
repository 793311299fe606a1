"""The `fieldbook` command: the desktop app, and its demo mode."""

from __future__ import annotations

import argparse
import locale
import logging
import sys
import tempfile
from pathlib import Path

from app.demo import DEMO_PASSWORD, DEMO_USER, DemoServer
from app.diagnostics import write_diagnostics
from app.logs import setup_logging
from app.paths import data_dir
from app.settings import Settings
from app.smoke import run_smoke_test
from app.workspace import Workspace
from local_store.migrate import NewerDatabaseError
from sync.credentials import TokenStore
from sync.errors import SyncError

log = logging.getLogger(__name__)
LANGUAGES = ("en", "zh_CN")


def system_language() -> str:
    name = locale.getlocale()[0] or ""
    return "zh_CN" if name.lower().startswith("zh") else "en"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fieldbook", description="Fieldbook CRM desktop app")
    parser.add_argument(
        "--demo", action="store_true", help="run against a seeded local demo server"
    )
    parser.add_argument("--screenshot", type=Path, help="save the synced main window as PNG, exit")
    parser.add_argument("--server", help="server address, e.g. https://crm.example.com")
    parser.add_argument("--user", help="user name to open")
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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = Settings()
    log_file = setup_logging(settings.get("LogLevel"))
    language = args.language or settings.get("Language") or system_language()
    tokens = TokenStore()
    log.info("keyring backend: %s", tokens.backend_name)
    if args.diagnostics:
        written = write_diagnostics(args.diagnostics, settings, tokens.backend_name)
        print(f"Wrote {written} (log file: {log_file}).")
        return 0
    if args.smoke_test:
        return run_smoke_test(settings, tokens, language)
    from ui.launch import run_gui  # Qt is loaded only when a window is wanted

    if args.demo:
        with tempfile.TemporaryDirectory(prefix="fieldbook-demo-") as workdir:
            server = DemoServer(Path(workdir) / "server", accounts=args.accounts)
            try:
                url = server.start()
                workspace = Workspace.sign_in(
                    Path(workdir) / "client", url, DEMO_USER, DEMO_PASSWORD, tokens, language
                )
                return run_gui(workspace, screenshot=args.screenshot)
            except (RuntimeError, SyncError, OSError) as exc:
                log.exception("demo mode failed")
                print(f"The demo could not start: {exc}", file=sys.stderr)
                return 1
            finally:
                server.stop()
    if not (args.server and args.user):
        print("Give --server and --user, or start the demo with --demo.", file=sys.stderr)
        return 2
    try:
        resumed = Workspace.resume(data_dir(), args.server, args.user, tokens, language)
    except NewerDatabaseError as exc:
        log.error("%s", exc)
        print(exc, file=sys.stderr)
        return 2
    if resumed is None:
        print("Sign in first: this user has no saved session on this computer.", file=sys.stderr)
        return 2
    return run_gui(resumed, screenshot=args.screenshot)


if __name__ == "__main__":
    sys.exit(main())
