"""Save failures in plain words: which field is wrong and what to do, or why nothing was saved.

Each kind of field problem has one sentence, marked for translation here and translated where
it is shown; %1 is the field's name, %2 what the kind needs (the longest length, the choices);
a sentence about the whole record names no field.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.errors import SaveError
from protocol.entities import FieldProblem, ProblemKind

translate = QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks `text` for translation in `context` (Qt's own is typed to return `object`)."""
    return text


_INVALID = QT_TRANSLATE_NOOP("Problems", "%1 is not valid; please check it.")

SENTENCES: dict[ProblemKind, str] = {
    "required": QT_TRANSLATE_NOOP("Problems", "%1 is needed."),
    "empty": QT_TRANSLATE_NOOP("Problems", "%1 is needed."),
    "too_long": QT_TRANSLATE_NOOP(
        "Problems", "%1 is too long; please shorten it to at most %2 characters."
    ),
    "not_a_choice": QT_TRANSLATE_NOOP("Problems", "%1 must be one of: %2."),
    "bad_text": QT_TRANSLATE_NOOP(
        "Problems", "%1 holds characters that cannot be saved; please retype it."
    ),
    "bad_number": QT_TRANSLATE_NOOP("Problems", "%1 must be a whole number."),
    "bad_bool": _INVALID,
    "bad_id": _INVALID,
    "bad_date": QT_TRANSLATE_NOOP("Problems", "%1 is not a date; please check it."),
    "bad_datetime": QT_TRANSLATE_NOOP("Problems", "%1 is not a date and time; please check it."),
    "bad_json": _INVALID,
    "unknown_field": QT_TRANSLATE_NOOP(
        "Problems", "%1 cannot be saved by this version of Fieldbook."
    ),
    "unknown_entity": QT_TRANSLATE_NOOP(
        "Problems", "This kind of record cannot be saved by this version of Fieldbook."
    ),
    "not_found": QT_TRANSLATE_NOOP(
        "Problems", "This record no longer exists, or you may no longer see it."
    ),
    "taken": QT_TRANSLATE_NOOP("Problems", "%1 is already taken; please choose another."),
    "not_allowed": QT_TRANSLATE_NOOP(
        "Problems", "Only a manager or an admin may make this change."
    ),
    "invalid": _INVALID,
}


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
        "kind": translate("Problems", "Kind"),
    }
    return names.get(field, field)


def field_problem_text(problem: FieldProblem) -> str:
    """The sentence for one field problem, in the user's language."""
    sentence = translate("Problems", SENTENCES[problem.kind])
    detail = ", ".join(problem.choices or []) if problem.limit is None else str(problem.limit)
    return sentence.replace("%1", field_name(problem.field)).replace("%2", detail)


def save_failure_text(error: SaveError) -> str:
    """One sentence per wrong field, or the disk sentence when the replica refused the write."""
    if not error.problems:
        return translate(
            "Problems",
            "This could not be saved on this computer; the disk may be full. Nothing was "
            "written: free some space and save again.",
        )
    return " ".join(field_problem_text(problem) for problem in error.problems)
