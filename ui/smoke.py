"""`fieldbook --smoke-test`: the installed program shows that it can start on this machine.

It checks that the files it ships are there (translations, default code sets, replica
migrations), logs the paths it would use and the keyring backend, opens a replica in a temporary
folder (running every migration), renders the main window over it and exits: 0 when all of that
worked. Installers and the package test run it; it needs no server and leaves no user data.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from app.diagnostics import paths
from app.settings import Settings
from app.smoke import shipped_files, smoke_workspace
from sync.credentials import TokenStore

log = logging.getLogger(__name__)


def run_smoke_test(settings: Settings, tokens: TokenStore, language: str) -> int:
    missing = [path for path in shipped_files() if not path.exists()]
    if missing:
        log.error("smoke test: missing files %s", missing)
        print(f"Smoke test failed: missing files {', '.join(map(str, missing))}", file=sys.stderr)
        return 1
    for name, value in paths(settings).items():
        log.info("smoke test: %s = %s", name, value)
    log.info("smoke test: keyring backend %s", tokens.backend_name)
    log.info("smoke test: Qt platform %s", os.environ.get("QT_QPA_PLATFORM") or "(default)")
    from ui.launch import run_gui  # Qt is loaded only when a window is wanted

    with tempfile.TemporaryDirectory(prefix="fieldbook-smoke-") as workdir:
        workspace = smoke_workspace(Path(workdir), language)
        picture = Path(workdir) / "main-window.png"
        try:
            code = run_gui(workspace, screenshot=picture, sync_on_start=False)
        finally:
            workspace.close()
        rendered = picture.exists() and picture.stat().st_size > 0
    log.info("smoke test: main window rendered %s, exit code %d", rendered, code)
    if code != 0 or not rendered:
        print("Smoke test failed: the main window could not be rendered.", file=sys.stderr)
        return 1
    print("Smoke test passed.")
    return 0
