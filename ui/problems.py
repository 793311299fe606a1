"""Save failures in plain words: which field is wrong and what to do, or why nothing was saved."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.errors import SaveError

translate = QCoreApplication.translate


def field_name(field: str) -> str:
    names = {
        "name": translate("Problems", "Name"),
        "phone": translate("Problems", "Phone"),
        "city": translate("Problems", "City"),
        "address": translate("Problems", "Address"),
        "title": translate("Problems", "Title"),
        "email": translate("Problems", "Email"),
        "due_date": translate("Problems", "Due date"),
        "note": translate("Problems", "Note"),
    }
    return names.get(field, field)


def save_failure_text(error: SaveError) -> str:
    """One sentence per wrong field, or the disk sentence when the replica refused the write."""
    if not error.problems:
        return translate(
            "Problems",
            "This could not be saved on this computer; the disk may be full. Nothing was "
            "written: free some space and save again.",
        )
    lines = []
    for field, message in error.problems:
        if "required" in message or "empty" in message:
            line = translate("Problems", "%1 is needed.")
        elif "at most" in message:
            line = translate("Problems", "%1 is too long; please shorten it.")
        else:
            line = translate("Problems", "%1 is not valid; please check it.")
        lines.append(line.replace("%1", field_name(field)))
    return " ".join(lines)
