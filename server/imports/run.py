"""Importing a whole file of accounts or contacts, for real or as a dry run.

A dry run does exactly what the import would do, in the same transaction, and then rolls it
back, so its report is what the import will say. A problem with the file itself (unreadable,
a column missing) raises `ImportFileError` before anything is written; a problem with a row
rejects that row only.
"""

from __future__ import annotations

from collections.abc import Mapping

from server import feed
from server.database import Sessions
from server.imports.mapping import resolve
from server.imports.readers import read_table
from server.imports.report import ImportEntity, ImportReport
from server.imports.rows import Importer, RowInput

PLURALS: dict[str, ImportEntity] = {"accounts": "account", "contacts": "contact"}


def import_file(
    sessions: Sessions,
    entity: ImportEntity,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Import the rows of a CSV or XLSX file as `entity` ("account" or "contact")."""
    table = read_table(data)
    columns = resolve(entity, table.headers, mapping)
    report = ImportReport(entity=entity, dry_run=dry_run)
    with sessions.write() as session, session.begin() as transaction:
        feed.lock(session)
        importer = Importer(session, entity, {t: c for c, t in columns.items()})
        for number, cells in table.rows:
            row = RowInput.from_cells(number, columns, dict(zip(table.headers, cells, strict=True)))
            report.add(importer.import_row(row))
        if dry_run:
            transaction.rollback()
    return report
