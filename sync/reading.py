"""Pulled pages as this client reads them: record by record when it must, so a record it cannot
read is set aside (`local_store.quarantine`) and never stops the rest.

A page is read whole first, which is fast and nearly always works. A page that fails (one
record nested deeper than that parser goes, one change not shaped like a change) is read again
with orjson, which goes far deeper, and each change is checked on its own, its depth included.
Every change is then checked for what the replica and the app need of it (`unreadable`:
required fields, documents against their models); the depth of a page read whole is left out
there, as that parser refuses anything nested about 200 levels deep, which the replica's writer
(orjson, up to 255) and the app read.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import orjson
from pydantic import ValidationError

from local_store.quarantine import SetAside
from protocol.entities import unreadable
from protocol.sync import Change, PullResponse

log = logging.getLogger(__name__)


def read_page(content: bytes) -> tuple[PullResponse, list[SetAside]]:
    """The page in `content` with the changes this client can read, and those it cannot.

    Raises ValidationError when not even the page around the changes can be read."""
    try:
        return PullResponse.model_validate_json(content), []
    except ValidationError:
        raw = _loaded(content)
        if raw is None:
            raise
    page = PullResponse.model_validate(raw | {"changes": []})
    changes: list[Change] = []
    set_aside: list[SetAside] = []
    for item in raw["changes"]:
        try:
            change = Change.model_validate(item)
        except ValidationError as error:
            set_aside.append(_unread(item, _first_error(error)))
            continue
        problem = None if change.removed else unreadable(change.entity, change.fields)
        if problem is None:
            changes.append(change)
        else:
            set_aside.append(_unread(item, f"{problem.field} {problem.message}"))
    log.warning("a pull page was read change by change; %d changes unreadable", len(set_aside))
    return page.model_copy(update={"changes": changes}), set_aside


def _loaded(content: bytes) -> dict[str, Any] | None:
    """The page as orjson reads it, when it is a page with a list of changes."""
    try:
        raw = orjson.loads(content)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("changes"), list):
        return None
    return raw


def sort_out(changes: list[Change]) -> tuple[list[Change], list[SetAside]]:
    """`changes` (read by `read_page`) split into those the replica can take and those to set
    aside."""
    readable: list[Change] = []
    set_aside: list[SetAside] = []
    for change in changes:
        fields = change.fields
        problem = None if change.removed else unreadable(change.entity, fields, check_depth=False)
        if problem is None:
            readable.append(change)
        else:
            item = {
                "entity": change.entity,
                "record_id": change.record_id,
                "version": change.version,
                "fields": fields,
            }
            set_aside.append(_unread(item, f"{problem.field} {problem.message}"))
    return readable, set_aside


def _first_error(error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where} {first['msg']}" if where else str(first["msg"])


def _unread(item: Any, problem: str) -> SetAside:
    """What names a change that cannot be read, as far as it can be told."""
    named = item if isinstance(item, dict) else {}
    entity, record_id, version = (named.get(key) for key in ("entity", "record_id", "version"))
    return SetAside(
        entity=entity if isinstance(entity, str) else "",
        record_id=record_id if isinstance(record_id, str) else "",
        version=version if isinstance(version, int) else 0,
        problem=problem,
        received=_text(item),
    )


def _text(item: Any) -> str:
    try:
        return json.dumps(item, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        return repr(item)
