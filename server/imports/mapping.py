"""Which column of an import file fills which field.

A mapping file is JSON, source column → target:

    {"客户编号": "external_id:erp", "客户名称": "name", "电话": "phone",
     "负责人邮箱": "owner", "区域": "territory"}

Targets: a protocol field of the entity (not the id references), `id` (the Fieldbook record
id, as an export writes it), `external_id:<system>`, `owner` (a user name or e-mail) and
`territory` (a territory key) for accounts, and for contacts the account as `account_id`,
`account_external_id:<system>` or `account_name`. Columns the mapping leaves out are ignored.
Without a mapping file, a header equal to a target (in any case) or one of the common Chinese
and English names below maps to it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from protocol.entities import ENTITY_FIELDS
from server.external_ids import MAX_SYSTEM
from server.external_ids import PREFIX as EXTERNAL_ID
from server.imports.readers import MappingError

ACCOUNT_EXTERNAL_ID = "account_" + EXTERNAL_ID
ENTITIES = ("account", "contact")
_REFERENCE_FIELDS = frozenset({"territory_id", "owner_id", "account_id"})
_EXTRA_TARGETS = {
    "account": ("id", "owner", "territory"),
    "contact": ("id", "account_id", "account_name"),
}
_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "account": {
        "name": (
            "名称",
            "客户名称",
            "客户",
            "公司名称",
            "公司",
            "company",
            "account",
            "account name",
        ),
        "phone": ("电话", "联系电话", "手机", "手机号", "telephone", "tel", "mobile"),
        "city": ("城市", "所在城市"),
        "address": ("地址", "详细地址", "street"),
        "tier": ("等级", "客户等级", "级别"),
        "status": ("状态", "客户状态"),
        "note": ("备注", "notes", "remarks", "comment"),
        "owner": ("负责人", "销售", "负责人邮箱", "owner email", "sales rep"),
        "territory": ("区域", "销售区域", "片区", "region"),
    },
    "contact": {
        "name": ("姓名", "联系人", "contact", "contact name"),
        "title": ("职位", "职务", "job title", "position"),
        "phone": ("电话", "联系电话", "手机", "手机号", "telephone", "tel", "mobile"),
        "email": ("邮箱", "电子邮件", "电子邮箱", "e-mail", "mail"),
        "account_name": ("公司", "公司名称", "客户名称", "客户", "company", "account"),
    },
}


def targets(entity: str) -> frozenset[str]:
    """The plain targets of `entity` (external id targets come on top)."""
    fields = set(ENTITY_FIELDS[entity]) - _REFERENCE_FIELDS
    return frozenset(fields | set(_EXTRA_TARGETS[entity]))


def system_of(target: str, prefix: str) -> str | None:
    """`erp` for `external_id:erp` with prefix `external_id:`; None for other targets."""
    if not target.startswith(prefix):
        return None
    return target.removeprefix(prefix).strip() or None


def _valid(entity: str, target: str) -> bool:
    prefixes = [EXTERNAL_ID] + ([ACCOUNT_EXTERNAL_ID] if entity == "contact" else [])
    for prefix in prefixes:
        if target.startswith(prefix):
            system = system_of(target, prefix)
            return system is not None and len(system) <= MAX_SYSTEM
    return target in targets(entity)


def load_mapping(text: str) -> dict[str, str]:
    """A mapping file's content as column → target; raises MappingError."""
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MappingError(f"The mapping is not valid JSON: {exc.msg}.") from exc
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise MappingError('The mapping must be a JSON object of "column": "field" pairs.')
    return {column.strip(): target.strip() for column, target in raw.items()}


def resolve(entity: str, headers: list[str], given: Mapping[str, str] | None) -> dict[str, str]:
    """Column → target for this file; raises MappingError for a mapping that cannot work."""
    mapping = dict(given) if given is not None else _default_mapping(entity, headers)
    unknown_columns = sorted(set(mapping) - set(headers))
    if unknown_columns:
        raise MappingError(
            "The mapping names columns the file does not have: " + ", ".join(unknown_columns)
        )
    bad = sorted({t for t in mapping.values() if not _valid(entity, t)})
    if bad:
        allowed = ", ".join(sorted(targets(entity)))
        raise MappingError(
            f"Unknown {entity} fields in the mapping: {', '.join(bad)} "
            f"(use {allowed} or external_id:SYSTEM)."
        )
    chosen = list(mapping.values())
    twice = sorted({t for t in chosen if chosen.count(t) > 1})
    if twice:
        raise MappingError("Several columns map to " + ", ".join(twice) + ".")
    _check_required(entity, set(chosen))
    return mapping


def _default_mapping(entity: str, headers: list[str]) -> dict[str, str]:
    by_name = {target: target for target in targets(entity)}
    for target, aliases in _ALIASES[entity].items():
        by_name.update(dict.fromkeys(aliases, target))
    mapping: dict[str, str] = {}
    for header in headers:
        key = header.strip().lower()
        # external_id:SYSTEM (and account_external_id:SYSTEM) map to themselves
        found = by_name.get(key) or (key if _valid(entity, key) else None)
        if found is not None and found not in mapping.values():
            mapping[header] = found
    return mapping


def _check_required(entity: str, chosen: set[str]) -> None:
    if "name" not in chosen:
        raise MappingError(f"No column holds the {entity} name; map one to name.")
    if entity == "contact" and not any(
        t in ("account_id", "account_name") or t.startswith(ACCOUNT_EXTERNAL_ID) for t in chosen
    ):
        raise MappingError(
            "No column names the contact's account; map one to account_name, account_id "
            "or account_external_id:SYSTEM."
        )
