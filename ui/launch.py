"""Run the desktop app: application, translation, style, sign-in, the main window, and the
requests of later starts (screen-pops) arriving over the single-instance socket.

With `screenshot`, the window shows itself with the first account open, saves a picture of
itself and quits; with `screenshots`, it saves one picture of each main view into a folder.
Either way the exit code is 0 only when the pictures were saved and the first sync (if asked
for) succeeded, so the command doubles as a check that the app starts and syncs.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import collector
from app.errors import DamagedReplicaError
from app.paths import data_dir as default_data_dir
from app.session import sign_out
from app.settings import Settings
from app.workspace import Workspace
from sync.credentials import TokenStore
from ui.background import wait_for_background
from ui.first_frame import after_first_frame
from ui.i18n import I18N_DIR, install_translators
from ui.main_window import MainWindow
from ui.screenshots import save_views
from ui.sign_in import SignInDialog
from ui.single_instance import InstanceServer
from ui.style import apply_style
from ui.termination import QuitOnSignal

log = logging.getLogger(__name__)

WINDOW_SIZE = (1280, 800)
PAINT_DELAY_MS = 300


class GuiSession:
    """The windows of one run of the app: signs in when needed, rebuilds the main window in
    another language, signs out, and hands screen-pops from later starts to the window."""

    def __init__(
        self,
        app: QApplication,
        settings: Settings,
        tokens: TokenStore,
        language: str,
        caller_phone: str | None = None,
        i18n_dir: Path = I18N_DIR,
        sign_in_as: tuple[str | None, str | None] = (None, None),
    ) -> None:
        self.app = app
        self.sign_in_as = sign_in_as  # --server and --user, for the sign-in dialog
        self.i18n_dir = i18n_dir
        self.settings = settings
        self.tokens = tokens
        self.language = language
        self.translators = install_translators(app, language, i18n_dir)
        self.window: MainWindow | None = None
        self.signed_out = False
        self._pending_phone = caller_phone  # shown as soon as a window is open

    def sign_in(self, data_dir: Path) -> Workspace | None:
        collector.release()  # the start is over: the user has a dialog to fill in
        server, user = self.sign_in_as
        dialog = SignInDialog(
            self.settings, self.tokens, data_dir, self.language, server=server, user=user
        )
        dialog.resize(480, dialog.sizeHint().height())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.workspace

    def open_window(self, workspace: Workspace, *, sync_now: bool = False) -> MainWindow:
        """Show the main window; once its first frame is painted, live updates begin (and,
        with `sync_now`, a sync)."""
        window = MainWindow(workspace, settings=self.settings)
        window.resize(*WINDOW_SIZE)
        window.language_change_requested.connect(self.switch_language)
        window.sign_out_requested.connect(self.on_sign_out)
        window.sync.account_disabled.connect(self.on_account_disabled)
        window.sync.sign_in_needed.connect(self.on_sign_in_needed)
        window.show()
        after_first_frame(window, lambda: self._first_frame_done(window, sync_now))
        self.window = window
        if workspace.repaired is not None:
            self.tell_repaired(window, workspace.repaired)
        if self._pending_phone is not None:
            window.show_caller(self._pending_phone)
            self._pending_phone = None
        return window

    @staticmethod
    def _first_frame_done(window: MainWindow, sync_now: bool) -> None:
        collector.release()
        window.sync.start_live_updates()
        if sync_now:
            window.sync.start()

    def tell_repaired(self, window: MainWindow, repaired: DamagedReplicaError) -> None:
        """The replica was damaged: where it was kept and what of it goes to the server."""
        text = QCoreApplication.translate(
            "GuiSession",
            "The local data on this computer was damaged. It was set aside as %1; %n change(s) "
            "not yet synced were kept and will be sent, and everything else is fetched from "
            "the server again.",
            "",
            repaired.unsynced,
        ).replace("%1", str(repaired.kept))
        box = QMessageBox(QMessageBox.Icon.Warning, "Fieldbook", text, parent=window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        window.workspace.repaired = None  # told

    def switch_language(self, language: str) -> None:
        """Restart-free: new translators, and the window built again in the new language."""
        old = self.window
        if old is None:
            return
        for translator in self.translators:
            self.app.removeTranslator(translator)
        self.language = language
        self.translators = install_translators(self.app, language, self.i18n_dir)
        workspace = old.workspace
        workspace.language = language
        geometry, section = old.geometry(), old.pages.currentIndex()
        old.hide()
        new = self.open_window(workspace)
        new.setGeometry(geometry)
        new.show_section(section)
        old.sync.stop()
        old.deleteLater()
        log.info("language switched to %s", language)

    def on_sign_out(self, wipe: bool) -> None:
        if self.window is None:
            return
        self.window.sync.stop()
        wait_for_background()
        sign_out(self.window.workspace, self.tokens, wipe_local_data=wipe)
        self.signed_out = True
        self.window.close()
        QCoreApplication.exit(0)

    def on_account_disabled(self, kept: str) -> None:
        """IT disabled the user: say so and where the unsynced work is, then sign out, removing
        the data from this computer where IT's policy asks for it."""
        if self.window is None:
            return
        text = QCoreApplication.translate(
            "GuiSession",
            "Your Fieldbook account is disabled, so this computer can no longer sync. "
            "Ask your IT department.",
        )
        if kept:
            text += "\n\n" + QCoreApplication.translate(
                "GuiSession",
                "What you had not synced yet is saved in this file; hand it to IT:\n%1",
            ).replace("%1", kept)
        box = QMessageBox(QMessageBox.Icon.Warning, "Fieldbook", text, parent=self.window)
        box.finished.connect(
            lambda _result: self.on_sign_out(bool(self.settings.get("WipeDataWhenDisabled")))
        )
        box.open()

    def on_sign_in_needed(self) -> None:
        """The server refused the session: ask for the password over the window (once), and
        sync when the user is signed in again."""
        window = self.window
        if window is None or window.findChild(SignInDialog) is not None:
            return
        dialog = SignInDialog(
            self.settings,
            self.tokens,
            window.workspace.replica.path.parent,
            self.language,
            window,
            again=window.workspace,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(window.sync.start)
        dialog.open()

    def on_request(self, request: dict[str, Any]) -> None:
        """A later start's request: a caller's number to show, or just "come to the front"."""
        phone = request.get("phone")
        if self.window is None:
            self._pending_phone = phone if isinstance(phone, str) else None
            return
        if isinstance(phone, str) and phone:
            self.window.show_caller(phone)
        else:
            self.window.raise_()
            self.window.activateWindow()

    def close(self) -> None:
        for translator in self.translators:
            self.app.removeTranslator(translator)


def run_gui(
    workspace: Workspace | None,
    *,
    language: str | None = None,
    settings: Settings | None = None,
    tokens: TokenStore | None = None,
    data_dir: Path | None = None,
    screenshot: Path | None = None,
    screenshots: Path | None = None,
    sync_on_start: bool = True,
    instance_name: str | None = None,
    caller_phone: str | None = None,
    sign_in_as: tuple[str | None, str | None] = (None, None),
) -> int:
    """Show the main window (after a sign-in when there is no workspace) and run the event
    loop; returns the application's exit code. `sign_in_as`: the `--server` and `--user`
    given, which fill the sign-in dialog."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Fieldbook")
    app.setOrganizationName("Fieldbook")
    apply_style(app)
    session = GuiSession(
        app,
        settings or Settings(),
        tokens or TokenStore(),
        language or (workspace.language if workspace else "en"),
        caller_phone,
        sign_in_as=sign_in_as,
    )
    quit_on_signal = QuitOnSignal(app)
    server = InstanceServer(instance_name, app) if instance_name else None
    if server is not None:
        server.request_received.connect(session.on_request)
    try:
        while True:
            if workspace is None:
                workspace = session.sign_in(data_dir or default_data_dir())
                if workspace is None:
                    return 0
            session.signed_out = False
            window = session.open_window(workspace, sync_now=sync_on_start)
            if screenshot is not None or screenshots is not None:
                _arrange_pictures(window, screenshot, screenshots, sync_on_start)
            code = app.exec()
            wait_for_background()
            if not session.signed_out:
                # The window now, not the first: a language switch deleted that one.
                current, session.window = session.window, None
                if current is not None:
                    current.close()
                return code
            workspace = None
    finally:
        wait_for_background()
        if server is not None:
            server.close()
        quit_on_signal.close()
        session.close()


def _arrange_pictures(
    window: MainWindow, screenshot: Path | None, folder: Path | None, after_sync: bool
) -> None:
    def take(synced: bool) -> None:
        if folder is not None:
            QTimer.singleShot(PAINT_DELAY_MS, lambda: _save_views(window, folder, synced))
        elif screenshot is not None:
            _take_screenshot(window, screenshot, synced)

    if after_sync:
        window.sync.finished.connect(take)
    else:
        QTimer.singleShot(0, lambda: take(True))


def _save_views(window: MainWindow, folder: Path, synced: bool) -> None:
    saved = save_views(window, folder)
    QCoreApplication.exit(0 if saved and synced else 1)


def _take_screenshot(window: MainWindow, path: Path, synced: bool) -> None:
    """Open the first account, let the window paint, save it, and quit: 0 if saved after a
    good sync, else 1 (the picture of a failed sync is still saved, for diagnosis)."""
    window.show_section(window.ACCOUNTS)
    window.accounts.select_row(0)

    def save() -> None:
        saved = window.grab().save(str(path), "PNG")
        QCoreApplication.exit(0 if saved and synced else 1)

    QTimer.singleShot(PAINT_DELAY_MS, save)
