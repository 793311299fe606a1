"""What an import did, or in a dry run would do, with each row, and why."""

from __future__ import annotations

import csv
import io
from typing import Literal

from pydantic import BaseModel, Field

ImportEntity = Literal["account", "contact"]
RowStatus = Literal["created", "updated", "merged", "unchanged", "rejected"]
STATUSES: tuple[RowStatus, ...] = ("created", "updated", "merged", "unchanged", "rejected")


class RowReport(BaseModel):
    """One data row. `field`: the field at fault when rejected; `reason`: why, in a sentence
    (for merged or unchanged rows: what the row was recognised by)."""

    row: int
    status: RowStatus
    record_id: str | None = None
    name: str | None = None
    field: str | None = None
    reason: str = ""


class ImportReport(BaseModel):
    entity: ImportEntity
    dry_run: bool
    counts: dict[str, int] = Field(default_factory=dict)
    rows: list[RowReport] = Field(default_factory=list)

    def add(self, row: RowReport) -> None:
        self.rows.append(row)
        self.counts[row.status] = self.counts.get(row.status, 0) + 1

    def summary(self) -> str:
        """One line such as "3 created, 1 updated, 0 merged, 2 unchanged, 1 rejected"."""
        counts = ", ".join(f"{self.counts.get(status, 0)} {status}" for status in STATUSES)
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        return f"{prefix}{counts}."

    def to_csv(self) -> bytes:
        """The rows as CSV, UTF-8 with a BOM so Excel shows Chinese names correctly."""
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(["row", "status", "record_id", "name", "field", "reason"])
        for r in self.rows:
            writer.writerow(
                [r.row, r.status, r.record_id or "", r.name or "", r.field or "", r.reason]
            )
        return out.getvalue().encode("utf-8-sig")
