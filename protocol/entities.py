"""The synced entities, the fields a client may write, and the rules a field value must keep.

Versions are assigned by the server; a client never decides anything with its clock.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from protocol.countries import CountryCodes
from protocol.documents import document_problem, too_deep
from protocol.paths import MAX_JSON_BYTES, MAX_JSON_DEPTH, MAX_TEXT

ROLES = ("rep", "agent", "manager", "admin")
Role = Literal["rep", "agent", "manager", "admin"]


@dataclass(frozen=True)
class FieldSpec:
    """What one synced field may hold. `kind` is the JSON-level type."""

    kind: Literal["text", "int", "bool", "date", "datetime", "id", "json"]
    required: bool = False
    max_length: int = MAX_TEXT
    choices: Collection[str] = ()
    # What the choices are, said instead of listing them all ("an ISO 3166 country code").
    choices_are: str = ""


# An ISO 3166 alpha-2 code: an account's country, a territory's default region for phones.
_COUNTRY = FieldSpec(
    "text",
    max_length=2,
    choices=CountryCodes(),
    choices_are="an ISO 3166 country code such as GB",
)


_TEXT = FieldSpec("text")
_ID = FieldSpec("id")

# The fields a client may write, per entity. Scope columns the server derives (an account's
# territory decides who sees its contacts, tasks and activities) are not in here.
ENTITY_FIELDS: dict[str, dict[str, FieldSpec]] = {
    "territory": {
        "key": FieldSpec("text", required=True, max_length=64),
        "name": FieldSpec("text", required=True, max_length=200),
        "region": _COUNTRY,
    },
    "user": {
        "name": FieldSpec("text", required=True, max_length=64),
        "display_name": FieldSpec("text", max_length=200),
        "role": FieldSpec("text", required=True, choices=ROLES),
    },
    "account": {
        "name": FieldSpec("text", required=True, max_length=300),
        "phone": FieldSpec("text", max_length=64),
        "city": FieldSpec("text", max_length=100),
        "country": _COUNTRY,
        "address": FieldSpec("text", max_length=500),
        "tier": FieldSpec("text", max_length=64),
        "status": FieldSpec("text", max_length=64),
        "territory_id": FieldSpec("id", required=True),
        "owner_id": _ID,
        "note": _TEXT,
    },
    "contact": {
        "account_id": FieldSpec("id", required=True),
        "name": FieldSpec("text", required=True, max_length=200),
        "title": FieldSpec("text", max_length=200),
        "phone": FieldSpec("text", max_length=64),
        "email": FieldSpec("text", max_length=254),
    },
    "task": {
        "account_id": FieldSpec("id", required=True),
        "title": FieldSpec("text", required=True, max_length=300),
        "kind": FieldSpec("text", choices=("task", "visit", "call")),
        "due_date": FieldSpec("date"),
        "done": FieldSpec("bool"),
        "outcome": FieldSpec("text", max_length=64),
        "assignee_id": _ID,
    },
    "activity": {
        "account_id": FieldSpec("id", required=True),
        "process_key": FieldSpec("text", required=True, max_length=64),
        "process_version": FieldSpec("int", required=True),
        "kind": FieldSpec("text", required=True, max_length=32),
        "occurred_at": FieldSpec("datetime", required=True),
        "user_id": _ID,
        "answers": FieldSpec("json", required=True),
        "note": _TEXT,
    },
    "code_set": {
        "key": FieldSpec("text", required=True, max_length=64),
        # A text per language, {"en": "Visit", "zh_CN": "拜访"}; one language at least.
        "name": FieldSpec("json", required=True),
        "codes": FieldSpec("json", required=True),
    },
    "process": {
        "key": FieldSpec("text", required=True, max_length=64),
        "version": FieldSpec("int", required=True),
        # A text per language, {"en": "Visit", "zh_CN": "拜访"}; one language at least.
        "name": FieldSpec("json", required=True),
        "kind": FieldSpec("text", required=True, max_length=32),
        "steps": FieldSpec("json", required=True),
    },
}

ENTITIES = tuple(ENTITY_FIELDS)
EntityName = Literal[
    "territory", "user", "account", "contact", "task", "activity", "code_set", "process"
]

# Entities only managers and admins may write; everyone in scope reads them.
CATALOGUE_ENTITIES = frozenset({"territory", "user", "code_set", "process"})


def catalogue_record_id(entity: Literal["code_set", "process"], key: str, version: int = 0) -> str:
    """The record id of a code set (by key) or a process version (by key and version).

    Both sides derive it alike (the server for its defaults, a manager's client when
    publishing), so two managers publishing the same version offline edit one record and
    merge, instead of making two records that both claim the version.
    """
    name = f"{entity}:{key}:{version}" if entity == "process" else f"{entity}:{key}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "fieldbook:" + name))


# Entities whose scope follows their account's territory.
ACCOUNT_CHILDREN = frozenset({"contact", "task", "activity"})


# What is wrong with a field, for a client to say in the user's language; `message` says it in
# English for logs and scripts. "invalid" is any problem this version does not know by name.
ProblemKind = Literal[
    "required",  # a required field is missing or null
    "empty",  # a required text is blank
    "too_long",  # `limit`: the most characters allowed
    "not_a_choice",  # `choices`: the values allowed
    "bad_text",  # not text, or text that cannot be stored (NUL, a lone surrogate)
    "bad_number",
    "bad_bool",
    "bad_id",
    "bad_date",
    "bad_datetime",
    "bad_json",
    "unknown_field",
    "unknown_entity",
    "not_found",  # the record does not exist (for this user)
    "taken",  # another record already has this value
    "not_allowed",  # the user's role may not make this change
    "invalid",
]
PROBLEM_KINDS: frozenset[str] = frozenset(get_args(ProblemKind))


def _known_kind(kind: object) -> object:
    """A kind from a newer peer that this version does not know is read as "invalid"."""
    return kind if not isinstance(kind, str) or kind in PROBLEM_KINDS else "invalid"


class FieldProblem(BaseModel):
    """Why a field's value may not be written. `kind` and the parameters its sentence needs
    were added later: a problem without them (from an older peer) is "invalid"."""

    field: str
    message: str
    kind: Annotated[ProblemKind, BeforeValidator(_known_kind)] = "invalid"
    limit: int | None = None
    choices: list[str] | None = None


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text (a NUL, a lone surrogate), or None."""
    if "\x00" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text"
    return None


# A problem of one value, before it is given its field's name: kind, message, parameters.
_Problem = tuple[ProblemKind, str, dict[str, Any]]


def _text_problem(spec: FieldSpec, value: Any) -> _Problem | None:
    if not isinstance(value, str):
        return "bad_text", "must be text", {}
    if problem := text_problem(value):
        return "bad_text", problem, {}
    if spec.required and not value.strip():
        return "empty", "must not be empty", {}
    if len(value) > spec.max_length:
        message = f"must be at most {spec.max_length} characters"
        return "too_long", message, {"limit": spec.max_length}
    if spec.choices and value not in spec.choices:
        message = "must be " + (spec.choices_are or "one of " + ", ".join(spec.choices))
        return "not_a_choice", message, {"choices": list(spec.choices)}
    return None


def _datetime_problem(value: Any) -> _Problem | None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return "bad_datetime", "must be a date and time like 2026-11-23T10:30:00+00:00", {}
    if parsed.tzinfo is None:
        return "bad_datetime", "must carry a time zone offset", {}
    try:
        parsed.astimezone(dt.UTC)
    except OverflowError:
        return "bad_datetime", "is out of range", {}
    return None


def _json_problem(value: Any) -> _Problem | None:
    """What is wrong with a JSON field's value as JSON: its type, its depth, its size.
    `_document_problem` then checks it against its model."""
    if not isinstance(value, (list, dict)):
        return "bad_json", "must be a JSON list or object", {}
    if deep := _depth_problem(value):
        return deep
    try:  # NaN, Infinity and lone surrogates parse from JSON but cannot be stored
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        size = len(text.encode("utf-8"))
    except ValueError:
        return "bad_json", "must hold only finite numbers and valid Unicode text", {}
    if size > MAX_JSON_BYTES:
        message = f"must be at most {MAX_JSON_BYTES} bytes as JSON"
        return "bad_json", message, {"limit": MAX_JSON_BYTES}
    return None


def _depth_problem(value: Any) -> _Problem | None:
    deep = too_deep(value)
    if deep is None:
        return None
    message = f"must not nest lists and objects more than {MAX_JSON_DEPTH} levels deep"
    return "bad_json", message, {"limit": MAX_JSON_DEPTH, "at": deep}


def _document_problem(entity: str, name: str, value: Any) -> _Problem | None:
    found = document_problem(entity, name, value)
    if found is None:
        return None
    at, message = found
    return "bad_json", message, {"at": at}


def _check_value(spec: FieldSpec, value: Any) -> _Problem | None:
    if value is None:
        return ("required", "is required", {}) if spec.required else None
    if spec.kind == "text":
        return _text_problem(spec, value)
    if spec.kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31
        return None if ok else ("bad_number", "must be a whole number from 0", {})
    if spec.kind == "bool":
        return None if isinstance(value, bool) else ("bad_bool", "must be true or false", {})
    if spec.kind == "id":
        try:
            canonical = str(uuid.UUID(value)) if isinstance(value, str) else None
        except ValueError:
            canonical = None
        return (
            None if value == canonical else ("bad_id", "must be a lowercase UUID with dashes", {})
        )
    if spec.kind == "date":
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return "bad_date", "must be a date like 2026-11-23", {}
        return None
    if spec.kind == "datetime":
        return _datetime_problem(value)
    return _json_problem(value)


def check_fields(entity: str, fields: dict[str, Any], *, creating: bool) -> list[FieldProblem]:
    """Every problem with `fields` for `entity`; empty when the values may be written.
    A problem inside a document names its path in `field` ("answers[3].codes[0]").

    The client checks with the same rules before it saves, so what a user saved offline is
    never refused by the server for its shape.
    """
    specs = ENTITY_FIELDS.get(entity)
    if specs is None:
        message = f"unknown entity {entity!r}"
        return [FieldProblem(field="entity", message=message, kind="unknown_entity")]
    problems = [
        FieldProblem(field=name, message="is not a field of " + entity, kind="unknown_field")
        for name in fields
        if name not in specs
    ]
    for name, spec in specs.items():
        if name in fields:
            problem = _check_value(spec, fields[name])
            if problem is None and spec.kind == "json" and fields[name] is not None:
                problem = _document_problem(entity, name, fields[name])
        elif creating and spec.required:
            problem = "required", "is required", {}
        else:
            problem = None
        if problem:
            problems.append(_field_problem(name, problem))
    return problems


def _field_problem(name: str, problem: _Problem) -> FieldProblem:
    kind, message, parameters = problem
    at = parameters.pop("at", "")  # where inside a document: "[3].codes[0]"
    return FieldProblem(field=name + at, message=message, kind=kind, **parameters)


_REQUIRED = {
    entity: tuple(name for name, spec in specs.items() if spec.required)
    for entity, specs in ENTITY_FIELDS.items()
}
_DOCUMENT_FIELDS = {
    entity: tuple(name for name, spec in specs.items() if spec.kind == "json")
    for entity, specs in ENTITY_FIELDS.items()
}


def unreadable(
    entity: str,
    fields: dict[str, Any],
    *,
    check_depth: bool = True,
    held: Collection[str] | None = None,
) -> FieldProblem | None:
    """Why a client cannot take a record as the server sends it (a required field missing, a
    document nested too deep or breaking its model), or None.

    A record the server checked when it was written (`check_fields`) always passes; one written
    by an older server, or damaged, may not, and a client sets it aside instead of failing the
    page. Only what reading needs, as a first sync asks this of every record: `check_fields`
    would cost that sync half a minute. `check_depth=False` leaves out the depth, for a record
    read by a parser that refuses deeper nesting than the client stores (measuring it costs
    about as much as checking the document). `held`: the only fields to look at (a replica's
    migration reads a schema older than these rules); None for all.
    """
    for name in _REQUIRED[entity]:
        if fields.get(name) is None and (held is None or name in held):
            return FieldProblem(field=name, message="is required", kind="required")
    for name in _DOCUMENT_FIELDS[entity]:
        if held is not None and name not in held:
            continue
        value = fields[name]
        deep = _depth_problem(value) if check_depth else None
        problem = deep or _document_problem(entity, name, value)
        if problem:
            return _field_problem(name, problem)
    return None


RecordId = Annotated[
    str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
]


# A field name as a client may send it; an unknown but well-formed one is a per-mutation problem.
FieldName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


def _plain_text(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]
