"""Field-level merge of one update into the record as the server holds it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from protocol.entities import ENTITY_FIELDS
from protocol.sync import FieldConflict
from server.values import to_wire

# Fields that only make sense together merge as one: if another client changed any of them,
# a change to any other of them is a conflict for the whole group.
FIELD_GROUPS: dict[str, tuple[frozenset[str], ...]] = {
    "account": (frozenset({"address", "city"}),),
}


def merge_unit(entity: str, field: str) -> frozenset[str]:
    """The set of fields that merge together with `field`."""
    for group in FIELD_GROUPS.get(entity, ()):
        if field in group:
            return group
    return frozenset({field})


@dataclass
class Merged:
    """What to write (column values) and what conflicted (the server's value stands)."""

    changes: dict[str, Any] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)


def merge(
    entity: str,
    *,
    current: Mapping[str, Any],
    field_versions: Mapping[str, int],
    field_writers: Mapping[str, str],
    writer: str | None,
    incoming: Mapping[str, Any],
    mine: Mapping[str, Any],
    base_version: int,
) -> Merged:
    """Merge `incoming` column values (written by a client that had `base_version`).

    Each merge unit the update touches is applied unless some field of the unit was changed by
    another writer after `base_version` and the server's value differs from the update's: then
    every differing field of the unit is a conflict, reported with the client's wire value
    (`mine`) and the server's. A field last written by `writer` itself is not another's change:
    a client's queued edits all carry the base version they were made on.
    Fields whose value would not change are not written at all.
    """
    specs = ENTITY_FIELDS[entity]
    merged = Merged()
    for unit in dict.fromkeys(merge_unit(entity, name) for name in incoming):
        differing = [name for name in incoming if name in unit and incoming[name] != current[name]]
        if not differing:
            continue
        if any(
            field_versions.get(name, 0) > base_version
            and (writer is None or field_writers.get(name) != writer)
            for name in unit
        ):
            merged.conflicts.extend(
                FieldConflict(
                    field=name, mine=mine[name], theirs=to_wire(specs[name].kind, current[name])
                )
                for name in differing
            )
        else:
            merged.changes.update((name, incoming[name]) for name in differing)
    return merged
