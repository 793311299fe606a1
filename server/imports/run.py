"""Importing a whole file of accounts or contacts, for real or as a dry run.

A dry run does exactly what the import would do, in the same transaction, and then rolls it
back, so its report is what the import will say. A problem with the file itself (unreadable,
a column missing, no data rows) raises `ImportFileError` before anything is written; a problem
with a row rejects that row only: one the reader could not split as its header says, one whose
text lost letters to "?" (`lost_letters`), or one the importer refuses.
"""

from __future__ import annotations

from collections.abc import Mapping

from server import feed
from server.database import Sessions
from server.imports import lost_letters
from server.imports.mapping import Source, resolve
from server.imports.readers import Table, read_table
from server.imports.report import ImportEntity, ImportReport, RowReport
from server.imports.rows import Importer, RowInput

PLURALS: dict[str, ImportEntity] = {"accounts": "account", "contacts": "contact"}


def import_file(
    sessions: Sessions,
    entity: ImportEntity,
    data: bytes,
    mapping: Mapping[str, object] | None = None,
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Import the rows of a CSV, XLSX or JSON file as `entity` ("account" or "contact")."""
    table = read_table(data)
    plan = resolve(entity, table.headers, mapping)
    by_target = {target: target for target in plan}  # a row's values come by target already
    report = ImportReport(entity=entity, dry_run=dry_run)
    with sessions.write() as session, session.begin() as transaction:
        feed.lock(session)
        importer = Importer(session, entity, {t: str(s) for t, s in plan.items()})
        for number, cells in table.rows:
            row = dict(zip(table.headers, cells, strict=True))
            values = {target: source.value(row) for target, source in plan.items()}
            problem = _problem(table, plan, number, values)
            if problem is not None:
                report.add(problem)
            else:
                report.add(importer.import_row(RowInput.from_cells(number, by_target, values)))
        if dry_run:
            transaction.rollback()
    return report


def _problem(
    table: Table, plan: dict[str, Source], number: int, values: dict[str, str | None]
) -> RowReport | None:
    """The rejection of a row the file itself has spoilt, or None."""
    name = values.get("name")
    if number in table.row_problems:
        reason = table.row_problems[number]
        return RowReport(row=number, status="rejected", name=name, reason=reason)
    if table.lossy_encoding is None:
        return None
    for target, value in values.items():
        if value is not None and lost_letters.lost_letters(target, value):
            reason = lost_letters.reason(str(plan[target]), target, value, table.lossy_encoding)
            return RowReport(row=number, status="rejected", name=name, field=target, reason=reason)
    return None
