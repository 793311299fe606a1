"""Files a rep carries to and from other programs: open tasks and planned visits to the calendar
(.ics), contacts to the address book (.vcf), and a colleague's or a phone's vCards into an
account. The work itself is in app.calendar_export and app.vcards; this asks where, and says in
one sentence what happened.

Those two modules load icalendar and vobject, which nobody needs until a file is exchanged, so
they are imported when a file is, not when the window is made (app start).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.errors import SaveError
from app.workspace import Workspace
from ui.problems import save_failure_text

log = logging.getLogger(__name__)


class FileExchange(QObject):
    """The File menu's exports and the Account menu's vCard import, for one window.

    `imported` carries the account whose contacts were added, so the window can refresh and sync.
    """

    imported = Signal(str)

    def __init__(self, workspace: Workspace, window: QWidget) -> None:
        super().__init__(window)
        self.workspace = workspace
        self.window = window

    def on_export_calendar(self) -> None:
        path = self._save_path(
            self.tr("Export tasks to calendar"),
            "fieldbook.ics",
            self.tr("Calendar files (*.ics)"),
        )
        if path is not None:
            from app.calendar_export import export_calendar

            self._write(path, lambda: export_calendar(self.workspace))

    def on_export_contacts(self) -> None:
        path = self._save_path(
            self.tr("Export contacts"), "fieldbook.vcf", self.tr("vCard files (*.vcf)")
        )
        if path is not None:
            from app.vcards import export_contacts

            self._write(path, lambda: export_contacts(self.workspace))

    def on_import_contacts(self, account_id: str | None) -> None:
        if account_id is None:
            self._tell(self.tr("Open an account first; its contacts are added to it."))
            return
        chosen, _kind = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import contacts into this account"),
            str(Path.home()),
            self.tr("vCard files (*.vcf)"),
        )
        if chosen:
            self.import_file(account_id, Path(chosen))

    def import_file(self, account_id: str, path: Path) -> None:
        from app.vcards import VcardFileError, import_vcards

        try:
            result = import_vcards(self.workspace, account_id, path.read_bytes())
        except (OSError, VcardFileError):
            log.exception("vCard import from %s failed", path)
            self._tell(
                self.tr("%1 could not be read as contacts (vCard). Nothing was added.").replace(
                    "%1", path.name
                )
            )
            return
        except SaveError as exc:
            self._tell(save_failure_text(exc))
            return
        if result.created:
            self.imported.emit(account_id)
        text = self.tr(
            "Contacts added: %1. Cards skipped: %2 (already here, no name, or unreadable details)."
        )
        self._tell(
            text.replace("%1", str(len(result.created))).replace("%2", str(len(result.skipped)))
        )

    def _write(self, path: Path, contents: Callable[[], bytes]) -> None:
        try:
            path.write_bytes(contents())
        except OSError:
            log.exception("could not write %s", path)
            self._tell(
                self.tr("%1 could not be written. Choose another folder and try again.").replace(
                    "%1", str(path)
                )
            )
            return
        self._tell(self.tr("Saved to %1.").replace("%1", str(path)))

    def _save_path(self, title: str, name: str, kinds: str) -> Path | None:
        chosen, _kind = QFileDialog.getSaveFileName(
            self.window, title, str(Path.home() / name), kinds
        )
        return Path(chosen) if chosen else None

    def _tell(self, text: str) -> None:
        QMessageBox.information(self.window, "Fieldbook", text)
