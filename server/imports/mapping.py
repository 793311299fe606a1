"""Which columns of an import file fill which field.

A mapping file is a JSON object. An entry whose value is text maps a source column to a target:

    {"客户编号": "external_id:erp", "客户名称": "name", "电话": "phone",
     "负责人邮箱": "owner", "区域": "territory"}

An entry whose value is a list or an object names a target and where its value comes from: a
column, or `{"join": [columns], "separator": " "}` (the columns with a value, joined; the
separator is a space unless given), or a list of those, tried in turn until one has a value:

    {"name": ["Company", {"join": ["First name", "Last name"]}],
     "contact": {"join": ["姓", "名"], "separator": ""}}

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
from dataclasses import dataclass
from typing import Any

from protocol.entities import ENTITY_FIELDS
from server.external_ids import MAX_SYSTEM
from server.external_ids import PREFIX as EXTERNAL_ID
from server.imports.errors import MappingError

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


@dataclass(frozen=True)
class Join:
    """The values of some columns joined, empty ones left out; a single column is a join of one."""

    columns: tuple[str, ...]
    separator: str = " "

    def value(self, row: Mapping[str, str | None]) -> str | None:
        parts = [value for column in self.columns if (value := row.get(column))]
        return self.separator.join(parts) if parts else None

    def __str__(self) -> str:
        return " + ".join(self.columns)


@dataclass(frozen=True)
class Source:
    """Where a target's value comes from: the first of its joins that has a value."""

    joins: tuple[Join, ...]

    def value(self, row: Mapping[str, str | None]) -> str | None:
        for join in self.joins:
            if (value := join.value(row)) is not None:
                return value
        return None

    def columns(self) -> list[str]:
        return [column for join in self.joins for column in join.columns]

    def __str__(self) -> str:
        """How the reasons of a report name the source: `Company or First name + Last name`."""
        return " or ".join(str(join) for join in self.joins)


def column(name: str) -> Source:
    return Source((Join((name,)),))


def load_mapping(text: str) -> dict[str, Any]:
    """A mapping file's content as a JSON object; raises MappingError. `resolve` checks it."""
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MappingError(f"The mapping is not valid JSON: {exc.msg}.") from exc
    if not isinstance(raw, dict):
        raise MappingError(
            'The mapping must be a JSON object of "column": "field" or "field": [columns] entries.'
        )
    return raw


def resolve(
    entity: str, headers: list[str], given: Mapping[str, object] | None
) -> dict[str, Source]:
    """Target → source for this file; raises MappingError for a mapping that cannot work."""
    entries = _parse(given) if given is not None else _default_mapping(entity, headers)
    unknown_columns = sorted(
        {column for _, source in entries for column in source.columns()} - set(headers)
    )
    if unknown_columns:
        raise MappingError(
            "The mapping names columns the file does not have: " + ", ".join(unknown_columns)
        )
    chosen = [target for target, _ in entries]
    bad = sorted({t for t in chosen if not _valid(entity, t)})
    if bad:
        allowed = ", ".join(sorted(targets(entity)))
        raise MappingError(
            f"Unknown {entity} fields in the mapping: {', '.join(bad)} "
            f"(use {allowed} or external_id:SYSTEM)."
        )
    twice = sorted({t for t in chosen if chosen.count(t) > 1})
    if twice:
        raise MappingError("Several columns map to " + ", ".join(twice) + ".")
    _check_required(entity, set(chosen))
    return dict(entries)


def _parse(given: Mapping[str, object]) -> list[tuple[str, Source]]:
    """(target, source) for each entry of a mapping file, in its order."""
    entries = []
    for key, value in given.items():
        name = key.strip()
        if isinstance(value, str):
            entries.append((value.strip(), column(name)))
            continue
        items = value if isinstance(value, list) else [value]
        joins = [join for item in items if (join := _join(item)) is not None]
        if not joins or len(joins) != len(items):
            raise MappingError(
                f'The mapping entry "{name}" must be a field name, or the sources of the field '
                f'{name}: a column, {{"join": [columns], "separator": " "}}, or a list of '
                "those to try in turn."
            )
        entries.append((name, Source(tuple(joins))))
    return entries


def _join(item: object) -> Join | None:
    """A column name or {"join": [columns], "separator": text} as a Join; None if neither."""
    if isinstance(item, str) and item.strip():
        return Join((item.strip(),))
    if not isinstance(item, dict) or not set(item) <= {"join", "separator"}:
        return None
    columns, separator = item.get("join"), item.get("separator", " ")
    if not isinstance(columns, list) or not isinstance(separator, str) or not columns:
        return None
    if not all(isinstance(c, str) and c.strip() for c in columns):
        return None
    return Join(tuple(c.strip() for c in columns), separator)


def _default_mapping(entity: str, headers: list[str]) -> list[tuple[str, Source]]:
    by_name = {target: target for target in targets(entity)}
    for target, aliases in _ALIASES[entity].items():
        by_name.update(dict.fromkeys(aliases, target))
    mapping: dict[str, Source] = {}
    for header in headers:
        key = header.strip().lower()
        # external_id:SYSTEM (and account_external_id:SYSTEM) map to themselves
        found = by_name.get(key) or (key if _valid(entity, key) else None)
        if found is not None and found not in mapping:
            mapping[found] = column(header)
    return list(mapping.items())


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
